// The shared retry loop, Retry-After parsing and the abortable sleep.
import { describe, expect, it } from 'vitest';
import { retryAfterMs, withRetries, type AttemptOutcome } from '../../src/core/retry.js';
import { sleep } from '../../src/core/sleep.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('reads delay-seconds and HTTP-dates, capped; nothing else', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 1.5 ', now)).toBe(1500);
    expect(retryAfterMs('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('3600', now)).toBe(60_000);
    expect(retryAfterMs('3600', now, 5_000)).toBe(5_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-1', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('withRetries', () => {
  const script = (outcomes: Array<AttemptOutcome<string>>) => {
    const calls: number[] = [];
    const attempt = async (n: number) => {
      calls.push(n);
      return outcomes[n - 1]!;
    };
    return { calls, attempt };
  };

  it('doubles the delay, honours the server wait once, and returns the answer', async () => {
    const waits: number[] = [];
    const log: string[] = [];
    const { calls, attempt } = script([
      { retry: 'a', otherwise: 'x' },
      { retry: 'b', waitMs: 7, otherwise: 'x' },
      { retry: 'c', otherwise: 'x' },
      { done: 'ok' },
    ]);
    const out = await withRetries(attempt, {
      retries: 5,
      delayMs: 10,
      sleep: async (ms) => void waits.push(ms),
      onRetry: (n, why, ms) => log.push(`${n} ${why} ${ms}`),
    });
    expect(out).toBe('ok');
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(waits).toEqual([10, 7, 40]);
    expect(log).toEqual(['1 a 10', '2 b 7', '3 c 40']);
  });

  it('gives the last attempt its own answer when the retries are used up, and caps the delay', async () => {
    const waits: number[] = [];
    const { calls, attempt } = script([
      { retry: 'a', otherwise: 'first' },
      { retry: 'b', otherwise: 'second' },
      { retry: 'c', otherwise: 'third' },
    ]);
    const out = await withRetries(attempt, {
      retries: 2,
      delayMs: 10,
      factor: 10,
      maxDelayMs: 50,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(out).toBe('third');
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toEqual([10, 50]);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = withRetries(async () => ({ retry: 'busy', otherwise: 'x' }), {
      retries: 3,
      delayMs: 60_000,
      signal: controller.signal,
    });
    controller.abort(new Error('interrupted'));
    await expect(pending).rejects.toThrow('interrupted');
  });
});

describe('sleep', () => {
  it('resolves after the time, or rejects at once with the abort reason', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const done = new AbortController();
    done.abort();
    await expect(sleep(60_000, done.signal)).rejects.toThrow();
    const later = new AbortController();
    const p = sleep(60_000, later.signal);
    later.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
