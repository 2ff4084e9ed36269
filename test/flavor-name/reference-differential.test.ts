// Differential test against the recorded verdicts of the reference parser: the reference profile must agree on every
// name; the standard profile may differ only where a documented deviation explains it.
import { describe, expect, it } from 'vitest';
import {
  DEVIATION,
  PARSER_DEVIATIONS,
  checkFlavorName,
  formatFlavorName,
  shortenFlavor,
} from '../../src/flavor-name/index.js';
import { oracleRecord } from './helpers.js';

const record = oracleRecord();
const label = (v: { verdict: string; tolerated?: boolean }) =>
  v.verdict === 'valid' && v.tolerated ? 'valid/tolerated' : v.verdict;

// Hand-picked names where the standard's text and the reference parser disagree, with the deviation that explains it.
const EXPECTED_DIFFERENCES: Array<[name: string, standard: string, reference: string, deviation: string]> = [
  ['SCS-2V-4_GNa_ib', 'valid', 'invalid', DEVIATION.gpuSwallowsExtension],
  ['SCS-2V-4_GN_ib', 'valid', 'invalid', DEVIATION.gpuSwallowsExtension],
  ['SCS-2C:4:10n', 'invalid', 'valid/tolerated', DEVIATION.oldSyntaxNotTolerated],
  ['SCS-1V:0.5', 'invalid', 'valid/tolerated', DEVIATION.oldSyntaxNotTolerated],
  ['SCS-2V-4-3xs', 'invalid', 'valid', DEVIATION.diskMultiplierWithoutSize],
  ['SCS-2V-4-3x', 'invalid', 'valid', DEVIATION.diskMultiplierWithoutSize],
  ['SCS-2V-4-x10', 'invalid', 'valid', DEVIATION.diskMultiplierEmpty],
  ['SCS-2V-4.', 'invalid', 'valid', DEVIATION.ramNumberFormat],
  ['SCS-2V-.5', 'invalid', 'valid', DEVIATION.ramNumberFormat],
  ['SCS-2V-4_GNah', 'invalid', 'valid', DEVIATION.gpuFrequencyWithoutCu],
  ['SCS-2V-4_GNah-14', 'invalid', 'valid', DEVIATION.gpuFrequencyWithoutCu],
  ['SCS-2V-4_GNa-14-6hh', 'invalid', 'valid', DEVIATION.valuesMissingFromText],
  ['SCS-2V-4_GA0.1-8', 'valid', 'invalid', DEVIATION.valuesBeyondReference],
  ['SCS-2V-4_GA5-10', 'valid', 'invalid', DEVIATION.valuesBeyondReference],
  ['SCS-2V:4-GA3.1:96:48-ib', 'invalid', 'valid/tolerated', DEVIATION.valuesMissingFromText],
];

describe('reference parser differential', () => {
  it('has a large recorded corpus', () => {
    expect(record.length).toBeGreaterThan(2000);
    expect(record.filter((r) => r.verdict === 'valid').length).toBeGreaterThan(300);
  });

  it('the reference profile reproduces every recorded verdict', () => {
    const mismatches = record
      .map((o) => ({ o, mine: checkFlavorName(o.name, { profile: 'reference' }) }))
      .filter(({ o, mine }) => label(o) !== label(mine))
      .map(({ o, mine }) => `${o.name}: reference ${label(o)}, ours ${label(mine)}`);
    expect(mismatches).toEqual([]);
  });

  it('every verdict of the standard profile that differs is explained by a documented deviation', () => {
    const documented = new Set(PARSER_DEVIATIONS.map((d) => d.id));
    const unexplained: string[] = [];
    const seen = new Set<string>();
    for (const o of record) {
      const mine = checkFlavorName(o.name);
      if (mine.verdict === o.verdict) continue;
      if (mine.deviations.length === 0) unexplained.push(o.name);
      for (const d of mine.deviations) {
        expect(documented.has(d), d).toBe(true);
        seen.add(d);
      }
    }
    expect(unexplained).toEqual([]);
    // Every parser deviation shows up in the corpus.
    expect([...seen].sort()).toEqual([...documented].sort());
  });

  it.each(EXPECTED_DIFFERENCES)(
    '%s: standard %s, reference %s (%s)',
    (name, standard, reference, deviation) => {
      const std = checkFlavorName(name);
      const ref = checkFlavorName(name, { profile: 'reference' });
      expect(label(std)).toBe(standard);
      expect(label(ref)).toBe(reference);
      expect(std.deviations).toContain(deviation);
      const rec = record.find((r) => r.name === name);
      if (rec) expect(label(rec)).toBe(reference);
    },
  );

  it('writes the same canonical and short names as the reference outputter', () => {
    let compared = 0;
    for (const o of record) {
      if (o.verdict !== 'valid') continue;
      const mine = checkFlavorName(o.name, { profile: 'reference' });
      if (!mine.flavor) continue;
      // The reference drops an explicit generation 0; we keep what was written.
      if (mine.flavor.cpuBrand?.generation === 0) continue;
      expect(formatFlavorName(mine.flavor, 'v3'), o.name).toBe(o.canonical);
      expect(formatFlavorName(shortenFlavor(mine.flavor), 'v3'), o.name).toBe(o.short);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });
});
