// Maps a Nova flavor (numbers from the API, qualities from its SCS name) to a gx:ServerFlavor subject (25.11 shapes).
import type { Flavor } from '../artifacts/iaas.js';
import {
  describeFlavor,
  parseFlavorName,
  type FlavorName,
  type FlavorNamingTables,
  type SyntaxVersion,
  resolveTables,
} from '../flavor-name/index.js';
import type { ParticipantConfig, SoftwareResource } from './participant.js';
import {
  compact,
  frequency,
  licenseValue,
  memorySize,
  plainString,
  UNIT,
  xsdFloat,
  xsdInteger,
  type JsonLdNode,
} from './vocab.js';

/** gx:diskType for the scs-0100 disk type codes. */
export const DISK_TYPE: Record<string, { diskType: string; diskBusType?: string }> = {
  n: { diskType: 'shared network storage' },
  h: { diskType: 'local HDD' },
  s: { diskType: 'local SSD' },
  // NVMe drives are solid-state; the bus says NVMe.
  p: { diskType: 'local SSD', diskBusType: 'NVMe' },
};

/** gx:hypervisorType for the scs-0100 hypervisor codes (`bms` has none: bare metal). */
export const HYPERVISOR_TYPE: Record<string, string> = {
  kvm: 'KVM',
  chy: 'Cloud Hypervisor',
  xen: 'Xen',
  vmw: 'ESXi',
  hyv: 'Hyper-V',
};

/** gx:cpuArchitecture for the scs-0100 CPU vendor codes; no code means generic x86-64 (scs-0100-v3). */
export const CPU_ARCHITECTURE: Record<string, string> = {
  i: 'x86-64',
  z: 'x86-64',
  a: 'AArch-64',
  r: 'RISC-V',
};

/** V: "limiting vCPU oversubscription to 5x per core" (scs-0100-v3, CPU suffixes). */
export const SHARED_CORE_MAX_RATIO = 5;

/** extra_specs that may carry an SCS name when the flavor's own name is not one (scs-0103). */
const NAME_SPECS = ['scs:name-v3', 'scs:name-v2', 'scs:name-v1'];

export interface FlavorMapping {
  subject: JsonLdNode;
  /** The SCS name the qualities were read from (undefined: none, only the API numbers were used). */
  scsName?: string;
  syntax?: SyntaxVersion;
  warnings: string[];
}

export interface FlavorMapOptions {
  config: ParticipantConfig;
  /** Subject id (an IRI). */
  id: string;
  tables?: FlavorNamingTables;
}

/** The SCS name a flavor carries: its own name, else an `scs:name-vN` extra spec that parses. */
export function scsNameOf(
  flavor: Flavor,
  tables: FlavorNamingTables,
): { name: string; parsed: FlavorName; syntax: SyntaxVersion } | undefined {
  const candidates = [flavor.name, ...NAME_SPECS.map((k) => flavor.extra_specs?.[k])];
  for (const name of candidates) {
    if (typeof name !== 'string') continue;
    for (const syntax of ['v3', 'v2', 'v1'] as const) {
      const r = parseFlavorName(name, { syntax, tables });
      if (r.status === 'valid') return { name, parsed: r.flavor, syntax };
      if (r.status === 'not-scs') break;
    }
  }
  return undefined;
}

