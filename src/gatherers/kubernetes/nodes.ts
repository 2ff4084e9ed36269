// Gatherer Nodes: every node with labels, taints and readiness (`GET /api/v1/nodes`).
import type { K8sNode } from '../../artifacts/kaas.js';
import type { GathererOf } from '../types.js';
import { iso, kubeClient } from './common.js';

export const nodesGatherer: GathererOf<'Nodes'> = {
  artifact: 'Nodes',
  description: 'Kubernetes nodes with labels and taints (GET /api/v1/nodes)',
  async gather(ctx) {
    const nodes = await kubeClient(ctx).listNodes(ctx.signal);
    return nodes
      .map((n): K8sNode => {
        const out: K8sNode = {
          name: n.metadata?.name ?? '',
          labels: { ...(n.metadata?.labels ?? {}) },
          taints: (n.spec?.taints ?? []).map((t) => ({
            key: t.key,
            effect: t.effect,
            ...(t.value !== undefined ? { value: t.value } : {}),
          })),
        };
        if (n.spec?.providerID) out.providerID = n.spec.providerID;
        if (n.status?.nodeInfo?.kubeletVersion) out.kubeletVersion = n.status.nodeInfo.kubeletVersion;
        const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready) out.ready = ready.status;
        if (n.spec?.unschedulable) out.unschedulable = true;
        const created = iso(n.metadata?.creationTimestamp);
        if (created) out.creationTimestamp = created;
        return out;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  },
};
