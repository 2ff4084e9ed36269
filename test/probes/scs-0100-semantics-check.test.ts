// scs-0100-semantics-check: over- and under-promising flavors, RAM rounding, disk without size, judge modes.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0100-semantics-check.js';
import { referenceRamGiB } from '../../src/probes/iaas/support/flavor-naming.js';
import { compliantFlavors, context, flavor } from './scs-0100-helpers.js';
import type { Flavor } from '../../src/artifacts/iaas.js';

const run = (flavors: Flavor[], mode: 'standard' | 'reference' = 'standard') =>
  probe.evaluate({ Flavors: flavors }, context(mode));

describe('scs-0100-semantics-check', () => {
  it('declares its metadata and deviations', () => {
    expect(probe.meta.id).toBe('scs-0100-semantics-check');
    expect(probe.meta.artifacts).toEqual(['Flavors']);
    const ids = (probe.meta.deviations ?? []).map((d) => d.id);
    expect(ids).toContain('disk-size-unspecified');
    expect(ids).toContain('ram-rounding');
    expect(ids).toContain('gpu-generation-swallows-extension');
  });

  it('passes a compliant cloud', () => {
    const r = run(compliantFlavors());
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('flavors-keep-promises');
    expect(r.evidence?.judged).toContain('SCS-2V-4-20s');
    expect(r.evidence?.judged).not.toContain('m1.small');
    // SCS-2C-4-n has no disk size: nothing to compare, and that is no abort in standard mode.
    expect(r.evidence?.values?.diskSizeUnspecified).toEqual(['SCS-2C-4-n']);
    expect(r.deviations).toEqual(['disk-size-unspecified']);
  });

  it('aborts like the reference in reference mode when a disk part has no size', () => {
    const r = run([flavor('SCS-2C-4-n', 2, 4096, 0), flavor('SCS-2V-4', 2, 4096, 0)], 'reference');
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('disk-size-unspecified-abort');
    expect(run([flavor('SCS-2C-4-', 2, 4096, 0)]).outcome).toBe('PASS');
  });

  it.each([
    ['too few vCPUs', flavor('SCS-4V-16', 2, 16384, 0), 'vcpus', 4, 2, 'SCS-2V-16'],
    ['too little RAM', flavor('SCS-2V-8', 2, 7168, 0), 'ram', 8, 7168, 'SCS-2V-7'],
    ['half GiB short', flavor('SCS-2V-4', 2, 3584, 0), 'ram', 4, 3584, 'SCS-2V-3.5'],
    ['root disk too small', flavor('SCS-2V-4-20s', 2, 4096, 10), 'disk', 20, 10, 'SCS-2V-4-10s'],
    ['no root disk although promised', flavor('SCS-2V-4-20', 2, 4096, 0), 'disk', 20, 0, 'SCS-2V-4-'],
    [
      'multiplied disk smaller',
      flavor('SCS-4C-16-2x200p', 4, 16384, 100),
      'disk',
      200,
      100,
      'SCS-4C-16-2x100p',
    ],
  ] as Array<[string, Flavor, string, number, number, string]>)(
    'fails: %s',
    (_label, flv, property, advertised, actual, rename) => {
      const r = run([flv, flavor('SCS-1V-1', 1, 1024, 0)]);
      expect(r.outcome).toBe('FAIL');
      expect(r.messageId).toBe('flavor-overpromises');
      expect(r.message).toContain(flv.name);
      expect(r.message).toMatch(/or rename it/);
      const offenders = r.evidence?.offenders ?? [];
      expect(offenders).toHaveLength(1);
      expect(offenders[0]).toMatchObject({
        resource: flv.name,
        findings: [{ property, advertised, actual }],
        rename,
      });
    },
  );

  it('reports every overpromise of one flavor together', () => {
    const r = run([flavor('SCS-8V-32-100', 4, 16384, 50)]);
    expect(r.evidence?.offenders?.[0]?.findings).toHaveLength(3);
    expect(r.evidence?.offenders?.[0]?.rename).toBe('SCS-4V-16-50');
  });

  it('allows understating and notes it', () => {
    const r = run([flavor('SCS-1V-1-5', 2, 2048, 10), flavor('SCS-2V-4', 2, 4096, 20)]);
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join('\n')).toMatch(/more than the 1 its name states/);
    expect(r.warnings?.join('\n')).toMatch(/root disk although its name promises none/);
  });

  it('compares RAM exactly in standard mode and with the reference rounding in reference mode', () => {
    // 4050 MiB: the reference reads int((4050 + 51) / 102.4) / 10 = 4.0 GiB, the text needs 4096 MiB.
    expect(referenceRamGiB(4050)).toBe(4);
    expect(referenceRamGiB(4044)).toBe(3.9);
    expect(referenceRamGiB(512)).toBe(0.5);
    const flv = [flavor('SCS-2V-4', 2, 4050, 0)];
    const std = run(flv);
    expect(std.outcome).toBe('FAIL');
    expect(std.deviations).toEqual(['ram-rounding']);
    expect(run(flv, 'reference').outcome).toBe('PASS');
    expect(run([flavor('SCS-2V-4', 2, 4044, 0)], 'reference').outcome).toBe('FAIL');
  });

  it('attributes a differing outcome to the parser deviation when only one mode can read a name', () => {
    const flv = [flavor('SCS-2V-4_GNa_ib', 1, 4096, 0)];
    const std = run(flv);
    expect(std.outcome).toBe('FAIL');
    expect(std.deviations).toEqual(['gpu-generation-swallows-extension']);
    expect(run(flv, 'reference').outcome).toBe('PASS');
  });

  it('judges names in the deprecated syntaxes too and skips unparseable names', () => {
    const r = run([flavor('SCS-2V:8:20', 2, 4096, 20), flavor('SCS-2X-4', 1, 1, 0)]);
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]?.resource).toBe('SCS-2V:8:20');
    expect(r.evidence?.values?.unparseable).toBe(1);
    expect(r.warnings?.join('\n')).toMatch(/SCS-2X-4: name does not parse/);
  });

  it('notes multiplied disks it cannot verify, without failing', () => {
    const r = run([flavor('SCS-2C-4-3x10s', 2, 4096, 10)]);
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join('\n')).toMatch(/2 further disk\(s\) cannot be verified/);
    const ok = run([flavor('SCS-2C-4-3x10s', 2, 4096, 10, { ephemeral: 20 })]);
    expect(ok.warnings ?? []).toEqual([]);
  });

  it('passes when there is nothing to judge', () => {
    expect(run([flavor('m1.tiny', 1, 512, 1)])).toMatchObject({
      outcome: 'PASS',
      messageId: 'no-scs-flavors',
    });
  });
});
