// Gatherer SonobuoyNetworking (scs-0219): e2e results of Sonobuoy focused on NetworkPolicy, run now or given.
import { gatherSonobuoy } from './sonobuoy.js';
import type { GathererOf } from '../types.js';

export const sonobuoyNetworkingGatherer: GathererOf<'SonobuoyNetworking'> = {
  artifact: 'SonobuoyNetworking',
  description:
    'Sonobuoy e2e results focused on NetworkPolicy (run with sonobuoy, or read from --sonobuoy-results)',
  active: true,
  timeoutMs: 8 * 3_600_000,
  gather: (ctx) => gatherSonobuoy(ctx, 'networking'),
};
