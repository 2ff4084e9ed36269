// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the Kubernetes client and the release-data fetcher, through a loopback proxy.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, type Socket, connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKubernetes } from '../../src/clients/kubernetes/index.js';
import { fetchReleaseData } from '../../src/clients/release-data/index.js';
import { type DemoCluster, startDemoCluster } from '../../src/democluster/index.js';

/** A forward proxy on 127.0.0.1: requests and CONNECT tunnels to 127.0.0.1 are forwarded, others refused; all logged. */
function startProxy(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req, socket: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    // Tunnels only to this machine: the tests never reach the internet.
    if (host !== '127.0.0.1') return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const up = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

describe('through a loopback proxy', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let cluster: DemoCluster;
  let kubeconfig: string;
  beforeAll(async () => {
    proxy = await startProxy();
    cluster = await startDemoCluster();
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'scs-cert-proxy-')), 'kc');
    writeFileSync(kubeconfig, cluster.kubeconfigYaml);
  });
  afterAll(async () => {
    await cluster.stop();
    proxy.server.close();
  });

  it('the Kubernetes client goes through HTTP_PROXY, and direct when NO_PROXY lists the server', async () => {
    const via = await connectKubernetes({ kubeconfig, env: { HTTP_PROXY: proxy.url } });
    expect((await via.listNodes()).length).toBeGreaterThan(0);
    const host = new URL(cluster.url).host;
    expect(
      proxy.seen.filter((s) => s === `CONNECT ${host}` || s.startsWith(`GET ${cluster.url}/`)).length,
    ).toBeGreaterThanOrEqual(1);
    const before = proxy.seen.length;
    const direct = await connectKubernetes({
      kubeconfig,
      env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    await direct.listNodes();
    expect(proxy.seen.length).toBe(before);
  });

  it('the release-data fetcher tunnels through HTTPS_PROXY, and says which host it could not reach', async () => {
    const before = proxy.seen.length;
    await expect(
      fetchReleaseData({ env: { HTTPS_PROXY: proxy.url }, requestTimeoutMs: 5_000, releasePages: 1 }),
    ).rejects.toThrow(/cannot reach (api\.github\.com|kubernetes\.io)/);
    const tunnels = proxy.seen.slice(before).filter((s) => s.startsWith('CONNECT '));
    expect(tunnels).toEqual(expect.arrayContaining(['CONNECT api.github.com:443']));
  });
});
