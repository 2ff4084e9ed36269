// scs-0100-syntax-check: PASS/FAIL fixtures, evidence, judge modes and documented deviations.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0100-syntax-check.js';
import { scs0100Probes } from '../../src/probes/iaas/scs-0100-index.js';
import { compliantFlavors, context, flavor } from './scs-0100-helpers.js';
import { checkArtifact } from '../../src/artifacts/validate.js';

const run = (names: string[], mode: 'standard' | 'reference' = 'standard') =>
  probe.evaluate({ Flavors: names.map((name) => flavor(name, 64, 1 << 20, 1000)) }, context(mode));

describe('scs-0100-syntax-check', () => {
  it('declares its metadata', () => {
    expect(probe.meta.id).toBe('scs-0100-syntax-check');
    expect(probe.meta.artifacts).toEqual(['Flavors']);
    expect(probe.meta.standards[0]?.id).toBe('scs-0100-v3');
    expect(scs0100Probes.map((p) => p.meta.id)).toEqual([
      'scs-0100-syntax-check',
      'scs-0100-semantics-check',
    ]);
    const ids = (probe.meta.deviations ?? []).map((d) => d.id);
    expect(ids).toContain('old-syntax-not-tolerated');
    expect(ids).toContain('gpu-generation-swallows-extension');
  });

  it('passes a compliant cloud and judges only SCS- names', () => {
    const flavors = compliantFlavors();
    const r = probe.evaluate({ Flavors: flavors }, context());
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('flavor-names-valid');
    expect(r.evidence?.judged).toHaveLength(flavors.filter((f) => f.name.startsWith('SCS-')).length);
    expect(r.evidence?.judged).not.toContain('m1.small');
    expect(r.deviations).toBeUndefined();
  });

  it('passes when there are no SCS flavors at all', () => {
    const r = run(['m1.small', 'scs-2V-4', 'SCS_2V-4']);
    expect(r).toMatchObject({ outcome: 'PASS', messageId: 'no-scs-flavors' });
    expect(r.evidence?.judged).toEqual([]);
  });

  it.each([
    ['SCS-2V-4ou', 'ram', 'ram-suffix-order'],
    ['SCS-2iT-4', 'cpu', 'cpu-insecure-order'],
    ['SCS-2V-4_xyz', 'extensions', 'extension-unknown'],
    ['SCS-2V-4.25', 'ram', 'ram-not-multiple'],
    ['SCS-0V-4', 'cpu', 'cpu-count-not-positive'],
    ['SCS-2V-4_GNa-14-6hh', 'gpu', 'gpu-vram-bandwidth-unknown'],
    ['SCS-2V-4-10n_hwv_kvm', 'hypervisor', 'extension-order'],
  ])('fails on %s and names the component (%s: %s)', (name, component, code) => {
    const r = run(['SCS-2V-4', name, 'SCS-4V-16']);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('flavor-names-invalid');
    expect(r.message).toContain(name);
    expect(r.message).toMatch(/Rename each to a valid v3 name/);
    expect(r.evidence?.offenders).toEqual([
      expect.objectContaining({ resource: name, component, code, expected: expect.any(String) }),
    ]);
    expect(r.evidence?.judged).toEqual(['SCS-2V-4', name, 'SCS-4V-16']);
  });

  it('reports v1 names as invalid in standard mode, with the v3 name to rename to', () => {
    const r = run(['SCS-2V:4:10', 'SCS-2V-4']);
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]).toMatchObject({
      resource: 'SCS-2V:4:10',
      syntax: 'v1',
      rename: 'SCS-2V-4-10',
    });
    expect(r.message).toContain('rename it to SCS-2V-4-10');
    // The reference would have passed with a warning: the deviation decided.
    expect(r.deviations).toEqual(['old-syntax-not-tolerated']);
  });

  it('tolerates v1/v2 names with a warning in reference mode', () => {
    const r = run(['SCS-2V:4:10', 'SCS-2V-4'], 'reference');
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join('\n')).toMatch(/SCS-2V:4:10: Name is merely tolerated v1/);
    expect(r.deviations).toEqual(['old-syntax-not-tolerated']);
  });

  it('accepts names the reference parser rejects, recording the deviation', () => {
    const std = run(['SCS-2V-4_GNa_ib']);
    expect(std.outcome).toBe('PASS');
    expect(std.deviations).toEqual(['gpu-generation-swallows-extension']);
    expect(std.evidence?.values?.judgedOtherwiseInOtherMode).toEqual(['SCS-2V-4_GNa_ib']);
    const ref = run(['SCS-2V-4_GNa_ib'], 'reference');
    expect(ref.outcome).toBe('FAIL');
  });

  it('passes discouraged but valid names with warnings', () => {
    const r = run(['SCS-2V-10.5', 'SCS-2C-4-10_hwv', 'SCS-2V-4_z0']);
    expect(r.outcome).toBe('PASS');
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings?.[0]).toMatch(/^SCS-2V-10.5: ram: fractional RAM sizes/);
  });

  it('uses injected tables from ctx.data, and falls back to the packaged tables', () => {
    const ctx = context();
    const tables = structuredClone(ctx.data['scs-0100-flavor-naming']) as {
      hypervisors: Array<Record<string, unknown>>;
    };
    tables.hypervisors = tables.hypervisors.filter((h) => h.code !== 'chy');
    const flavors = [flavor('SCS-2V-4_chy', 2, 4096, 0)];
    expect(
      probe.evaluate({ Flavors: flavors }, { ...ctx, data: { 'scs-0100-flavor-naming': tables } }).outcome,
    ).toBe('FAIL');
    expect(probe.evaluate({ Flavors: flavors }, context('standard', false)).outcome).toBe('PASS');
    expect(() =>
      probe.evaluate({ Flavors: flavors }, { ...ctx, data: { 'scs-0100-flavor-naming': { bad: 1 } } }),
    ).toThrow(/schema/);
  });

  it('never sees a malformed flavor list: the Flavors contract names where it breaks', () => {
    expect(checkArtifact('Flavors', { a: 1 })).toMatchObject({
      ok: false,
      pointer: '',
      problem: 'must be array',
    });
    expect(checkArtifact('Flavors', [{ id: 'x' }])).toMatchObject({ ok: false, pointer: '/0' });
    expect(checkArtifact('Flavors', [flavor('SCS-2V-4', 2, 4096, 0)]).ok).toBe(true);
  });

  it('keeps the FAIL message readable for many offenders', () => {
    const names = Array.from({ length: 12 }, (_, i) => `SCS-${i + 1}X-4`);
    const r = run(names);
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders).toHaveLength(12);
    expect(r.message).toMatch(/and 7 more/);
  });
});
