// Shared helpers of the OpenStack gatherers: client lookup, step recording, bounded waits, safe deletes.
import type { ActionStep } from '../../artifacts/iaas.js';
import type { GatherContext } from '../types.js';
import { OpenStackClient } from '../../clients/openstack/client.js';
import { OpenStackError, OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';

/** The run's OpenStack client, or a clear error when the run has none. */
export function openstackClient(ctx: GatherContext): OpenStackClient {
  const c = ctx.clients.openstack;
  if (!(c instanceof OpenStackClient)) {
    throw new Error(
      'no OpenStack client in this run: choose a cloud (--os-cloud NAME or OS_CLOUD) or replay a recording',
    );
  }
  return c;
}

/** Numeric option from the run options, else the default. */
export function numberOption(ctx: GatherContext, key: string, fallback: number): number {
  const v = ctx.options[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

export function errorStatus(err: unknown): number | undefined {
  return err instanceof OpenStackHttpError ? err.status : undefined;
}

export function errorText(err: unknown): string {
  if (err instanceof OpenStackError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Collects the steps of an active check as they happen. */
export class StepLog {
  readonly steps: ActionStep[] = [];

  /** `signal`: the run's; a step that fails once it is aborted (interrupt, gather timeout) is inconclusive. */
  constructor(private readonly signal?: AbortSignal) {}

  /** Runs one step; records it ok or failed (with HTTP status and message) and rethrows failures. */
  async run<T>(step: string, fn: () => Promise<T>, detail?: (result: T) => string | undefined): Promise<T> {
    const started = performance.now();
    try {
      const result = await fn();
      const s: ActionStep = { step, ok: true, durationMs: Math.round(performance.now() - started) };
      const d = detail?.(result);
      if (d) s.detail = d;
      this.steps.push(s);
      return result;
    } catch (err) {
      const s: ActionStep = {
        step,
        ok: false,
        detail: errorText(err),
        durationMs: Math.round(performance.now() - started),
      };
      const status = errorStatus(err);
      if (status !== undefined) s.status = status;
      if (isInconclusive(err) || this.signal?.aborted) s.inconclusive = true;
      this.steps.push(s);
      throw err;
    }
  }

  /** Records a failed step without an exception (e.g. a precondition not met). */
  fail(step: string, detail: string, status?: number, inconclusive?: boolean): void {
    const s: ActionStep = { step, ok: false, detail };
    if (status !== undefined) s.status = status;
    if (inconclusive) s.inconclusive = true;
    this.steps.push(s);
  }
}

/** How a wait of an active check went, kept on its step (evidence) and summed by the bench. */
export type WaitRecord = NonNullable<ActionStep['wait']>;

/**
 * Runs `work` after the check's result is handed over when the run allows it (the run confirms before it ends),
 * else now. `deferred` tells the work which of the two happened.
 */
export async function afterJudging(
  ctx: GatherContext,
  work: (deferred: boolean) => Promise<void>,
): Promise<void> {
  if (ctx.defer) ctx.defer(work(true));
  else await work(false);
}

/** What a wait cost: the cloud's own time from its timestamps when it gives them, else bounded by our polls. */
export function waitRecord(t: WaitTiming | undefined, cloudMs?: number): WaitRecord {
  const waitedMs = t?.waitedMs ?? 0;
  const bound = t?.lateMs ?? 0;
  const lateMs = cloudMs !== undefined ? Math.max(0, Math.min(waitedMs - cloudMs, bound)) : bound;
  return { waitedMs, polls: t?.polls ?? 0, lateMs, ...(cloudMs !== undefined ? { cloudMs } : {}) };
}

/** Milliseconds between two of the cloud's timestamps (OpenStack often writes them without a zone: UTC). */
export function cloudSpan(from: unknown, to: unknown): number | undefined {
  const parse = (t: unknown) =>
    typeof t === 'string' ? Date.parse(/[zZ]$|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`) : NaN;
  const ms = parse(to) - parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A wait that ran out of time or saw a terminal failure state. */
export class WaitError extends Error {
  override name = 'WaitError';
}

/**
 * How often to look while waiting. Two rules, by what the check knows of the phase:
 * - searched (nothing in this run predicts it): the pause before the next poll is `share` (default a tenth) of
 *   the time waited so far, at least `minMs` and at most `maxMs`: the end is noticed at most ~`share` of the
 *   wait (or `minMs`) after it happened, and a long wait costs few requests;
 * - predicted (`expectMs`: a similar phase of this run took about that long): after the first look (`firstMs`,
 *   set by the caller near the expected end) the pause is a tenth of the expectation (at least `minMs`), until
 *   twice the expectation has passed; then the searched rule takes over.
 * `firstMs` skips looking before the cloud can be done.
 */
export interface WaitPace {
  /** Shortest pause between polls (default 1 s). */
  minMs?: number;
  /** Longest pause between polls (default 10 s); keep it low for phases that usually end within tens of seconds. */
  maxMs?: number;
  /** First poll after this long (default: at once). */
  firstMs?: number;
  /** Pause as a share of the time waited so far, for a phase nothing predicts (default 0.1). */
  share?: number;
  /** How long the phase is expected to take, learnt from a similar phase of this run (see above). */
  expectMs?: number;
}

/** How one wait went: what the cloud took and how late we noticed (both from our polls). */
export interface WaitTiming {
  /** Time waited until the poll that saw the end (sum of pauses, so replays report the same). */
  waitedMs: number;
  /** Polls made, the last one included. */
  polls: number;
  /** The end happened after the previous poll: at most this long before we saw it. */
  lateMs: number;
}

export interface WaitOptions<T> {
  /** What we wait for, for messages ("volume scs-cert-…-volume available"). */
  what: string;
  poll: () => Promise<T>;
  /** Done when this returns true. */
  done: (value: T) => boolean;
  /** A message when the value is a terminal failure (e.g. status error). */
  failed?: (value: T) => string | undefined;
  /** Give up after this much waiting (sum of the pauses, so replays decide the same way). */
  timeoutMs: number;
  signal?: AbortSignal;
  progress?: (what: string) => void;
  pace?: WaitPace;
  /** Describes the current value for progress lines. */
  describe?: (value: T) => string;
  /** Told how the wait went when it ended (done, failed or timed out). */
  timing?: (t: WaitTiming) => void;
}

/** The pause before the next poll after `waitedMs` of waiting (see WaitPace). */
export function nextPause(waitedMs: number, pace: WaitPace = {}): number {
  const min = pace.minMs ?? 1000;
  const max = Math.max(min, pace.maxMs ?? 10_000);
  const step =
    pace.expectMs !== undefined && waitedMs < 2 * pace.expectMs
      ? pace.expectMs / 10
      : waitedMs * (pace.share ?? 0.1);
  return Math.min(max, Math.max(min, Math.round(step)));
}

/** Polls at the cloud's pace until done, failed, timed out or aborted; uses the client's sleep (instant offline). */
export async function waitFor<T>(client: OpenStackClient, o: WaitOptions<T>): Promise<T> {
  let waited = 0;
  let lastPause = 0;
  let polls = 0;
  const timing = () => o.timing?.({ waitedMs: waited, polls, lateMs: lastPause });
  if (o.pace?.firstMs) {
    lastPause = Math.min(o.pace.firstMs, o.timeoutMs);
    await client.sleep(lastPause, o.signal);
    waited += lastPause;
  }
  for (;;) {
    const value = await o.poll();
    polls++;
    if (o.done(value)) {
      timing();
      return value;
    }
    const bad = o.failed?.(value);
    if (bad) {
      timing();
      throw new WaitError(`${o.what}: ${bad}`);
    }
    if (waited >= o.timeoutMs) {
      timing();
      throw new WaitError(
        `${o.what}: still not there after ${Math.round(waited / 1000)} s${o.describe ? ` (${o.describe(value)})` : ''}`,
      );
    }
    o.progress?.(
      `waiting for ${o.what}${o.describe ? ` (${o.describe(value)})` : ''}, ${Math.round(waited / 1000)} s`,
    );
    lastPause = Math.min(nextPause(waited, o.pace), Math.max(1, o.timeoutMs - waited));
    await client.sleep(lastPause, o.signal);
    waited += lastPause;
  }
}

/** GET that maps 404 to undefined (the resource is gone). */
export async function getOrGone<T>(
  client: OpenStackClient,
  service: string,
  path: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<T | undefined> {
  const res = await client.request<T>(service, 'GET', path, { params, expect: [404], signal });
  return res.status === 404 ? undefined : res.body;
}

/** DELETE that treats 404 as already deleted. */
export async function deleteIfPresent(
  client: OpenStackClient,
  service: string,
  path: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  await client.request(service, 'DELETE', path, { params, expect: [404], signal });
}

/** `status` of a single-resource body like `{volume: {status}}`. */
export function statusOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  for (const v of Object.values(body as Record<string, unknown>)) {
    if (v && typeof v === 'object' && typeof (v as { status?: unknown }).status === 'string') {
      return (v as { status: string }).status;
    }
  }
  return undefined;
}

export function isDeletedBody(body: unknown): boolean {
  const s = statusOf(body)?.toLowerCase();
  return s === 'deleted' || s === 'soft_deleted';
}

/** A signal for cleanup: not the run's (which may be aborted already) but bounded on its own. */
export function cleanupSignal(ms = 15 * 60_000): AbortSignal {
  return AbortSignal.timeout(ms);
}

/** States a volume or backup leaves by itself; deleting during them fails (the backup check and cleanup wait them out). */
export const BLOCK_STORAGE_TRANSIENT = new Set([
  'creating',
  'backing-up',
  'restoring-backup',
  'restoring',
  'downloading',
  'attaching',
  'detaching',
  'deleting',
  'extending',
  'uploading',
  'retyping',
]);
