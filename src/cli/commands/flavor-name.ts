// `scs-cert flavor-name check|describe|convert|shorten NAME...`: the scs-0100 naming library on the command line.
import type { Command } from 'commander';
import type { CommandRegistration } from '../command-registration.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import {
  checkFlavorName,
  convertFlavorName,
  describeFlavor,
  FlavorNameError,
  formatIssue,
  type JudgeMode,
  parseAny,
  shortenFlavorName,
  SYNTAX_VERSIONS,
  type SyntaxVersion,
} from '../../flavor-name/index.js';

interface CommonOptions {
  syntax?: string;
  json?: boolean;
  judge?: string;
}

function syntaxOption(value: string | undefined, option = '--syntax'): SyntaxVersion | undefined {
  if (value === undefined) return undefined;
  if ((SYNTAX_VERSIONS as readonly string[]).includes(value)) return value as SyntaxVersion;
  throw new UsageError(`${option} must be one of ${SYNTAX_VERSIONS.join(', ')} (got '${value}')`);
}

function judgeOption(value: string | undefined): JudgeMode {
  if (value === undefined || value === 'standard') return 'standard';
  if (value === 'reference') return 'reference';
  throw new UsageError(`--judge must be standard or reference (got '${value}')`);
}

function line(io: CliIO, json: boolean | undefined, record: Record<string, unknown>, text: string): void {
  io.stdout(json ? `${JSON.stringify(record)}\n` : `${text}\n`);
}

/** A name that cannot be converted/shortened: a JSON record on stdout, or a line on stderr. */
function failure(
  io: CliIO,
  json: boolean | undefined,
  record: Record<string, unknown>,
  message: string,
): void {
  if (json) io.stdout(`${JSON.stringify(record)}\n`);
  else io.stderr(`scs-cert: ${message}\n`);
}

function check(io: CliIO, names: string[], opts: CommonOptions): number {
  const syntax = syntaxOption(opts.syntax);
  const profile = judgeOption(opts.judge);
  let invalid = 0;
  for (const name of names) {
    const v = checkFlavorName(name, { syntax, profile });
    if (v.verdict === 'invalid') invalid++;
    const record: Record<string, unknown> = { name, verdict: v.verdict };
    if (v.syntax) record.syntax = v.syntax;
    if (v.tolerated) record.tolerated = true;
    if (v.reason) record.reason = v.reason;
    if (v.error) {
      record.error = {
        component: v.error.component,
        code: v.error.code,
        message: v.error.message,
        ...(v.error.expected ? { expected: v.error.expected } : {}),
      };
    }
    if (v.suggestion) record.suggestion = v.suggestion;
    if (v.warnings.length) record.warnings = v.warnings.map(formatIssue);
    let text: string;
    if (v.verdict === 'not-scs') text = `${name}: not an SCS flavor name (it does not start with SCS-)`;
    else if (v.verdict === 'valid')
      text = `${name}: valid${v.syntax ? ` (${v.syntax}${v.tolerated ? ', merely tolerated' : ''})` : ''}`;
    else text = `${name}: invalid: ${v.reason ?? 'not a valid flavor name'}`;
    for (const w of v.warnings) text += `\n  warning: ${formatIssue(w)}`;
    line(io, opts.json, record, text);
  }
  return invalid ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
}

function describeNames(io: CliIO, names: string[], opts: CommonOptions): number {
  const from = syntaxOption(opts.syntax);
  const profile = judgeOption(opts.judge);
  let invalid = 0;
  for (const name of names) {
    if (!name.startsWith('SCS-')) {
      line(
        io,
        opts.json,
        { name, verdict: 'not-scs' },
        `${name}: not an SCS flavor name (it does not start with SCS-)`,
      );
      continue;
    }
    try {
      const { flavor, syntax, tables } = parseAny(name, { from, profile });
      const description = describeFlavor(flavor, syntax, tables);
      line(io, opts.json, { name, verdict: 'valid', syntax, description, flavor }, `${name}: ${description}`);
    } catch (err) {
      if (!(err instanceof FlavorNameError)) throw err;
      invalid++;
      line(
        io,
        opts.json,
        { name, verdict: 'invalid', reason: err.message },
        `${name}: invalid: ${err.message}`,
      );
    }
  }
  return invalid ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
}

function convertNames(io: CliIO, names: string[], opts: CommonOptions & { from?: string }): number {
  const to = syntaxOption(opts.syntax) ?? 'v3';
  const from = syntaxOption(opts.from, '--from');
  const profile = judgeOption(opts.judge);
  let invalid = 0;
  for (const name of names) {
    try {
      const c = convertFlavorName(name, to, { from, profile });
      const text = c.warnings.length
        ? `${c.output}\n${c.warnings.map((w) => `  warning: ${w}`).join('\n')}`
        : c.output;
      line(
        io,
        opts.json,
        { name, from: c.from, to, result: c.output, ...(c.warnings.length ? { warnings: c.warnings } : {}) },
        text,
      );
    } catch (err) {
      if (!(err instanceof FlavorNameError)) throw err;
      invalid++;
      failure(io, opts.json, { name, to, error: err.message }, err.message);
    }
  }
  return invalid ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
}

function shortenNames(io: CliIO, names: string[], opts: CommonOptions): number {
  const to = syntaxOption(opts.syntax);
  const profile = judgeOption(opts.judge);
  let invalid = 0;
  for (const name of names) {
    try {
      const short = shortenFlavorName(name, { to, profile });
      line(io, opts.json, { name, short }, short);
    } catch (err) {
      if (!(err instanceof FlavorNameError)) throw err;
      invalid++;
      failure(io, opts.json, { name, error: err.message }, err.message);
    }
  }
  return invalid ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT;
}

function addCommon(cmd: Command, syntaxHelp: string): Command {
  return cmd
    .argument('<names...>', 'flavor names')
    .option('--syntax <version>', syntaxHelp)
    .option('--judge <mode>', 'standard (the texts, default) or reference (like the reference parser)')
    .option('--json', 'one JSON object per name and line');
}

export const registerFlavorNameCommand: CommandRegistration = (program, io, setExit) => {
  const cmd = program
    .command('flavor-name')
    .description('Check, describe, convert and shorten SCS flavor names (scs-0100)');
  addCommon(
    cmd.command('check').description('check names under the v3 testcase policy (or one --syntax version)'),
    'check under exactly this syntax version (v1, v2, v3); default: v3, reporting v1/v2 names as such',
  ).action((names: string[], opts: CommonOptions) => setExit(check(io, names, opts)));
  addCommon(
    cmd.command('describe').description('describe in words what each name promises'),
    'read the names in this syntax version (default: detected)',
  ).action((names: string[], opts: CommonOptions) => setExit(describeNames(io, names, opts)));
  addCommon(
    cmd.command('convert').description('convert names to another syntax version'),
    'target syntax version (default v3)',
  )
    .option('--from <version>', 'syntax version of the input (default: detected)')
    .action((names: string[], opts: CommonOptions & { from?: string }) =>
      setExit(convertNames(io, names, opts)),
    );
  addCommon(
    cmd.command('shorten').description('print the canonical short name of each name'),
    'write the short name in this syntax version (default: that of the input)',
  ).action((names: string[], opts: CommonOptions) => setExit(shortenNames(io, names, opts)));
};
