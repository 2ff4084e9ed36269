// Tempest results in the real formats (fixtures made by stestr, python-subunit and subunit2junitxml; see
// scripts/make-tempest-fixtures.sh): subunit v2, the stestr repository's v1 streams, JUnit XML.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { readTempestResults } from '../../src/tempest/results.js';
import { parseSubunitV1, parseSubunitV2 } from '../../src/tempest/subunit.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { tempDir } from '../helpers/tmp.js';

const FIX = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest');
const FLAVORS = 'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON';
const EXPECTED = [
  [`${FLAVORS}.test_list_flavors[id-e36c0eaa-dff5-4082-ad1f-3f9a80aa3f59,smoke]`, 'success', undefined],
  [
    `${FLAVORS}.test_list_flavors_with_detail[id-6e85fde4-b3cd-4137-ab72-ed5f418e8c24]`,
    'fail',
    'testtools.matchers._impl.MismatchError: 2 != 1: flavor list detail lacks the extra specs',
  ],
  [
    'tempest.api.compute.images.test_images_oneserver.ImagesOneServerTestJSON.test_create_delete_image[id-3731d080-d4c5-4872-b41a-64d0d0021314]',
    'skip',
    'Snapshotting is not available with the fake compute driver',
  ],
  [
    'setUpClass (tempest.api.compute.keypairs.test_keypairs_v22.KeyPairsV22TestJSON)',
    'fail',
    'RuntimeError: keypair quota could not be read',
  ],
];
const summary = (tests: Array<{ id: string; status: string; reason?: string }>) =>
  tests.map((t) => [t.id, t.status, t.reason]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('readTempestResults', () => {
  it('reads subunit v2 (stestr last --subunit)', () => {
    const r = readTempestResults(join(FIX, 'listed.subunit'));
    expect(r.format).toBe('subunit-v2');
    expect(summary(r.tests)).toEqual(
      summary(
        EXPECTED.map(([id, status, reason]) => ({ id: id!, status: status!, ...(reason && { reason }) })),
      ),
    );
    expect(r.tests.every((t) => t.durationSec === undefined || t.durationSec >= 0)).toBe(true);
  });

  it('reads the latest run of a stestr repository (subunit v1 text streams)', () => {
    const r = readTempestResults(join(FIX, 'stestr'));
    expect(r.format).toBe('subunit-v1');
    expect(r.resultsPath.endsWith(join('stestr', '1'))).toBe(true);
    expect(r.tests.map((t) => t.id).some((id) => id.includes('.admin.'))).toBe(true);
    const first = readTempestResults(join(FIX, 'stestr', '0'));
    expect(summary(first.tests)).toEqual(summary(readTempestResults(join(FIX, 'listed.subunit')).tests));
  });

  it('reads JUnit XML as subunit2junitxml writes it', () => {
    const r = readTempestResults(join(FIX, 'listed.junit.xml'));
    expect(r.format).toBe('junit');
    expect(r.tests.map((t) => [t.id, t.status]).sort()).toEqual(EXPECTED.map(([id, s]) => [id, s]).sort());
  });

  it('refuses a corrupted subunit v2 packet and an unknown file, naming the fix', () => {
    const dir = tempDir();
    const bad = Buffer.from(readFileSync(join(FIX, 'listed.subunit')));
    bad[20] = bad[20]! ^ 0xff;
    expect(() => parseSubunitV2(bad)).toThrow(/checksum/);
    writeFileSync(join(dir, 'x.txt'), 'hello\n');
    expect(() => readTempestResults(join(dir, 'x.txt'))).toThrow(/stestr last --subunit/);
    expect(() => readTempestResults(join(dir, 'none'))).toThrow(/no such file/);
    expect(() => readTempestResults(dir)).toThrow(/stestr repository/);
  });
});

describe('parseSubunitV1', () => {
  it('reads statuses and reasons, and takes no line for a status that only an object prototype knows', () => {
    const text = [
      'time: 2026-12-07 05:00:00.000000Z',
      'test: tempest.api.a.test_one',
      'success: tempest.api.a.test_one',
      'test: tempest.api.a.test_two',
      'skip: tempest.api.a.test_two [',
      'no guest networking',
      ']',
      'constructor: tempest.api.a.test_three',
      'tostring: tempest.api.a.test_three',
    ].join('\n');
    const results = parseSubunitV1(Buffer.from(text));
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['tempest.api.a.test_one', 'success'],
      ['tempest.api.a.test_two', 'skip'],
    ]);
    expect(results[1]?.reason).toContain('no guest networking');
  });
});
