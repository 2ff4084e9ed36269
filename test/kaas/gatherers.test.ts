// Kubernetes gatherers against the embedded cluster: artifact shapes, the scs-0211 check's namespace and cleanup.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DefaultStorageClassCheck, StorageClasses } from '../../src/artifacts/kaas.js';
import { connectKubernetes } from '../../src/clients/kubernetes/index.js';
import { type DemoFaults, startDemoCluster } from '../../src/democluster/index.js';
import {
  checkNamespaceName,
  defaultStorageClassCheckGatherer,
} from '../../src/gatherers/kubernetes/default-storage-class-check.js';
import { kubernetesGatherers } from '../../src/gatherers/kubernetes/index.js';
import { nodesGatherer } from '../../src/gatherers/kubernetes/nodes.js';
import { storageClassesGatherer } from '../../src/gatherers/kubernetes/storage-classes.js';
import { k8sVersionGatherer } from '../../src/gatherers/kubernetes/k8s-version.js';
import { KAAS_ARTIFACTS } from '../../src/artifacts/names.js';
import { gatherContext } from './helpers.js';

async function withCluster<T>(
  faults: DemoFaults | undefined,
  fn: (ctx: ReturnType<typeof gatherContext>) => Promise<T>,
): Promise<T> {
  const c = await startDemoCluster({ faults });
  const f = join(mkdtempSync(join(tmpdir(), 'scs-cert-g-')), 'kc');
  writeFileSync(f, c.kubeconfigYaml);
  try {
    const kube = await connectKubernetes({ kubeconfig: f, env: {}, backoffMs: 1 });
    return await fn(
      gatherContext({
        clients: { kubernetes: kube },
        options: { storageCheckPollMs: 10, storageCheckTimeoutMs: 2000 },
      }),
    );
  } finally {
    await c.stop();
  }
}

describe('kubernetes gatherers', () => {
  it('cover every KaaS artifact exactly once', () => {
    expect(kubernetesGatherers.map((g) => g.artifact).sort()).toEqual([...KAAS_ARTIFACTS].sort());
  });

  it('produce JSON-clean artifacts', async () => {
    await withCluster(undefined, async (ctx) => {
      const v = await k8sVersionGatherer.gather(ctx, {});
      expect(v).toMatchObject({ major: '1', minor: '37', gitVersion: 'v1.37.2', platform: 'linux/amd64' });
      const nodes = await nodesGatherer.gather(ctx, {});
      expect(nodes).toHaveLength(6);
      expect(nodes[0]).toMatchObject({
        name: 'demo-control-plane-0',
        ready: 'True',
        kubeletVersion: 'v1.37.2',
        creationTimestamp: '2026-10-20T08:00:00Z',
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      });
      expect(nodes[0]!.labels['topology.kubernetes.io/zone']).toBe('demo-az-1');
      const sc = await storageClassesGatherer.gather(ctx, {});
      expect(sc[0]).toEqual({
        name: 'csi-cinder-sc-delete',
        provisioner: 'cinder.csi.openstack.org',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        creationTimestamp: '2026-10-20T08:05:00Z',
      });
      expect(JSON.parse(JSON.stringify([v, nodes, sc]))).toEqual([v, nodes, sc]);
    });
  });

  it('names the check namespace after the run prefix, as a DNS label', () => {
    expect(checkNamespaceName('scs-cert-1a2b3c-')).toBe('scs-cert-1a2b3c-sc-check');
    expect(checkNamespaceName('SCS_Cert.Run 7/')).toBe('scs-cert-run-7-sc-check');
    expect(checkNamespaceName('x'.repeat(80)).length).toBeLessThanOrEqual(63);
  });

  it('runs the storage check in its own namespace and deletes everything', async () => {
    await withCluster(undefined, async (ctx) => {
      const classes = await storageClassesGatherer.gather(ctx, {});
      const r: DefaultStorageClassCheck = await defaultStorageClassCheckGatherer.gather(ctx, {
        StorageClasses: classes,
      });
      expect(r.namespace).toBe('scs-cert-test01-sc-check');
      expect(r.storageClass).toBe('csi-cinder-sc-delete');
      expect(r.pvc).toMatchObject({ phase: 'Bound', accessModes: ['ReadWriteOnce'] });
      expect(r.pod).toMatchObject({ phase: 'Running', nodeName: 'demo-worker-0' });
      expect(r.volume).toMatchObject({
        source: 'csi',
        csiDriver: 'cinder.csi.openstack.org',
        accessModes: ['ReadWriteOnce'],
        reclaimPolicy: 'Delete',
        nodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['demo-az-1'] }],
      });
      expect(r.cleanup).toEqual({ ok: true });
      expect(ctx.ledger.entries().map((e) => [e.kind, e.state])).toEqual([
        ['k8s-namespace', 'deleted'],
        ['k8s-pvc', 'deleted'],
        ['k8s-pod', 'deleted'],
        ['k8s-pv', 'deleted'],
      ]);
      expect(ctx.progressLines.length).toBeGreaterThan(0);
    });
  });

  it('skips the active check without a default class', async () => {
    await withCluster(undefined, async (ctx) => {
      const classes: StorageClasses = [{ name: 'x', provisioner: 'p', annotations: {} }];
      const r = await defaultStorageClassCheckGatherer.gather(ctx, { StorageClasses: classes });
      expect(r.skipped).toMatch(/no StorageClass is annotated as default/);
      expect(ctx.ledger.entries()).toEqual([]);
    });
  });

  it('cleans up and fails clearly when a step is forbidden', async () => {
    await withCluster({ forbidden: [{ verb: 'create', resource: 'pods' }] }, async (ctx) => {
      const classes = await storageClassesGatherer.gather(ctx, {});
      await expect(defaultStorageClassCheckGatherer.gather(ctx, { StorageClasses: classes })).rejects.toThrow(
        /may not create pods 'scs-0211-consumer' in namespace 'scs-cert-test01-sc-check' \(403 Forbidden\)/,
      );
      expect(ctx.ledger.entries().map((e) => [e.kind, e.state])).toEqual([
        ['k8s-namespace', 'deleted'],
        ['k8s-pvc', 'deleted'],
      ]);
    });
  });

  it('keeps the check going when the volume is not readable', async () => {
    await withCluster({ forbidden: [{ verb: 'get', resource: 'persistentvolumes' }] }, async (ctx) => {
      const classes = await storageClassesGatherer.gather(ctx, {});
      const r = await defaultStorageClassCheckGatherer.gather(ctx, { StorageClasses: classes });
      expect(r.pvc?.phase).toBe('Bound');
      expect(r.volume).toBeUndefined();
      expect(r.steps.find((s) => s.step.startsWith('read volume'))?.ok).toBe(false);
      // The PV's fate cannot be seen either: it is reported as leaked, not silently dropped.
      expect(ctx.ledger.entries().find((e) => e.kind === 'k8s-pv')?.state).toBe('leaked');
    });
  });
});
