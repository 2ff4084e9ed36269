// Parsing entry points: one syntax version (parseFlavorName) and the testcase policy across versions (checkFlavorName).
import { DEVIATION } from './deviations.js';
import { formatFlavorName } from './format.js';
import { tokenizeStandard } from './grammar.js';
import {
  type FlavorName,
  type FlavorNameIssue,
  formatIssue,
  type JudgeMode,
  type ParseResult,
  type SyntaxVersion,
} from './model.js';
import { IssueFound, newContext } from './raw.js';
import { tokenizeReference } from './reference-grammar.js';
import { type FlavorNamingTables, resolveTables } from './tables.js';
import { validateRaw } from './validate.js';

export interface ParseOptions {
  /** Syntax version to parse with (default v3). */
  syntax?: SyntaxVersion;
  /** Rules to follow where text and reference parser differ (default standard). */
  profile?: JudgeMode;
  /** Naming tables (default: the package's standards/data file); validated when injected. */
  tables?: unknown;
}

/** Whether a name claims to be an SCS flavor name (exact, case-sensitive prefix). */
export function isScsName(name: string, tables?: unknown): boolean {
  return name.startsWith(resolveTables(tables).prefix);
}

/** Parse `input` under one syntax version. Never throws for bad names; the result says what is wrong. */
export function parseFlavorName(input: string, options: ParseOptions = {}): ParseResult {
  const tables = resolveTables(options.tables);
  return parseWith(input, options.syntax ?? 'v3', options.profile ?? 'standard', tables);
}

function parseWith(
  input: string,
  syntax: SyntaxVersion,
  profile: JudgeMode,
  tables: FlavorNamingTables,
): ParseResult {
  if (!input.startsWith(tables.prefix)) return { status: 'not-scs', input };
  const ctx = newContext();
  try {
    const raw =
      profile === 'reference'
        ? tokenizeReference(input, syntax, tables)
        : tokenizeStandard(input, syntax, tables, ctx);
    const flavor = validateRaw(raw, syntax, profile, tables, ctx);
    return {
      status: 'valid',
      input,
      syntax,
      flavor,
      warnings: ctx.warnings,
      deviations: [...ctx.deviations],
    };
  } catch (err) {
    if (!(err instanceof IssueFound)) throw err;
    if (err.issue.deviation) ctx.deviations.add(err.issue.deviation);
    return {
      status: 'invalid',
      input,
      syntax,
      error: err.issue,
      warnings: ctx.warnings,
      deviations: [...ctx.deviations],
    };
  }
}

/** Verdict on one name under the testcase policy (or under one syntax version when asked). */
export interface NameVerdict {
  input: string;
  verdict: 'valid' | 'invalid' | 'not-scs';
  /** The syntax version the name follows (undefined when it follows none, or is not an SCS name). */
  syntax?: SyntaxVersion;
  /** The name follows only a deprecated syntax (v2/v1), not v3. */
  tolerated?: boolean;
  /** Why the name is invalid or only tolerated, in one line. */
  reason?: string;
  /** The first error under the syntax that was checked (v3 unless `syntax` was asked). */
  error?: FlavorNameIssue;
  warnings: FlavorNameIssue[];
  flavor?: FlavorName;
  /** For names in an old syntax: the v3 spelling to rename to, when v3 can express it. */
  suggestion?: string;
  /** Deviations from the reference parser this name touches. */
  deviations: string[];
}

export interface CheckOptions extends ParseOptions {
  /**
   * Check under exactly this syntax version. Without it the testcase policy applies: v3 decides; names that
   * only follow v2/v1 are reported as such (invalid in the standard profile, tolerated in the reference profile).
   */
  syntax?: SyntaxVersion;
}

const TOLERATED_ORDER: readonly SyntaxVersion[] = ['v2', 'v1'];

export function checkFlavorName(input: string, options: CheckOptions = {}): NameVerdict {
  const tables = resolveTables(options.tables);
  const profile = options.profile ?? 'standard';
  if (options.syntax) {
    const r = parseWith(input, options.syntax, profile, tables);
    return verdictOf(r);
  }
  const v3 = parseWith(input, 'v3', profile, tables);
  if (v3.status !== 'invalid') return verdictOf(v3);
  // Deviations met on the way also explain a differing verdict (e.g. a v1 name with a value only v3 knows).
  const touched = new Set(v3.deviations);
  for (const old of TOLERATED_ORDER) {
    const r = parseWith(input, old, profile, tables);
    if (r.status === 'not-scs') continue;
    r.deviations.forEach((d) => touched.add(d));
    if (r.status !== 'valid') continue;
    // Suggest the v3 spelling only when v3 accepts it (v3 cannot express every v1/v2 name).
    const candidate = formatFlavorName(r.flavor, 'v3', tables);
    const suggestion = parseWith(candidate, 'v3', profile, tables).status === 'valid' ? candidate : undefined;
    const status = tables.syntaxes.find((s) => s.version === old);
    const since = status?.deprecatedAt ? ` since ${status.deprecatedAt}` : '';
    const rename = `; rename it to ${suggestion}`;
    const deviations = [...new Set([...touched, DEVIATION.oldSyntaxNotTolerated])];
    if (profile === 'reference') {
      return {
        input,
        verdict: 'valid',
        syntax: old,
        tolerated: true,
        reason: `Name is merely tolerated ${old}`,
        warnings: [...r.warnings],
        flavor: r.flavor,
        suggestion,
        deviations,
      };
    }
    return {
      input,
      verdict: 'invalid',
      syntax: old,
      tolerated: true,
      // With a v3 spelling at hand the v3 error only restates the old separators; without one it says what to fix.
      reason: suggestion
        ? `follows the ${old} syntax, deprecated${since}, not v3${rename}`
        : `not valid v3 (${formatIssue(v3.error)}); it follows the ${old} syntax, deprecated${since}`,
      error: v3.error,
      warnings: [...r.warnings],
      flavor: r.flavor,
      suggestion,
      deviations,
    };
  }
  return { ...verdictOf(v3), deviations: [...touched] };
}

function verdictOf(r: ParseResult): NameVerdict {
  if (r.status === 'not-scs') return { input: r.input, verdict: 'not-scs', warnings: [], deviations: [] };
  if (r.status === 'valid') {
    return {
      input: r.input,
      verdict: 'valid',
      syntax: r.syntax,
      warnings: r.warnings,
      flavor: r.flavor,
      deviations: r.deviations,
    };
  }
  return {
    input: r.input,
    verdict: 'invalid',
    reason: `not valid ${r.syntax}: ${formatIssue(r.error)}`,
    error: r.error,
    warnings: r.warnings,
    deviations: r.deviations,
  };
}
