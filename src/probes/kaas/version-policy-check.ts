// Probe version-policy-check (scs-0210-v2): the cluster's branch is supported upstream, newer patches are taken up
// within a month, and patches fixing critical CVEs within two weeks (warning after two days).
import { VERSION_POLICY_DEVIATIONS, judgeVersionPolicy } from '../../kaas/version-policy.js';
import { decideWithDeviations } from '../../results/deviations.js';
import { defineProbe } from '../types.js';

export default defineProbe({
  meta: {
    id: 'version-policy-check',
    title: 'Kubernetes version policy',
    failureTitle: 'Kubernetes version is end of life or outdated',
    description:
      'The cluster runs a Kubernetes branch upstream still supports, has taken up newer patches of its branch within 31 days, and patches fixing critical CVEs (CVSS >= 8) within 14 days (recommended: 2 days).',
    standards: [
      {
        id: 'scs-0210-v2',
        url: 'https://docs.scs.community/standards/scs-0210-v2-k8s-version-policy#decision',
      },
    ],
    artifacts: ['K8sVersion', 'K8sReleaseData'],
    deviations: VERSION_POLICY_DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    const k8s = artifacts.K8sVersion;
    const rd = artifacts.K8sReleaseData;
    if (!k8s || typeof k8s.gitVersion !== 'string')
      throw new Error('no Kubernetes version (artifact K8sVersion missing)');
    if (!rd || !Array.isArray(rd.releases))
      throw new Error('no Kubernetes release data (artifact K8sReleaseData missing)');
    const eolData = ctx.data['k8s-eol'];
    return decideWithDeviations(ctx.mode, (mode) => {
      const j = judgeVersionPolicy(k8s, rd, eolData, ctx.now, mode);
      return { ...j.result, ...(j.fired.size ? { deviations: [...j.fired].sort() } : {}) };
    });
  },
});
