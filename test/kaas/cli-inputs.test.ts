// Every documented way to hand the KaaS scope its inputs, through the CLI: results only (no cluster), a subject root,
// separate networking results, the default ~/.kube/config, the pod's service account, and the exit codes of
// docs/exit-codes.md for a missing or unreachable cluster.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { demoKubeconfig, startDemoCluster } from '../../src/democluster/index.js';
import { DEMO_RELEASE_DATA, DEMO_SONOBUOY, prepareKaasRun } from '../../src/targets/kubernetes-session.js';
import { runCli } from '../helpers/cli.js';

const tmp = (p = 'scs-cert-kaas-cli-') => mkdtempSync(join(tmpdir(), p));

interface Report {
  subject: { name: string; details?: Record<string, unknown> };
  testcases: Array<{ id: string; outcome: string; messageId?: string }>;
}

function reportIn(dir: string): Report {
  const file = readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no JSON report in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report;
}

function outcomes(r: Report): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of r.testcases) out[t.id] ??= t.outcome;
  return out;
}

/** An environment with no kubeconfig anywhere: empty HOME, no KUBECONFIG, no in-cluster variables, no sonobuoy. */
function bareEnv(): NodeJS.ProcessEnv {
  return { HOME: tmp('scs-cert-home-'), PATH: '/nonexistent' };
}