/** Builds the gx:ServerFlavor subject for one flavor. */
export function mapFlavor(flavor: Flavor, opts: FlavorMapOptions): FlavorMapping {
  const tables = opts.tables ?? resolveTables();
  const warnings: string[] = [];
  const scs = scsNameOf(flavor, tables);
  const f = scs?.parsed;
  if (!scs && flavor.name.startsWith(tables.prefix))
    warnings.push(
      `flavor ${flavor.name}: the name does not parse as an SCS name; only the API's numbers are described`,
    );
  const over = opts.config.flavors?.oversubscription ?? {};

  const cpu: JsonLdNode = { type: 'gx:CpuCapabilities', 'gx:vCPUs': xsdInteger(flavor.vcpus) };
  const ratio = f ? cpuRatio(f, over, flavor.name, warnings) : undefined;
  if (ratio !== undefined) cpu['gx:overProvisioningRatio'] = xsdInteger(ratio);
  cpu['gx:pCPU'] = physicalCpu(f, tables);

  const memory: JsonLdNode = compact({
    type: 'gx:Memory',
    'gx:memorySize': memorySize(flavor.ram / 1024, UNIT.GibiBYTE),
    'gx:eccEnabled': f ? !f.ramNoEcc : undefined,
  });
  const memCaps: JsonLdNode = { type: 'gx:MemoryCapabilities', 'gx:memory': memory };
  if (f) {
    if (!f.ramOversubscribed) memCaps['gx:overProvisioningRatio'] = xsdFloat(1);
    else if (over.memory !== undefined) memCaps['gx:overProvisioningRatio'] = xsdFloat(over.memory);
    else
      warnings.push(
        `flavor ${flavor.name}: memory is oversubscribed (o) but flavors.oversubscription.memory is not configured; the ratio is left out`,
      );
  }

  const subject: JsonLdNode = {
    id: opts.id,
    type: 'gx:ServerFlavor',
    name: flavor.name,
    description: flavorDescription(flavor, scs, tables),
    'gx:cpu': cpu,
    'gx:memory': memCaps,
    ...(f?.gpu && scs && { 'gx:gpu': gpu(f.gpu, tables, scs.syntax) }),
    ...(f?.infiniband && { 'gx:network': 'Infiniband' }),
    'gx:bootVolume': bootVolume(flavor, f),
  };
  const extra = additionalVolumes(flavor, f);
  if (extra.length) subject['gx:additionalVolume'] = extra;
  const hyp = f ? hypervisor(f, opts.config, flavor.name, warnings) : undefined;
  if (hyp) subject['gx:hypervisor'] = hyp;
  if (f?.hwVirt) subject['gx:hardwareAssistedVirtualization'] = true;
  const out: FlavorMapping = { subject, warnings };
  if (scs) {
    out.scsName = scs.name;
    out.syntax = scs.syntax;
  }
  return out;
}

function cpuRatio(
  f: FlavorName,
  over: { sharedCore?: number; crowdedCore?: number },
  name: string,
  warnings: string[],
): number | undefined {
  switch (f.cpuType) {
    case 'C':
    case 'T':
      return 1;
    case 'V':
      return over.sharedCore ?? SHARED_CORE_MAX_RATIO;
    case 'L':
      if (over.crowdedCore !== undefined) return over.crowdedCore;
      warnings.push(
        `flavor ${name}: heavily oversubscribed vCPUs (L) have no upper bound in scs-0100; set flavors.oversubscription.crowdedCore to state the ratio`,
      );
      return undefined;
  }
}

function physicalCpu(f: FlavorName | undefined, tables: FlavorNamingTables): JsonLdNode {
  const cpu: JsonLdNode = { type: 'gx:CPU' };
  if (!f) return cpu;
  const brand = f.cpuBrand;
  cpu['gx:cpuArchitecture'] = brand ? (CPU_ARCHITECTURE[brand.vendor] ?? 'Other') : 'x86-64';
  if (brand) {
    const vendor = tables.cpuVendors.find((v) => v.code === brand.vendor);
    // `a` and `r` name an architecture, not a manufacturer.
    if (vendor && (brand.vendor === 'i' || brand.vendor === 'z')) cpu['gx:vendor'] = vendor.name;
    if (brand.generation !== undefined && vendor) {
      const gen = vendor.generations.find((g) => g.code === brand.generation);
      if (gen) cpu['gx:generation'] = gen.name;
    }
    const freq = tables.cpuFrequencies.find((x) => x.code === brand.frequency);
    if (freq) cpu['gx:baseFrequency'] = frequency(freq.minGHz);
  }
  // T: the vCPU is one hyperthread of an SMT core; C: a whole core, no sibling thread shared.
  if (f.cpuType === 'T') cpu['gx:smtEnabled'] = true;
  else if (f.cpuType === 'C') cpu['gx:smtEnabled'] = false;
  return cpu;
}

