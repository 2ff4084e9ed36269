// Test helpers for KaaS probes: contexts, the shipped data files, and scenario loading.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CveRecord, K8sRelease, K8sReleaseData, K8sVersion } from '../../src/artifacts/kaas.js';
import type { ProbeContext } from '../../src/probes/types.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';

/** A data file shipped under standards/data/, parsed. */
export function shippedData(id: string): unknown {
  return parse(readFileSync(join(PACKAGE_ROOT, 'standards', 'data', `${id}.yaml`), 'utf8'));
}

export function fixture(...parts: string[]): string {
  return join(PACKAGE_ROOT, 'test', 'fixtures', 'kaas', ...parts);
}

export function probeContext(over: Partial<ProbeContext> = {}): ProbeContext {
  const now = over.now ?? '2026-11-25T12:00:00Z';
  return {
    testcaseId: 'test',
    params: {},
    referenceDate: now.slice(0, 10),
    now,
    data: {
      'k8s-eol': shippedData('k8s-eol'),
      'scs-sonobuoy-config-v1': shippedData('scs-sonobuoy-config-v1'),
      'scs-0211-provisioners': shippedData('scs-0211-provisioners'),
    },
    mode: 'standard',
    ...over,
  };
}

/** An in-memory ledger and gather context for gatherer tests. */
export function memoryLedger(prefix = 'scs-cert-test01-'): import('../../src/core/ledger.js').Ledger {
  const list: import('../../src/core/ledger.js').LedgerEntry[] = [];
  return {
    prefix,
    record(e) {
      const entry = { ...e, state: 'created' as const };
      list.push(entry);
      return entry;
    },
    markDeleted(e) {
      e.state = 'deleted';
    },
    markLeaked(e, detail) {
      e.state = 'leaked';
      e.detail = detail;
    },
    entries: () => list,
  };
}

export function gatherContext(
  over: Partial<import('../../src/gatherers/types.js').GatherContext> = {},
): import('../../src/gatherers/types.js').GatherContext & { progressLines: string[]; logLines: string[] } {
  const progressLines: string[] = [];
  const logLines: string[] = [];
  const log = {
    debug: (m: string) => logLines.push(`debug ${m}`),
    info: (m: string) => logLines.push(`info ${m}`),
    warn: (m: string) => logLines.push(`warn ${m}`),
    error: (m: string) => logLines.push(`error ${m}`),
  };
  return {
    clients: {},
    ledger: memoryLedger(),
    log,
    progress: (w: string) => progressLines.push(w),
    signal: new AbortController().signal,
    options: {},
    data: {},
    ...over,
    progressLines,
    logLines,
  };
}

/** A recorded scs-0210 scenario (test/fixtures/kaas/version-policy/*.yaml) with its hand-worked verdict. */
export interface VersionPolicyScenario {
  name: string;
  now: string;
  fetchedAt?: string;
  gitVersion: string;
  releases?: Array<Partial<K8sRelease> & { tag_name: string }>;
  cves?: CveRecord[];
  cveErrors?: Array<{ id: string; error: string }>;
  expect: {
    outcome: string;
    messageId: string;
    offenders?: string[];
    deviations?: string[];
    warning?: string;
    noWarning?: string;
  };
  reference: string;
  /** The words of the standard the scenario is drawn from. */
  text?: string;
}

/**
 * The artifacts version-policy-check reads, built from a scenario plus shared base releases. Release data is taken as
 * fetched one hour before `now` unless the scenario says otherwise; with `asFetched`, base releases published after
 * the fetch are left out (they could not be in data fetched then).
 */
export function versionPolicyArtifacts(
  s: VersionPolicyScenario,
  base: VersionPolicyScenario['releases'] = [],
  opts: { asFetched?: boolean } = {},
): { K8sVersion: K8sVersion; K8sReleaseData: K8sReleaseData } {
  const fetchedAt = s.fetchedAt ?? new Date(Date.parse(s.now) - 3_600_000).toISOString();
  const known = opts.asFetched
    ? base.filter((r) => !r.published_at || Date.parse(r.published_at) <= Date.parse(fetchedAt))
    : base;
  const releases: K8sRelease[] = [...known, ...(s.releases ?? [])].map((r) => ({
    tag_name: r.tag_name,
    published_at: r.published_at ?? null,
    draft: r.draft ?? false,
    prerelease: r.prerelease ?? false,
  }));
  const cves = s.cves ?? [];
  const rd: K8sReleaseData = {
    source: 'snapshot',
    fetchedAt,
    releases,
    cveIds: [...cves.map((c) => c.id), ...(s.cveErrors ?? []).map((e) => e.id)],
    cves,
    cveErrors: s.cveErrors ?? [],
  };
  const [, major = '1', minor = '0'] = /^v?(\d+)\.(\d+)/.exec(s.gitVersion) ?? [];
  return { K8sVersion: { major, minor, gitVersion: s.gitVersion }, K8sReleaseData: rd };
}
