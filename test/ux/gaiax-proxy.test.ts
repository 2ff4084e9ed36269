// Gaia-X submission and terms-and-conditions fetching go through HTTP(S)_PROXY unless NO_PROXY names the host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDocument, submitPresentation } from '../../src/gaiax/http.js';
import { startLoopbackProxy, type LoopbackProxy } from '../helpers/loopback-proxy.mjs';

let service: Server;
let base = '';
let proxy: LoopbackProxy;
const received: string[] = [];

beforeAll(async () => {
  service = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    if (req.url === '/terms') res.writeHead(200, { 'content-type': 'text/plain' }).end('terms');
    else res.writeHead(201, { 'content-type': 'application/vc+jwt' }).end('a.b.c');
  });
  await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  proxy = await startLoopbackProxy({ plain: false });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => service.close(() => r()));
});

describe('Gaia-X HTTP through a proxy', () => {
  it('submits the presentation through HTTP_PROXY, and directly when NO_PROXY names the host', async () => {
    const host = new URL(base).host;
    const res = await submitPresentation(base, 'x.y.z', 'urn:x', { env: { HTTP_PROXY: proxy.url } });
    expect(res.status).toBe(201);
    expect(res.body).toBe('a.b.c');
    expect(proxy.tunnels).toEqual([host]);
    await submitPresentation(base, 'x.y.z', 'urn:x', {
      env: { http_proxy: proxy.url, no_proxy: '127.0.0.1' },
    });
    expect(proxy.tunnels).toEqual([host]);
    expect(
      received.filter((r) => r.startsWith('POST /api/credential-offers/standard-compliance')),
    ).toHaveLength(2);
  });

  it('hashes terms and conditions fetched through the proxy', async () => {
    const before = proxy.tunnels.length;
    const hash = await hashDocument(`${base}/terms`, {
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
    });
    expect(hash).toBe('51d2361f4faea3bc8f9facdbc7d99abb555596a2e51f7b25fd3b41c93587e616'); // sha256('terms')
    expect(proxy.tunnels.length).toBe(before + 1);
  });

  it('a proxy that cannot be reached is named in the one-line error', async () => {
    const e = await submitPresentation(base, 'x', 'urn:x', {
      env: { HTTP_PROXY: 'http://127.0.0.1:9' },
    }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(
      /^cannot reach the compliance service at http:\/\/127\.0\.0\.1:\d+ \(/,
    );
  });
});
