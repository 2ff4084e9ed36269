// Gatherer SonobuoyConformance (scs-0201): e2e results of Sonobuoy mode certified-conformance, run now or given.
import type { SonobuoyResults } from '../../artifacts/kaas.js';
import { gatherSonobuoy } from './sonobuoy.js';
import type { Gatherer } from '../types.js';

export const sonobuoyConformanceGatherer: Gatherer<SonobuoyResults> = {
  artifact: 'SonobuoyConformance',
  description:
    'Sonobuoy e2e results, mode certified-conformance (run with sonobuoy, or read from --sonobuoy-results)',
  active: true,
  timeoutMs: 8 * 3_600_000,
  gather: (ctx) => gatherSonobuoy(ctx, 'conformance'),
};
