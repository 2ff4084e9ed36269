// `scs-cert fleet FILE`: certify every subject of a fleet file, sign and upload each, print one summary.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FleetError, loadFleetFile } from '../../fleet/config.js';
import { runFleet } from '../../fleet/run.js';
import { fleetExitCode, renderFleetTable, summarize } from '../../fleet/summary.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CommandRegistration } from '../command-registration.js';
import { standardsOp } from '../selection.js';

interface FleetFlags {
  output: string;
  concurrency?: string;
  json?: boolean;
  only?: string;
}

export const registerFleetCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('fleet')
    .description('certify many subjects from a fleet file: bounded concurrency, a log each, one summary')
    .argument('<fleet.yaml>', 'subjects with their presets (schema: schemas/fleet.schema.json)')
    .option(
      '-o, --output <dir>',
      'folder for each subject’s reports and log, and the summary',
      'fleet-reports',
    )
    .option('-j, --concurrency <n>', 'subjects certified at once (default: the file’s, else 2)')
    .option('--only <names>', 'certify only these subjects (comma-separated)')
    .option('--json', 'print the summary as JSON instead of a table')
    .addHelpText(
      'after',
      `
Each subject runs as \`scs-cert run\` with its own timeout; its reports, signature and log go to OUTPUT/<name>/.
The summary is printed and written to OUTPUT/fleet-summary-<time>.json.
Exit codes: 0 all compliant, 1 some non-compliant, 2 some could not be judged (incomplete, timeout,
unavailable, error), 4 only uploads failed, 64 bad fleet file.`,
    )
    .action(async (file: string, flags: FleetFlags) => {
      const path = resolve(io.cwd, file);
      let fleet;
      try {
        fleet = standardsOp(() => loadFleetFile(path));
      } catch (err) {
        if (err instanceof FleetError) throw new UsageError(err.message);
        throw err;
      }
      let subjects = fleet.subjects;
      if (flags.only) {
        const wanted = flags.only.split(',').map((s) => s.trim());
        const unknown = wanted.filter((w) => !subjects.some((s) => s.name === w));
        if (unknown.length)
          throw new UsageError(
            `--only: ${unknown.join(', ')} not in ${file}; subjects there: ${subjects.map((s) => s.name).join(', ')}`,
          );
        subjects = subjects.filter((s) => wanted.includes(s.name));
      }
      const concurrency = flags.concurrency !== undefined ? Number(flags.concurrency) : fleet.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new UsageError(`--concurrency must be a whole number ≥ 1, got '${flags.concurrency}'`);
      const outputDir = resolve(io.cwd, flags.output);
      mkdirSync(outputDir, { recursive: true });
      const startedAt = new Date();
      const stamp = startedAt
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const controller = new AbortController();
      const onSignal = () => {
        io.stderr('scs-cert fleet: interrupted; stopping the running subjects (they clean up first)\n');
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let results;
      try {
        results = await runFleet({
          subjects,
          concurrency,
          outputDir,
          stamp,
          env: io.env,
          cwd: io.cwd,
          signal: controller.signal,
          onDone: (r) => {
            if (!flags.json)
              io.stderr(`${r.name}: ${r.status} (${(r.durationMs / 1000).toFixed(1)}s, log ${r.log})\n`);
          },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const summary = summarize(path, concurrency, startedAt, results);
      const summaryFile = join(outputDir, `fleet-summary-${stamp}.json`);
      if (!existsSync(summaryFile))
        writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`, { flag: 'wx' });
      if (flags.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else io.stdout(`${renderFleetTable(summary)}summary: ${summaryFile}\n`);
      setExit(controller.signal.aborted ? EXIT.INTERRUPTED : fleetExitCode(results, subjects.length));
    });
};