function disk(sizeGiB: number, type: string | undefined): JsonLdNode {
  const d: JsonLdNode = { type: 'gx:Disk', 'gx:diskSize': memorySize(sizeGiB, UNIT.GibiBYTE) };
  const t = type ? DISK_TYPE[type] : undefined;
  if (t) {
    d['gx:diskType'] = t.diskType;
    if (t.diskBusType) d['gx:diskBusType'] = t.diskBusType;
  }
  return d;
}

/** Root disk: Nova's size (GiB; 0 = no root disk, boot from a volume), the name's type. */
function bootVolume(flavor: Flavor, f: FlavorName | undefined): JsonLdNode {
  return disk(flavor.disk, f?.disk?.type);
}

/** `Mx` disks beyond the first (same size and type), else Nova's ephemeral disk. */
function additionalVolumes(flavor: Flavor, f: FlavorName | undefined): JsonLdNode[] {
  const d = f?.disk;
  if (d && d.count > 1) {
    const size = d.sizeGB ?? flavor.disk;
    return Array.from({ length: d.count - 1 }, () => disk(size, d.type));
  }
  if (flavor.ephemeral && flavor.ephemeral > 0) return [disk(flavor.ephemeral, undefined)];
  return [];
}

function gpu(
  g: NonNullable<FlavorName['gpu']>,
  tables: FlavorNamingTables,
  syntax: SyntaxVersion,
): JsonLdNode {
  const vendor = tables.gpuVendors.find((v) => v.code === g.vendor);
  const node: JsonLdNode = { type: 'gx:GPU', 'gx:gpuPassthrough': g.kind === 'G' };
  if (vendor) node['gx:vendor'] = vendor.name;
  if (g.generation !== undefined && vendor) {
    const same = vendor.generations.filter((x) => x.code === g.generation);
    // AMD `1` is RDNA 1 in v1/v2 and CDNA 1 in v3: take the meaning of the syntax the name was written in.
    const gen = same.find((x) => x.versions.includes(syntax)) ?? same[0];
    if (gen) node['gx:generation'] = gen.name;
  }
  if (g.cu !== undefined && g.cu >= 1) node['gx:gpuProcessingUnits'] = xsdInteger(g.cu);
  if (g.vram !== undefined && g.vram > 0) node['gx:gpuMemory'] = memorySize(g.vram, UNIT.GibiBYTE);
  return node;
}

/** The name's hypervisor (KVM when not stated, as scs-0100 assumes), with copyright/licence from the config. */
function hypervisor(
  f: FlavorName,
  config: ParticipantConfig,
  name: string,
  warnings: string[],
): JsonLdNode | undefined {
  const code = f.hypervisor ?? 'kvm';
  const type = HYPERVISOR_TYPE[code];
  if (!type) return undefined; // bms: no hypervisor
  const sw = config.softwareResources?.[code];
  if (!sw) {
    warnings.push(
      `flavor ${name}: no softwareResources.${code} (copyright owner, licence, policy) in the participant config; gx:hypervisor is left out`,
    );
    return undefined;
  }
  return softwareNode('gx:Hypervisor', sw, { 'gx:hypervisorType': type, name: sw.name ?? type });
}

/** Copyright, licence and policy of a software resource (hypervisor, operating system). */
export function softwareNode(type: string, sw: SoftwareResource, extra: JsonLdNode): JsonLdNode {
  return {
    type,
    ...extra,
    'gx:copyrightOwnedBy': sw.copyrightOwnedBy.map(plainString),
    'gx:license': sw.license.map(licenseValue),
    'gx:resourcePolicy': sw.resourcePolicy,
  };
}

function flavorDescription(
  flavor: Flavor,
  scs: { name: string; parsed: FlavorName; syntax: SyntaxVersion } | undefined,
  tables: FlavorNamingTables,
): string {
  if (flavor.description) return flavor.description;
  if (scs) {
    const prose = describeFlavor(scs.parsed, scs.syntax, tables);
    return scs.name === flavor.name ? prose : `${prose} (SCS name ${scs.name})`;
  }
  return `${flavor.vcpus} vCPUs, ${flavor.ram / 1024} GiB RAM, ${flavor.disk > 0 ? `${flavor.disk} GiB root disk` : 'no root disk'}`;
}
