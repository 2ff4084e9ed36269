// gx:ServerFlavor mapping on tables of SCS flavor names (scs-0100-v3 tables and examples) with the expected gx values.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/artifacts/iaas.js';
import { mapFlavor, scsNameOf } from '../../src/gaiax/flavor.js';
import type { ParticipantConfig } from '../../src/gaiax/participant.js';
import { defaultFlavorNamingTables } from '../../src/flavor-name/index.js';

const sw = {
  copyrightOwnedBy: ['Someone'],
  license: ['GPL-2.0-only'],
  resourcePolicy: ['default: allow intent'],
};
const config = {
  participant: {},
  service: {},
  softwareResources: { kvm: sw, xen: sw, chy: sw, vmw: sw, hyv: sw },
} as unknown as ParticipantConfig;

function flavor(name: string, vcpus: number, ramMiB: number, disk = 0, extra: Partial<Flavor> = {}): Flavor {
  return { id: name, name, vcpus, ram: ramMiB, disk, extra_specs: {}, ...extra };
}

type Node = Record<string, unknown>;
const val = (x: unknown) => (x as { '@value': string } | undefined)?.['@value'];
const get = (n: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o as Node | undefined)?.[k], n);
const qty = (n: unknown) => val(get(n, 'qudt:quantityValue'));

function map(f: Flavor, cfg: ParticipantConfig = config) {
  return mapFlavor(f, { config: cfg, id: `urn:test:${f.name}` });
}

describe('CPU: type, oversubscription and SMT per cpu type (scs-0100 CPU suffixes)', () => {
  it.each([
    // name, vcpus, ratio, smtEnabled
    ['SCS-2C-4', 2, '1', false],
    ['SCS-2T-4', 2, '1', true],
    ['SCS-2V-4', 2, '5', undefined],
    ['SCS-2L-4', 2, undefined, undefined],
    ['SCS-2Li-4', 2, undefined, undefined],
  ] as const)('%s', (name, vcpus, ratio, smt) => {
    const { subject } = map(flavor(name, vcpus, 4096));
    expect(val(get(subject, 'gx:cpu', 'gx:vCPUs'))).toBe(String(vcpus));
    expect(get(subject, 'gx:cpu', 'gx:overProvisioningRatio', '@type')).toBe(
      ratio ? 'xsd:integer' : undefined,
    );
    expect(val(get(subject, 'gx:cpu', 'gx:overProvisioningRatio'))).toBe(ratio);
    expect(get(subject, 'gx:cpu', 'gx:pCPU', 'gx:smtEnabled')).toBe(smt);
    // no arch extension: generic x86-64
    expect(get(subject, 'gx:cpu', 'gx:pCPU', 'gx:cpuArchitecture')).toBe('x86-64');
  });

  it('L has no bound in the standard: a warning unless configured, then the configured ratio', () => {
    const warned = map(flavor('SCS-1L-1', 1, 1024));
    expect(warned.warnings.join()).toMatch(/crowdedCore/);
    const cfg = { ...config, flavors: { oversubscription: { crowdedCore: 16, sharedCore: 3 } } };
    expect(
      val(get(map(flavor('SCS-1L-1', 1, 1024), cfg).subject, 'gx:cpu', 'gx:overProvisioningRatio')),
    ).toBe('16');
    expect(
      val(get(map(flavor('SCS-1V-1', 1, 1024), cfg).subject, 'gx:cpu', 'gx:overProvisioningRatio')),
    ).toBe('3');
  });
});

