// Probe kaas-networking-check (scs-0219-v1): every executed NetworkPolicy e2e test passed, except okToFail entries.
import { NETWORKPOLICY_SELECTION, SONOBUOY_DEVIATIONS, judgeSonobuoy } from '../../kaas/sonobuoy-judge.js';
import { defineProbe } from '../types.js';

export default defineProbe({
  meta: {
    id: 'kaas-networking-check',
    title: 'KaaS networking: NetworkPolicy support (Sonobuoy e2e)',
    failureTitle: 'NetworkPolicy e2e tests failed',
    description:
      'Runs (or reads) the upstream Kubernetes e2e tests focused on "NetworkPolicy" through Sonobuoy; every executed test must pass, failures listed under okToFail excepted.',
    standards: [
      { id: 'scs-0219-v1', url: 'https://docs.scs.community/standards/scs-0219-v1-kaas-networking#decision' },
      {
        id: 'scs-0219-w1',
        url: 'https://docs.scs.community/standards/scs-0219-w1-kaas-networking#automated-tests',
      },
    ],
    artifacts: ['SonobuoyNetworking'],
    deviations: SONOBUOY_DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    return judgeSonobuoy(
      artifacts.SonobuoyNetworking,
      ctx.data['scs-sonobuoy-config-v1'],
      NETWORKPOLICY_SELECTION,
      ctx.mode,
    );
  },
});
