// Probe scs-0214-node-distribution (scs-0214-v2): nodes carry zone/region labels (MUST), control-plane nodes run on
// several machines (MUST) and zones (SHOULD), workers are spread over zones (RECOMMENDED).
import type { K8sNode } from '../../artifacts/kaas.js';
import type { Deviation, Evidence, ProbeResult } from '../../results/types.js';
import { decideWithDeviations } from '../../results/deviations.js';
import { defineProbe } from '../types.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const HOST_LABEL = 'kubernetes.io/hostname';
const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

const DEVIATIONS: Deviation[] = [
  {
    id: 'single-control-plane-node',
    standard:
      '"The control plane nodes MUST be distributed over multiple physical machines": one control-plane node FAILs.',
    reference:
      'The retired script (scs_0214_node_distribution_RETIRED) only warned about missing control-plane distribution and failed clusters with fewer than two nodes in total.',
  },
];

export function isControlPlane(n: K8sNode): boolean {
  return CONTROL_PLANE_LABELS.some((l) => l in n.labels);
}

function distinct(nodes: K8sNode[], label: string): string[] {
  return [
    ...new Set(
      nodes.map((n) => n.labels[label]).filter((v): v is string => typeof v === 'string' && v !== ''),
    ),
  ].sort();
}

export default defineProbe({
  meta: {
    id: 'scs-0214-node-distribution',
    title: 'Node distribution and topology labels',
    failureTitle: 'Nodes lack topology labels or the control plane is not distributed',
    description:
      'Every node carries topology.kubernetes.io/zone and topology.kubernetes.io/region; control-plane nodes run on more than one machine and should span zones; workers should span zones.',
    standards: [
      {
        id: 'scs-0214-v2',
        url: 'https://docs.scs.community/standards/scs-0214-v2-k8s-node-distribution#decision',
      },
    ],
    artifacts: ['Nodes'],
    deviations: DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    return decideWithDeviations(ctx.mode, (mode) => {
      const nodes = artifacts.Nodes;
      if (!Array.isArray(nodes)) throw new Error('no node list (artifact Nodes missing)');
      if (nodes.length === 0)
        return {
          outcome: 'ABORT',
          messageId: 'no-nodes',
          message: 'the node list is empty — check that the kubeconfig user may list nodes',
        };
      const cp = nodes.filter(isControlPlane);
      const workers = nodes.filter((n) => !isControlPlane(n));
      const warnings: string[] = [];
      const values: Record<string, unknown> = {
        controlPlane: cp.map((n) => ({
          name: n.name,
          zone: n.labels[ZONE_LABEL],
          region: n.labels[REGION_LABEL],
          host: n.labels[HOST_LABEL],
        })),
        workers: workers.map((n) => ({
          name: n.name,
          zone: n.labels[ZONE_LABEL],
          region: n.labels[REGION_LABEL],
        })),
        controlPlaneZones: distinct(cp, ZONE_LABEL),
        workerZones: distinct(workers, ZONE_LABEL),
        regions: distinct(nodes, REGION_LABEL),
        physicalHosts:
          'not observable through the Kubernetes API; scs-0214-w1 asks the provider to confirm the machines',
      };
      const evidence: Evidence = { judged: nodes.map((n) => n.name), values };
      const result = (
        outcome: ProbeResult['outcome'],
        messageId: string,
        message: string,
        deviations?: string[],
      ): ProbeResult => ({
        outcome,
        messageId,
        message,
        evidence,
        ...(warnings.length ? { warnings } : {}),
        ...(deviations?.length ? { deviations } : {}),
      });

      const unlabeled = nodes.flatMap((n) =>
        [ZONE_LABEL, REGION_LABEL]
          .filter((l) => !n.labels[l])
          .map((l) => ({ resource: n.name, problem: `label ${l} missing or empty` })),
      );
      if (cp.length === 0)
        warnings.push(
          'no control-plane node is visible (managed control plane?): its distribution must be confirmed by the provider',
        );
      else if (cp.length > 1 && distinct(cp, ZONE_LABEL).length < 2)
        warnings.push(
          `all ${cp.length} control-plane nodes are in one failure zone; scs-0214 says they SHOULD span several zones`,
        );
      if (workers.length > 1 && distinct(workers, ZONE_LABEL).length < 2)
        warnings.push(
          'all worker nodes are in one failure zone; scs-0214 recommends spreading them over zones',
        );

      const offenders = [...unlabeled];
      let messageId = '';
      let fix = '';
      if (unlabeled.length) {
        messageId = 'topology-labels-missing';
        fix = `label every node with ${ZONE_LABEL} and ${REGION_LABEL} (usually set by the cloud controller manager)`;
      }
      let deviations: string[] | undefined;
      const cpHosts = cp.map((n) => n.labels[HOST_LABEL] ?? n.name);
      const [firstCp] = cp;
      if (firstCp && new Set(cpHosts).size < 2) {
        const problem =
          cp.length === 1
            ? 'the only control-plane node'
            : `all ${cp.length} control-plane nodes report host ${cpHosts[0]}`;
        if (mode === 'reference') warnings.push(`control plane not distributed: ${problem}`);
        else {
          offenders.push({ resource: firstCp.name, problem });
          if (!messageId) {
            messageId = 'control-plane-not-distributed';
            fix = 'run the control plane on at least two (better three) machines';
          }
          if (nodes.length >= 2) deviations = ['single-control-plane-node'];
        }
      }
      const [onlyNode, ...otherNodes] = nodes; // there is at least one (no nodes: ABORT above)
      if (mode === 'reference' && onlyNode && otherNodes.length === 0) {
        offenders.push({ resource: onlyNode.name, problem: 'the cluster has a single node' });
        messageId ||= 'control-plane-not-distributed';
        fix ||= 'run the control plane on at least two machines';
      }
      if (offenders.length) {
        evidence.offenders = offenders;
        return result(
          'FAIL',
          messageId,
          `${offenders.length} problem(s): ${offenders
            .slice(0, 3)
            .map((o) => `${o.resource}: ${o.problem}`)
            .join('; ')} — ${fix}`,
          unlabeled.length ? undefined : deviations,
        );
      }
      return result(
        'PASS',
        'node-distribution-ok',
        `${nodes.length} nodes labelled with zone and region; ${cp.length ? `control plane on ${new Set(cpHosts).size} hosts in ${distinct(cp, ZONE_LABEL).length} zone(s)` : 'control plane not visible'}; workers in ${distinct(workers, ZONE_LABEL).length} zone(s)`,
      );
    });
  },
});
