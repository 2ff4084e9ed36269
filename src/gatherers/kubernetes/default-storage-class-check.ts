// Gatherer DefaultStorageClassCheck (scs-0211): claim a volume of the default class, mount it in a pod, read the bound PV;
// everything lives in a namespace of its own that is always deleted (ledger entries record what was created and removed).
import type { V1PersistentVolume } from '@kubernetes/client-node';
import type { ActionStep } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { DefaultStorageClassCheck, ProvisionedVolume, StorageClasses } from '../../artifacts/kaas.js';
import type { KubeClient } from '../../clients/kubernetes/client.js';
import { effectiveDefaultClass } from '../../kaas/storage.js';
import type { GatherContext, GathererOf } from '../types.js';
import { sleep } from '../../core/sleep.js';
import { kubeClient, numberOption } from './common.js';

const PVC_NAME = 'scs-0211-claim';
const POD_NAME = 'scs-0211-consumer';
const REQUESTED = { accessModes: ['ReadWriteOnce'], storage: '1Gi' };
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'scs-cert' };

/** A DNS-1123 label from the run prefix: lower case, [a-z0-9-], at most 63 characters. */
export function checkNamespaceName(prefix: string): string {
  const base = `${prefix}sc-check`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '');
  return base.slice(0, 63).replace(/-+$/, '') || 'scs-cert-sc-check';
}

/** Flatten a PV into what the scs-0211 rules judge. */
export function describeVolume(pv: V1PersistentVolume): ProvisionedVolume {
  const spec = pv.spec ?? {};
  const sourceKeys = Object.keys(spec).filter(
    (k) =>
      ![
        'accessModes',
        'capacity',
        'claimRef',
        'mountOptions',
        'nodeAffinity',
        'persistentVolumeReclaimPolicy',
        'storageClassName',
        'volumeMode',
        'volumeAttributesClassName',
      ].includes(k) && (spec as Record<string, unknown>)[k] !== undefined,
  );
  const nodeAffinity = (spec.nodeAffinity?.required?.nodeSelectorTerms ?? []).flatMap((t) =>
    (t.matchExpressions ?? []).map((e) => ({
      key: e.key,
      operator: e.operator,
      values: [...(e.values ?? [])],
    })),
  );
  const out: ProvisionedVolume = {
    name: pv.metadata?.name ?? '',
    accessModes: [...(spec.accessModes ?? [])],
    source: sourceKeys[0] ?? 'unknown',
    nodeAffinity,
  };
  if (spec.volumeMode) out.volumeMode = spec.volumeMode;
  if (spec.persistentVolumeReclaimPolicy) out.reclaimPolicy = spec.persistentVolumeReclaimPolicy;
  const cap = spec.capacity?.storage;
  if (cap !== undefined) out.capacity = String(cap);
  if (spec.csi?.driver) out.csiDriver = spec.csi.driver;
  return out;
}

async function step<T>(steps: ActionStep[], name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    const v = await fn();
    steps.push({ step: name, ok: true, durationMs: Date.now() - t0 });
    return v;
  } catch (err) {
    const status = (err as { status?: number }).status;
    steps.push({
      step: name,
      ok: false,
      ...(status ? { status } : {}),
      detail: (err as Error).message,
      durationMs: Date.now() - t0,
    });
    throw err;
  }
}

async function cleanup(
  ctx: GatherContext,
  kube: KubeClient,
  ns: string,
  entries: Entries,
  pvName: string | undefined,
  steps: ActionStep[],
): Promise<{ ok: boolean; detail?: string }> {
  // Cleanup must run even after Ctrl-C, so it does not use the run's abort signal; it is bounded by its own timeout.
  const bound = numberOption(ctx, 'storageCheckCleanupTimeoutMs', 120_000);
  const poll = numberOption(ctx, 'storageCheckPollMs', 2_000);
  const deadline = Date.now() + bound;
  const problems: string[] = [];
  if (entries.ns) {
    try {
      await step(steps, `delete namespace ${ns}`, () => kube.deleteNamespace(ns));
      let gone = false;
      while (Date.now() < deadline) {
        if (!(await kube.readNamespace(ns))) {
          gone = true;
          break;
        }
        ctx.progress(`scs-0211: waiting for namespace ${ns} to be deleted`);
        await sleep(poll);
      }
      if (gone) {
        for (const e of [entries.pod, entries.pvc, entries.ns]) if (e) ctx.ledger.markDeleted(e);
      } else {
        problems.push(`namespace ${ns} still terminating after ${Math.round(bound / 1000)} s`);
        for (const e of [entries.pod, entries.pvc, entries.ns])
          if (e) ctx.ledger.markLeaked(e, 'namespace still terminating');
      }
    } catch (err) {
      problems.push(`deleting namespace ${ns} failed: ${(err as Error).message}`);
      for (const e of [entries.pod, entries.pvc, entries.ns])
        if (e) ctx.ledger.markLeaked(e, (err as Error).message);
    }
  }
  if (pvName && entries.pv) {
    // With reclaimPolicy Delete the provisioner removes the volume after the claim is gone; Retain keeps the disk.
    try {
      let pv = await kube.readPv(pvName);
      while (pv && pv.spec?.persistentVolumeReclaimPolicy !== 'Retain' && Date.now() < deadline) {
        ctx.progress(`scs-0211: waiting for volume ${pvName} to be released`);
        await sleep(poll);
        pv = await kube.readPv(pvName);
      }
      if (!pv) ctx.ledger.markDeleted(entries.pv);
      else {
        const why =
          pv.spec?.persistentVolumeReclaimPolicy === 'Retain'
            ? `volume ${pvName} has reclaimPolicy Retain and was kept (phase ${pv.status?.phase ?? '?'}); delete it and its disk by hand`
            : `volume ${pvName} still exists after ${Math.round(bound / 1000)} s`;
        problems.push(why);
        ctx.ledger.markLeaked(entries.pv, why);
      }
    } catch (err) {
      problems.push(`checking volume ${pvName} failed: ${(err as Error).message}`);
      ctx.ledger.markLeaked(entries.pv, (err as Error).message);
    }
  }
  return problems.length ? { ok: false, detail: problems.join('; ') } : { ok: true };
}

