// Fault injection of the embedded cloud: error bursts with Retry-After, route patterns, hangs, broken bodies, stats.
import { afterEach, describe, expect, it } from 'vitest';
import { FaultEngine, parseFaultSpec } from '../../src/democloud/faults.js';
import type { FaultSpec } from '../../src/democloud/index.js';
import { call, session, type Session } from './helpers.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

describe('FaultEngine', () => {
  it('applies a rule to the first N matching calls after skipping K, by route pattern', () => {
    const e = new FaultEngine({
      rules: [{ route: 'GET /compute/*', skip: 1, times: 2, fault: 'status', status: 503 }],
    });
    const hits = [
      'GET /compute/a',
      'GET /image/x',
      'GET /compute/b',
      'POST /compute/c',
      'GET /compute/d',
      'GET /compute/e',
    ].map((c) => e.decide(c.split(' ')[0] as string, c.split(' ')[1] as string).action?.status);
    expect(hits).toEqual([undefined, undefined, 503, undefined, 503, undefined]);
  });

  it('adds latency from the spec and from latency rules, and matches path-only patterns for every method', () => {
    const e = new FaultEngine({ latencyMs: 20, rules: [{ route: '/image/*', fault: 'latency', ms: 100 }] });
    expect(e.decide('GET', '/compute/x').delayMs).toBe(20);
    expect(e.decide('DELETE', '/image/v2/images/1')).toEqual({ delayMs: 120, action: undefined });
  });

  it('draws probabilities from a seeded generator: same seed, same sequence', () => {
    const spec: FaultSpec = { seed: 42, rules: [{ probability: 0.5, fault: 'status', status: 500 }] };
    const a = new FaultEngine(spec);
    const b = new FaultEngine(spec);
    const seqA = Array.from({ length: 40 }, () => a.decide('GET', '/x').action !== undefined);
    const seqB = Array.from({ length: 40 }, () => b.decide('GET', '/x').action !== undefined);
    expect(seqA).toEqual(seqB);
    expect(seqA.some(Boolean) && seqA.some((x) => !x)).toBe(true);
  });

  it('parses CLI fault specs and rejects bad ones with one-line messages', () => {
    expect(parseFaultSpec('{"latencyMs": 5}')).toEqual({ latencyMs: 5 });
    expect(() => parseFaultSpec('{')).toThrow(/^fault spec is not valid JSON/);
    expect(() => parseFaultSpec('[]')).toThrow(/must be a JSON object/);
    expect(() => parseFaultSpec('{"rules":[{"fault":"explode"}]}')).toThrow(
      "fault rule: unknown fault 'explode'",
    );
    expect(() => parseFaultSpec('{"rules":[{"fault":"status","status":200}]}')).toThrow(
      /not an error status/,
    );
  });
});

