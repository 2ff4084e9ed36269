// Gatherer SonobuoyConformance (scs-0201): e2e results of Sonobuoy mode certified-conformance, run now or given.
import { gatherSonobuoy } from './sonobuoy.js';
import type { GathererOf } from '../types.js';

export const sonobuoyConformanceGatherer: GathererOf<'SonobuoyConformance'> = {
  artifact: 'SonobuoyConformance',
  description:
    'Sonobuoy e2e results, mode certified-conformance (run with sonobuoy, or read from --sonobuoy-results)',
  active: true,
  timeoutMs: 8 * 3_600_000,
  gather: (ctx) => gatherSonobuoy(ctx, 'conformance'),
};
