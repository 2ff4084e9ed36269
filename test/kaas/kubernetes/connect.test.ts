// Kubernetes access: kubeconfig and context selection, and one-line errors for every way a connection can fail.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { KubeAccessError, connectKubernetes } from '../../../src/clients/kubernetes/index.js';
import { type DemoCluster, demoKubeconfig, startDemoCluster } from '../../../src/democluster/index.js';

const dir = mkdtempSync(join(tmpdir(), 'scs-cert-kc-'));
let cluster: DemoCluster;
let kubeconfig: string;

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A fresh, editable copy of a kubeconfig document. */
function kubeconfigDoc(text: string): unknown {
  return parseYaml(text);
}

async function failure(p: Promise<unknown>): Promise<KubeAccessError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KubeAccessError);
    expect((err as Error).message).not.toContain('\n');
    return err as KubeAccessError;
  }
  throw new Error('expected a KubeAccessError');
}

beforeAll(async () => {
  cluster = await startDemoCluster();
  kubeconfig = write('demo.yaml', cluster.kubeconfigYaml);
});
afterAll(() => cluster.stop());

describe('kubeconfig and context', () => {
  it('connects with --kubeconfig and reads the version', async () => {
    const c = await connectKubernetes({ kubeconfig, env: {} });
    expect((await c.version()).gitVersion).toBe('v1.37.2');
    expect(c.contextName).toBe('scs-cert-demo');
    expect(c.kubeconfigPaths).toEqual([kubeconfig]);
  });

  it('uses KUBECONFIG, also a list where some files are missing', async () => {
    const c = await connectKubernetes({ env: { KUBECONFIG: `${join(dir, 'missing.yaml')}:${kubeconfig}` } });
    expect(c.server).toBe(cluster.url);
    const e = await failure(connectKubernetes({ env: { KUBECONFIG: join(dir, 'missing.yaml') } }));
    expect(e.kind).toBe('kubeconfig');
    expect(e.message).toMatch(/missing\.yaml \(from KUBECONFIG\) does not exist/);
  });

  it('falls back to ~/.kube/config and says where it looked', async () => {
    const home = mkdtempSync(join(tmpdir(), 'scs-cert-home-'));
    const e = await failure(connectKubernetes({ env: { HOME: home } }));
    expect(e.message).toContain(join(home, '.kube', 'config'));
    expect(e.message).toContain('does not exist and this is not a pod with a service account');
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), cluster.kubeconfigYaml);
    expect((await connectKubernetes({ env: { HOME: home } })).server).toBe(cluster.url);
  });

  it('names a missing --kubeconfig file', async () => {
    const e = await failure(connectKubernetes({ kubeconfig: join(dir, 'nope.yaml'), env: {} }));
    expect(e.message).toMatch(
      /^kubeconfig .*nope\.yaml \(from --kubeconfig\) does not exist — pass --kubeconfig FILE/,
    );
  });

  it('rejects a directory and broken YAML', async () => {
    expect((await failure(connectKubernetes({ kubeconfig: dir, env: {} }))).message).toContain(
      'is a directory',
    );
    const bad = write('bad.yaml', 'clusters: [ {name: x\n  - : :');
    expect((await failure(connectKubernetes({ kubeconfig: bad, env: {} }))).message).toMatch(
      /is not a valid kubeconfig/,
    );
  });

  it('lists the known contexts for an unknown --context', async () => {
    const e = await failure(connectKubernetes({ kubeconfig, context: 'prod', env: {} }));
    expect(e.kind).toBe('context');
    expect(e.message).toBe(
      `context 'prod' is not in kubeconfig ${kubeconfig} — known contexts: scs-cert-demo`,
    );
  });

  it('asks for --context when there is no current-context', async () => {
    const doc = kubeconfigDoc(cluster.kubeconfigYaml) as Record<string, unknown>;
    doc['current-context'] = '';
    const contexts = doc.contexts as Array<{ name: string; context: unknown }>;
    contexts.push({ name: 'second', context: contexts[0]!.context });
    const f = write('nocurrent.yaml', stringify(doc));
    const e = await failure(connectKubernetes({ kubeconfig: f, env: {} }));
    expect(e.message).toBe(
      `kubeconfig ${f} has no current-context — pass --context NAME (known contexts: scs-cert-demo, second)`,
    );
    expect((await connectKubernetes({ kubeconfig: f, context: 'second', env: {} })).contextName).toBe(
      'second',
    );
  });

  it('names a context whose cluster is not defined', async () => {
    const doc = kubeconfigDoc(cluster.kubeconfigYaml) as {
      contexts: Array<{ context: { cluster: string } }>;
    };
    doc.contexts[0]!.context.cluster = 'ghost';
    const f = write('ghost.yaml', stringify(doc));
    expect((await failure(connectKubernetes({ kubeconfig: f, env: {} }))).message).toMatch(
      /names cluster 'ghost', which is not defined/,
    );
  });
});

