// Nodes artifact: the cluster's nodes (`GET /api/v1/nodes`), reduced to what the probes judge.
import { stringMapSchema } from '../common.js';
import { defineArtifact } from '../contract.js';
import type { Nodes } from '../kaas.js';

export const nodesArtifact = defineArtifact<'Nodes', Nodes>({
  name: 'Nodes',
  description: 'the nodes of the cluster: labels, taints, readiness, kubelet version',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['name', 'labels', 'taints'],
      properties: {
        name: { type: 'string' },
        labels: stringMapSchema,
        taints: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'effect'],
            properties: {
              key: { type: 'string' },
              value: { type: 'string', nullable: true },
              effect: { type: 'string' },
            },
          },
        },
        providerID: { type: 'string', nullable: true },
        kubeletVersion: { type: 'string', nullable: true },
        ready: { type: 'string', nullable: true },
        unschedulable: { type: 'boolean', nullable: true },
        creationTimestamp: { type: 'string', nullable: true },
      },
    },
  },
});
