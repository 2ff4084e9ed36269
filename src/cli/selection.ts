// The selection flags shared by compile, run and evaluate, and their translation into compile options.
import type { Command } from 'commander';
import { StandardsError } from '../standards/errors.js';
import { checkDate } from '../standards/timeline.js';
import { testsMatcher } from '../standards/compile.js';
import { UsageError } from '../core/errors.js';

export interface SelectionFlags {
  date?: string;
  version?: string;
  tests?: string;
  sections?: string;
  assign?: string[];
  extensions?: boolean;
}

export function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('-d, --date <YYYY-MM-DD>', 'reference date for choosing versions (default: today, UTC)')
    .option('-V, --version <version>', 'force one version (runs it even when the timeline does not list it)')
    .option(
      '-t, --tests <regex>',
      'only testcases whose id matches (anchored at the start, like the reference)',
    )
    .option('-S, --sections <list>', 'only testcases whose section is in this comma-separated list')
    .option('-a, --assign <key=value>', 'assign a scope variable (repeatable)', collect, [])
    .option('--no-extensions', "leave out scs-cert's advisory testcases beyond the scope's targets");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface ResolvedSelection {
  referenceDate: string;
  forcedVersion?: string;
  tests?: string;
  sections?: string[];
  assignment: Record<string, string>;
  extensions: boolean;
}

export function resolveSelection(flags: SelectionFlags, now: Date = new Date()): ResolvedSelection {
  let referenceDate: string;
  try {
    referenceDate = flags.date !== undefined ? checkDate(flags.date) : todayUtc(now);
  } catch (err) {
    throw new UsageError(`--date: ${(err as Error).message}`);
  }
  if (flags.tests !== undefined) {
    try {
      testsMatcher(flags.tests);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const assignment: Record<string, string> = {};
  for (const a of flags.assign ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`-a '${a}': write assignments as key=value`);
    const key = a.slice(0, eq).trim();
    if (key in assignment) throw new UsageError(`-a: variable '${key}' assigned twice`);
    assignment[key] = a.slice(eq + 1);
  }
  const sections = flags.sections
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    referenceDate,
    ...(flags.version !== undefined && { forcedVersion: flags.version }),
    ...(flags.tests !== undefined && { tests: flags.tests }),
    ...(sections !== undefined && { sections }),
    assignment,
    extensions: flags.extensions !== false,
  };
}

/** Run a standards operation, turning its errors into one-line usage errors. */
export function standardsOp<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StandardsError || (err instanceof Error && /^invalid /.test(err.message))) {
      throw new UsageError(err.message);
    }
    throw err;
  }
}
