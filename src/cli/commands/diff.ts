// `scs-cert diff A.json B.json`: what changed between two runs, with an exit code CI can gate on.
import { resolve } from 'node:path';
import { Option } from 'commander';
import { diffReports, gateTripped, GATES, renderDiffText, type Gate } from '../../results/diff.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CommandRegistration } from '../command-registration.js';
import { readReportFile } from './report.js';

interface DiffFlags {
  format: 'text' | 'json';
  expiringWithin: string;
  failOn: string;
  at?: string;
}

export const registerDiffCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('diff')
    .description('compare two JSON reports: newly failing, fixed, changed verdicts, expiring results')
    .argument('<before.json>', 'the earlier report')
    .argument('<after.json>', 'the later report')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--expiring-within <days>',
      'list results of the later report that expire within this many days',
      '14',
    )
    .option(
      '--fail-on <list>',
      `exit 1 when any of these is found: ${GATES.join(', ')} (regressions = newly failing or a worse verdict)`,
      'regressions',
    )
    .option('--at <time>', 'measure expiry from this ISO 8601 instant instead of now')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing the --fail-on list names was found, 1 it was, 64 bad input (e.g. reports of different scopes).',
    )
    .action((beforeFile: string, afterFile: string, flags: DiffFlags) => {
      const a = readReportFile(resolve(io.cwd, beforeFile));
      const b = readReportFile(resolve(io.cwd, afterFile));
      if (a.scope.uuid !== b.scope.uuid)
        throw new UsageError(
          `${beforeFile} and ${afterFile} are reports of different scopes (${a.scope.name}, ${b.scope.name}); compare two runs of one scope`,
        );
      const days = Number(flags.expiringWithin);
      if (!Number.isFinite(days) || days < 0)
        throw new UsageError(`--expiring-within must be a number of days ≥ 0, got '${flags.expiringWithin}'`);
      const gates = flags.failOn
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = gates.filter((g) => !(GATES as readonly string[]).includes(g));
      if (bad.length || !gates.length)
        throw new UsageError(
          `--fail-on: unknown '${bad.join(', ')}'; use a comma-separated list of ${GATES.join(', ')}`,
        );
      const at = flags.at !== undefined ? new Date(flags.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at: '${flags.at}' is not an ISO 8601 instant`);
      const d = diffReports(a, b, { expiringWithinDays: days, at, files: [beforeFile, afterFile] });
      io.stdout(flags.format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : renderDiffText(d));
      setExit(gateTripped(d, gates as Gate[]) ? EXIT.NON_COMPLIANT : EXIT.COMPLIANT);
    });
};
