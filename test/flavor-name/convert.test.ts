// Conversion between syntax versions, canonical short names and prose descriptions.
import { describe, expect, it } from 'vitest';
import {
  FlavorNameError,
  convertFlavorName,
  describeFlavorName,
  formatFlavorName,
  parseFlavorName,
  shortenFlavorName,
} from '../../src/flavor-name/index.js';
import { textExamples } from './helpers.js';

const sedV1toV2 = (n: string) => n.replace(/-/g, '_').replace(/:/g, '-').replace(/^SCS_/, 'SCS-');
const sedV2toV1 = (n: string) => n.replace(/-/g, ':').replace(/_/g, '-').replace(/^SCS:/, 'SCS-');

describe('convert', () => {
  const v2v3 = textExamples().filter((e) => e.valid && e.syntax !== 'v1');

  it("follows the text's sed transformations for every valid example v1 can express", () => {
    let converted = 0;
    for (const e of v2v3) {
      let out: string;
      try {
        out = convertFlavorName(e.name, 'v1').output;
      } catch {
        continue; // needs values v1 does not know (tested below)
      }
      converted++;
      expect(out, e.name).toBe(sedV2toV1(e.name).replace(/:1x/, ':'));
      expect(convertFlavorName(out, e.syntax).output, out).toBe(e.name);
      expect(convertFlavorName(out, 'v2', { from: 'v1' }).output).toBe(sedV1toV2(out));
    }
    expect(converted).toBeGreaterThan(80);
  });

  it('round-trips v3 -> v1 -> v3 and v3 -> v2 -> v3', () => {
    for (const name of [
      'SCS-2C-4-10n',
      'SCS-8Ti-32-50p_i1',
      'SCS-2C-4-_bms_z3h_GNa-64_ib',
      'SCS-2C-4-',
      'SCS-1V-0.5',
    ]) {
      const v1 = convertFlavorName(name, 'v1');
      expect(v1.from).toBe('v3');
      expect(convertFlavorName(v1.output, 'v3').output).toBe(name);
      expect(convertFlavorName(convertFlavorName(name, 'v2').output, 'v3').output).toBe(name);
    }
    expect(convertFlavorName('SCS-2C-4-_bms_z3h_GNa-64_ib', 'v1').output).toBe('SCS-2C:4:-bms-z3h-GNa:64-ib');
  });

  it('refuses what the target version cannot express', () => {
    const cases: Array<[string, 'v1' | 'v2', RegExp]> = [
      ['SCS-2V-4_chy', 'v1', /hypervisor 'chy' is not defined in v1/],
      ['SCS-2V-4_chy', 'v2', /not defined in v2/],
      ['SCS-2C-4-10n_z5', 'v2', /generation '5' is not defined in v2/],
      ['SCS-16T-64-200s_GNa-72-24_ib', 'v2', /VRAM/],
      ['SCS-2V-4_GNb', 'v1', /not defined in v1/],
    ];
    for (const [name, to, why] of cases) {
      expect(() => convertFlavorName(name, to)).toThrow(FlavorNameError);
      expect(() => convertFlavorName(name, to)).toThrow(why);
    }
    expect(() => convertFlavorName('SCS-2C:4:3xs', 'v3')).toThrow(/cannot be expressed in v3/);
    expect(() => convertFlavorName('SCS-2X-4', 'v1')).toThrow(/not valid v3/);
    expect(() => convertFlavorName('my-flavor', 'v1')).toThrow(/not an SCS flavor name/);
    expect(() => convertFlavorName('SCS-2V-4', 'v3', { from: 'v1' })).toThrow(/not valid v1/);
  });

  it('warns when a code changes meaning between versions', () => {
    const c = convertFlavorName('SCS-2V-4_GA1', 'v3', { from: 'v2' });
    expect(c.output).toBe('SCS-2V-4_GA1');
    expect(c.warnings.join()).toMatch(/RDNA 1 in v2 but CDNA 1 in v3/);
  });

  it('writes canonical spellings', () => {
    expect(convertFlavorName('SCS-2V-4.0-1x10', 'v3').output).toBe('SCS-2V-4-10');
    expect(convertFlavorName('SCS-02V-04-010', 'v3').output).toBe('SCS-2V-4-10');
  });
});

