// One certification run end to end: artifacts (live or saved) -> probes -> report; results survive interruption.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { redact } from '../core/redact.js';
import { join } from 'node:path';
import type { Logger, ProgressFn } from '../core/logger.js';
import type { ProbeRegistry } from '../probes/registry.js';
import type { JudgeMode } from '../core/judge-mode.js';
import type { ConformanceReport, SubjectInfo } from '../results/report.js';
import type { CompiledSuite } from '../standards/compiled-suite.js';
import type { TargetSession } from '../targets/types.js';
import { FileArtifactSource, LiveArtifactSource, type ArtifactSource } from './artifact-source.js';
import { buildReport } from './build-report.js';
import type { Preflight } from '../probes/types.js';
import { executeSuite, type RunEvent } from './execute.js';
import { RunLedger } from '../gatherers/ledger.js';

export interface PipelineOptions {
  suite: CompiledSuite;
  registry: ProbeRegistry;
  data: Readonly<Record<string, unknown>>;
  mode: JudgeMode;
  argv: string[];
  /** Live run against a target session, or evaluation of saved artifacts. */
  session?: TargetSession;
  artifactsDir?: string;
  subject: SubjectInfo;
  assignment: Record<string, string>;
  preflight?: Preflight;
  concurrency: number;
  gatherTimeoutMs: number;
  probeTimeoutMs: number;
  signal: AbortSignal;
  log: Logger;
  progress: ProgressFn;
  onEvent?: (e: RunEvent) => void;
  /** Save every gathered artifact as `<dir>/<Artifact>.json` (for `evaluate --artifacts`). */
  saveArtifactsDir?: string;
  /** Fixed clock (tests); default: now. */
  clock?: () => Date;
  /**
   * When the judged state was observed, if not now: a replay or saved artifacts judge the cloud as it was
   * then (image ages, expiry dates), not as of the replay.
   */
  observedAt?: Date;
  /** Fixed run uuid (tests). */
  runUuid?: string;
}

export async function runPipeline(opts: PipelineOptions): Promise<ConformanceReport> {
  // Every waiting testcase and gatherer listens for the interrupt: far more than the default of 10.
  setMaxListeners(0, opts.signal);
  const clock = opts.clock ?? (() => new Date());
  const startedAt = clock();
  const ledger = new RunLedger(opts.session?.ledgerPrefix, opts.session?.ledgerJournal);
  let source: ArtifactSource;
  let live: LiveArtifactSource | undefined;
  if (opts.session) {
    const saveDir = opts.saveArtifactsDir;
    if (saveDir) mkdirSync(saveDir, { recursive: true });
    live = new LiveArtifactSource({
      gatherers: opts.session.gatherers,
      context: {
        clients: opts.session.clients,
        ledger,
        log: opts.log,
        progress: opts.progress,
        options: opts.session.options,
        data: opts.data,
      },
      signal: opts.signal,
      concurrency: opts.concurrency,
      timeoutMs: opts.gatherTimeoutMs,
      ...(saveDir && {
        onGathered: (name, value) =>
          writeFileSync(join(saveDir, `${name}.json`), `${redact(JSON.stringify(value, null, 2))}\n`),
      }),
    });
    source = live;
  } else if (opts.artifactsDir) {
    source = new FileArtifactSource(opts.artifactsDir);
  } else {
    throw new Error('runPipeline needs a target session or an artifacts directory');
  }

  const result = await executeSuite({
    suite: opts.suite,
    source,
    registry: opts.registry,
    data: opts.data,
    mode: opts.mode,
    now: (opts.observedAt ?? opts.session?.observedAt ?? startedAt).toISOString(),
    ...(opts.preflight && { preflight: opts.preflight }),
    probeTimeoutMs: opts.probeTimeoutMs,
    signal: opts.signal,
    ...(opts.onEvent && { onEvent: opts.onEvent }),
  });
  const notes = [...result.notes];
  if (live) {
    const settled = await live.settle();
    if (!settled)
      notes.push('some gatherers were still cleaning up when the run ended: check the resources list');
  }
  const resources = ledger.entries();
  const leaked = resources.filter((r) => r.state !== 'deleted');
  if (leaked.length) {
    notes.push(
      `${leaked.length} resource(s) created by the run could not be confirmed deleted: ${leaked
        .map((r) => `${r.kind} ${r.name}`)
        .join(', ')} — remove them with \`scs-cert cleanup --prefix ${ledger.prefix}\``,
    );
  }
  const apiCalls = opts.session?.apiCalls?.();
  return buildReport({
    suite: opts.suite,
    runs: result.runs,
    registry: opts.registry,
    subject: opts.subject,
    runUuid: opts.runUuid ?? randomUUID(),
    argv: opts.argv,
    assignment: opts.assignment,
    mode: opts.mode,
    startedAt,
    checkedAt: opts.observedAt ?? opts.session?.observedAt ?? startedAt,
    finishedAt: clock(),
    interrupted: opts.signal.aborted,
    artifacts: source.report(),
    resources,
    notes,
    ...(apiCalls && { apiCalls }),
  });
}