describe('connection failures', () => {
  it('reports an unreachable server', async () => {
    const gone = await startDemoCluster();
    const f = write('gone.yaml', gone.kubeconfigYaml);
    await gone.stop();
    const e = await failure(connectKubernetes({ kubeconfig: f, env: {}, maxAttempts: 1 }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(
      /^cannot reach the Kubernetes API server http:\/\/127\.0\.0\.1:\d+ of context 'scs-cert-demo' \(ECONNREFUSED\)/,
    );
  });

  it('reports bad credentials as 401', async () => {
    const f = write('badtoken.yaml', demoKubeconfig(cluster.url, 'not-the-token'));
    const e = await failure(connectKubernetes({ kubeconfig: f, env: {} }));
    expect(e.kind).toBe('unauthorized');
    expect(e.message).toContain(
      "rejected the credentials of user 'demo-user' in context 'scs-cert-demo' (401 Unauthorized)",
    );
    expect(e.message).not.toContain('not-the-token');
  });

  it('explains plain HTTP without insecure-skip-tls-verify', async () => {
    const doc = kubeconfigDoc(cluster.kubeconfigYaml) as {
      clusters: Array<{ cluster: Record<string, unknown> }>;
    };
    delete doc.clusters[0]!.cluster['insecure-skip-tls-verify'];
    const f = write('plain.yaml', stringify(doc));
    const e = await failure(connectKubernetes({ kubeconfig: f, env: {} }));
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/is plain HTTP — use an https:\/\/ server address/);
  });

  let hasOpenssl = true;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    hasOpenssl = false;
  }
  it.skipIf(!hasOpenssl)('reports an untrusted TLS certificate, and connects with the right CA', async () => {
    const key = join(dir, 'tls.key');
    const crt = join(dir, 'tls.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        crt,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: readFileSync(key), cert: readFileSync(crt) };
    const secure = await startDemoCluster({ tls });
    try {
      expect(secure.url.startsWith('https://')).toBe(true);
      const untrusted = write('untrusted.yaml', secure.kubeconfigYaml);
      const e = await failure(connectKubernetes({ kubeconfig: untrusted, env: {} }));
      expect(e.kind).toBe('tls');
      expect(e.message).toMatch(
        /TLS connection to https:\/\/127\.0\.0\.1:\d+ failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/,
      );
      expect(e.message).toContain('certificate-authority');
      const trusted = write(
        'trusted.yaml',
        demoKubeconfig(secure.url, tokenOf(secure.kubeconfigYaml), readFileSync(crt, 'utf8')),
      );
      expect((await (await connectKubernetes({ kubeconfig: trusted, env: {} })).version()).gitVersion).toBe(
        'v1.37.2',
      );
    } finally {
      await secure.stop();
    }
  });
});

function tokenOf(kc: string): string {
  return (parseYaml(kc) as { users: Array<{ user: { token: string } }> }).users[0]!.user.token;
}

describe('permissions, throttling and slowness', () => {
  it('names the verb and resource of a 403', async () => {
    const c = await startDemoCluster({
      faults: {
        forbidden: [
          { verb: 'list', resource: 'nodes' },
          { verb: 'create', resource: 'persistentvolumeclaims' },
        ],
      },
    });
    try {
      const client = await connectKubernetes({ kubeconfig: write('rbac.yaml', c.kubeconfigYaml), env: {} });
      const e = await failure(client.listNodes());
      expect(e.kind).toBe('forbidden');
      expect(e.message).toBe(
        "user 'demo-user' may not list nodes (403 Forbidden) — grant the 'list' permission on 'nodes' (cluster-wide) via RBAC",
      );
      await client.createNamespace({ metadata: { name: 'rbac-test' } });
      const e2 = await failure(
        client.createPvc('rbac-test', { metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'] } }),
      );
      expect(e2.message).toBe(
        "user 'demo-user' may not create persistentvolumeclaims 'c' in namespace 'rbac-test' (403 Forbidden) — grant the 'create' permission on 'persistentvolumeclaims' in namespace 'rbac-test' via RBAC",
      );
      expect((await client.listStorageClasses()).length).toBe(2);
    } finally {
      await c.stop();
    }
  });

  it('retries 429 and 503 answers', async () => {
    const c = await startDemoCluster({
      faults: {
        bursts: [
          { status: 429, count: 2, path: '/api/v1/nodes' },
          { status: 503, count: 1, path: '/storageclasses' },
        ],
      },
    });
    try {
      const client = await connectKubernetes({
        kubeconfig: write('burst.yaml', c.kubeconfigYaml),
        env: {},
        backoffMs: 1,
      });
      expect((await client.listNodes()).length).toBe(6);
      expect((await client.listStorageClasses()).length).toBe(2);
      expect(c.requests.filter((r) => r.path === '/api/v1/nodes').map((r) => r.status)).toEqual([
        429, 429, 200,
      ]);
      expect(c.requests.filter((r) => r.path.endsWith('/storageclasses')).map((r) => r.status)).toEqual([
        503, 200,
      ]);
    } finally {
      await c.stop();
    }
  });

  it('gives up after the last attempt with the status in the message', async () => {
    const c = await startDemoCluster({
      faults: { bursts: [{ status: 503, count: 10, path: '/api/v1/nodes' }] },
    });
    try {
      const client = await connectKubernetes({
        kubeconfig: write('down.yaml', c.kubeconfigYaml),
        env: {},
        backoffMs: 1,
        maxAttempts: 3,
      });
      const e = await failure(client.listNodes());
      expect(e.message).toMatch(
        /^list nodes failed with HTTP 503: the server is currently unable to handle the request$/,
      );
    } finally {
      await c.stop();
    }
  });

  it('times out slow answers', async () => {
    const c = await startDemoCluster({ faults: { latencyMs: 300 } });
    try {
      const e = await failure(
        connectKubernetes({
          kubeconfig: write('slow.yaml', c.kubeconfigYaml),
          env: {},
          requestTimeoutMs: 50,
          maxAttempts: 1,
        }),
      );
      expect(e.kind).toBe('timeout');
      expect(e.message).toContain('no answer in time');
    } finally {
      await c.stop();
    }
  });
});
