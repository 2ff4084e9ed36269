// --tempest-subset: a file of listed test ids selects tests of the scs-0128 list; anything else is refused.
import { describe, expect, it } from 'vitest';
import { selectSubset, testName } from '../../src/tempest/subset.js';

const LISTED = [
  'tempest.api.a.A.test_one[id-1,smoke]',
  'tempest.api.a.A.test_two[id-2]',
  'tempest.api.b.B.test_three[id-3]',
];

describe('selectSubset', () => {
  it('keeps the listed tests it names, in list order, with or without their [id-…] suffix', () => {
    const text = '# CI subset\ntempest.api.b.B.test_three[id-3]\n\ntempest.api.a.A.test_one  # by name\n';
    expect(selectSubset(text, 's.lst', LISTED)).toEqual([LISTED[0], LISTED[2]]);
    expect(testName(LISTED[0]!)).toBe('tempest.api.a.A.test_one');
  });

  it('refuses a line naming no listed test (file and line), and an empty subset', () => {
    expect(() =>
      selectSubset('tempest.api.a.A.test_one\ntempest.api.a.A.test_on\n', 's.lst', LISTED),
    ).toThrow(/s\.lst:2: "tempest\.api\.a\.A\.test_on" is not in the scs-0128 list/);
    expect(() => selectSubset('# nothing\n\n', 's.lst', LISTED)).toThrow(/s\.lst: names no test/);
  });
});
