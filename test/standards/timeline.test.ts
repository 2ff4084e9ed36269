import { describe, expect, it } from 'vitest';
import { loadScope } from '../../src/standards/load-scope.js';
import { checkDate, selectVersions, validities } from '../../src/standards/timeline.js';

const iaas = loadScope('scs-compatible-iaas');
const names = (date: string, forced?: string) =>
  selectVersions(iaas, date, forced).map((v) => `${v.version}:${v.validity}`);

describe('version selection (reference runner steps 3-5)', () => {
  it.each([
    ['2026-11-24', ['next:draft', 'v5.1:effective']],
    ['2026-06-11', ['next:draft', 'v5.1:effective']],
    ['2026-06-10', ['next:draft', 'v5.1:effective', 'v4:deprecated', 'v3:deprecated']],
    ['2025-09-09', ['next:draft', 'v5.1:effective', 'v4:deprecated', 'v3:deprecated']],
    ['2025-09-08', ['v5.1:effective', 'v4:deprecated', 'v3:deprecated']],
    ['2025-02-01', ['v5.1:effective', 'v4:warn', 'v3:deprecated']],
    ['2025-01-31', ['v5.1:effective', 'v4:effective', 'v3:deprecated']],
    ['2024-12-19', ['v5.1:effective', 'v4:effective', 'v3:deprecated']],
  ])('on %s runs %j', (date, expected) => {
    expect(names(date)).toEqual(expected);
  });

  it('finds no version before the first timeline entry', () => {
    expect(() => names('2024-12-18')).toThrow(/no valid version found for 2024-12-18/);
  });

  it('forces a version even when the timeline does not list it', () => {
    expect(names('2026-11-24', 'v4')).toEqual(['v4:deprecated']);
    expect(names('2024-01-01', 'v3')).toEqual(['v3:deprecated']);
    expect(() => names('2026-11-24', 'v9')).toThrow(/has no version 'v9'.*next, v5.1, v4, v3/);
  });

  it('marks unlisted versions deprecated but not explicit', () => {
    const v = validities(iaas, '2026-11-24');
    expect(v.find((x) => x.version === 'v4')).toEqual({
      version: 'v4',
      validity: 'deprecated',
      explicit: false,
    });
  });

  it('validates dates strictly', () => {
    expect(checkDate('2026-02-28')).toBe('2026-02-28');
    for (const bad of ['2026-02-30', '2026-2-3', '26-01-01', 'today', '2026-13-01']) {
      expect(() => checkDate(bad)).toThrow(/invalid date/);
    }
  });
});
