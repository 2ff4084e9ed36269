// One retry loop for transient faults: exponential backoff, Retry-After honoured, the last answer kept.
import { sleep as abortableSleep } from './sleep.js';

/** Longest a server may make us wait through Retry-After before we give up waiting (and take our own delay). */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) in ms, capped at `capMs`;
 * undefined when absent or unreadable.
 */
export function retryAfterMs(
  value: string | undefined,
  now: number = Date.now(),
  capMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(capMs, Math.round(Number(v) * 1000));
  // An HTTP-date names its weekday or month; bare numbers like `-1` are not dates (Date.parse would take them).
  const at = /[A-Za-z]/.test(v) ? Date.parse(v) : NaN;
  if (Number.isFinite(at)) return Math.min(capMs, Math.max(0, at - now));
  return undefined;
}

/** What one attempt came to: a final answer, or a transient fault worth another try. */
export type AttemptOutcome<T> =
  | { done: T }
  | {
      /** Why another try is worth it, for the log (e.g. `monitor answered 503`). */
      retry: string;
      /** The server's own wait (Retry-After), if it gave one. */
      waitMs?: number;
      /** The answer to give when no tries are left. */
      otherwise: T;
    };

export interface RetryPolicy {
  /** Tries after the first (0 = no retry). */
  retries: number;
  /** Wait before the first retry; multiplied by `factor` after each. */
  delayMs: number;
  factor?: number;
  maxDelayMs?: number;
  /** Stops waiting at once (the wait rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Replaces the real wait (tests). */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, reason: string, waitMs: number) => void;
}

/** Runs `attempt` until it is done or the retries are used up; returns its answer, never throws for a retry. */
export async function withRetries<T>(
  attempt: (n: number) => Promise<AttemptOutcome<T>>,
  policy: RetryPolicy,
): Promise<T> {
  const wait = policy.sleep ?? ((ms: number) => abortableSleep(ms, policy.signal));
  let delay = policy.delayMs;
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if ('done' in outcome) return outcome.done;
    if (n > policy.retries) return outcome.otherwise;
    const ms = outcome.waitMs ?? delay;
    policy.onRetry?.(n, outcome.retry, ms);
    await wait(ms);
    delay = Math.min(delay * (policy.factor ?? 2), policy.maxDelayMs ?? Number.POSITIVE_INFINITY);
  }
}
