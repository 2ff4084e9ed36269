// Shared by `run` and `evaluate`: compile, execute with progress and Ctrl-C handling, write reports, exit code.
import { builtinRegistry } from '../probes/registry.js';
import type { JudgeMode } from '../core/judge-mode.js';
import type { ConformanceReport, SubjectInfo } from '../results/report.js';
import { colorEnabled, renderConsole } from '../reporters/console.js';
import { parseFormats, type Format } from '../reporters/index.js';
import type { Preflight } from '../probes/types.js';
import { runPipeline } from '../runner/pipeline.js';
import { compileSuite } from '../standards/compile.js';
import type { CompiledSuite } from '../standards/compiled-suite.js';
import { dataValues, loadAllData } from '../standards/data.js';
import { loadScope } from '../standards/load-scope.js';
import type { Scope } from '../standards/scope.js';
import type { TargetSession } from '../targets/types.js';
import { UsageError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { EXIT } from '../core/exit-codes.js';
import type { CliIO } from './io.js';
import { checkOutput, resolveOutput, writeReports, type OutputTarget } from './output.js';
import { Progress, type Verbosity } from './progress.js';
import { resolveSelection, standardsOp, type SelectionFlags } from './selection.js';
import { exitCodeFor } from './verdict-exit.js';
import { relative } from 'node:path';
import type { EvidenceFile } from '../evidence/evidence-file.js';
import { judgeManualChecks, type ProvideTable } from '../evidence/judge.js';
import { renderManualChecks } from '../evidence/render.js';

export interface OutputFlags {
  output?: string;
  format?: string;
  quiet?: boolean;
  verbose?: boolean;
  mode?: string;
  concurrency?: string;
  gatherTimeout?: string;
  probeTimeout?: string;
}

export function addOutputOptions<T extends import('commander').Command>(cmd: T): T {
  return cmd
    .option(
      '-o, --output <dir|file>',
      'directory for the report files (default: reports/), or one file whose extension names its format (report.yaml)',
    )
    .option(
      '-f, --format <list>',
      `report formats to write into the directory: json,yaml,junit,md,html (default: ${DEFAULT_FORMATS})`,
    )
    .option('-q, --quiet', 'print only errors and the verdict line')
    .option('-v, --verbose', 'print every testcase as it finishes, debug logs, and the passed list')
    .option(
      '--mode <mode>',
      "judge by the standard's text ('standard') or as the reference scripts do ('reference')",
      'standard',
    )
    .option('--concurrency <n>', 'API calls in flight at once', '8')
    .option('--gather-timeout <seconds>', 'longest one artifact may take to gather', '900')
    .option('--probe-timeout <seconds>', 'longest a testcase may wait for its artifacts', '1800') as T;
}

const DEFAULT_FORMATS = 'json,yaml,junit,md';

export interface Prepared {
  output: OutputTarget;
  scope: Scope;
  suite: CompiledSuite;
  assignment: Record<string, string>;
  formats: Format[];
  mode: JudgeMode;
  verbosity: Verbosity;
  concurrency: number;
  gatherTimeoutMs: number;
  probeTimeoutMs: number;
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${name} must be a positive number, got '${value}'`);
  return n;
}

export function prepare(scopeArg: string, flags: SelectionFlags & OutputFlags, io: CliIO): Prepared {
  const sel = resolveSelection(flags);
  let formats: Format[];
  try {
    formats = parseFormats(flags.format ?? DEFAULT_FORMATS);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const output = resolveOutput(flags.output ?? 'reports', io.cwd);
  if (output.kind === 'file') {
    if (flags.format !== undefined && (formats.length !== 1 || formats[0] !== output.format)) {
      throw new UsageError(
        `-o ${flags.output} writes one ${output.format} file, but --format asks for ${formats.join(',')}: give a directory (-o DIR/) for several formats`,
      );
    }
    formats = [output.format];
  }
  const mode = (flags.mode ?? 'standard') as JudgeMode;
  if (mode !== 'standard' && mode !== 'reference')
    throw new UsageError(`--mode must be 'standard' or 'reference', got '${String(mode)}'`);
  if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose exclude each other');
  const { scope, suite } = standardsOp(() => {
    const scope = loadScope(scopeArg, io.cwd);
    const suite = compileSuite(scope, {
      referenceDate: sel.referenceDate,
      ...(sel.forcedVersion !== undefined && { forcedVersion: sel.forcedVersion }),
      ...(sel.tests !== undefined && { tests: sel.tests }),
      ...(sel.sections !== undefined && { sections: sel.sections }),
      extensions: sel.extensions,
    });
    return { scope, suite };
  });
  // Before anything touches the cloud: an impossible -o must cost nothing.
  checkOutput(output);
  return {
    output,
    scope,
    suite,
    assignment: sel.assignment,
    formats,
    mode,
    verbosity: flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
    concurrency: Math.floor(positiveNumber('--concurrency', flags.concurrency, 8)),
    gatherTimeoutMs: positiveNumber('--gather-timeout', flags.gatherTimeout, 900) * 1000,
    probeTimeoutMs: positiveNumber('--probe-timeout', flags.probeTimeout, 1800) * 1000,
  };
}

/** Check every declared scope variable has a value (defaults count), as the reference runner does. */
export function checkAssignment(scope: Scope, assignment: Record<string, string>): void {
  const missing = scope.variables
    .filter((v) => v.default === undefined && !(v.name in assignment))
    .map((v) => v.name);
  if (missing.length) {
    throw new UsageError(
      `missing variable assignments for: ${missing.join(', ')} (give them with -a key=value)`,
    );
  }
  const known = new Set(scope.variables.map((v) => v.name));
  const unknown = Object.keys(assignment).filter((k) => !known.has(k));
  if (unknown.length)
    throw new UsageError(`scope '${scope.name}' has no variable ${unknown.map((u) => `'${u}'`).join(', ')}`);
}

export interface CertifyInput {
  prepared: Prepared;
  argv: string[];
  io: CliIO;
  subject: SubjectInfo;
  assignment: Record<string, string>;
  session?: TargetSession;
  artifactsDir?: string;
  observedAt?: Date;
  preflight?: Preflight;
  saveArtifactsDir?: string;
  progress: Progress;
  /** Report the scope's manual testcases with this evidence (undefined evidence: all reported as missing). */
  manual?: { evidence?: EvidenceFile };
  /** Called with the finished report before exit-code mapping (e.g. sign, upload). */
  after?: (report: ConformanceReport, files: string[]) => Promise<number | undefined>;
}

export async function certify(input: CertifyInput): Promise<number> {
  const { prepared, io, progress } = input;
  const controller = new AbortController();
  const stopSignals = handleInterrupts(controller, input);
  progress.setTotal(prepared.suite.testcases.length);
  let report: ConformanceReport;
  try {
    report = await runPipeline({
      suite: prepared.suite,
      registry: builtinRegistry(),
      data: dataValues(loadAllData()),
      mode: prepared.mode,
      argv: input.argv,
      ...(input.session && { session: input.session }),
      ...(input.artifactsDir && { artifactsDir: input.artifactsDir }),
      ...(input.observedAt && { observedAt: input.observedAt }),
      subject: input.subject,
      assignment: input.assignment,
      ...(input.preflight && { preflight: input.preflight }),
      concurrency: prepared.concurrency,
      gatherTimeoutMs: prepared.gatherTimeoutMs,
      probeTimeoutMs: prepared.probeTimeoutMs,
      signal: controller.signal,
      log: progress.logger,
      progress: progress.progress,
      onEvent: progress.onEvent,
      ...(input.saveArtifactsDir && { saveArtifactsDir: input.saveArtifactsDir }),
    });
  } finally {
    stopSignals();
    progress.stop();
  }
  if (input.manual) {
    const table = loadAllData().get('manual-evidence')?.value as ProvideTable | undefined;
    const manual = judgeManualChecks(prepared.scope, input.manual.evidence, report.referenceDate, table);
    // The report names the evidence file as given relative to the working directory, not the machine's layout.
    if (manual.source) manual.source.file = relative(io.cwd, manual.source.file) || manual.source.file;
    report.manualChecks = manual;
  }
  report = redactor.json(report);
  const written = writeReports(report, prepared.output, prepared.formats);
  const files = written.files;
  if (written.fallback) {
    io.stderr(
      `scs-cert: could not write the report to ${written.fallback.reason}; the report was saved in ${written.fallback.dir} instead\n`,
    );
  }
  if (prepared.verbosity !== 'quiet') {
    io.stdout(
      renderConsole(report, {
        color: colorEnabled(io.env, io.isTTY),
        verbose: prepared.verbosity === 'verbose',
      }),
    );
    if (report.manualChecks) io.stdout(renderManualChecks(report.manualChecks));
    for (const f of files) io.stdout(`report: ${f}\n`);
  } else {
    // Even a quiet run says when it certified the embedded demo cloud rather than a real one.
    io.stdout(
      `${report.verdict}${report.subject.demo ? ` (${report.subject.note ?? 'embedded demo cloud'})` : ''}\n`,
    );
  }
  const left = report.resources.filter((r) => r.state !== 'deleted');
  if (left.length && input.session?.cleanupCommand) {
    io.stderr(
      `scs-cert: ${left.length} resource(s) this run created may be left (see the report); delete them with:\n  ${input.session.cleanupCommand}\n`,
    );
  }
  const override = input.after ? await input.after(report, files) : undefined;
  if (report.run.interrupted) return EXIT.INTERRUPTED;
  if (override !== undefined) return override;
  return exitCodeFor(report.verdict);
}

/** Signals that end a run the same way: Ctrl-C, `kill`, and a closed terminal or SSH session. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How long a second interrupt may spend deleting what the run created before scs-cert quits. */
const EMERGENCY_CLEANUP_MS = 15_000;
const EMERGENCY_HARD_STOP_MS = 20_000;

/**
 * First signal: abort the run; gatherers delete what they created and the report is written. A second one:
 * delete by the run's prefix within a bounded time, print the exact clean-up command, quit. Returns the
 * function that removes the handlers.
 */
function handleInterrupts(controller: AbortController, input: CertifyInput): () => void {
  const { io, progress, session } = input;
  let interrupts = 0;
  const quit = (left: string[] | undefined) => {
    if (left?.length) io.stderr(`scs-cert: not deleted:\n${left.map((l) => `  ${l}\n`).join('')}`);
    if (session?.cleanupCommand) {
      io.stderr(`scs-cert: to delete anything this run left behind, run:\n  ${session.cleanupCommand}\n`);
    }
    process.exit(EXIT.INTERRUPTED);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    // After a hang-up the terminal is gone: writing to it must not end the clean-up.
    if (signal === 'SIGHUP') {
      process.stdout.on('error', () => undefined);
      process.stderr.on('error', () => undefined);
    }
    if (interrupts === 1) {
      progress.logger.warn(
        `${signal === 'SIGINT' ? 'interrupted' : `received ${signal}`}: finishing up, cleaning created resources and writing the report (Ctrl-C again to stop waiting)`,
      );
      controller.abort(new Error('interrupted'));
      return;
    }
    if (interrupts > 2 || !session?.emergencyCleanup) {
      io.stderr('scs-cert: quitting without waiting for clean-up\n');
      quit(undefined);
      return;
    }
    io.stderr(
      `scs-cert: interrupted again: deleting what this run created (at most ${EMERGENCY_HARD_STOP_MS / 1000} s), then quitting\n`,
    );
    const hardStop = setTimeout(() => quit(['the clean-up did not finish in time']), EMERGENCY_HARD_STOP_MS);
    session
      .emergencyCleanup(EMERGENCY_CLEANUP_MS, progress.logger)
      .then(
        (left) => quit(left),
        (err: unknown) => quit([`clean-up failed: ${(err as Error)?.message ?? String(err)}`]),
      )
      .finally(() => clearTimeout(hardStop));
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
}
