// Converts names between the syntax versions and produces canonical short names, refusing what a target cannot express.
import {
  type FlavorName,
  FlavorNameError,
  formatIssue,
  type JudgeMode,
  type SyntaxVersion,
} from './model.js';
import { formatFlavorName } from './format.js';
import { checkFlavorName, parseFlavorName } from './parser.js';
import { shortenFlavor } from './shorten.js';
import { type FlavorNamingTables, resolveTables } from './tables.js';

export interface ConvertOptions {
  /** Syntax of the input; default: detected (v3, then v2, then v1). */
  from?: SyntaxVersion;
  profile?: JudgeMode;
  tables?: unknown;
}

export interface Conversion {
  input: string;
  from: SyntaxVersion;
  to: SyntaxVersion;
  output: string;
  /** E.g. a code whose meaning differs between the versions. */
  warnings: string[];
}

/** Parse a name, trying the given syntax or v3, v2, v1 in turn; throws FlavorNameError when it is not valid. */
export function parseAny(
  input: string,
  options: ConvertOptions = {},
): { flavor: FlavorName; syntax: SyntaxVersion; tables: FlavorNamingTables } {
  const tables = resolveTables(options.tables);
  const profile = options.profile ?? 'standard';
  if (options.from) {
    const r = parseFlavorName(input, { syntax: options.from, profile, tables });
    if (r.status === 'valid') return { flavor: r.flavor, syntax: r.syntax, tables };
    if (r.status === 'not-scs')
      throw new FlavorNameError(`${input}: not an SCS flavor name (no ${tables.prefix} prefix)`);
    throw new FlavorNameError(`${input}: not valid ${options.from}: ${formatIssue(r.error)}`, r.error);
  }
  for (const syntax of ['v3', 'v2', 'v1'] as const) {
    const r = parseFlavorName(input, { syntax, profile, tables });
    if (r.status === 'valid') return { flavor: r.flavor, syntax, tables };
    if (r.status === 'not-scs')
      throw new FlavorNameError(`${input}: not an SCS flavor name (no ${tables.prefix} prefix)`);
  }
  const v = checkFlavorName(input, { syntax: 'v3', profile, tables });
  throw new FlavorNameError(`${input}: ${v.reason ?? 'not a valid flavor name'}`, v.error);
}

/** Convert `input` to the `to` syntax; the result is re-parsed under `to` so values the target lacks are refused. */
export function convertFlavorName(
  input: string,
  to: SyntaxVersion,
  options: ConvertOptions = {},
): Conversion {
  const { flavor, syntax: from, tables } = parseAny(input, options);
  const output = formatFlavorName(flavor, to, tables);
  const check = parseFlavorName(output, { syntax: to, profile: options.profile ?? 'standard', tables });
  if (check.status !== 'valid') {
    const why = check.status === 'invalid' ? formatIssue(check.error) : 'not an SCS name';
    throw new FlavorNameError(
      `${input}: cannot be expressed in ${to}: ${why}`,
      check.status === 'invalid' ? check.error : undefined,
    );
  }
  return { input, from, to, output, warnings: meaningChanges(flavor, from, to, tables) };
}

/** Canonical short name of `input`, written in the syntax the input uses (or `to`). */
export function shortenFlavorName(
  input: string,
  options: ConvertOptions & { to?: SyntaxVersion } = {},
): string {
  const { flavor, syntax, tables } = parseAny(input, options);
  return formatFlavorName(shortenFlavor(flavor, tables), options.to ?? syntax, tables);
}

function meaningChanges(
  flavor: FlavorName,
  from: SyntaxVersion,
  to: SyntaxVersion,
  tables: FlavorNamingTables,
): string[] {
  const warnings: string[] = [];
  if (flavor.gpu?.generation !== undefined) {
    const vendor = tables.gpuVendors.find((v) => v.code === flavor.gpu?.vendor);
    const entries = vendor?.generations.filter((g) => g.code === flavor.gpu?.generation) ?? [];
    const inFrom = entries.find((e) => e.versions.includes(from));
    const inTo = entries.find((e) => e.versions.includes(to));
    if (vendor && inFrom && inTo && inFrom.name !== inTo.name) {
      warnings.push(
        `${vendor.name} GPU generation '${flavor.gpu.generation}' means ${inFrom.name} in ${from} but ${inTo.name} in ${to}`,
      );
    }
  }
  return warnings;
}
