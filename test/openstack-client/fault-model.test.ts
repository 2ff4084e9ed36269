// The client's fault model and bounds: 429 for every method, Retry-After budget, no blind re-POST, pagination
// loops and caps, the per-answer byte limit, and HTTP(S)_PROXY / NO_PROXY through a loopback proxy.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OpenStackConfigError,
  OpenStackHttpError,
  OpenStackLimitError,
  OpenStackResponseTooLargeError,
  connectOpenStack,
  isInconclusive,
  limitsFromEnv,
  type ConnectOptions,
} from '../../src/clients/openstack/index.js';
import type { OpenStackClient } from '../../src/clients/openstack/client.js';
import { FakeServer, PROJECT_ID, TLS_DIR, demoCloud, installKeystone } from './fake-server.js';
import { startLoopbackProxy, type LoopbackProxy } from '../helpers/loopback-proxy.mjs';

let s: FakeServer;
let sleeps: number[];
const clients: OpenStackClient[] = [];
const proxies: LoopbackProxy[] = [];

async function connect(extra: Partial<ConnectOptions> = {}, server: FakeServer = s) {
  const c = await connectOpenStack({
    config: { name: 'fake', ...demoCloud(server) },
    env: {},
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  s = await new FakeServer().start();
  installKeystone(s);
  sleeps = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const p of proxies.splice(0)) await p.close();
  await s.close();
});

describe('retries by fault class', () => {
  it('retries a 429 on POST (not processed), honouring Retry-After, and creates once', async () => {
    let n = 0;
    s.on('POST', `/volume/v3/${PROJECT_ID}/volumes`, () =>
      ++n === 1
        ? { status: 429, headers: { 'Retry-After': '1' }, json: { overLimit: { message: 'slow down' } } }
        : { status: 202, json: { volume: { id: 'v1', status: 'creating' } } },
    );
    const c = await connect();
    const v = await c.post<{ volume: { id: string } }>('block-storage', '/volumes', { volume: { size: 1 } });
    expect(v.volume.id).toBe('v1');
    expect(sleeps).toEqual([1000]);
    expect(s.count('POST', `/volume/v3/${PROJECT_ID}/volumes`)).toBe(2);
  });

  it('never re-sends a POST after a 503 or 502 (it may have been processed): one call, inconclusive error', async () => {
    s.on('POST', '/network/v2.0/networks', () => ({ status: 503, body: 'busy' }));
    s.on('POST', '/network/v2.0/routers', () => ({ status: 502, body: 'bad gateway' }));
    const c = await connect();
    for (const path of ['/networks', '/routers']) {
      const err = await c.post('network', path, {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenStackHttpError);
      expect(isInconclusive(err)).toBe(true);
    }
    expect(s.count('POST', '/network/v2.0/networks')).toBe(1);
    expect(s.count('POST', '/network/v2.0/routers')).toBe(1);
  });

  it('a Retry-After beyond the retry budget ends the retries at once and is inconclusive', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({
      status: 429,
      headers: { 'Retry-After': '3600' },
      json: { overLimit: { message: 'come back in an hour' } },
    }));
    const c = await connect({ limits: { retryBudgetMs: 60_000 } });
    const err = await c.get('compute', '/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackHttpError);
    expect((err as OpenStackHttpError).status).toBe(429);
    expect(isInconclusive(err)).toBe(true);
    expect(sleeps).toEqual([]);
    expect(s.count('GET', '/compute/v2.1/servers')).toBe(1);
  });

  it('the waits of one call add up to at most the budget', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({ status: 429, headers: { 'Retry-After': '40' }, json: {} }));
    const c = await connect({ limits: { retryBudgetMs: 100_000 } });
    await expect(c.get('compute', '/servers')).rejects.toThrow(/HTTP 429/);
    expect(sleeps).toEqual([40_000, 40_000]);
  });

  it('a refusal from the cloud (4xx, 500) is not inconclusive: it may be the finding', async () => {
    s.on('POST', `/volume/v3/${PROJECT_ID}/backups`, () => ({
      status: 500,
      json: { computeFault: { message: 'x' } },
    }));
    s.on('GET', `/volume/v3/${PROJECT_ID}/backups`, () => ({
      status: 403,
      json: { forbidden: { message: 'no' } },
    }));
    const c = await connect();
    expect(isInconclusive(await c.post('block-storage', '/backups', {}).catch((e: unknown) => e))).toBe(
      false,
    );
    expect(isInconclusive(await c.get('block-storage', '/backups').catch((e: unknown) => e))).toBe(false);
  });

  it('a hanging call is a timeout, inconclusive', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({ hang: true }));
    const c = await connect({ timeoutMs: 200, maxRetries: 1 });
    const err = await c.get('compute', '/servers').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/timeout after 200 ms/);
    expect(isInconclusive(err)).toBe(true);
  });
});

