// Fetches Kubernetes release and CVE data from the public sources scs-0210's test uses, with a file cache,
// bounded concurrency and an optional GitHub token; unreachable sources end in one clear error.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetch, type Dispatcher } from 'undici';
import type { CveRecord, K8sRelease, K8sReleaseData } from '../../artifacts/kaas.js';
import type { Logger } from '../../core/logger.js';
import { USER_AGENT } from '../../core/version.js';
import { proxyDispatcher } from '../../core/http-proxy.js';
import { ReleaseDataError, asRelease, toCveRecord } from './snapshot.js';

export const SOURCES = {
  releases: 'https://api.github.com/repos/kubernetes/kubernetes/releases',
  cveFeed: 'https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json',
  cveRecord: 'https://cveawg.mitre.org/api/cve/',
} as const;

export interface FetchOptions {
  /** Directory for cached answers (none: no cache). */
  cacheDir?: string;
  /** GitHub token (e.g. from GITHUB_TOKEN) to lift the 60 requests/hour limit; never logged. */
  githubToken?: string;
  /** Parallel CVE record requests (default 5). */
  concurrency?: number;
  /** Pages of 100 GitHub releases (default 2). */
  releasePages?: number;
  /** How long cached release lists and the feed stay fresh (default 1 h) and CVE records (default 24 h). */
  listTtlMs?: number;
  recordTtlMs?: number;
  requestTimeoutMs?: number;
  /** undici dispatcher (tests pass a MockAgent); default: the proxy of HTTPS_PROXY / NO_PROXY in `env`, if any. */
  dispatcher?: Dispatcher;
  /** Environment for the proxy variables (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  log?: Logger;
  progress?: (what: string) => void;
  /** Clock for fetchedAt (default: now). */
  now?: () => Date;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function causeCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  const name = (err as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError'
    ? 'timeout'
    : ((err as Error)?.message ?? String(err));
}

const OFFLINE_HINT =
  'on a machine with internet run `scs-cert data fetch --out DIR` and pass --release-data DIR';

class Fetcher {
  private readonly dispatcher: Dispatcher | undefined;
  constructor(private readonly o: FetchOptions) {
    this.dispatcher = o.dispatcher ?? proxyDispatcher(o.env ?? process.env);
  }

  private cacheFile(url: string): string | undefined {
    if (!this.o.cacheDir) return undefined;
    const u = new URL(url);
    const id = /\/cve\/(CVE-[\d-]+)$/.exec(u.pathname)?.[1];
    if (id) return join(this.o.cacheDir, 'cve', `${id}.json`);
    return join(
      this.o.cacheDir,
      `${u.host}-${createHash('sha256').update(url).digest('hex').slice(0, 16)}.json`,
    );
  }

  private fromCache(file: string | undefined, ttl: number): unknown {
    if (!file) return undefined;
    try {
      if (Date.now() - statSync(file).mtimeMs > ttl) return undefined;
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  async json(url: string, ttl: number, headers: Record<string, string> = {}): Promise<unknown> {
    const file = this.cacheFile(url);
    const cached = this.fromCache(file, ttl);
    if (cached !== undefined) return cached;
    const signals = [AbortSignal.timeout(this.o.requestTimeoutMs ?? 30_000)];
    if (this.o.signal) signals.push(this.o.signal);
    let res;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...headers },
        signal: AbortSignal.any(signals),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
    } catch (err) {
      throw new ReleaseDataError(
        `cannot reach ${hostOf(url)} (${causeCode(err)}) for Kubernetes release data — ${OFFLINE_HINT}`,
      );
    }
    if (!res.ok) {
      const remaining = res.headers.get('x-ratelimit-remaining');
      if ((res.status === 403 || res.status === 429) && remaining === '0')
        throw new ReleaseDataError(
          `the GitHub API rate limit is used up (HTTP ${res.status}) — set GITHUB_TOKEN to a token (no scopes needed) or ${OFFLINE_HINT}`,
        );
      throw new ReleaseDataError(`${hostOf(url)} answered HTTP ${res.status} for ${url}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new ReleaseDataError(`${hostOf(url)} sent no valid JSON for ${url} (${(err as Error).message})`);
    }
    if (file) {
      try {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, JSON.stringify(body));
      } catch (err) {
        this.o.log?.debug(`release data: cache not writable: ${(err as Error).message}`);
      }
    }
    return body;
  }
}

/** Run `fn` over `items` with at most `limit` calls in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    for (const [i, item] of queue) out[i] = await fn(item);
  });
  await Promise.all(workers);
  return out;
}

/** Fetch releases, the CVE feed and every CVE record of the feed into the K8sReleaseData artifact. */
export async function fetchReleaseData(o: FetchOptions = {}): Promise<K8sReleaseData> {
  const f = new Fetcher(o);
  const listTtl = o.listTtlMs ?? 3_600_000;
  const recordTtl = o.recordTtlMs ?? 86_400_000;
  const gh: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
  if (o.githubToken) gh.authorization = `Bearer ${o.githubToken}`;
  const pages = Math.max(1, o.releasePages ?? 2);
  const fetchedAt = (o.now ?? (() => new Date()))().toISOString();

  const releasesP = (async () => {
    const all: K8sRelease[] = [];
    for (let page = 1; page <= pages; page++) {
      const body = await f.json(`${SOURCES.releases}?per_page=100&page=${page}`, listTtl, gh);
      if (!Array.isArray(body))
        throw new ReleaseDataError(`api.github.com sent no release list (page ${page})`);
      all.push(...body.map(asRelease).filter((r): r is K8sRelease => r !== undefined));
      if (body.length < 100) break;
    }
    return all;
  })();
  const feedP = (async () => {
    const body = (await f.json(SOURCES.cveFeed, listTtl)) as { items?: Array<{ id?: unknown }> } | null;
    if (!body || !Array.isArray(body.items))
      throw new ReleaseDataError('the Kubernetes CVE feed has no "items" list');
    return [
      ...new Set(
        body.items.map((i) => i.id).filter((id): id is string => typeof id === 'string' && CVE_ID.test(id)),
      ),
    ];
  })();
  const [releases, ids] = await Promise.all([releasesP, feedP]);
  o.log?.info(`release data: ${releases.length} releases, ${ids.length} CVEs in the official feed`);
  const cves: CveRecord[] = [];
  const cveErrors: Array<{ id: string; error: string }> = [];
  let done = 0;
  await pool(ids, o.concurrency ?? 5, async (id) => {
    try {
      cves.push(toCveRecord(id, await f.json(`${SOURCES.cveRecord}${id}`, recordTtl)));
    } catch (err) {
      if (o.signal?.aborted) throw err;
      cveErrors.push({ id, error: (err as Error).message });
    }
    o.progress?.(`release data: CVE records ${++done}/${ids.length}`);
  });
  cves.sort((a, b) => a.id.localeCompare(b.id));
  cveErrors.sort((a, b) => a.id.localeCompare(b.id));
  return { source: 'network', fetchedAt, releases, cveIds: ids, cves, cveErrors };
}
