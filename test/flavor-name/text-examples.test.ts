// Every example of the scs-0100 texts parses (or fails) exactly as the text presents it.
import { describe, expect, it } from 'vitest';
import { checkFlavorName, convertFlavorName, parseFlavorName } from '../../src/flavor-name/index.js';
import { textExamples } from './helpers.js';

const examples = textExamples();

/** The transformation the v3 text gives for v1 -> v2 names. */
function sedV1toV2(name: string): string {
  return name.replace(/-/g, '_').replace(/:/g, '-').replace(/^SCS_/, 'SCS-');
}

describe('examples of the scs-0100 texts', () => {
  it('cover all three versions and the w1 GPU table', () => {
    for (const t of ['v1', 'v2', 'v3', 'w1'])
      expect(examples.filter((e) => e.text === t).length).toBeGreaterThan(10);
    expect(examples.length).toBeGreaterThan(250);
  });

  it.each(examples.map((e) => [`${e.text} ${e.name}`, e] as const))('%s', (_label, e) => {
    const r = parseFlavorName(e.name, { syntax: e.syntax });
    expect(r.status, r.status === 'invalid' ? r.error.message : '').toBe(e.valid ? 'valid' : 'invalid');
  });

  it('v2 and v3 examples that are valid in their text stay valid under the v3 testcase policy', () => {
    const exceptions = new Set(['SCS-2C-4-3xs']); // a v2 FIXME example that v3 dropped
    for (const e of examples.filter((x) => x.valid && x.syntax !== 'v1' && !exceptions.has(x.name))) {
      expect(checkFlavorName(e.name).verdict, e.name).toBe('valid');
    }
    const v = checkFlavorName('SCS-2C-4-3xs');
    expect(v).toMatchObject({ verdict: 'invalid', syntax: 'v2', tolerated: true });
  });

  it("valid v1 examples are reported as v1 names, with the v3 spelling from the text's transformation", () => {
    const v1 = examples.filter((x) => x.valid && x.syntax === 'v1');
    expect(v1.length).toBeGreaterThan(60);
    for (const e of v1) {
      const v = checkFlavorName(e.name);
      expect(v.verdict, e.name).toBe('invalid');
      expect(v.syntax, e.name).toBe('v1');
      expect(v.tolerated).toBe(true);
      if (!/:3xs?$/.test(e.name)) {
        expect(v.suggestion, e.name).toBe(sedV1toV2(e.name));
        expect(convertFlavorName(e.name, 'v3').output).toBe(sedV1toV2(e.name));
      }
    }
  });

  it('explain the struck-through examples precisely', () => {
    const expectations: Record<string, [string, string]> = {
      'SCS-2-4-10n': ['cpu', 'cpu-type-missing'],
      'SCS-2iT-4-10n': ['cpu', 'cpu-insecure-order'],
      'SCS-2C-4ou-10n': ['ram', 'ram-suffix-order'],
      'SCS-2C-4-1.5n': ['disk', 'disk-size-fraction'],
      'SCS-2C-4-10_hwv_xen': ['hypervisor', 'extension-order'],
      'SCS-2C-4-n_bms_3': ['cpu-brand', 'cpu-generation-without-vendor'],
      'SCS-1D-1.5-8s': ['cpu', 'cpu-type-unknown'],
      'SCS-2C-4-3x-': ['disk', 'extra-main-part'],
    };
    for (const [name, [component, code]] of Object.entries(expectations)) {
      const r = parseFlavorName(name);
      expect(r.status, name).toBe('invalid');
      if (r.status === 'invalid') expect([r.error.component, r.error.code], name).toEqual([component, code]);
    }
    const v1 = parseFlavorName('SCS-1Vl:1:5', { syntax: 'v1' });
    expect(v1.status === 'invalid' && v1.error.code).toBe('cpu-trailing');
  });

  it('decode the proposal examples as the table says', () => {
    const f = (name: string) => {
      const r = parseFlavorName(name);
      if (r.status !== 'valid') throw new Error(`${name} did not parse`);
      return r.flavor;
    };
    expect(f('SCS-2C-4-10n')).toMatchObject({
      cpus: 2,
      cpuType: 'C',
      ramGiB: 4,
      disk: { count: 1, sizeGB: 10, type: 'n' },
    });
    expect(f('SCS-8Ti-32-50p_i1')).toMatchObject({
      cpus: 8,
      cpuType: 'T',
      insecure: true,
      ramGiB: 32,
      disk: { sizeGB: 50, type: 'p' },
      cpuBrand: { vendor: 'i', generation: 1, frequency: '' },
    });
    expect(f('SCS-1L-1u-5')).toMatchObject({
      cpuType: 'L',
      ramNoEcc: true,
      disk: { sizeGB: 5, type: undefined },
    });
    expect(f('SCS-16T-64-200s_GNa-72-24_ib')).toMatchObject({
      gpu: { kind: 'G', vendor: 'N', generation: 'a', cu: 72, vram: 24, cuFreq: '', vramFreq: '' },
      infiniband: true,
    });
    expect(f('SCS-4C-16-2x200p_a1')).toMatchObject({
      disk: { count: 2, sizeGB: 200, type: 'p' },
      cpuBrand: { vendor: 'a', generation: 1 },
    });
    expect(f('SCS-1V-0.5')).toMatchObject({ cpus: 1, ramGiB: 0.5, disk: null });
    expect(f('SCS-2C-4-')).toMatchObject({ disk: { count: 1, sizeGB: undefined, type: undefined } });
    expect(f('SCS-2C-4-n')).toMatchObject({ disk: { count: 1, sizeGB: undefined, type: 'n' } });
    expect(f('SCS-16V-64-500s_GNa-14-6h')).toMatchObject({ gpu: { cu: 14, vram: 6, vramFreq: 'h' } });
  });
});
