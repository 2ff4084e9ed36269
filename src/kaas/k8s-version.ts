// Pure Kubernetes version logic for scs-0210: parsing cluster versions and release tags, ordering, CVE severity.

export interface K8sVer {
  major: number;
  minor: number;
  patch: number;
  /** Upstream prerelease identifiers (`alpha.1`, `rc.0`), empty for a release. */
  pre: string[];
}

export function fmt(v: K8sVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`;
}

export function branchOf(v: K8sVer): string {
  return `${v.major}.${v.minor}`;
}

const UPSTREAM_PRERELEASE = /^(alpha|beta|rc)$/;
const CORE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.+-]*)?$/;

/**
 * Parse a version as the API server or a release tag states it. `v1.31.4`, `1.31.4`, `v1.31.4+k3s1` (build
 * metadata dropped) and upstream prereleases `v1.32.0-rc.1` parse; a vendor suffix such as `-eks-5e0fdde` or
 * `-gke.1589018` is kept apart (`vendor`) unless `strictCore` asks for plain `X.Y.Z` as the reference does.
 */
export function parseVersion(
  text: string,
  opts: { strictCore?: boolean } = {},
): { version: K8sVer; vendor?: string } | undefined {
  const m = CORE.exec(text.trim());
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  const suffix = m[4];
  if (!suffix) return { version: { major, minor, patch, pre: [] } };
  if (opts.strictCore) return undefined;
  const ids = suffix.split('.');
  if (UPSTREAM_PRERELEASE.test(ids[0] ?? '')) return { version: { major, minor, patch, pre: ids } };
  return { version: { major, minor, patch, pre: [] }, vendor: suffix };
}

function cmpIdent(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na) return -1;
  if (nb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Semantic-version order: a prerelease sorts before its release. */
export function compare(a: K8sVer, b: K8sVer): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (!a.pre.length || !b.pre.length) return (a.pre.length ? -1 : 0) - (b.pre.length ? -1 : 0);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = cmpIdent(x, y);
    if (c) return c;
  }
  return 0;
}

export function compareBranch(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** Critical per scs-0210: a CVSS base score >= 8 in any CVSS metric of the CNA container. */
export const CRITICAL_CVSS = 8;
const CVSS_KEY = /[cC][vV][sS]{1,2}V\d/;

export type Severity =
  | { kind: 'critical'; score: number; metric: string }
  | { kind: 'not-critical'; score?: number }
  | { kind: 'unknown'; why: string };

export function severityOf(metrics: unknown[] | undefined): Severity {
  if (!Array.isArray(metrics)) return { kind: 'unknown', why: 'record has no metrics' };
  let best: number | undefined;
  let bestKey = '';
  let missing = '';
  for (const m of metrics) {
    if (!m || typeof m !== 'object') continue;
    for (const [key, val] of Object.entries(m as Record<string, unknown>)) {
      if (!CVSS_KEY.test(key)) continue;
      const score = (val as { baseScore?: unknown } | null)?.baseScore;
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        missing = key;
        continue;
      }
      if (best === undefined || score > best) {
        best = score;
        bestKey = key;
      }
    }
  }
  if (best !== undefined && best >= CRITICAL_CVSS) return { kind: 'critical', score: best, metric: bestKey };
  if (missing) return { kind: 'unknown', why: `metric ${missing} has no baseScore` };
  return { kind: 'not-critical', ...(best !== undefined ? { score: best } : {}) };
}