describe('KaaS inputs from the command line', () => {
  it('--sonobuoy-results alone judges the files without any cluster (no kubeconfig needed)', async () => {
    const out = tmp();
    const r = await runCli(
      [
        'run',
        'scs-compatible-kaas',
        '--sonobuoy-results',
        DEMO_SONOBUOY.conformancePassed,
        '--sonobuoy-networking-results',
        DEMO_SONOBUOY.networkPolicyPassed,
        '--release-data',
        DEMO_RELEASE_DATA,
        '-o',
        out,
        '--format',
        'json',
      ],
      { env: bareEnv() },
    );
    expect(r.stderr).not.toContain('missing variable assignments');
    // The version policy needs the cluster's version: ABORT, so the verdict is incomplete (exit 2).
    expect(r.code).toBe(2);
    const report = reportIn(out);
    expect(report.subject.name).toBe('sonobuoy-results');
    expect(report.subject.details).toMatchObject({ kubeconfig: 'none' });
    expect(outcomes(report)).toMatchObject({
      'cncf-k8s-conformance': 'PASS',
      'kaas-networking-check': 'PASS',
      'version-policy-check': 'ABORT',
    });
  });

  it('--sonobuoy-results SUBJECT_ROOT with sono-results-e2e/ and sono-results-0219/ serves both checks', async () => {
    const root = tmp();
    symlinkSync(DEMO_SONOBUOY.conformancePassed, join(root, 'sono-results-e2e'));
    symlinkSync(DEMO_SONOBUOY.networkPolicyPassed, join(root, 'sono-results-0219'));
    const out = tmp();
    const r = await runCli(
      [
        'run',
        'scs-compatible-kaas',
        '--sonobuoy-results',
        root,
        '--release-data',
        DEMO_RELEASE_DATA,
        '-o',
        out,
        '--format',
        'json',
      ],
      { env: bareEnv() },
    );
    expect(r.code).toBe(2);
    expect(outcomes(reportIn(out))).toMatchObject({
      'cncf-k8s-conformance': 'PASS',
      'kaas-networking-check': 'PASS',
    });
  });

  it('one conformance archive for both checks: the networking check sees its tests were not run', async () => {
    const out = tmp();
    await runCli(
      [
        'run',
        'scs-compatible-kaas',
        '--sonobuoy-results',
        DEMO_SONOBUOY.conformancePassed,
        '--release-data',
        DEMO_RELEASE_DATA,
        '-o',
        out,
        '--format',
        'json',
      ],
      { env: bareEnv() },
    );
    const r = reportIn(out);
    const net = r.testcases.find((t) => t.id === 'kaas-networking-check');
    expect([net?.outcome, net?.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
  });

  it('no cluster and no results: exit 64 naming every way to give one', async () => {
    const r = await runCli(['run', 'scs-compatible-kaas', '--release-data', DEMO_RELEASE_DATA], {
      env: bareEnv(),
    });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(
      /no kubeconfig: .*\.kube\/config does not exist and this is not a pod with a service account — pass --kubeconfig FILE or set KUBECONFIG/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('uses ~/.kube/config when neither --kubeconfig nor KUBECONFIG is given, as kubectl', async () => {
    const cluster = await startDemoCluster();
    try {
      const env = bareEnv();
      mkdirSync(join(env.HOME!, '.kube'));
      writeFileSync(join(env.HOME!, '.kube', 'config'), cluster.kubeconfigYaml, { mode: 0o600 });
      const out = tmp();
      await runCli(
        ['run', 'scs-compatible-kaas', '--release-data', DEMO_RELEASE_DATA, '-o', out, '--format', 'json'],
        { env },
      );
      const report = reportIn(out);
      expect(report.subject.details).toMatchObject({
        apiServer: cluster.url,
        kubeconfig: join(env.HOME!, '.kube', 'config'),
      });
      expect(outcomes(report)['version-policy-check']).toBe('PASS');
    } finally {
      await cluster.stop();
    }
  });

  it('an unreachable API server exits 69 (cloud unavailable), a bad context 64', async () => {
    const d = tmp();
    const cluster = await startDemoCluster();
    const url = cluster.url;
    const token = (parseYaml(cluster.kubeconfigYaml) as { users: Array<{ user: { token: string } }> })
      .users[0]!.user.token;
    await cluster.stop();
    writeFileSync(join(d, 'kc'), demoKubeconfig(url, token));
    const r = await runCli(
      ['run', 'scs-compatible-kaas', '--kubeconfig', join(d, 'kc'), '--release-data', DEMO_RELEASE_DATA],
      {
        env: bareEnv(),
      },
    );
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(
      /cannot reach the Kubernetes API server http:\/\/127\.0\.0\.1:\d+ .*ECONNREFUSED/,
    );
    const bad = await runCli(
      [
        'run',
        'scs-compatible-kaas',
        '--kubeconfig',
        join(d, 'kc'),
        '--context',
        'nope',
        '--release-data',
        DEMO_RELEASE_DATA,
      ],
      { env: bareEnv() },
    );
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("context 'nope' is not in kubeconfig");
  });
});

let hasOpenssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  hasOpenssl = false;
}

describe('in-cluster configuration (scs-cert as a Kubernetes Job)', () => {
  it.skipIf(!hasOpenssl)(
    'connects with the mounted service-account token and CA, as client-go does',
    async () => {
      const sa = tmp('scs-cert-sa-');
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
          join(sa, 'tls.key'),
          '-out',
          join(sa, 'ca.crt'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const cluster = await startDemoCluster({
        tls: { key: readFileSync(join(sa, 'tls.key')), cert: readFileSync(join(sa, 'ca.crt')) },
      });
      try {
        const token = (parseYaml(cluster.kubeconfigYaml) as { users: Array<{ user: { token: string } }> })
          .users[0]!.user.token;
        writeFileSync(join(sa, 'token'), token);
        const port = new URL(cluster.url).port;
        const env = { ...bareEnv(), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port };
        const run = await prepareKaasRun({ env, serviceAccountDir: sa, releaseData: DEMO_RELEASE_DATA });
        try {
          expect(run.subjectInfo).toMatchObject({
            name: 'in-cluster',
            apiServer: `https://127.0.0.1:${port}`,
            kubeconfig: 'in-cluster',
            kubernetesVersion: 'v1.37.2',
          });
        } finally {
          await run.close();
        }
        // A wrong token is the user's to fix (64), not an unavailable cluster.
        writeFileSync(join(sa, 'token'), 'not-the-token');
        await expect(
          prepareKaasRun({ env, serviceAccountDir: sa, releaseData: DEMO_RELEASE_DATA }),
        ).rejects.toMatchObject({
          exitCode: 64,
          message: expect.stringContaining('401 Unauthorized'),
        });
      } finally {
        await cluster.stop();
      }
    },
  );

  it('without the service-account token it is not in a cluster', async () => {
    const env = { ...bareEnv(), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443' };
    await expect(prepareKaasRun({ env, serviceAccountDir: tmp('scs-cert-sa-') })).rejects.toThrow(
      /no kubeconfig/,
    );
  });
});