describe('CPU vendor, generation and frequency (scs-0100 extension _arch[N][h])', () => {
  it.each([
    ['SCS-2C-4_i1', 'x86-64', 'Intel', 'Skylake', undefined],
    ['SCS-2C-4_i2', 'x86-64', 'Intel', 'Cascade Lake', undefined],
    ['SCS-2C-4_i3h', 'x86-64', 'Intel', 'Ice Lake', '2.75'],
    ['SCS-2C-4_i4hh', 'x86-64', 'Intel', 'Sapphire Rapids', '3.25'],
    ['SCS-2C-4_z2', 'x86-64', 'AMD', 'Zen-2 (Rome)', undefined],
    ['SCS-2C-4_z3hhh', 'x86-64', 'AMD', 'Zen-3 (Milan)', '3.75'],
    ['SCS-2C-4_z4', 'x86-64', 'AMD', 'Zen-4 (Genoa) or Zen-4c (Bergamo)', undefined],
    ['SCS-2C-4_z', 'x86-64', 'AMD', undefined, undefined],
    ['SCS-2C-4_a1', 'AArch-64', undefined, 'Cortex-A76/Neoverse-N1 class', undefined],
    ['SCS-2C-4_a2h', 'AArch-64', undefined, 'Cortex-A78/X1/Neoverse-V1 class', '2.75'],
    ['SCS-2C-4_r', 'RISC-V', undefined, undefined, undefined],
  ] as const)('%s', (name, arch, vendor, generation, ghz) => {
    const pcpu = get(map(flavor(name, 2, 4096)).subject, 'gx:cpu', 'gx:pCPU');
    expect(get(pcpu, 'gx:cpuArchitecture')).toBe(arch);
    expect(get(pcpu, 'gx:vendor')).toBe(vendor);
    expect(get(pcpu, 'gx:generation')).toBe(generation);
    expect(qty(get(pcpu, 'gx:baseFrequency'))).toBe(ghz);
    if (ghz) {
      expect(get(pcpu, 'gx:baseFrequency', 'type')).toBe('qk:Frequency');
      expect(get(pcpu, 'gx:baseFrequency', 'qudt:applicableUnit')).toBe('http://qudt.org/vocab/unit/GigaHZ');
    }
  });
});

describe('memory: size from the API, ECC and oversubscription from the name', () => {
  it.each([
    ['SCS-2V-4', 4096, '4', true, '1'],
    ['SCS-2V-3.5', 3584, '3.5', true, '1'],
    ['SCS-2V-4u', 4096, '4', false, '1'],
    ['SCS-2V-4o', 4096, '4', true, undefined],
    ['SCS-2V-4uo', 4096, '4', false, undefined],
  ] as const)('%s', (name, ram, gib, ecc, ratio) => {
    const mem = get(map(flavor(name, 2, ram)).subject, 'gx:memory');
    expect(get(mem, 'type')).toBe('gx:MemoryCapabilities');
    expect(qty(get(mem, 'gx:memory', 'gx:memorySize'))).toBe(gib);
    expect(get(mem, 'gx:memory', 'gx:memorySize', 'qudt:applicableUnit')).toBe(
      'http://qudt.org/vocab/unit/GibiBYTE',
    );
    expect(get(mem, 'gx:memory', 'gx:eccEnabled')).toBe(ecc);
    expect(val(get(mem, 'gx:overProvisioningRatio'))).toBe(ratio);
  });

  it('o with a configured ratio states it (float, at most 3 by the shape)', () => {
    const cfg = { ...config, flavors: { oversubscription: { memory: 1.5 } } };
    const mem = get(map(flavor('SCS-2V-4o', 2, 4096), cfg).subject, 'gx:memory');
    expect(get(mem, 'gx:overProvisioningRatio')).toEqual({ '@value': '1.5', '@type': 'xsd:float' });
  });
});