describe('pagination bounds', () => {
  it('a next link with a new marker on every page but the same items stops at the first repeat', async () => {
    s.on('GET', '/image/v2/images', (req) => ({
      json: {
        images: [{ id: 'a' }, { id: 'b' }],
        next: `/v2/images?marker=m${Number(req.query.get('marker')?.slice(1) ?? 0) + 1}`,
      },
    }));
    const c = await connect();
    const images = await c.list<{ id: string }>('image', '/images', 'images');
    expect(images.map((i) => i.id)).toEqual(['a', 'b']);
    expect(s.count('GET', '/image/v2/images')).toBe(2);
  });

  it('a cloud inventing new items on every page is stopped at the page cap with a clear error', async () => {
    let n = 0;
    s.on('GET', '/image/v2/images', () => {
      n++;
      return { json: { images: [{ id: `i${n}` }], next: `/v2/images?marker=i${n}` } };
    });
    const c = await connect({ limits: { maxPages: 5 } });
    const err = await c.list('image', '/images', 'images').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackLimitError);
    expect((err as OpenStackLimitError).limit).toBe('maxPages');
    expect((err as Error).message).toMatch(
      /image GET \/images still had a next page after 5 pages.*SCS_CERT_MAX_PAGES/,
    );
    expect(isInconclusive(err)).toBe(true);
    expect(s.count('GET', '/image/v2/images')).toBe(5);
  });

  it('and at the item cap', async () => {
    s.on('GET', '/compute/v2.1/flavors/detail', () => ({
      json: { flavors: Array.from({ length: 30 }, (_, i) => ({ id: `f${i}` })) },
    }));
    const c = await connect({ limits: { maxListItems: 10 } });
    await expect(c.list('compute', '/flavors/detail', 'flavors')).rejects.toThrow(
      /listed more than 10 items.*SCS_CERT_MAX_LIST_ITEMS/,
    );
  });
});

