// The scs-0100 naming tables as data: their types, the loader (YAML from standards/data) and version-aware lookups.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../core/version.js';
import type { JudgeMode, SyntaxVersion } from './model.js';

export const FLAVOR_NAMING_DATA_ID = 'scs-0100-flavor-naming';

/** An entry some syntax versions know (and the reference parser possibly others). */
export interface Versioned {
  versions: SyntaxVersion[];
  /** Versions in which the reference parser accepts the entry, when different from `versions`. */
  reference?: SyntaxVersion[];
}

export interface SyntaxInfo {
  version: SyntaxVersion;
  status: 'draft' | 'stable' | 'deprecated';
  text: string;
  since: string;
  deprecatedAt?: string;
  mainSeparator: string;
  extensionSeparator: string;
}

export interface CpuTypeEntry {
  code: string;
  key: string;
  name: string;
  singular: string;
  plural: string;
  oversubscription: string;
}

export interface FlagEntry {
  code: string;
  name: string;
  meaning: string;
}

export interface RamFlagEntry extends FlagEntry {
  key: string;
}

export interface DiskTypeEntry extends Versioned {
  code: string;
  key: string;
  name: string;
  short: string;
}

export interface HypervisorEntry extends Versioned {
  code: string;
  name: string;
  default?: boolean;
}

export interface CpuGenerationEntry extends Versioned {
  code: number;
  name: string;
}

export interface CpuVendorEntry {
  code: string;
  name: string;
  architecture: string;
  imageArchitecture?: string;
  generations: CpuGenerationEntry[];
}

export interface CpuFrequencyEntry {
  code: string;
  name: string;
  meaning: string;
  minGHz: number;
}

export interface GpuKindEntry {
  code: string;
  key: string;
  name: string;
}

export interface GpuGenerationEntry extends Versioned {
  code: string;
  name: string;
}

export interface GpuVendorEntry {
  code: string;
  name: string;
  units: string;
  unitsShort: string;
  generations: GpuGenerationEntry[];
}

export interface SuffixEntry extends Versioned {
  code: string;
  name: string;
}

export interface FlavorNamingTables {
  id: typeof FLAVOR_NAMING_DATA_ID;
  prefix: string;
  syntaxes: SyntaxInfo[];
  cpu: { types: CpuTypeEntry[]; insecure: FlagEntry };
  ram: { unit: 'GiB'; stepGiB: number; discourageHalfFromGiB: number; flags: RamFlagEntry[] };
  disk: { unit: 'GB'; types: DiskTypeEntry[] };
  hypervisors: HypervisorEntry[];
  hardwareVirtualization: FlagEntry;
  cpuVendors: CpuVendorEntry[];
  cpuGenerationZero: { recommendation: string };
  cpuFrequencies: CpuFrequencyEntry[];
  gpuKinds: GpuKindEntry[];
  gpuVendors: GpuVendorEntry[];
  gpuFrequencies: SuffixEntry[];
  gpuVram: Versioned & { bandwidths: SuffixEntry[] };
  infiniband: { code: string; name: string };
}

export const FLAVOR_NAMING_DATA_FILE = join(
  PACKAGE_ROOT,
  'standards',
  'data',
  `${FLAVOR_NAMING_DATA_ID}.yaml`,
);
export const FLAVOR_NAMING_SCHEMA_FILE = join(
  PACKAGE_ROOT,
  'schemas',
  'data',
  `${FLAVOR_NAMING_DATA_ID}.schema.json`,
);

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(FLAVOR_NAMING_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    validator = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

// Injected tables are checked once per object, not on every use.
const checked = new WeakSet<object>();

/** Check that `data` (e.g. `ctx.data['scs-0100-flavor-naming']`) holds valid naming tables; throws with the cause. */
export function asFlavorNamingTables(data: unknown, source = FLAVOR_NAMING_DATA_ID): FlavorNamingTables {
  if (typeof data === 'object' && data !== null && checked.has(data)) return data as FlavorNamingTables;
  const validate = schemaValidator();
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'unknown problem';
    throw new Error(
      `${source}: the flavor-naming tables do not match schemas/data/${FLAVOR_NAMING_DATA_ID}.schema.json (${where})`,
    );
  }
  checked.add(data as object);
  return data as FlavorNamingTables;
}

/** Read and validate the tables from a YAML file (default: the package's standards/data file). */
export function loadFlavorNamingTables(file: string = FLAVOR_NAMING_DATA_FILE): FlavorNamingTables {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the flavor-naming tables ${file}: ${(err as Error).message}`);
  }
  return asFlavorNamingTables(parseYaml(text) as unknown, file);
}

let defaults: FlavorNamingTables | undefined;
/** The package's tables, read once. */
export function defaultFlavorNamingTables(): FlavorNamingTables {
  defaults ??= loadFlavorNamingTables();
  return defaults;
}

/** Tables to use: injected ones (validated) or the package's. */
export function resolveTables(tables?: unknown): FlavorNamingTables {
  return tables === undefined ? defaultFlavorNamingTables() : asFlavorNamingTables(tables);
}

/** Whether an entry is known in `version` under `profile`. */
export function knownIn(entry: Versioned, version: SyntaxVersion, profile: JudgeMode): boolean {
  const list = profile === 'reference' ? (entry.reference ?? entry.versions) : entry.versions;
  return list.includes(version);
}

/** The separators of a syntax version. */
export function syntaxInfo(tables: FlavorNamingTables, version: SyntaxVersion): SyntaxInfo {
  const info = tables.syntaxes.find((s) => s.version === version);
  if (!info) throw new Error(`${FLAVOR_NAMING_DATA_ID}: no syntax entry for ${version}`);
  return info;
}
