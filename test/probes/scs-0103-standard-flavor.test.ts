// scs-0103-flavor-*: every standard flavor of the v1.2 tables, exact figures, every required extra spec.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/artifacts/iaas.js';
import probe, { type StandardFlavorsData } from '../../src/probes/iaas/scs-0103-standard-flavor.js';
import { loadData, offenderNames, run } from './helpers.js';

const data = loadData()['scs-0103-standard-flavors'] as StandardFlavorsData;

/** A flavor exactly as scs-0103 describes it (disk type `network` where the text says "any"). */
function conforming(
  name: string,
  over: Partial<Flavor> = {},
  specs: Record<string, string | undefined> = {},
): Flavor {
  const s = data.flavors.find((f) => f.name === name)!;
  const extra: Record<string, string> = { ...s.extraSpecs };
  if (s.disk0Type === 'any') extra['scs:disk0-type'] = 'network';
  for (const [k, v] of Object.entries(specs)) {
    if (v === undefined) delete extra[k];
    else extra[k] = v;
  }
  return { id: `id-${name}`, name, vcpus: s.vcpus, ram: s.ram, disk: s.disk, extra_specs: extra, ...over };
}
const judge = (name: string, flavors: Flavor[], mode: 'standard' | 'reference' = 'standard') =>
  run(
    probe,
    { Flavors: flavors },
    { params: { name }, mode, testcaseId: `scs-0103-flavor-${name.slice(4).toLowerCase()}` },
  );

/** Figures straight from the tables of scs-0103-v1 (vCPUs, RAM GiB, disk GB, disk type). */
const TEXT_TABLE: Array<[string, number, number, number, string]> = [
  ['SCS-1V-4', 1, 4, 0, ''],
  ['SCS-2V-8', 2, 8, 0, ''],
  ['SCS-4V-16', 4, 16, 0, ''],
  ['SCS-4V-16-100s', 4, 16, 100, 'ssd'],
  ['SCS-8V-32', 8, 32, 0, ''],
  ['SCS-1V-2', 1, 2, 0, ''],
  ['SCS-2V-4', 2, 4, 0, ''],
  ['SCS-2V-4-20s', 2, 4, 20, 'ssd'],
  ['SCS-4V-8', 4, 8, 0, ''],
  ['SCS-8V-16', 8, 16, 0, ''],
  ['SCS-16V-32', 16, 32, 0, ''],
  ['SCS-1V-8', 1, 8, 0, ''],
  ['SCS-2V-16', 2, 16, 0, ''],
  ['SCS-4V-32', 4, 32, 0, ''],
  ['SCS-1L-1', 1, 1, 0, ''],
  ['SCS-1V-4-10', 1, 4, 10, 'any'],
  ['SCS-2V-8-20', 2, 8, 20, 'any'],
  ['SCS-4V-16-50', 4, 16, 50, 'any'],
  ['SCS-8V-32-100', 8, 32, 100, 'any'],
  ['SCS-1V-2-5', 1, 2, 5, 'any'],
  ['SCS-2V-4-10', 2, 4, 10, 'any'],
  ['SCS-4V-8-20', 4, 8, 20, 'any'],
  ['SCS-8V-16-50', 8, 16, 50, 'any'],
  ['SCS-16V-32-100', 16, 32, 100, 'any'],
  ['SCS-1V-8-20', 1, 8, 20, 'any'],
  ['SCS-2V-16-50', 2, 16, 50, 'any'],
  ['SCS-4V-32-100', 4, 32, 100, 'any'],
  ['SCS-1L-1-5', 1, 1, 5, 'any'],
  ['SCS-16V-64', 16, 64, 0, ''],
  ['SCS-8V-64', 8, 64, 0, ''],
  ['SCS-16V-128', 16, 128, 0, ''],
];