describe('answer size bound', () => {
  it('a body over the limit fails naming URL and limit, and is not read to its end', async () => {
    let sent = 0;
    const big = Buffer.alloc(1024 * 1024, 'x');
    // a raw route: stream 600 MiB without Content-Length, counting what the client made us send
    s.on('GET', '/compute/v2.1/flavors/detail', () => ({ body: '' }));
    const { createServer } = await import('node:http');
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const pump = () => {
        while (sent < 600 * 1024 * 1024) {
          sent += big.length;
          if (!res.write(big)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => {
        sent = Math.max(sent, 0);
      });
      pump();
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const port = (raw.address() as { port: number }).port;
    try {
      const c = await connect({ limits: { maxResponseBytes: 4 * 1024 * 1024 } });
      const url = `http://127.0.0.1:${port}/huge`;
      const err = await c.rawRequest({ service: 's3', method: 'GET', url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenStackResponseTooLargeError);
      expect((err as Error).message).toContain(url);
      expect((err as Error).message).toMatch(/limit of 4194304 bytes.*SCS_CERT_MAX_RESPONSE_BYTES/);
      expect(isInconclusive(err)).toBe(true);
      // socket buffers aside, the rest of the 600 MiB was never produced
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      raw.closeAllConnections();
      await new Promise<void>((r) => raw.close(() => r()));
    }
  });

  it('a declared Content-Length over the limit fails before reading', async () => {
    const body = JSON.stringify({ flavors: [{ id: 'x'.repeat(64 * 1024) }] });
    s.on('GET', '/compute/v2.1/flavors/detail', () => ({
      body,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    }));
    const c = await connect({ limits: { maxResponseBytes: 16 * 1024 } });
    await expect(c.get('compute', '/flavors/detail')).rejects.toThrow(/Content-Length 65\d+\)/);
  });

  it('limits come from SCS_CERT_* variables; a bad value is a configuration error', () => {
    expect(
      limitsFromEnv({
        SCS_CERT_MAX_RESPONSE_BYTES: '1000',
        SCS_CERT_MAX_PAGES: '7',
        SCS_CERT_MAX_LIST_ITEMS: '9',
        SCS_CERT_RETRY_BUDGET_SECONDS: '30',
      }),
    ).toEqual({ maxResponseBytes: 1000, maxPages: 7, maxListItems: 9, retryBudgetMs: 30_000 });
    expect(() => limitsFromEnv({ SCS_CERT_MAX_PAGES: '-1' })).toThrow(OpenStackConfigError);
    expect(() => limitsFromEnv({ SCS_CERT_MAX_PAGES: 'lots' })).toThrow(/SCS_CERT_MAX_PAGES="lots"/);
  });
});

describe('proxy from the environment', () => {
  it('sends every call through HTTP_PROXY', async () => {
    const p = await startLoopbackProxy();
    proxies.push(p);
    const c = await connect({ env: { HTTP_PROXY: p.url } });
    s.on('GET', '/compute/v2.1/servers', () => ({ json: { servers: [] } }));
    await c.get('compute', '/servers');
    expect(p.seen.length).toBeGreaterThan(0);
    expect(p.seen.every((l) => l.includes(new URL(s.url).host))).toBe(true);
  });

  it('NO_PROXY (host or host:port) bypasses the proxy', async () => {
    const p = await startLoopbackProxy();
    proxies.push(p);
    const host = new URL(s.url).host;
    for (const no of ['127.0.0.1', host, 'example.org, 127.0.0.1']) {
      const c = await connect({ env: { http_proxy: p.url, no_proxy: no } });
      await c.keystoneToken();
    }
    expect(p.seen).toEqual([]);
  });

  it('tunnels HTTPS through https_proxy with the cloud CA verified end to end', async () => {
    const tls = await new FakeServer(true).start();
    installKeystone(tls);
    const p = await startLoopbackProxy();
    proxies.push(p);
    try {
      const c = await connectOpenStack({
        config: { name: 'tls', ...demoCloud(tls), cacert: join(TLS_DIR, 'server.crt') },
        env: { https_proxy: p.url },
      });
      clients.push(c);
      expect((await c.keystoneToken()).project?.id).toBe(PROJECT_ID);
      expect(p.seen).toEqual([`CONNECT ${new URL(tls.url).host}`]);
      // without the CA the tunnelled TLS still fails verification
      const bad = await connectOpenStack({
        config: { name: 'tls', ...demoCloud(tls) },
        env: { https_proxy: p.url },
      }).catch((e: unknown) => e);
      expect((bad as Error).message).toMatch(/TLS verification failed|certificate/i);
    } finally {
      await tls.close();
    }
  });

  it('never proxies when asked not to (the in-process demo cloud)', async () => {
    const p = await startLoopbackProxy();
    proxies.push(p);
    const c = await connect({ env: { HTTP_PROXY: p.url }, useProxy: false });
    await c.keystoneToken();
    expect(p.seen).toEqual([]);
  });
});
