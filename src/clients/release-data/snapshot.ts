// Release-data snapshots on disk: the layout `scs-cert data fetch` writes and `--release-data DIR` reads (offline runs).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CveRecord, K8sRelease, K8sReleaseData } from '../../artifacts/kaas.js';

export const SNAPSHOT_FORMAT = 'scs-cert/k8s-release-data@1';
export const SNAPSHOT_FILES = {
  meta: 'snapshot.json',
  releases: 'github-releases.json',
  feed: 'cve-feed.json',
  errors: 'cve-errors.json',
  cveDir: 'cve',
} as const;

export class ReleaseDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseDataError';
  }
}

interface SnapshotMeta {
  format: string;
  fetchedAt: string;
  note?: string;
  sources?: Record<string, string>;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ReleaseDataError(
      code === 'ENOENT'
        ? `release-data snapshot lacks ${what} (${file}) — create the directory with \`scs-cert data fetch --out DIR\``
        : `cannot read ${file}: ${(err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ReleaseDataError(
      `${file} is not valid JSON (${(err as Error).message}) — fetch the snapshot again`,
    );
  }
}

/** A CVE JSON 5 record (full or reduced) or our reduced shape, as a CveRecord. */
export function toCveRecord(id: string, raw: unknown): CveRecord {
  const r = (raw ?? {}) as {
    id?: string;
    metrics?: unknown[];
    affected?: unknown[];
    datePublished?: string;
    cveMetadata?: { cveId?: string; datePublished?: string };
    containers?: { cna?: { metrics?: unknown[]; affected?: unknown[] } };
  };
  if (r.containers || r.cveMetadata) {
    const out: CveRecord = { id: r.cveMetadata?.cveId ?? id };
    if (Array.isArray(r.containers?.cna?.metrics)) out.metrics = r.containers.cna.metrics;
    if (Array.isArray(r.containers?.cna?.affected)) out.affected = r.containers.cna.affected;
    if (r.cveMetadata?.datePublished) out.datePublished = r.cveMetadata.datePublished;
    return out;
  }
  const out: CveRecord = { id: r.id ?? id };
  if (Array.isArray(r.metrics)) out.metrics = r.metrics;
  if (Array.isArray(r.affected)) out.affected = r.affected;
  if (r.datePublished) out.datePublished = r.datePublished;
  return out;
}

/** The reduced CVE JSON 5 shape kept in snapshots: still a valid subset of the record. */
export function reducedCveJson(rec: CveRecord): Record<string, unknown> {
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: rec.id, ...(rec.datePublished ? { datePublished: rec.datePublished } : {}) },
    containers: {
      cna: {
        ...(rec.affected ? { affected: rec.affected } : {}),
        ...(rec.metrics ? { metrics: rec.metrics } : {}),
      },
    },
  };
}

/**
 * One release as the judge needs it. A release whose tag is not text is kept (as its JSON text), never dropped: it
 * could be the newer patch that decides, and the judge names what it cannot read.
 */
export function asRelease(x: unknown): K8sRelease | undefined {
  const r = x as { tag_name?: unknown; published_at?: unknown; draft?: unknown; prerelease?: unknown } | null;
  if (!r || typeof r !== 'object') return undefined;
  return {
    tag_name: typeof r.tag_name === 'string' ? r.tag_name : JSON.stringify(r.tag_name ?? null),
    published_at: typeof r.published_at === 'string' ? r.published_at : null,
    draft: r.draft === true,
    prerelease: r.prerelease === true,
  };
}

/** Read a snapshot directory into the K8sReleaseData artifact. */
export function loadSnapshot(dir: string): K8sReleaseData {
  if (!existsSync(dir))
    throw new ReleaseDataError(
      `release-data directory ${dir} does not exist — create it with \`scs-cert data fetch --out ${dir}\``,
    );
  const meta = readJson(join(dir, SNAPSHOT_FILES.meta), 'its description snapshot.json') as SnapshotMeta;
  if (
    !meta ||
    meta.format !== SNAPSHOT_FORMAT ||
    typeof meta.fetchedAt !== 'string' ||
    Number.isNaN(Date.parse(meta.fetchedAt))
  )
    throw new ReleaseDataError(
      `${join(dir, SNAPSHOT_FILES.meta)} is not a ${SNAPSHOT_FORMAT} description with a valid fetchedAt — fetch the snapshot again`,
    );
  const rel = readJson(join(dir, SNAPSHOT_FILES.releases), 'the GitHub release list');
  if (!Array.isArray(rel))
    throw new ReleaseDataError(`${join(dir, SNAPSHOT_FILES.releases)} is not a list of releases`);
  const feed = readJson(join(dir, SNAPSHOT_FILES.feed), 'the CVE feed') as { ids?: unknown };
  if (!feed || !Array.isArray(feed.ids))
    throw new ReleaseDataError(`${join(dir, SNAPSHOT_FILES.feed)} has no "ids" list`);
  const ids = feed.ids.filter((x): x is string => typeof x === 'string');
  const cveDir = join(dir, SNAPSHOT_FILES.cveDir);
  const present = new Set(existsSync(cveDir) ? readdirSync(cveDir) : []);
  const errorsFile = join(dir, SNAPSHOT_FILES.errors);
  const recordedErrors = existsSync(errorsFile)
    ? ((readJson(errorsFile, 'the CVE error list') as Array<{ id: string; error: string }>) ?? [])
    : [];
  const cves: CveRecord[] = [];
  const cveErrors: Array<{ id: string; error: string }> = [];
  for (const id of ids) {
    if (present.has(`${id}.json`))
      cves.push(toCveRecord(id, readJson(join(cveDir, `${id}.json`), `record ${id}`)));
    else
      cveErrors.push({
        id,
        error: recordedErrors.find((e) => e.id === id)?.error ?? 'record missing from the snapshot',
      });
  }
  return {
    source: 'snapshot',
    location: dir,
    fetchedAt: meta.fetchedAt,
    releases: rel.map(asRelease).filter((r): r is K8sRelease => r !== undefined),
    cveIds: ids,
    cves,
    cveErrors,
    ...(meta.note ? { note: meta.note } : {}),
  };
}

/** Write the artifact as a snapshot directory (what `scs-cert data fetch --out DIR` leaves behind). */
export function saveSnapshot(dir: string, data: K8sReleaseData, sources?: Record<string, string>): void {
  mkdirSync(join(dir, SNAPSHOT_FILES.cveDir), { recursive: true });
  const meta: SnapshotMeta = {
    format: SNAPSHOT_FORMAT,
    fetchedAt: data.fetchedAt,
    ...(data.note ? { note: data.note } : {}),
    ...(sources ? { sources } : {}),
  };
  writeFileSync(join(dir, SNAPSHOT_FILES.meta), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(dir, SNAPSHOT_FILES.releases), JSON.stringify(data.releases, null, 1) + '\n');
  writeFileSync(join(dir, SNAPSHOT_FILES.feed), JSON.stringify({ ids: data.cveIds }, null, 1) + '\n');
  for (const rec of data.cves)
    writeFileSync(
      join(dir, SNAPSHOT_FILES.cveDir, `${rec.id}.json`),
      JSON.stringify(reducedCveJson(rec), null, 1) + '\n',
    );
  if (data.cveErrors.length)
    writeFileSync(join(dir, SNAPSHOT_FILES.errors), JSON.stringify(data.cveErrors, null, 1) + '\n');
}
