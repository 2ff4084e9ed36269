// prepareKaasRun: what the run command gets for the KaaS scope, and one-line usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { ReleaseDataSource } from '../../src/clients/release-data/index.js';
import { startDemoCluster } from '../../src/democluster/index.js';
import { DEMO_RELEASE_DATA, DEMO_SONOBUOY, prepareKaasRun } from '../../src/targets/kubernetes-session.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'scs-cert-prep-'));

describe('prepareKaasRun', () => {
  it('demo: embedded cluster, bundled archives and release data', async () => {
    const run = await prepareKaasRun({ demo: true, env: {} });
    try {
      expect(run.subjectInfo).toMatchObject({
        kind: 'kubernetes',
        name: 'scs-cert-demo',
        demo: true,
        demoProfile: 'compliant',
        kubernetesVersion: 'v1.37.2',
      });
      expect(run.subjectInfo.apiServer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(run.options).toMatchObject({
        executionMode: 'parallel',
        sonobuoyConformanceResults: DEMO_SONOBUOY.conformancePassed,
        sonobuoyNetworkingResults: DEMO_SONOBUOY.networkPolicyPassed,
      });
      expect((run.clients.releaseData as ReleaseDataSource).description).toContain(DEMO_RELEASE_DATA);
      expect(run.clients.sonobuoy).toBeUndefined();
    } finally {
      await run.close();
    }
    await expect(fetch(run.subjectInfo.apiServer!)).rejects.toThrow();
  });

  it('rejects an unknown demo profile and execution mode', async () => {
    await expect(prepareKaasRun({ demo: true, demoProfile: 'nope', env: {} })).rejects.toThrow(
      /demo profile 'nope' is unknown — known profiles: compliant/,
    );
    await expect(prepareKaasRun({ demo: true, executionMode: 'fast', env: {} })).rejects.toThrow(
      new UsageError('--execution-mode fast is not one of serial, parallel, dry'),
    );
  });

  it('connects to the cluster of a kubeconfig and uses a release-data snapshot', async () => {
    const c = await startDemoCluster({ profile: 'eol-version' });
    const d = tmp();
    writeFileSync(join(d, 'kc'), c.kubeconfigYaml);
    try {
      const run = await prepareKaasRun({
        kubeconfig: 'kc',
        cwd: d,
        releaseData: DEMO_RELEASE_DATA,
        executionMode: 'serial',
        subjectRoot: 'subj',
        env: { PATH: '/nonexistent' },
      });
      expect(run.subjectInfo).toMatchObject({
        name: 'scs-cert-demo',
        kubernetesVersion: 'v1.33.13',
        demo: false,
        apiServer: c.url,
      });
      expect(run.options).toEqual({ executionMode: 'serial', subjectRoot: join(d, 'subj') });
      expect(run.clients.kubernetes).toBeDefined();
      expect(run.clients.sonobuoy).toBeUndefined();
      await run.close();
    } finally {
      await c.stop();
    }
  });

  it('judges given Sonobuoy results without a cluster', async () => {
    const run = await prepareKaasRun({
      sonobuoyResults: DEMO_SONOBUOY.conformancePassed,
      releaseData: DEMO_RELEASE_DATA,
      env: {},
    });
    expect(run.clients.kubernetes).toBeUndefined();
    expect(run.subjectInfo).toEqual({
      kind: 'kubernetes',
      name: 'sonobuoy-results',
      kubeconfig: 'none',
      demo: false,
    });
    expect(run.options.sonobuoyResults).toBe(DEMO_SONOBUOY.conformancePassed);
  });

  it('turns access problems into one-line usage errors', async () => {
    const d = tmp();
    const e = await prepareKaasRun({ kubeconfig: join(d, 'none'), env: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/none \(from --kubeconfig\) does not exist/);
    await expect(prepareKaasRun({ sonobuoyResults: join(d, 'missing.tar.gz'), env: {} })).rejects.toThrow(
      /Sonobuoy results .*missing\.tar\.gz do not exist/,
    );
    await expect(
      prepareKaasRun({ sonobuoyResults: DEMO_SONOBUOY.conformancePassed, releaseData: d, env: {} }),
    ).rejects.toThrow(
      /is not a release-data snapshot \(no snapshot.json\) — create it with `scs-cert data fetch --out/,
    );
  });
});
