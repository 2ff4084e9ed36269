// Runs a compiled suite: preflight, gather what the probes need, evaluate each pure probe, never crash.
import type { ArtifactName } from '../artifacts/names.js';
import type { ProbeRegistry } from '../probes/registry.js';
import type { ArtifactValues, Preflight, ProbeContext } from '../probes/types.js';
import type { JudgeMode } from '../core/judge-mode.js';
import type { CompiledSuite, CompiledTestcase } from '../standards/compiled-suite.js';
import type { Evidence, Outcome, ProbeResult } from '../results/types.js';
import { type ArtifactSource, describeError } from './artifact-source.js';

export interface TestcaseRun {
  testcase: CompiledTestcase;
  outcome: Outcome | 'MISSING';
  messageId: string;
  message: string;
  evidence?: Evidence;
  warnings?: string[];
  deviations?: string[];
  durationMs?: number;
}

export type RunEvent =
  | { type: 'testcase-start'; id: string; waitingFor: readonly ArtifactName[] }
  | { type: 'testcase-done'; id: string; outcome: TestcaseRun['outcome']; done: number; total: number }
  | { type: 'preflight-failed'; reason: string };

export interface ExecuteOptions {
  suite: CompiledSuite;
  source: ArtifactSource;
  registry: ProbeRegistry;
  data: Readonly<Record<string, unknown>>;
  mode: JudgeMode;
  /** The instant the run started (ISO UTC); probes see it as ctx.now. */
  now: string;
  preflight?: Preflight;
  /** Longest a probe may wait for its artifacts, in ms. */
  probeTimeoutMs: number;
  signal: AbortSignal;
  onEvent?: (e: RunEvent) => void;
}

export interface ExecuteResult {
  runs: TestcaseRun[];
  notes: string[];
  preflightFailed: boolean;
}

export async function executeSuite(opts: ExecuteOptions): Promise<ExecuteResult> {
  const { suite, source } = opts;
  const notes: string[] = [];
  const total = suite.testcases.length;
  let done = 0;
  const finish = (run: TestcaseRun): TestcaseRun => {
    done++;
    opts.onEvent?.({ type: 'testcase-done', id: run.testcase.id, outcome: run.outcome, done, total });
    return run;
  };

  const runnable = suite.testcases.filter((tc) => tc.probe !== null);
  if (opts.preflight && runnable.length > 0) {
    let failure: { messageId: string; reason: string } | undefined;
    try {
      const verdict = opts.preflight.check(await source.get(opts.preflight.artifact));
      if (!verdict.ok) failure = verdict;
    } catch (err) {
      failure = {
        messageId: 'preflight-error',
        reason: `pre-flight check could not run: ${describeError(err)}`,
      };
    }
    if (failure) {
      notes.push(`pre-flight check failed: ${failure.reason}`);
      opts.onEvent?.({ type: 'preflight-failed', reason: failure.reason });
      const runs = suite.testcases.map((tc) =>
        finish(
          tc.probe === null
            ? missing(tc)
            : { testcase: tc, outcome: 'ABORT', messageId: failure.messageId, message: failure.reason },
        ),
      );
      return { runs, notes, preflightFailed: true };
    }
  }

  // Start every needed artifact now so gathering overlaps; each is gathered once however many probes read it.
  // The longest chains go first, so they never wait for a slot behind shorter checks.
  for (const name of source.startOrder?.(suite.artifacts) ?? suite.artifacts)
    void source.get(name).catch(() => undefined);

  const runs = await Promise.all(
    suite.testcases.map(async (tc) => {
      if (tc.probe === null) return finish(missing(tc));
      return finish(await runTestcase(tc, tc.probe, opts));
    }),
  );
  if (opts.signal.aborted) notes.push('the run was interrupted: testcases not finished are ABORT');
  return { runs, notes, preflightFailed: false };
}

function missing(tc: CompiledTestcase): TestcaseRun {
  return {
    testcase: tc,
    outcome: 'MISSING',
    messageId: 'not-implemented',
    message: tc.notImplemented ?? 'no result',
  };
}

async function runTestcase(
  tc: CompiledTestcase,
  binding: NonNullable<CompiledTestcase['probe']>,
  opts: ExecuteOptions,
): Promise<TestcaseRun> {
  const probe = opts.registry.get(binding.id);
  const started = Date.now();
  if (!probe) {
    return {
      testcase: tc,
      outcome: 'MISSING',
      messageId: 'not-implemented',
      message: `probe '${binding.id}' is not registered`,
    };
  }
  const abort = (messageId: string, message: string): TestcaseRun => ({
    testcase: tc,
    outcome: 'ABORT',
    messageId,
    message,
    durationMs: Date.now() - started,
  });
  opts.onEvent?.({ type: 'testcase-start', id: tc.id, waitingFor: probe.meta.artifacts });

  const artifacts: ArtifactValues = {};
  let timer: NodeJS.Timeout | undefined;
  try {
    const gathered = Promise.all(
      probe.meta.artifacts.map(async (name) => {
        Object.assign(artifacts, { [name]: await opts.source.get(name) });
      }),
    );
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.probeTimeoutMs);
    });
    const interrupted = new Promise<'interrupted'>((resolve) => {
      if (opts.signal.aborted) resolve('interrupted');
      opts.signal.addEventListener('abort', () => resolve('interrupted'), { once: true });
    });
    const first = await Promise.race([gathered.then(() => 'ok' as const), timeout, interrupted]);
    if (first === 'timeout') {
      const waiting = probe.meta.artifacts.filter((a) => !(a in artifacts));
      return abort(
        'probe-timeout',
        `timed out after ${Math.round(opts.probeTimeoutMs / 1000)} s waiting for ${waiting.join(', ')}`,
      );
    }
    if (first === 'interrupted')
      return abort('interrupted', 'the run was interrupted before this testcase finished');
  } catch (err) {
    return abort('artifact-unavailable', describeError(err));
  } finally {
    clearTimeout(timer);
  }

  const ctx: ProbeContext = {
    testcaseId: tc.id,
    params: binding.params,
    referenceDate: opts.suite.referenceDate,
    now: opts.now,
    data: opts.data,
    mode: opts.mode,
  };
  let result: ProbeResult;
  try {
    result = probe.evaluate(artifacts, ctx);
  } catch (err) {
    return abort('probe-error', `probe ${probe.meta.id} could not judge the data: ${describeError(err)}`);
  }
  if (
    !result ||
    !['PASS', 'FAIL', 'ABORT'].includes(result.outcome) ||
    typeof result.messageId !== 'string'
  ) {
    return abort('probe-invalid-result', `probe ${probe.meta.id} returned no valid result`);
  }
  return {
    testcase: tc,
    outcome: result.outcome,
    messageId: result.messageId,
    message: result.message,
    ...(result.evidence !== undefined && { evidence: result.evidence }),
    ...(result.warnings?.length && { warnings: result.warnings }),
    ...(result.deviations?.length && { deviations: result.deviations }),
    durationMs: Date.now() - started,
  };
}
