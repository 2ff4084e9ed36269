// Gatherer K8sReleaseData (scs-0210): upstream releases and critical-CVE data, fetched or read from a saved snapshot.
import { type ReleaseDataSource, snapshotSource } from '../../clients/release-data/index.js';
import type { GathererOf } from '../types.js';

export const k8sReleaseDataGatherer: GathererOf<'K8sReleaseData'> = {
  artifact: 'K8sReleaseData',
  description:
    'Kubernetes releases (GitHub) and the official CVE feed with its CVE records, or a saved snapshot',
  timeoutMs: 300_000,
  async gather(ctx) {
    let source = ctx.clients.releaseData as ReleaseDataSource | undefined;
    if (!source && typeof ctx.options.releaseData === 'string')
      source = snapshotSource(ctx.options.releaseData);
    if (!source || typeof source.load !== 'function')
      throw new Error('no Kubernetes release data source — pass --release-data DIR or allow network access');
    ctx.log.info(`release data from ${source.description}`);
    return source.load({ signal: ctx.signal, progress: ctx.progress });
  },
};
