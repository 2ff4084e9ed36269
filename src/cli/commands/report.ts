// `scs-cert report`: re-render a stored JSON report in other formats (or on the console).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConformanceReport } from '../../results/report.js';
import { REPORT_SCHEMA_VERSION } from '../../results/report.js';
import { parseFormats, render } from '../../reporters/index.js';
import { colorEnabled, renderConsole } from '../../reporters/console.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from '../verdict-exit.js';
import type { CommandRegistration } from '../main.js';
import { writeReports } from '../output.js';

export function readReportFile(path: string): ConformanceReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read report ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let report: ConformanceReport;
  try {
    report = JSON.parse(text) as ConformanceReport;
  } catch (err) {
    throw new UsageError(
      `${path} is not a JSON report (${(err as Error).message}); give the .json file a run wrote`,
    );
  }
  if (report?.kind !== 'scs-cert/report')
    throw new UsageError(`${path} is not an scs-cert JSON report (no kind 'scs-cert/report')`);
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `${path} has report schema version ${report.schemaVersion}; this scs-cert reads version ${REPORT_SCHEMA_VERSION}`,
    );
  }
  return report;
}

export const registerReportCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('report')
    .description('re-render a stored JSON report: console summary, or files in other formats')
    .argument('<report.json>', 'a JSON report written by run or evaluate')
    .option(
      '-f, --format <list>',
      'write these formats (json,yaml,junit,md,html) instead of printing the summary',
    )
    .option('-o, --output <dir>', 'directory for the written files', '.')
    .option('--stdout', 'print the single requested format to stdout instead of writing a file')
    .option('-v, --verbose', 'also list passed testcases')
    .action(
      (file: string, flags: { format?: string; output: string; stdout?: boolean; verbose?: boolean }) => {
        const report = readReportFile(resolve(io.cwd, file));
        setExit(exitCodeFor(report.verdict));
        if (!flags.format) {
          io.stdout(
            renderConsole(report, { color: colorEnabled(io.env, io.isTTY), verbose: flags.verbose ?? false }),
          );
          return;
        }
        let formats;
        try {
          formats = parseFormats(flags.format);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        if (flags.stdout) {
          if (formats.length !== 1)
            throw new UsageError('--stdout prints one format: give exactly one with --format');
          io.stdout(render(report, formats[0]!));
          return;
        }
        for (const p of writeReports(report, flags.output, formats, io.cwd)) io.stdout(`wrote ${p}\n`);
      },
    );
};
