// Boundary values and malformed names: each is judged with the right component, error code and warnings.
import { describe, expect, it } from 'vitest';
import { parseFlavorName, checkFlavorName, type SyntaxVersion } from '../../src/flavor-name/index.js';

type Row = [name: string, syntax: SyntaxVersion, component: string, code: string];

// Names that are invalid under the given syntax, with the component and the error code expected.
const INVALID: Row[] = [
  ['SCS-0V-4', 'v3', 'cpu', 'cpu-count-not-positive'],
  ['SCS-V-4', 'v3', 'cpu', 'cpu-count-missing'],
  ['SCS--4', 'v3', 'cpu', 'cpu-count-missing'],
  ['SCS-2-4', 'v3', 'cpu', 'cpu-type-missing'],
  ['SCS-2c-4', 'v3', 'cpu', 'cpu-type-unknown'],
  ['SCS-2X-4', 'v3', 'cpu', 'cpu-type-unknown'],
  ['SCS-2iV-4', 'v3', 'cpu', 'cpu-insecure-order'],
  ['SCS-2Vii-4', 'v3', 'cpu', 'cpu-trailing'],
  ['SCS-2V', 'v3', 'ram', 'ram-missing'],
  ['SCS-2V-', 'v3', 'ram', 'ram-missing'],
  ['SCS-2V-u', 'v3', 'ram', 'ram-missing'],
  ['SCS-2V-0', 'v3', 'ram', 'ram-not-multiple'],
  ['SCS-2V-0.0', 'v3', 'ram', 'ram-not-multiple'],
  ['SCS-2V-4.25', 'v3', 'ram', 'ram-not-multiple'],
  ['SCS-2V-0.3', 'v3', 'ram', 'ram-not-multiple'],
  ['SCS-2V-4.', 'v3', 'ram', 'ram-malformed'],
  ['SCS-2V-.5', 'v3', 'ram', 'ram-malformed'],
  ['SCS-2V-4.5.1', 'v3', 'ram', 'ram-malformed'],
  ['SCS-2V-4ou', 'v3', 'ram', 'ram-suffix-order'],
  ['SCS-2V-4uu', 'v3', 'ram', 'ram-suffix-repeated'],
  ['SCS-2V-4x', 'v3', 'ram', 'ram-suffix-unknown'],
  ['SCS-2V-4U', 'v3', 'ram', 'ram-suffix-unknown'],
  ['SCS-2V-4-0', 'v3', 'disk', 'disk-size-not-positive'],
  ['SCS-2V-4-0n', 'v3', 'disk', 'disk-size-not-positive'],
  ['SCS-2V-4-1.5n', 'v3', 'disk', 'disk-size-fraction'],
  ['SCS-2V-4-10q', 'v3', 'disk', 'disk-type-unknown'],
  ['SCS-2V-4-10N', 'v3', 'disk', 'disk-type-unknown'],
  ['SCS-2V-4-10nn', 'v3', 'disk', 'disk-type-unknown'],
  ['SCS-2V-4-0x10', 'v3', 'disk', 'disk-multiplier-not-positive'],
  ['SCS-2V-4-x10', 'v3', 'disk', 'disk-multiplier-missing'],
  ['SCS-2V-4-3x', 'v3', 'disk', 'disk-multiplier-without-size'],
  ['SCS-2V-4-3xs', 'v3', 'disk', 'disk-multiplier-without-size'],
  ['SCS-2V-4-3x0s', 'v3', 'disk', 'disk-size-not-positive'],
  ['SCS-2V-4-ax10', 'v3', 'disk', 'disk-multiplier-malformed'],
  ['SCS-2V-4-10n-20s', 'v3', 'disk', 'extra-main-part'],
  ['SCS-2V-4-10n-', 'v3', 'disk', 'extra-main-part'],
  ['SCS-2V-4_', 'v3', 'extensions', 'extension-empty'],
  ['SCS-2V-4__kvm', 'v3', 'extensions', 'extension-empty'],
  ['SCS-2V-4_lxc', 'v3', 'extensions', 'extension-unknown'],
  ['SCS-2V-4_KVM', 'v3', 'hypervisor', 'extension-case'],
  ['SCS-2V-4_IB', 'v3', 'infiniband', 'extension-case'],
  ['SCS-2V-4_ibx', 'v3', 'extensions', 'extension-unknown'],
  ['SCS-2V-4_kvm_xen', 'v3', 'hypervisor', 'extension-repeated'],
  ['SCS-2V-4_hwv_kvm', 'v3', 'hypervisor', 'extension-order'],
  ['SCS-2V-4_ib_kvm', 'v3', 'hypervisor', 'extension-order'],
  ['SCS-2V-4_z3_bms', 'v3', 'hypervisor', 'extension-order'],
  ['SCS-2V-4_GNa_z3', 'v3', 'cpu-brand', 'extension-order'],
  ['SCS-2V-4_ib_GNa', 'v3', 'gpu', 'extension-order'],
  ['SCS-2V-4_ib_ib', 'v3', 'infiniband', 'extension-repeated'],
  ['SCS-2V-4_3', 'v3', 'cpu-brand', 'cpu-generation-without-vendor'],
  ['SCS-2V-4_3h', 'v3', 'cpu-brand', 'cpu-generation-without-vendor'],
  ['SCS-2V-4_z7', 'v3', 'cpu-brand', 'cpu-generation-unknown'],
  ['SCS-2V-4_i10', 'v3', 'cpu-brand', 'cpu-generation-unknown'],
  ['SCS-2V-4_a6', 'v3', 'cpu-brand', 'cpu-generation-unknown'],
  ['SCS-2V-4_r1', 'v3', 'cpu-brand', 'cpu-generation-unknown'],
  ['SCS-2V-4_r6', 'v3', 'cpu-brand', 'cpu-generation-unknown'],
  ['SCS-2V-4_z3hhhh', 'v3', 'cpu-brand', 'cpu-frequency-unknown'],
  ['SCS-2V-4_zh3', 'v3', 'cpu-brand', 'cpu-brand-malformed'],
  ['SCS-2V-4_GX', 'v3', 'gpu', 'gpu-vendor-unknown'],
  ['SCS-2V-4_G', 'v3', 'gpu', 'gpu-vendor-unknown'],
  ['SCS-2V-4_GNz', 'v3', 'gpu', 'gpu-generation-unknown'],
  ['SCS-2V-4_GNa14', 'v3', 'gpu', 'gpu-generation-unknown'],
  ['SCS-2V-4_GA3.2', 'v3', 'gpu', 'gpu-generation-unknown'],
  ['SCS-2V-4_GI5', 'v3', 'gpu', 'gpu-generation-unknown'],
  ['SCS-2V-4_GNah', 'v3', 'gpu', 'gpu-frequency-without-cu'],
  ['SCS-2V-4_GNah-14', 'v3', 'gpu', 'gpu-frequency-without-cu'],
  ['SCS-2V-4_GNa-', 'v3', 'gpu', 'gpu-cu-malformed'],
  ['SCS-2V-4_GNa-x', 'v3', 'gpu', 'gpu-cu-malformed'],
  ['SCS-2V-4_GNa-0', 'v3', 'gpu', 'gpu-cu-not-positive'],
  ['SCS-2V-4_GNa-14hhh', 'v3', 'gpu', 'gpu-frequency-unknown'],
  ['SCS-2V-4_GNa-14-0', 'v3', 'gpu', 'gpu-vram-not-positive'],
  ['SCS-2V-4_GNa-14-6hh', 'v3', 'gpu', 'gpu-vram-bandwidth-unknown'],
  ['SCS-2V-4_GNa-14-6-2', 'v3', 'gpu', 'gpu-malformed'],
  ['SCS-2V-4_GNa-14-6.5', 'v3', 'gpu', 'gpu-vram-malformed'],
  ['SCS-2V-4_GNa:14', 'v3', 'gpu', 'gpu-generation-unknown'],
  // Version-specific values: what a later text introduced is unknown to the earlier syntax.
  ['SCS-2V-4_chy', 'v2', 'hypervisor', 'hypervisor-not-in-version'],
  ['SCS-2V:4-chy', 'v1', 'hypervisor', 'hypervisor-not-in-version'],
  ['SCS-2V:4-i4', 'v1', 'cpu-brand', 'cpu-generation-not-in-version'],
  ['SCS-2V-4_i5', 'v2', 'cpu-brand', 'cpu-generation-not-in-version'],
  ['SCS-2V-4_z5', 'v2', 'cpu-brand', 'cpu-generation-not-in-version'],
  ['SCS-2V-4_a4', 'v2', 'cpu-brand', 'cpu-generation-not-in-version'],
  ['SCS-2V:4-GNl', 'v1', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V-4_GNg', 'v2', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V-4_GNu', 'v2', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V:4-GA3', 'v1', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V-4_GA3.1', 'v2', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V-4_GI2', 'v2', 'gpu', 'gpu-generation-not-in-version'],
  ['SCS-2V-4_GNa-14-6', 'v2', 'gpu', 'gpu-vram-not-in-version'],
  ['SCS-2V:4-GNa:14:6', 'v1', 'gpu', 'gpu-vram-not-in-version'],
  // v1 syntax: ':' inside, '-' between extensions.
  ['SCS-2V:4:10n_kvm', 'v1', 'disk', 'disk-malformed'],
  ['SCS-2V:4:-', 'v1', 'extensions', 'extension-empty'],
  ['SCS-2V-4', 'v1', 'ram', 'ram-missing'],
  ['SCS-2V:4-hwv-kvm', 'v1', 'hypervisor', 'extension-order'],
  ['SCS-2V:4ou', 'v1', 'ram', 'ram-suffix-order'],
  // v3 names read as v3 with v1 separators
  ['SCS-2V:4', 'v3', 'cpu', 'cpu-trailing'],
];

// Names valid under the given syntax, with the warning codes expected.
const VALID: Array<[name: string, syntax: SyntaxVersion, warnings: string[]]> = [
  ['SCS-1V-0.5', 'v3', []],
  ['SCS-1V-1', 'v3', []],
  ['SCS-2V-9.5', 'v3', []],
  ['SCS-2V-10', 'v3', []],
  ['SCS-2V-10.5', 'v3', ['ram-half-discouraged']],
  ['SCS-2V-64.5', 'v3', ['ram-half-discouraged']],
  ['SCS-2V-4.0', 'v3', ['ram-non-canonical']],
  ['SCS-2V-04', 'v3', ['leading-zero']],
  ['SCS-02V-4', 'v3', ['leading-zero']],
  ['SCS-1024C-4096uo-2000p', 'v3', []],
  ['SCS-2V-4uo', 'v3', []],
  ['SCS-2V-4u', 'v3', []],
  ['SCS-2V-4o', 'v3', []],
  ['SCS-2Ci-4', 'v3', []],
  ['SCS-2V-4-1x10', 'v3', ['disk-multiplier-one']],
  ['SCS-2V-4-10x10h', 'v3', []],
  ['SCS-2V-4-3xs', 'v2', []],
  ['SCS-2V-4-3x', 'v2', []],
  ['SCS-2V:4:3x', 'v1', []],
  ['SCS-2V-4_hwv', 'v3', ['hwvirt-without-hypervisor']],
  ['SCS-2V-4_kvm_hwv', 'v3', []],
  ['SCS-2V-4_z0', 'v3', ['cpu-generation-zero']],
  ['SCS-2V-4_r0', 'v3', ['cpu-generation-zero']],
  ['SCS-2V-4_r', 'v3', []],
  ['SCS-2V-4_rh', 'v3', []],
  ['SCS-2V-4_z03', 'v3', ['leading-zero']],
  ['SCS-2V-4_i', 'v3', []],
  ['SCS-2V-4_z3hhh', 'v3', []],
  ['SCS-2V-4_GN', 'v3', []],
  ['SCS-2V-4_gN', 'v3', []],
  ['SCS-2V-4_GN-64', 'v3', []],
  ['SCS-2V-4_GNa_ib', 'v3', []],
  ['SCS-2V-4_GN_ib', 'v3', []],
  ['SCS-2V-4_GNa-14hh-6h', 'v3', []],
  ['SCS-2V-4_GA0.1', 'v3', []],
  ['SCS-2V-4_GA5', 'v3', []],
  ['SCS-2V-4_GA1', 'v2', []],
  ['SCS-2V-4_GA3', 'v2', []],
  ['SCS-2V:4-GA2', 'v1', []],
  ['SCS-2V-4_GI0.95', 'v3', []],
  ['SCS-2V:4-GNa:64h', 'v1', []],
  ['SCS-2V:4:-bms-hwv-z3h-GNa:64-ib', 'v1', []],
  ['SCS-2V-4_chy_hwv', 'v3', []],
];

describe('flavor-name boundaries', () => {
  it.each(INVALID)('%s is invalid under %s (%s: %s)', (name, syntax, component, code) => {
    const r = parseFlavorName(name, { syntax });
    expect(r.status).toBe('invalid');
    if (r.status !== 'invalid') return;
    expect({ component: r.error.component, code: r.error.code }).toEqual({ component, code });
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(r.error.expected, 'an invalid name says what was expected').toBeTruthy();
  });

  it.each(VALID)('%s is valid under %s with warnings %j', (name, syntax, warnings) => {
    const r = parseFlavorName(name, { syntax });
    expect(r.status, r.status === 'invalid' ? r.error.message : '').toBe('valid');
    if (r.status === 'valid') expect(r.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('treats names without the exact, case-sensitive prefix as not SCS', () => {
    for (const name of [
      'scs-2V-4',
      'Scs-2V-4',
      'SCS_2V-4',
      'SCS2V-4',
      'XSCS-2V-4',
      '',
      'my-flavor',
      ' SCS-2V-4',
    ]) {
      expect(parseFlavorName(name).status, name).toBe('not-scs');
      expect(checkFlavorName(name).verdict, name).toBe('not-scs');
    }
    expect(parseFlavorName('SCS-').status).toBe('invalid');
  });

  it('rejects trailing garbage anywhere', () => {
    for (const name of [
      'SCS-2V-4 ',
      'SCS-2V-4-10n ',
      'SCS-2V-4_kvm!',
      'SCS-2V-4_ib_',
      'SCS-2V-4#',
      'SCS-2V-4\n',
    ]) {
      expect(parseFlavorName(name).status, JSON.stringify(name)).toBe('invalid');
    }
  });

  it('accepts every generation code of every CPU vendor in v3, and each frequency suffix', () => {
    const codes: Record<string, number[]> = {
      i: [1, 2, 3, 4, 5, 6],
      z: [1, 2, 3, 4, 5, 6],
      a: [1, 2, 3, 4, 5],
    };
    for (const [vendor, gens] of Object.entries(codes)) {
      for (const g of gens) {
        for (const h of ['', 'h', 'hh', 'hhh']) {
          const r = parseFlavorName(`SCS-4C-16-50s_bms_hwv_${vendor}${g}${h}`);
          expect(r.status, `${vendor}${g}${h}`).toBe('valid');
          if (r.status === 'valid')
            expect(r.flavor.cpuBrand).toEqual({ vendor, generation: g, frequency: h });
        }
      }
    }
  });

  it('accepts every GPU generation code of the v3 text, for both GPU kinds', () => {
    const codes: Record<string, string[]> = {
      N: ['f', 'k', 'm', 'p', 'v', 't', 'a', 'l', 'g', 'b', 'u'],
      A: ['0.4', '0.5', '1', '1.1', '2', '2.1', '3', '3.1', '3.5', '4', '4.1', '5.1'],
      I: ['0.9', '1', '2', '3', '4'],
    };
    for (const [vendor, gens] of Object.entries(codes)) {
      for (const g of gens) {
        for (const kind of ['G', 'g']) {
          const name = `SCS-8V-32_${kind}${vendor}${g}-16h-8h_ib`;
          const r = parseFlavorName(name);
          expect(r.status, name).toBe('valid');
          if (r.status === 'valid') {
            expect(r.flavor.gpu).toEqual({
              kind,
              vendor,
              generation: g,
              cu: 16,
              cuFreq: 'h',
              vram: 8,
              vramFreq: 'h',
            });
          }
        }
      }
    }
  });

  it('accepts every hypervisor of v3 and reads the flags', () => {
    for (const h of ['kvm', 'chy', 'xen', 'vmw', 'hyv', 'bms']) {
      const r = parseFlavorName(`SCS-2V-4_${h}_hwv_ib`);
      expect(r.status, h).toBe('valid');
      if (r.status === 'valid')
        expect(r.flavor).toMatchObject({ hypervisor: h, hwVirt: true, infiniband: true });
    }
  });

  it('reads every disk type', () => {
    for (const t of ['n', 'h', 's', 'p']) {
      const r = parseFlavorName(`SCS-2V-4-4x25${t}`);
      expect(r.status === 'valid' && r.flavor.disk).toEqual({ count: 4, sizeGB: 25, type: t });
    }
  });
});