describe('shorten', () => {
  it.each([
    ['SCS-2C-4_bms_hwv_z3h_GNa-14h-6h_ib', 'SCS-2C-4_GNa-14-6_ib'],
    ['SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64_ib', 'SCS-16T-64-3x10s_GNa-64_ib'],
    ['SCS-4C-16-2x200p_a1', 'SCS-4C-16-2x200p_a'],
    ['SCS-4C-16-2x200p_kvm_a5hh', 'SCS-4C-16-2x200p_a'],
    ['SCS-2V-4_r0', 'SCS-2V-4_r'],
    ['SCS-8Ti-32-50p_i1', 'SCS-8Ti-32-50p'],
    ['SCS-8T-16-50n_z2', 'SCS-8T-16-50n'],
    ['SCS-2C-4-10n_bms_z3hh', 'SCS-2C-4-10n'],
    ['SCS-2C-4-10_kvm_hwv', 'SCS-2C-4-10'],
    ['SCS-1L-1u-5', 'SCS-1L-1u-5'],
    ['SCS-2C-4-', 'SCS-2C-4-'],
    ['SCS-16V-64-500s_gNl-142hh-48', 'SCS-16V-64-500s_gNl-142-48'],
    ['SCS-2C:4:10n-bms-z3', 'SCS-2C:4:10n'],
  ])('%s -> %s', (name, short) => {
    expect(shortenFlavorName(name)).toBe(short);
  });

  it('keeps the short name valid and idempotent', () => {
    for (const e of textExamples().filter((x) => x.valid)) {
      const s = shortenFlavorName(e.name);
      expect(parseFlavorName(s, { syntax: e.syntax }).status, `${e.name} -> ${s}`).toBe('valid');
      expect(shortenFlavorName(s)).toBe(s);
    }
  });
});

describe('describe', () => {
  it('says what each component promises', () => {
    const d = describeFlavorName('SCS-16T-64-3x10s_bms_hwv_i3h_GNa-64-24h_ib');
    expect(d).toContain('16 dedicated hyperthreads');
    expect(d).toContain('Intel');
    expect(d).toContain('Ice Lake');
    expect(d).toContain('>2.75 GHz');
    expect(d).toContain('64 GiB RAM');
    expect(d).toContain('3 disks of 10 GB each, local SSD');
    expect(d).toContain('Bare Metal System');
    expect(d).toContain('nested virtualization');
    expect(d).toContain('pass-through GPU: Nvidia Ampere with 64 streaming multiprocessors');
    expect(d).toContain('24 GiB video memory (high-bandwidth');
    expect(d).toContain('Infiniband');
  });

  it.each([
    ['SCS-1V-0.5', ['1 oversubscribed vCPU ', 'generic x86-64', '0.5 GiB RAM', 'no root disk']],
    [
      'SCS-2Li-4uo-n',
      [
        '2 heavily oversubscribed vCPUs',
        'insecure',
        'no ECC, oversubscribed',
        'size the cloud chooses',
        'network',
      ],
    ],
    ['SCS-2C-4-', ['2 dedicated cores', 'unspecified type']],
    ['SCS-4C-16-2x200p_a1', ['ARM v8+ (AArch64)', 'Cortex-A76', '2 disks of 200 GB each, local NVMe']],
    ['SCS-2V-4_chy', ['Cloud Hypervisor']],
    ['SCS-2V-4_gA3.1-96-48', ['virtual GPU (vGPU): AMD RDNA 3', '96 compute units', '48 GiB video memory']],
    ['SCS-2V:4-GA2', ['AMD RDNA 2']],
    ['SCS-2V-4_GA2', ['AMD CDNA 2']],
    ['SCS-2V-4_gIa', []],
  ] as Array<[string, string[]]>)('%s', (name, fragments) => {
    if (name === 'SCS-2V-4_gIa') {
      expect(() => describeFlavorName(name)).toThrow(/Intel GPU generation 'a'/);
      return;
    }
    const d = describeFlavorName(name);
    for (const f of fragments) expect(d).toContain(f);
  });

  it('describes every valid text example', () => {
    for (const e of textExamples().filter((x) => x.valid)) {
      expect(describeFlavorName(e.name).length, e.name).toBeGreaterThan(20);
    }
  });

  it('formats a model back into the same name for canonical names', () => {
    for (const e of textExamples().filter((x) => x.valid)) {
      const r = parseFlavorName(e.name, { syntax: e.syntax });
      if (r.status !== 'valid' || r.warnings.some((w) => w.code === 'disk-multiplier-one')) continue;
      expect(formatFlavorName(r.flavor, e.syntax), e.name).toBe(e.name);
    }
  });
});