describe('scs-0103-standard-flavor', () => {
  it('the data file holds exactly the flavors of the text tables', () => {
    expect(
      data.flavors
        .map((f) => [f.name, f.vcpus, f.ram / 1024, f.disk, f.disk0Type === 'none' ? '' : f.disk0Type])
        .sort(),
    ).toEqual([...TEXT_TABLE].sort());
    for (const f of data.flavors) {
      const [prefix, ...rest] = f.name.split('-');
      expect(f.extraSpecs['scs:name-v1']).toBe(`${prefix}-${rest.join(':')}`);
      expect(f.extraSpecs['scs:name-v2']).toBe(f.name);
      expect(f.extraSpecs['scs:cpu-type']).toBe(f.name.includes('L-') ? 'crowded-core' : 'shared-core');
      expect(f.status).toBe(TEXT_TABLE.findIndex((t) => t[0] === f.name) < 15 ? 'mandatory' : 'recommended');
    }
  });

  it.each(TEXT_TABLE.map((t) => t[0]))('%s: conforming flavor passes in both readings', (name) => {
    expect(judge(name, [conforming(name)]).outcome).toBe('PASS');
    expect(judge(name, [conforming(name)], 'reference').outcome).toBe('PASS');
  });

  it('finds the flavor by scs:name-v2 under another name', () => {
    const r = judge('SCS-2V-8', [conforming('SCS-2V-8', { name: 'm1.medium' })]);
    expect(r.outcome).toBe('PASS');
    expect(r.evidence?.values?.flavor).toBe('m1.medium');
  });

  it('falls back to the name when no flavor carries scs:name-v2', () => {
    const r = judge('SCS-2V-8', [conforming('SCS-2V-8', {}, { 'scs:name-v2': undefined })]);
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]?.problem).toContain('scs:name-v2: null should be "SCS-2V-8"');
  });

  it('fails a missing flavor', () => {
    const r = judge('SCS-1L-1', [conforming('SCS-1V-2')]);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('standard-flavor-missing');
    expect(offenderNames(r)).toEqual(['SCS-1L-1']);
  });

  it.each([
    ['vcpus', { vcpus: 2 }, {}, 'vcpus: 2 should be 1'],
    ['ram in MiB (4000 is not 4 GiB)', { ram: 4000 }, {}, 'ram: 4000 should be 4096'],
    ['a root disk where none is tabulated', { disk: 10 }, {}, 'disk: 10 should be 0'],
    [
      'scs:cpu-type',
      {},
      { 'scs:cpu-type': 'dedicated-core' },
      'scs:cpu-type: "dedicated-core" should be "shared-core"',
    ],
    ['scs:name-v1', {}, { 'scs:name-v1': 'SCS-1V-4' }, 'scs:name-v1: "SCS-1V-4" should be "SCS-1V:4"'],
    ['missing scs:name-v1', {}, { 'scs:name-v1': undefined }, 'scs:name-v1: null should be "SCS-1V:4"'],
  ] as const)('fails a wrong %s', (_l, over, specs, problem) => {
    const r = judge('SCS-1V-4', [conforming('SCS-1V-4', over, specs)]);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('standard-flavor-mismatch');
    expect(r.evidence?.offenders?.[0]?.problem).toContain(problem);
  });

  it('demands scs:disk0-type=ssd for the two ssd flavors', () => {
    expect(
      judge('SCS-2V-4-20s', [conforming('SCS-2V-4-20s', {}, { 'scs:disk0-type': 'network' })]).outcome,
    ).toBe('FAIL');
    expect(
      judge('SCS-4V-16-100s', [conforming('SCS-4V-16-100s', {}, { 'scs:disk0-type': undefined })]).outcome,
    ).toBe('FAIL');
  });

  describe('disk type of recommended flavors with a disk of "(any)" type', () => {
    it.each([
      ['network', 'PASS', 'PASS'],
      ['ssd', 'PASS', 'FAIL'],
      ['nvme', 'PASS', 'FAIL'],
      ['hdd', 'PASS', 'FAIL'],
      ['local', 'FAIL', 'FAIL'],
      [undefined, 'FAIL', 'FAIL'],
    ] as const)('scs:disk0-type %s: text %s, reference %s', (type, std, ref) => {
      const f = [conforming('SCS-4V-16-50', {}, { 'scs:disk0-type': type })];
      const s = judge('SCS-4V-16-50', f);
      const r = judge('SCS-4V-16-50', f, 'reference');
      expect(s.outcome).toBe(std);
      expect(r.outcome).toBe(ref);
      expect(Boolean(s.deviations)).toBe(std !== ref);
      if (std !== ref) expect(s.deviations).toContain('disk0-type-any');
    });
  });

  it('a diskless standard flavor must not carry scs:disk0-type (the reference does not look)', () => {
    const f = [conforming('SCS-2V-4', {}, { 'scs:disk0-type': 'network' })];
    const s = judge('SCS-2V-4', f);
    expect(s.outcome).toBe('FAIL');
    expect(s.evidence?.offenders?.[0]?.problem).toContain('should not be set');
    expect(s.deviations).toContain('disk0-type-diskless');
    expect(judge('SCS-2V-4', f, 'reference').outcome).toBe('PASS');
  });

  it('several flavors advertising the name: any conforming one suffices (reference: the last one)', () => {
    const good = conforming('SCS-1V-4', { id: 'good' });
    const bad = conforming('SCS-1V-4', { id: 'bad', name: 'legacy', ram: 4000 });
    expect(judge('SCS-1V-4', [good, bad]).outcome).toBe('PASS');
    const ref = judge('SCS-1V-4', [good, bad], 'reference');
    expect(ref.outcome).toBe('FAIL');
    expect(ref.deviations).toContain('duplicate-name-v2');
    expect(judge('SCS-1V-4', [bad, good], 'reference').outcome).toBe('PASS');
  });

  it('aborts on a name that is not a standard flavor', () => {
    const r = judge('SCS-3V-7', []);
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('standard-flavor-unknown');
  });
});
