// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the Kubernetes client and the release-data fetcher, through a loopback proxy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKubernetes } from '../../src/clients/kubernetes/index.js';
import { fetchReleaseData } from '../../src/clients/release-data/index.js';
import { type DemoCluster, startDemoCluster } from '../../src/democluster/index.js';
import { startLoopbackProxy, type LoopbackProxy } from '../helpers/loopback-proxy.mjs';

describe('through a loopback proxy', () => {
  let proxy: LoopbackProxy;
  let cluster: DemoCluster;
  let kubeconfig: string;
  beforeAll(async () => {
    // Tunnels only to this machine: the tests never reach the internet.
    proxy = await startLoopbackProxy({ tunnelTo: (host) => host === '127.0.0.1' });
    cluster = await startDemoCluster();
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'scs-cert-proxy-')), 'kc');
    writeFileSync(kubeconfig, cluster.kubeconfigYaml);
  });
  afterAll(async () => {
    await cluster.stop();
    await proxy.close();
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