describe('faults on the wire', () => {
  it('answers a burst of 429 with Retry-After in the service error format, then recovers', async () => {
    s = await session({
      faults: { rules: [{ route: '/compute/*', fault: 'status', status: 429, retryAfter: 2, times: 2 }] },
    });
    const first = await call(s, 'GET', '/compute/v2.1/flavors');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body).toEqual({ overLimit: { code: 429, message: 'Rate limit exceeded, retry later.' } });
    expect((await call(s, 'GET', '/compute/v2.1/flavors')).status).toBe(429);
    expect((await call(s, 'GET', '/compute/v2.1/flavors')).status).toBe(200);
  });

  it('fails the first N calls of the whole cloud with 503 (token issue included)', async () => {
    const { startDemoCloud } = await import('../../src/democloud/index.js');
    const cloud = await startDemoCloud({ faults: { rules: [{ fault: 'status', status: 503, times: 1 }] } });
    try {
      const r = await fetch(`${cloud.authUrl}/auth/tokens`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({
        error: { code: 503, message: 'Injected fault of the embedded cloud.', title: 'Service Unavailable' },
      });
      expect((await fetch(cloud.authUrl)).status).toBe(200);
    } finally {
      await cloud.stop();
    }
  });

  it('answers 503 and 500 only on the routes named, each service in its own format', async () => {
    s = await session({
      faults: {
        rules: [
          { route: 'GET /image/v2/images', fault: 'status', status: 503 },
          { route: '/compute/v2.1/flavors/detail', fault: 'status', status: 500, message: 'boom' },
          { route: '/networking/v2.0/networks', fault: 'status', status: 500, message: 'boom' },
        ],
      },
    });
    const img = await call(s, 'GET', '/image/v2/images');
    expect(img.status).toBe(503);
    expect(img.body).toMatchObject({ code: '503 Service Unavailable' });
    expect((await call(s, 'GET', '/image/versions')).status).toBe(200);
    const fl = await call(s, 'GET', '/compute/v2.1/flavors/detail');
    expect(fl.body).toEqual({ computeFault: { code: 500, message: 'boom' } });
    expect((await call(s, 'GET', '/compute/v2.1/flavors')).status).toBe(200);
    const net = await call(s, 'GET', '/networking/v2.0/networks');
    expect(net.body).toMatchObject({ NeutronError: { message: 'boom' } });
  });

  it('hangs a route without answering; the caller has to time out, stop() still ends it', async () => {
    s = await session({ faults: { rules: [{ route: '/networking/*', fault: 'hang' }] } });
    await expect(
      fetch(`${s.cloud.url}/networking/v2.0/networks`, {
        headers: { 'x-auth-token': s.token },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect((await call(s, 'GET', '/compute/v2.1/flavors')).status).toBe(200);
  });

  it('truncates a body mid-way (connection cut) or sends malformed JSON with valid framing', async () => {
    s = await session({
      faults: {
        rules: [
          { route: '/compute/v2.1/flavors/detail', fault: 'truncate' },
          { route: '/image/v2/images', fault: 'malformed' },
          { route: '/key-manager/*', fault: 'reset' },
        ],
      },
    });
    const res = await fetch(`${s.cloud.url}/compute/v2.1/flavors/detail`, {
      headers: { 'x-auth-token': s.token },
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    await expect(res.text()).rejects.toThrow();

    const bad = await fetch(`${s.cloud.url}/image/v2/images`, { headers: { 'x-auth-token': s.token } });
    expect(bad.status).toBe(200);
    expect(bad.headers.get('content-type')).toBe('application/json');
    const text = await bad.text();
    expect(() => JSON.parse(text)).toThrow();

    await expect(
      fetch(`${s.cloud.url}/key-manager/v1/secrets`, { headers: { 'x-auth-token': s.token } }),
    ).rejects.toThrow();
  });

  it('counts every call by route, faulted ones included', async () => {
    s = await session({
      faults: { rules: [{ route: '/compute/v2.1/flavors', fault: 'status', status: 503, times: 1 }] },
    });
    s.cloud.resetStats();
    await call(s, 'GET', '/compute/v2.1/flavors');
    await call(s, 'GET', '/compute/v2.1/flavors');
    await call(s, 'GET', `/compute/v2.1/flavors/x`);
    await call(s, 'GET', '/nowhere');
    expect(s.cloud.stats.calls).toBe(4);
    expect(s.cloud.stats.byRoute).toEqual({
      'compute GET /v2.1/flavors': 2,
      'compute GET /v2.1/flavors/:id': 1,
      'root GET *': 1,
    });
  });

  it('reports every call, faults included, to onCall', async () => {
    const calls: Array<{ route: string; status?: number; fault?: string }> = [];
    s = await session({
      onCall: (c) => calls.push(c),
      faults: { rules: [{ route: '/image/*', fault: 'status', status: 503, times: 1 }] },
    });
    calls.length = 0;
    await call(s, 'GET', '/image/v2/images');
    await call(s, 'GET', '/image/v2/images');
    expect(calls).toEqual([
      expect.objectContaining({ route: 'image GET /v2/images', status: 503, fault: 'status' }),
      expect.objectContaining({ route: 'image GET /v2/images', status: 200, fault: undefined }),
    ]);
  });
});
