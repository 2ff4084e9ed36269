// Shared by `run` and `evaluate`: compile, execute with progress and Ctrl-C handling, write reports, exit code.
import { builtinRegistry } from '../probes/registry.js';
import type { JudgeMode } from '../probes/types.js';
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
import { UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';
import { writeReports } from './output.js';
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
    .option('-o, --output <dir>', 'directory for the report files', 'reports')
    .option('-f, --format <list>', 'report formats to write: json,yaml,junit,md', 'json,yaml,junit,md')
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

export interface Prepared {
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
    formats = parseFormats(flags.format ?? 'json,yaml,junit,md');
  } catch (err) {
    throw new UsageError((err as Error).message);
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
  return {
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
  outputDir: string;
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
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      progress.logger.warn(
        'interrupted: finishing up, cleaning created resources and writing the report (Ctrl-C again to quit at once)',
      );
      controller.abort(new Error('interrupted'));
    } else {
      io.stderr('scs-cert: quitting without waiting for cleanup\n');
      process.exit(EXIT.INTERRUPTED);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
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
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    progress.stop();
  }
  if (input.manual) {
    const table = loadAllData().get('manual-evidence')?.value as ProvideTable | undefined;
    const manual = judgeManualChecks(prepared.scope, input.manual.evidence, report.referenceDate, table);
    // The report names the evidence file as given relative to the working directory, not the machine's layout.
    if (manual.source) manual.source.file = relative(io.cwd, manual.source.file) || manual.source.file;
    report.manualChecks = manual;
  }
  const files = writeReports(report, input.outputDir, prepared.formats, io.cwd);
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
  const override = input.after ? await input.after(report, files) : undefined;
  if (report.run.interrupted) return EXIT.INTERRUPTED;
  if (override !== undefined) return override;
  return exitCodeFor(report.verdict);
}