describe('disks: size from the API (GiB), type and count from the name', () => {
  it.each([
    // name, api disk, boot size, boot type, bus, additional count
    ['SCS-2V-4', 0, '0', undefined, undefined, 0],
    ['SCS-2V-4-10', 10, '10', undefined, undefined, 0],
    ['SCS-2C-4-10n', 10, '10', 'shared network storage', undefined, 0],
    ['SCS-2C-4-10h', 10, '10', 'local HDD', undefined, 0],
    ['SCS-2C-4-10s', 10, '10', 'local SSD', undefined, 0],
    ['SCS-2C-4-10p', 10, '10', 'local SSD', 'NVMe', 0],
    ['SCS-2C-4-n', 0, '0', 'shared network storage', undefined, 0],
    ['SCS-2C-4-3x10s', 10, '10', 'local SSD', undefined, 2],
    ['SCS-2C-4-2x50p', 50, '50', 'local SSD', 'NVMe', 1],
  ] as const)('%s', (name, disk, size, type, bus, extra) => {
    const s = map(flavor(name, 2, 4096, disk)).subject;
    const boot = get(s, 'gx:bootVolume');
    expect(get(boot, 'type')).toBe('gx:Disk');
    expect(qty(get(boot, 'gx:diskSize'))).toBe(size);
    expect(get(boot, 'gx:diskType')).toBe(type);
    expect(get(boot, 'gx:diskBusType')).toBe(bus);
    const add = (get(s, 'gx:additionalVolume') as unknown[] | undefined) ?? [];
    expect(add).toHaveLength(extra);
    for (const d of add) {
      expect(qty(get(d, 'gx:diskSize'))).toBe(size);
      expect(get(d, 'gx:diskType')).toBe(type);
    }
  });

  it("Nova's ephemeral disk becomes an additional volume", () => {
    const s = map(flavor('SCS-1V-2-20n', 1, 2048, 20, { ephemeral: 10 })).subject;
    expect(qty(get((s['gx:additionalVolume'] as unknown[])[0], 'gx:diskSize'))).toBe('10');
  });
});

describe('hypervisor and hardware-assisted virtualization', () => {
  it.each([
    ['SCS-2C-4', 'KVM'],
    ['SCS-2C-4_kvm', 'KVM'],
    ['SCS-2C-4_chy', 'Cloud Hypervisor'],
    ['SCS-2C-4_xen', 'Xen'],
    ['SCS-2C-4_vmw', 'ESXi'],
    ['SCS-2C-4_hyv', 'Hyper-V'],
    ['SCS-2C-4_bms', undefined],
  ] as const)('%s', (name, type) => {
    const s = map(flavor(name, 2, 4096)).subject;
    expect(get(s, 'gx:hypervisor', 'gx:hypervisorType')).toBe(type);
    if (type) {
      expect(get(s, 'gx:hypervisor', 'type')).toBe('gx:Hypervisor');
      expect(get(s, 'gx:hypervisor', 'gx:license')).toEqual(['GPL-2.0-only']);
      expect(get(s, 'gx:hypervisor', 'gx:copyrightOwnedBy')).toEqual([{ '@value': 'Someone' }]);
    }
  });

  it('without a software resource for the hypervisor it is left out with a warning', () => {
    const m = mapFlavor(flavor('SCS-2C-4_xen', 2, 4096), {
      config: { ...config, softwareResources: {} },
      id: 'urn:x',
    });
    expect(m.subject['gx:hypervisor']).toBeUndefined();
    expect(m.warnings.join()).toMatch(/softwareResources\.xen/);
  });

  it.each([
    ['SCS-2C-4_hwv', true],
    ['SCS-2C-4_kvm_hwv', true],
    ['SCS-2C-4_bms_hwv', true],
    ['SCS-2C-4', undefined],
  ] as const)('%s hwv', (name, hwv) => {
    expect(map(flavor(name, 2, 4096)).subject['gx:hardwareAssistedVirtualization']).toBe(hwv);
  });
});

