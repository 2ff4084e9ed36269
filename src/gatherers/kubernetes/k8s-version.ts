// Gatherer K8sVersion: the API server's `GET /version`.
import type { K8sVersion } from '../../artifacts/kaas.js';
import type { GathererOf } from '../types.js';
import { kubeClient } from './common.js';

export const k8sVersionGatherer: GathererOf<'K8sVersion'> = {
  artifact: 'K8sVersion',
  description: 'Kubernetes version of the API server (GET /version)',
  async gather(ctx) {
    const v = await kubeClient(ctx).version(ctx.signal);
    const out: K8sVersion = { major: v.major, minor: v.minor, gitVersion: v.gitVersion };
    for (const k of [
      'gitCommit',
      'gitTreeState',
      'buildDate',
      'goVersion',
      'compiler',
      'platform',
    ] as const) {
      const val = v[k];
      if (typeof val === 'string') out[k] = val;
    }
    return out;
  },
};
