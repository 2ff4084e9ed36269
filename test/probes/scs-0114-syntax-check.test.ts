// scs-0114-syntax-check: `[scs:aspect, ...]` at the start of descriptions, sorted (MUST); duplicates/others SHOULD NOT.
import { describe, expect, it } from 'vitest';
import type { VolumeType } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0114-syntax-check.js';
import { aspectList } from '../../src/probes/iaas/support/volume-types.js';
import { offenderNames, run } from './helpers.js';

const vt = (name: string, description: string | null): VolumeType => ({
  id: `id-${name}`,
  name,
  description,
});
const judge = (types: VolumeType[], mode: 'standard' | 'reference' = 'standard') =>
  run(probe, { VolumeTypes: types }, { mode });

describe('aspectList', () => {
  it.each([
    ['[scs:encrypted] LUKS', ['encrypted']],
    ['[scs:encrypted, replicated] Content will be replicated', ['encrypted', 'replicated']],
    ['[scs:]', []],
    ['[scs: ] nothing', []],
    [' [scs:encrypted]', undefined],
    ['LUKS [scs:encrypted]', undefined],
    ['[SCS:encrypted]', undefined],
    ['', undefined],
  ] as const)('%j -> %j', (d, expected) => {
    expect(aspectList(d)).toEqual(expected);
  });
});

describe('scs-0114-syntax-check', () => {
  it('passes the examples of the text', () => {
    const r = judge([
      vt('LUKS', '[scs:encrypted] This volume uses LUKS-encryption'),
      vt('hdd-three-replicas-LUKS', '[scs:encrypted, replicated] Content will be replicated three times'),
      vt('__DEFAULT__', 'Default Volume Type'),
      vt('plain', null),
    ]);
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('volume-type-aspects-valid');
    expect(r.evidence?.judged).toEqual(['LUKS', 'hdd-three-replicas-LUKS']);
  });

  it('passes the empty list [scs:]', () => {
    expect(judge([vt('x', '[scs:] nothing special')]).outcome).toBe('PASS');
  });

  it('passes without any aspect list', () => {
    const r = judge([vt('a', 'fast'), vt('b', null)]);
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('volume-type-no-aspect-lists');
  });

  it('fails an unsorted list in both readings', () => {
    const types = [vt('rep-luks', '[scs:replicated, encrypted] backwards'), vt('ok', '[scs:encrypted]')];
    for (const mode of ['standard', 'reference'] as const) {
      const r = judge(types, mode);
      expect(r.outcome).toBe('FAIL');
      expect(r.messageId).toBe('volume-type-aspects-invalid');
      expect(offenderNames(r)).toEqual(['rep-luks']);
      expect(r.deviations).toBeUndefined();
    }
  });

  it.each([
    ['duplicates', '[scs:encrypted, encrypted]', 'aspect-duplicates'],
    ['a non-standard aspect', '[scs:encrypted, fast]', 'aspect-unrecognized'],
  ])('%s: warning by the text (SHOULD), FAIL by the reference', (_l, description, deviation) => {
    const s = judge([vt('t', description)]);
    const r = judge([vt('t', description)], 'reference');
    expect(s.outcome).toBe('PASS');
    expect(s.warnings?.length).toBe(1);
    expect(r.outcome).toBe('FAIL');
    expect(s.deviations).toEqual([deviation]);
    expect(r.deviations).toEqual([deviation]);
  });

  it('an unsorted list with a non-standard aspect fails for the order alone', () => {
    const r = judge([vt('t', '[scs:replicated, fast]')]);
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]?.problem).toContain('not sorted');
    expect(r.deviations).toBeUndefined();
  });
});
