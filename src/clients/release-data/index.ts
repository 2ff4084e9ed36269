// Release data for scs-0210: a source the K8sReleaseData gatherer reads (network with cache, or a saved snapshot).
import type { K8sReleaseData } from '../../artifacts/kaas.js';
import { fetchReleaseData, type FetchOptions, SOURCES } from './fetcher.js';
import { loadSnapshot } from './snapshot.js';

export { fetchReleaseData, SOURCES, type FetchOptions } from './fetcher.js';
export { loadSnapshot, saveSnapshot, ReleaseDataError, SNAPSHOT_FORMAT, SNAPSHOT_FILES } from './snapshot.js';

/** What the K8sReleaseData gatherer finds at `ctx.clients.releaseData`. */
export interface ReleaseDataSource {
  readonly description: string;
  load(opts?: { signal?: AbortSignal; progress?: (what: string) => void }): Promise<K8sReleaseData>;
}

/** Offline: a directory written by `scs-cert data fetch`. */
export function snapshotSource(dir: string): ReleaseDataSource {
  return { description: `release-data snapshot ${dir}`, load: async () => loadSnapshot(dir) };
}

/** Online: GitHub releases, the kubernetes.io CVE feed and cveawg.mitre.org records. */
export function networkSource(opts: FetchOptions): ReleaseDataSource {
  return {
    description: `${SOURCES.releases}, ${SOURCES.cveFeed}, ${SOURCES.cveRecord}<id>`,
    load: (o) =>
      fetchReleaseData({ ...opts, signal: o?.signal ?? opts.signal, progress: o?.progress ?? opts.progress }),
  };
}