type Entries = { ns?: LedgerEntry; pvc?: LedgerEntry; pod?: LedgerEntry; pv?: LedgerEntry };

/** One check: where it talks, what it has created so far (for the cleanup), the result it fills. */
interface StorageCheckRun {
  ctx: GatherContext;
  kube: KubeClient;
  ns: string;
  result: DefaultStorageClassCheck;
  steps: ActionStep[];
  entries: Entries;
  /** The volume the claim bound to, once known. */
  pvName?: string;
}

export const defaultStorageClassCheckGatherer: GathererOf<'DefaultStorageClassCheck'> = {
  artifact: 'DefaultStorageClassCheck',
  description: 'scs-0211: provision and mount a volume of the default StorageClass in a namespace of its own',
  dependsOn: ['StorageClasses'],
  active: true,
  timeoutMs: 600_000,
  async gather(ctx, deps) {
    const kube = kubeClient(ctx);
    const classes = deps.StorageClasses as StorageClasses | undefined;
    if (!Array.isArray(classes))
      throw new Error('the StorageClass list could not be gathered, so the default class is unknown');
    const result: DefaultStorageClassCheck = {
      requested: { ...REQUESTED, accessModes: [...REQUESTED.accessModes] },
      steps: [],
      timedOut: false,
      waitedMs: 0,
      cleanup: { ok: true },
    };
    if (!effectiveDefaultClass(classes)) {
      result.skipped = 'no StorageClass is annotated as default, so a claim without class would never bind';
      return result;
    }
    const ns = checkNamespaceName(ctx.ledger.prefix);
    const timeout = numberOption(ctx, 'storageCheckTimeoutMs', 180_000);
    const poll = numberOption(ctx, 'storageCheckPollMs', 2_000);
    const image =
      typeof ctx.options.storageCheckImage === 'string'
        ? ctx.options.storageCheckImage
        : 'registry.k8s.io/pause:3.10';
    const run: StorageCheckRun = { ctx, kube, ns, result, steps: result.steps, entries: {} };
    result.namespace = ns;
    try {
      await createClaimAndPod(run, image);
      await waitClaimBoundAndPodRunning(run, timeout, poll);
      await readBoundVolume(run);
      await readWarningEvents(run);
    } finally {
      result.cleanup = await cleanup(ctx, kube, ns, run.entries, run.pvName, run.steps);
      if (!result.cleanup.ok) ctx.log.warn(`scs-0211 cleanup: ${result.cleanup.detail}`);
    }
    return result;
  },
};

/** The namespace, a claim without class and a pod mounting it, each ledgered once created. */
async function createClaimAndPod(run: StorageCheckRun, image: string): Promise<void> {
  const { ctx, kube, ns, steps, entries, result } = run;
  await step(steps, `create namespace ${ns}`, () =>
    kube.createNamespace({ metadata: { name: ns, labels: { ...MANAGED_BY } } }, ctx.signal),
  );
  entries.ns = ctx.ledger.record({
    kind: 'k8s-namespace',
    name: ns,
    createdBy: 'DefaultStorageClassCheck',
  });
  const pvc = await step(steps, `create claim ${PVC_NAME} without storageClassName`, () =>
    kube.createPvc(
      ns,
      {
        metadata: { name: PVC_NAME, labels: { ...MANAGED_BY } },
        spec: {
          accessModes: [...REQUESTED.accessModes],
          resources: { requests: { storage: REQUESTED.storage } },
        },
      },
      ctx.signal,
    ),
  );
  entries.pvc = ctx.ledger.record({
    kind: 'k8s-pvc',
    name: `${ns}/${PVC_NAME}`,
    createdBy: 'DefaultStorageClassCheck',
  });
  if (pvc.spec?.storageClassName) result.storageClass = pvc.spec.storageClassName;
  await step(steps, `create pod ${POD_NAME} mounting the claim`, () =>
    kube.createPod(
      ns,
      {
        metadata: { name: POD_NAME, labels: { ...MANAGED_BY } },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 0,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65535,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'consumer',
              image,
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: PVC_NAME } }],
        },
      },
      ctx.signal,
    ),
  );
  entries.pod = ctx.ledger.record({
    kind: 'k8s-pod',
    name: `${ns}/${POD_NAME}`,
    createdBy: 'DefaultStorageClassCheck',
  });
}

