// End to end on the embedded cluster: prepareKaasRun(--demo) -> every Kubernetes gatherer -> every KaaS probe, per profile.
import { describe, expect, it } from 'vitest';
import type { ArtifactName } from '../../../src/artifacts/names.js';
import { kubernetesGatherers } from '../../../src/gatherers/kubernetes/index.js';
import type { GatherDeps } from '../../../src/gatherers/types.js';
import { prepareKaasRun } from '../../../src/targets/kubernetes-session.js';
import { kaasProbes } from '../../../src/probes/kaas/index.js';
import type { ProbeResult } from '../../../src/results/types.js';
import { gatherContext, probeContext } from '../helpers.js';

const NOW = '2026-11-25T12:00:00Z';

async function runDemo(profile: string): Promise<{
  results: Record<string, ProbeResult>;
  ledger: Array<{ kind: string; name: string; state: string }>;
}> {
  const run = await prepareKaasRun({ demo: true, demoProfile: profile, env: {} });
  try {
    const ctx = gatherContext({ clients: run.clients, options: run.options });
    const artifacts: Partial<Record<ArtifactName, unknown>> = {};
    const errors: Partial<Record<ArtifactName, string>> = {};
    const ordered = [...kubernetesGatherers].sort(
      (a, b) => Number(a.active ?? false) - Number(b.active ?? false),
    );
    for (const g of ordered) {
      try {
        // The gatherers' own output, unchecked here (the runner checks it against the contracts).
        artifacts[g.artifact] = await g.gather(ctx, artifacts as GatherDeps);
      } catch (err) {
        errors[g.artifact] = (err as Error).message;
      }
    }
    expect(errors).toEqual({});
    const results: Record<string, ProbeResult> = {};
    for (const p of kaasProbes) {
      const pctx = probeContext({
        now: NOW,
        params: p.meta.id === 'scs-0211-default-storage-class' ? { version: 'v1' } : {},
      });
      try {
        results[p.meta.id] = p.evaluate(
          Object.fromEntries(p.meta.artifacts.map((a) => [a, artifacts[a]])),
          pctx,
        );
      } catch (err) {
        results[p.meta.id] = { outcome: 'ABORT', messageId: 'probe-threw', message: (err as Error).message };
      }
    }
    return { results, ledger: ctx.ledger.entries() };
  } finally {
    await run.close();
  }
}

const verdicts = (r: Record<string, ProbeResult>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, `${v.outcome} ${v.messageId}`]));

describe('demo cluster profiles', () => {
  it('compliant: every KaaS probe passes and the storage check cleans up', async () => {
    const { results, ledger } = await runDemo('compliant');
    expect(verdicts(results)).toEqual({
      'version-policy-check': 'PASS version-policy-ok',
      'cncf-k8s-conformance': 'PASS e2e-passed',
      'kaas-networking-check': 'PASS e2e-passed',
      'scs-0211-default-storage-class': 'PASS default-storage-class-ok',
      'scs-0214-node-distribution': 'PASS node-distribution-ok',
    });
    expect(ledger.map((e) => `${e.kind} ${e.state}`).sort()).toEqual([
      'k8s-namespace deleted',
      'k8s-pod deleted',
      'k8s-pv deleted',
      'k8s-pvc deleted',
    ]);
    expect(results['version-policy-check']?.warnings?.join(' ')).toContain('fetched');
  });

  const broken: Array<[string, string, string]> = [
    ['eol-version', 'version-policy-check', 'FAIL branch-eol'],
    ['outdated-patch', 'version-policy-check', 'FAIL patch-outdated'],
    ['no-default-storage-class', 'scs-0211-default-storage-class', 'FAIL no-default-storage-class'],
    ['rwx-default-class', 'scs-0211-default-storage-class', 'FAIL claim-not-bound'],
    ['local-default-class', 'scs-0211-default-storage-class', 'FAIL node-local-volume'],
    ['missing-zone-labels', 'scs-0214-node-distribution', 'FAIL topology-labels-missing'],
    ['single-control-plane', 'scs-0214-node-distribution', 'FAIL control-plane-not-distributed'],
    ['conformance-failure', 'cncf-k8s-conformance', 'FAIL e2e-tests-failed'],
  ];
  for (const [profile, probe, verdict] of broken) {
    it(`${profile}: ${probe} gives ${verdict}, the others pass`, async () => {
      const { results, ledger } = await runDemo(profile);
      const v = verdicts(results);
      expect(v[probe]).toBe(verdict);
      for (const [id, res] of Object.entries(v)) if (id !== probe) expect(res.startsWith('PASS')).toBe(true);
      expect(ledger.every((e) => e.state === 'deleted')).toBe(true);
      expect(results[probe]?.message).toMatch(/ — /);
    });
  }

  it('single-zone: only warnings (SHOULD/RECOMMENDED)', async () => {
    const { results } = await runDemo('single-zone');
    const r = results['scs-0214-node-distribution']!;
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join('\n')).toMatch(/one failure zone/);
  });

  it('rwx-default-class reports the provisioner event in the evidence', async () => {
    const { results } = await runDemo('rwx-default-class');
    expect(JSON.stringify(results['scs-0211-default-storage-class']?.evidence)).toContain(
      'ProvisioningFailed',
    );
  });
});
