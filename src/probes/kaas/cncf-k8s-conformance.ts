// Probe cncf-k8s-conformance (scs-0201-v1): every executed [Conformance] e2e test passed, except okToFail entries.
import { CONFORMANCE_SELECTION, SONOBUOY_DEVIATIONS, judgeSonobuoy } from '../../kaas/sonobuoy-judge.js';
import { defineProbe } from '../types.js';

export default defineProbe({
  meta: {
    id: 'cncf-k8s-conformance',
    title: 'CNCF Kubernetes conformance (Sonobuoy e2e)',
    failureTitle: 'Kubernetes conformance tests failed',
    description:
      'Runs (or reads) the upstream Kubernetes e2e suite in Sonobuoy mode certified-conformance; every executed [Conformance] test must pass, failures listed under okToFail excepted.',
    standards: [
      {
        id: 'scs-0201-v1',
        url: 'https://docs.scs.community/standards/scs-0201-v1-cncf-conformance#regulations',
      },
      {
        id: 'scs-0200-v1',
        url: 'https://docs.scs.community/standards/scs-0200-v1-using-sonobuoy-for-kaas-conformance-tests',
      },
    ],
    artifacts: ['SonobuoyConformance'],
    deviations: SONOBUOY_DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    return judgeSonobuoy(
      artifacts.SonobuoyConformance,
      ctx.data['scs-sonobuoy-config-v1'],
      CONFORMANCE_SELECTION,
      ctx.mode,
    );
  },
});