/** Polls claim and pod until the claim is Bound and the pod runs, the pod failed, or the time is up. */
async function waitClaimBoundAndPodRunning(
  run: StorageCheckRun,
  timeout: number,
  poll: number,
): Promise<void> {
  const { ctx, kube, ns, result } = run;
  const t0 = Date.now();
  for (;;) {
    const [claim, pod] = await Promise.all([
      kube.readPvc(ns, PVC_NAME, ctx.signal),
      kube.readPod(ns, POD_NAME, ctx.signal),
    ]);
    observe(run, claim, pod);
    const bound = claim?.status?.phase === 'Bound';
    const phase = pod?.status?.phase;
    result.waitedMs = Date.now() - t0;
    if (bound && (phase === 'Running' || phase === 'Succeeded')) break;
    if (phase === 'Failed') break;
    if (result.waitedMs >= timeout) {
      result.timedOut = true;
      break;
    }
    ctx.progress(
      `scs-0211: claim ${claim?.status?.phase ?? '?'}, pod ${phase ?? '?'} (${Math.round(result.waitedMs / 1000)} s of ${Math.round(timeout / 1000)} s)`,
    );
    await sleep(poll, ctx.signal);
  }
  run.steps.push({
    step: 'wait for claim Bound and pod Running',
    ok: !result.timedOut && result.pvc?.phase === 'Bound' && result.pod?.phase === 'Running',
    durationMs: result.waitedMs,
    ...(result.timedOut ? { detail: `not ready after ${Math.round(timeout / 1000)} s` } : {}),
  });
}

/** Records what claim and pod show now; ledgers the volume the claim bound to, once it names one. */
function observe(
  run: StorageCheckRun,
  claim: Awaited<ReturnType<KubeClient['readPvc']>>,
  pod: Awaited<ReturnType<KubeClient['readPod']>>,
): void {
  const { ctx, result, entries } = run;
  result.pvc = {
    name: PVC_NAME,
    ...(claim?.status?.phase ? { phase: claim.status.phase } : {}),
    ...(claim?.status?.accessModes ? { accessModes: [...claim.status.accessModes] } : {}),
    ...(claim?.spec?.storageClassName ? { storageClassName: claim.spec.storageClassName } : {}),
    ...(claim?.spec?.volumeName ? { volumeName: claim.spec.volumeName } : {}),
  };
  const cond = pod?.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  result.pod = {
    name: POD_NAME,
    ...(pod?.status?.phase ? { phase: pod.status.phase } : {}),
    ...(pod?.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(cond?.reason ? { reason: cond.reason } : {}),
  };
  if (claim?.spec?.volumeName && !entries.pv) {
    run.pvName = claim.spec.volumeName;
    entries.pv = ctx.ledger.record({
      kind: 'k8s-pv',
      name: run.pvName,
      createdBy: 'DefaultStorageClassCheck (provisioner)',
    });
  }
}

/** Reading PVs needs cluster-wide rights; without them the probe judges what the claim shows. */
async function readBoundVolume(run: StorageCheckRun): Promise<void> {
  const { ctx, kube, steps, result } = run;
  const volumeName = run.pvName;
  if (!volumeName) return;
  try {
    const pv = await step(steps, `read volume ${volumeName}`, () => kube.readPv(volumeName, ctx.signal));
    if (pv) result.volume = describeVolume(pv);
  } catch (err) {
    ctx.log.warn(`scs-0211: volume ${volumeName} not readable: ${(err as Error).message}`);
  }
}

/** The namespace's last ten Warning events, which say why a claim or pod got stuck. */
async function readWarningEvents(run: StorageCheckRun): Promise<void> {
  const { ctx, kube, ns, result } = run;
  try {
    const events = await kube.listEvents(ns, ctx.signal);
    const warnings = events
      .filter((e) => e.type === 'Warning')
      .map(
        (e) =>
          `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${e.reason ?? ''}: ${e.message ?? ''}`,
      );
    if (warnings.length) result.events = warnings.slice(-10);
  } catch (err) {
    ctx.log.debug(`scs-0211: events not readable: ${(err as Error).message}`);
  }
}