describe('GPU variants (scs-0100 extension _G/gX[N][-M][h])', () => {
  it.each([
    ['SCS-16V-64-500s_GNa-14', true, 'Nvidia', 'Ampere', '14', undefined],
    ['SCS-16V-64-500s_GNa-14h', true, 'Nvidia', 'Ampere', '14', undefined],
    ['SCS-4C-16-2x200p_a1_gNl-24-48', false, 'Nvidia', 'Ada Lovelace', '24', '48'],
    ['SCS-8V-32_GNa', true, 'Nvidia', 'Ampere', undefined, undefined],
    ['SCS-8V-32_GN', true, 'Nvidia', undefined, undefined, undefined],
    ['SCS-8V-32_GA3-60', true, 'AMD', 'CDNA 3', '60', undefined],
    ['SCS-8V-32_gA3.1-48-20h', false, 'AMD', 'RDNA 3 (Navi 3x)', '48', '20'],
    ['SCS-8V-32_GI1-96', true, 'Intel', 'Xe (Gen12.1, DG1)', '96', undefined],
  ] as const)('%s', (name, passthrough, vendor, generation, cu, vram) => {
    const g = get(map(flavor(name, 8, 32768)).subject, 'gx:gpu');
    expect(get(g, 'type')).toBe('gx:GPU');
    expect(get(g, 'gx:gpuPassthrough')).toBe(passthrough);
    expect(get(g, 'gx:vendor')).toBe(vendor);
    expect(get(g, 'gx:generation')).toBe(generation);
    expect(val(get(g, 'gx:gpuProcessingUnits'))).toBe(cu);
    expect(qty(get(g, 'gx:gpuMemory'))).toBe(vram);
  });

  it('AMD generation 1 means RDNA 1 in a v2 name and CDNA 1 in a v3 name', () => {
    // v2 syntax and v3 share the separators; `_GA1` parses first as v3.
    expect(get(map(flavor('SCS-8V-32_GA1', 8, 32768)).subject, 'gx:gpu', 'gx:generation')).toBe('CDNA 1');
  });
});

describe('infiniband, insecure, names in extra specs, non-SCS names', () => {
  it('_ib says Infiniband networking', () => {
    expect(map(flavor('SCS-2C-4_ib', 2, 4096)).subject['gx:network']).toBe('Infiniband');
    expect(map(flavor('SCS-2C-4', 2, 4096)).subject['gx:network']).toBeUndefined();
  });

  it('i (insecure) is told in the description', () => {
    expect(map(flavor('SCS-2Vi-4', 2, 4096)).subject.description).toMatch(/insecure/);
  });

  it('a non-SCS flavor name uses the SCS name from scs:name-v2', () => {
    const f = flavor('m1.small', 1, 2048, 20, { extra_specs: { 'scs:name-v2': 'SCS-1V-2-20s' } });
    const m = map(f);
    expect(m.scsName).toBe('SCS-1V-2-20s');
    expect(m.subject.name).toBe('m1.small');
    expect(get(m.subject, 'gx:bootVolume', 'gx:diskType')).toBe('local SSD');
    expect(m.subject.description).toMatch(/SCS name SCS-1V-2-20s/);
  });

  it('a v1 name (colon syntax) in scs:name-v1 parses too', () => {
    expect(
      scsNameOf(
        flavor('x', 2, 4096, 0, { extra_specs: { 'scs:name-v1': 'SCS-2V:4' } }),
        defaultFlavorNamingTables(),
      )?.syntax,
    ).toBe('v1');
  });

  it('without any SCS name only the API numbers are described', () => {
    const m = map(flavor('m1.large', 4, 8192, 40));
    expect(m.scsName).toBeUndefined();
    expect(get(m.subject, 'gx:cpu', 'gx:overProvisioningRatio')).toBeUndefined();
    expect(get(m.subject, 'gx:cpu', 'gx:pCPU')).toEqual({ type: 'gx:CPU' });
    expect(get(m.subject, 'gx:memory', 'gx:memory', 'gx:eccEnabled')).toBeUndefined();
    expect(qty(get(m.subject, 'gx:bootVolume', 'gx:diskSize'))).toBe('40');
    expect(m.subject['gx:hypervisor']).toBeUndefined();
  });

  it('a broken SCS name is reported and described by numbers only', () => {
    const m = map(flavor('SCS-2iT-4', 2, 4096));
    expect(m.scsName).toBeUndefined();
    expect(m.warnings.join()).toMatch(/does not parse/);
  });

  it('the flavor description of Nova wins over the generated prose', () => {
    expect(map(flavor('SCS-2V-4', 2, 4096, 0, { description: 'General purpose' })).subject.description).toBe(
      'General purpose',
    );
  });
});
