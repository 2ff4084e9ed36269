// K8sVersion artifact: the API server's `GET /version` (type in ../kaas.ts until the KaaS types move here).
import { defineArtifact } from '../contract.js';
import type { K8sVersion } from '../kaas.js';

const optionalString = { type: 'string', nullable: true } as const;

export const k8sVersionArtifact = defineArtifact<'K8sVersion', K8sVersion>({
  name: 'K8sVersion',
  description: "the API server's version (`GET /version`)",
  schema: {
    type: 'object',
    required: ['major', 'minor', 'gitVersion'],
    properties: {
      major: { type: 'string' },
      minor: { type: 'string' },
      gitVersion: { type: 'string' },
      gitCommit: optionalString,
      gitTreeState: optionalString,
      buildDate: optionalString,
      goVersion: optionalString,
      compiler: optionalString,
      platform: optionalString,
    },
  },
});
