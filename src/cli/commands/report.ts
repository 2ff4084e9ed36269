// `scs-cert report`: re-render a stored JSON report in other formats (or on the console).
import { InputFileError, readJsonInput } from '../../core/input-file.js';
import { getAjv, SCHEMA_ID } from '../../standards/schemas.js';
import { resolve } from 'node:path';
import type { ConformanceReport } from '../../results/report.js';
import { REPORT_SCHEMA_VERSION } from '../../results/report.js';
import { parseFormats, render } from '../../reporters/index.js';
import { colorEnabled, renderConsole } from '../../reporters/console.js';
import { UsageError } from '../../core/errors.js';
import { exitCodeFor } from '../verdict-exit.js';
import type { CommandRegistration } from '../command-registration.js';
import { checkOutput, resolveOutput, writeReports } from '../output.js';

export function readReportFile(path: string): ConformanceReport {
  const fix = 'give the .json file a run wrote';
  let data: unknown;
  try {
    data = readJsonInput(path, 'report', fix);
  } catch (err) {
    if (err instanceof InputFileError) throw new UsageError(err.message);
    throw err;
  }
  const report = data as Partial<ConformanceReport> | null;
  if (report === null || typeof report !== 'object' || report.kind !== 'scs-cert/report')
    throw new UsageError(`${path} is not an scs-cert JSON report (no kind 'scs-cert/report'); ${fix}`);
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `${path} has report schema version ${String(report.schemaVersion)}; this scs-cert reads version ${REPORT_SCHEMA_VERSION}`,
    );
  }
  const validate = getAjv().getSchema(SCHEMA_ID.report);
  if (validate && !validate(report)) {
    const e = validate.errors?.[0];
    const extra =
      e?.keyword === 'additionalProperties'
        ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`
        : '';
    throw new UsageError(
      `${path} at ${e?.instancePath || '/'}: ${e?.message ?? 'does not match the report schema'}${extra} (schemas/report.schema.json); ${fix}`,
    );
  }
  return report as ConformanceReport;
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
    .option('-o, --output <dir>', 'directory for the written files (or one file: report.html)', '.')
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
          const [only, ...more] = formats;
          if (!only || more.length > 0)
            throw new UsageError('--stdout prints one format: give exactly one with --format');
          io.stdout(render(report, only));
          return;
        }
        const target = resolveOutput(flags.output, io.cwd);
        if (target.kind === 'file') {
          if (formats.length !== 1 || formats[0] !== target.format)
            throw new UsageError(
              `-o ${flags.output} writes one ${target.format} file: give -f ${target.format}`,
            );
        }
        checkOutput(target);
        const written = writeReports(report, target, formats);
        if (written.fallback)
          io.stderr(
            `scs-cert: could not write to ${written.fallback.reason}; saved in ${written.fallback.dir} instead\n`,
          );
        for (const p of written.files) io.stdout(`wrote ${p}\n`);
      },
    );
};
