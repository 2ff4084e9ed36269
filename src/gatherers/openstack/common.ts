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

/** A wait that ran out of time or saw a terminal failure state. */
export class WaitError extends Error {
  override name = 'WaitError';
}

export interface WaitOptions<T> {
  /** What we wait for, for messages ("volume scs-cert-…-volume available"). */
  what: string;
  poll: () => Promise<T>;
  /** Done when this returns true. */
  done: (value: T) => boolean;
  /** A message when the value is a terminal failure (e.g. status error). */
  failed?: (value: T) => string | undefined;
  /** Give up after this much waiting (sum of the delays, so replays decide the same way). */
  timeoutMs: number;
  signal?: AbortSignal;
  progress?: (what: string) => void;
  /** Delay schedule in ms; the last value repeats. */
  delaysMs?: number[];
  /** Describes the current value for progress lines. */
  describe?: (value: T) => string;
}

const DEFAULT_DELAYS = [1000, 2000, 3000, 5000, 8000, 10_000];

/** Polls with growing delays until done, failed, timed out or aborted; uses the client's sleep (instant offline). */
export async function waitFor<T>(client: OpenStackClient, o: WaitOptions<T>): Promise<T> {
  const delays = o.delaysMs ?? DEFAULT_DELAYS;
  let waited = 0;
  for (let i = 0; ; i++) {
    const value = await o.poll();
    if (o.done(value)) return value;
    const bad = o.failed?.(value);
    if (bad) throw new WaitError(`${o.what}: ${bad}`);
    if (waited >= o.timeoutMs) {
      throw new WaitError(
        `${o.what}: still not there after ${Math.round(waited / 1000)} s${o.describe ? ` (${o.describe(value)})` : ''}`,
      );
    }
    o.progress?.(
      `waiting for ${o.what}${o.describe ? ` (${o.describe(value)})` : ''}, ${Math.round(waited / 1000)} s`,
    );
    const d = Math.min(
      delays[Math.min(i, delays.length - 1)] ?? 5000,
      Math.max(0, o.timeoutMs - waited) || 1,
    );
    await client.sleep(d, o.signal);
    waited += d;
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
