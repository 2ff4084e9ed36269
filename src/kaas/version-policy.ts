// scs-0210-v2 version policy, judged from the cluster's version, upstream releases, end-of-life data and the
// Kubernetes CVE feed: the pure steps of version-policy-check, in the order the standard states its rules.
import type { CveRecord, K8sRelease, K8sReleaseData, K8sVersion } from '../artifacts/kaas.js';
import type { Deviation, Evidence, ProbeResult } from '../results/types.js';
import { type CveProduct, kubernetesProducts, rangeProblems, statedUnknown, statusOf } from './cve-ranges.js';
import {
  type K8sVer,
  branchOf,
  compare,
  compareBranch,
  fmt,
  parseVersion,
  severityOf,
} from './k8s-version.js';

const DAY = 86_400_000;
/** "no later than 1 month after release": a month is taken as 31 days, so no calendar month ends earlier. */
export const PATCH_WINDOW_MS = 31 * DAY;
/** "MUST not be longer than 2 weeks if the patch addresses critical CVEs". */
export const CVE_WINDOW_MS = 14 * DAY;
/** "RECOMMENDED to be provided within 2 days of the release". */
export const CVE_RECOMMENDED_MS = 2 * DAY;
/** Release data older than this (relative to the check) is reported as possibly missing newer patches. */
export const STALE_DATA_MS = DAY;

export interface EolEntry {
  branch: string;
  endOfLife: string;
}

type Mode = 'standard' | 'reference';

export const VERSION_POLICY_DEVIATIONS: Deviation[] = [
  {
    id: 'cve-fix-must-address',
    standard:
      'The two-week limit applies when "the patch addresses critical CVEs": a newer patch counts only if the cluster version is in a critical CVE\'s affected range and the patch is not.',
    reference:
      'Counts every newer patch of the branch once the cluster version is in any critical CVE range, whether or not that patch fixes it (see the FIXME in k8s_version_policy.py).',
  },
  {
    id: 'cve-range-asterisk',
    standard:
      'An upper bound ending in `*` (`lessThan: "1.37.*"`, `lessThan: "*"`) is read as the CVE JSON 5 format defines it: the asterisk is an arbitrarily large number, so `1.37.*` holds every 1.37 patch and `*` has no upper end.',
    reference: 'The script cannot parse the bound and stops with ValueError: ABORT.',
  },
  {
    id: 'cve-range-changes',
    standard:
      "An entry's `changes[]` (e.g. `{at: 1.37.3, status: unaffected}`) give the status from `at` on, as the CVE JSON 5 format defines.",
    reference: '`changes` are ignored: the whole range counts as affected.',
  },
  {
    id: 'cve-default-status',
    standard:
      'A Kubernetes product with `defaultStatus: affected` affects every version no entry lists (entries with status `unaffected` carve versions out).',
    reference: '`defaultStatus` is ignored: only entries with status `affected` count.',
  },
  {
    id: 'cve-range-unreadable',
    standard:
      'An entry whose `version` (without an upper bound), `changes` or `status` cannot be read — e.g. a git commit with `versionType: git`, a status outside affected/unaffected/unknown — cannot be judged: ABORT naming the CVE and the entry (an unreadable upper bound is ABORT in both readings).',
    reference:
      'Such an entry without an upper bound becomes the range [0.0.0] and matches no cluster; entries with another status than `affected` and `changes` are skipped — silently.',
  },
  {
    id: 'cve-branch-wildcard',
    standard: 'An affected entry `X.Y.x` means every version of branch X.Y.',
    reference: '`X.Y.x` becomes the empty range [X.Y.0, X.Y.0) and matches no version.',
  },
  {
    id: 'cve-hyphen-range-inclusive',
    standard: 'An affected entry `vA.B.C - vD.E.F` includes both ends, as hyphen ranges do (npm semver).',
    reference: 'The upper end of `vA.B.C - vD.E.F` is exclusive.',
  },
  {
    id: 'eol-newer-branch',
    standard:
      'A branch newer than every branch in the end-of-life data is a new upstream release, hence supported (with a warning to update the data).',
    reference: 'A branch missing from the static end-of-life file counts as end of life: FAIL.',
  },
  {
    id: 'cve-data-incomplete',
    standard:
      'Unreadable CVE records or scores abort the testcase only when they could change the verdict (a newer patch older than 14 days and not older than 31 days exists).',
    reference:
      'Any CVE record that cannot be fetched, or a CVSS metric without baseScore, aborts the testcase.',
  },
  {
    id: 'release-data-missing-branch',
    standard:
      "Without any release of the cluster's branch in the release data, patch recency cannot be judged: ABORT.",
    reference: 'No release of the branch in the first 100 GitHub releases: nothing to compare, PASS.',
  },
  {
    id: 'vendor-version-suffix',
    standard:
      'A vendor suffix on the server version (`v1.29.3-eks-5e0fdde`, `v1.29.1-gke.1589018`) names a build of upstream 1.29.3 / 1.29.1.',
    reference: 'Only plain `X.Y.Z` (after `v` and `+build`) parses; a vendor suffix aborts the testcase.',
  },
  {
    id: 'prerelease-cluster-version',
    standard:
      'A cluster running an upstream prerelease (`v1.37.1-rc.0`) runs a version older than the release it precedes (semantic-version order): the release counts as a newer patch.',
    reference:
      'Only plain `X.Y.Z` (after `v` and `+build`) parses; a prerelease version aborts the testcase.',
  },
  {
    id: 'prerelease-tags',
    standard:
      'Release tags with an upstream prerelease suffix (-alpha, -beta, -rc) are prereleases and ignored.',
    reference: 'Tags are cut at the first `-`; only the GitHub `prerelease` flag excludes them.',
  },
];

export interface Judgement {
  result: ProbeResult;
  fired: Set<string>;
}

function days(ms: number): string {
  const d = ms / DAY;
  return d >= 10 ? `${Math.floor(d)} days` : `${(Math.floor(d * 10) / 10).toString()} days`;
}

function eolTable(data: unknown): EolEntry[] {
  const branches = (data as { branches?: unknown } | undefined)?.branches;
  if (!Array.isArray(branches))
    throw new Error('end-of-life data k8s-eol is missing or has no branches (standards/data/k8s-eol.yaml)');
  return branches.map((b) => {
    const e = b as Partial<EolEntry>;
    if (
      typeof e.branch !== 'string' ||
      typeof e.endOfLife !== 'string' ||
      Number.isNaN(Date.parse(`${e.endOfLife}T00:00:00Z`))
    )
      throw new Error(`k8s-eol entry ${JSON.stringify(b)} lacks branch/endOfLife`);
    return { branch: e.branch, endOfLife: e.endOfLife };
  });
}

interface UsableRelease {
  tag: string;
  version: K8sVer;
  publishedMs: number;
}

/**
 * The published releases that can be judged, and those that cannot be read: a tag that is not a version or a release
 * time that is not a time is never skipped silently (it could be the newer patch that decides).
 */
function usableReleases(
  releases: K8sRelease[],
  mode: Mode,
  fired: Set<string>,
): { usable: UsableRelease[]; ignored: number; unreadable: string[] } {
  const usable: UsableRelease[] = [];
  const unreadable: string[] = [];
  let ignored = 0;
  for (const r of releases) {
    if (r.draft || r.prerelease) {
      ignored++;
      continue;
    }
    const parsed =
      mode === 'reference'
        ? parseVersion(r.tag_name.split('-')[0] ?? '', { strictCore: true })
        : parseVersion(r.tag_name, {});
    const publishedMs = r.published_at ? Date.parse(r.published_at) : NaN;
    if (!parsed) {
      unreadable.push(`release ${JSON.stringify(r.tag_name)}: the tag is not a version`);
      continue;
    }
    if (parsed.vendor) {
      ignored++;
      continue;
    }
    if (parsed.version.pre.length) {
      fired.add('prerelease-tags');
      ignored++;
      continue;
    }
    if (Number.isNaN(publishedMs)) {
      unreadable.push(`release ${r.tag_name}: published_at ${JSON.stringify(r.published_at)} is not a time`);
      continue;
    }
    usable.push({ tag: r.tag_name, version: parsed.version, publishedMs });
  }
  return { usable, ignored, unreadable };
}

interface CriticalCve {
  id: string;
  score: number;
  products: CveProduct[];
}

/** Critical CVEs (CVSS >= 8) with their Kubernetes products; records that cannot be judged; ranges that cannot be read. */
function criticalCves(
  rd: K8sReleaseData,
  mode: Mode,
  fired: Set<string>,
): { critical: CriticalCve[]; incomplete: string[]; unreadable: string[] } {
  const critical: CriticalCve[] = [];
  const incomplete: string[] = rd.cveErrors.map((e) => `${e.id} (${e.error})`);
  const unreadable: string[] = [];
  for (const rec of rd.cves as CveRecord[]) {
    if (!Array.isArray(rec.metrics) || !Array.isArray(rec.affected)) continue; // no scores or ranges published
    const sev = severityOf(rec.metrics);
    if (sev.kind === 'unknown') {
      incomplete.push(`${rec.id} (${sev.why})`);
      continue;
    }
    if (sev.kind !== 'critical') continue;
    const products = kubernetesProducts(rec.affected, mode);
    for (const p of rangeProblems(products)) unreadable.push(`${rec.id} range ${p}`);
    // The record's forms whose reading differs from the script's (named when the verdicts differ).
    const forms = new Set<string>();
    for (const p of products) {
      if (p.defaultStatus === 'affected') forms.add('cve-default-status');
      for (const r of p.entries) {
        if (r.form === 'asterisk') forms.add('cve-range-asterisk');
        if (r.changes.length) forms.add('cve-range-changes');
        if (r.form === 'branch-wildcard') forms.add('cve-branch-wildcard');
        if (r.form === 'hyphen-range') forms.add('cve-hyphen-range-inclusive');
        if (r.problemField === 'version' || r.problemField === 'status' || r.problemField === 'changes')
          fired.add('cve-range-unreadable');
      }
    }
    for (const f of forms) fired.add(f);
    if (products.length) critical.push({ id: rec.id, score: sev.score, products });
  }
  return { critical, incomplete, unreadable };
}

/** The branch's end of life: a FAIL or ABORT result, or undefined when the branch is supported. */
function endOfLife(
  mine: K8sVer,
  eol: EolEntry[],
  supported: string[],
  now: number,
  mode: Mode,
  j: Judge,
): Judgement | undefined {
  const branch = branchOf(mine);
  const entry = eol.find((b) => b.branch === branch);
  const upgradeTo = `upgrade the cluster to a supported branch (${supported.join(', ')})`;
  if (entry) {
    j.values.endOfLife = entry.endOfLife;
    if (now < Date.parse(`${entry.endOfLife}T00:00:00Z`)) return undefined;
    j.evidence.offenders = [{ resource: branch, problem: `end of life since ${entry.endOfLife}` }];
    return j.out(
      'FAIL',
      'branch-eol',
      `Kubernetes ${fmt(mine)}: branch ${branch} reached its end of life on ${entry.endOfLife} — ${upgradeTo}`,
    );
  }
  const known = eol.map((b) => b.branch).sort(compareBranch);
  const oldest = known[0] ?? '0.0';
  const newest = known[known.length - 1] ?? '0.0';
  if (compareBranch(branch, newest) > 0) {
    j.fired.add('eol-newer-branch');
    if (mode === 'reference') {
      j.evidence.offenders = [{ resource: branch, problem: 'not in the end-of-life data' }];
      return j.out(
        'FAIL',
        'branch-eol',
        `Kubernetes ${fmt(mine)}: branch ${branch} is not in the end-of-life data — ${upgradeTo}`,
      );
    }
    j.warnings.push(
      `branch ${branch} is newer than every branch in the end-of-life data (newest ${newest}); treated as supported — update standards/data/k8s-eol.yaml`,
    );
    return undefined;
  }
  if (compareBranch(branch, oldest) < 0) {
    j.evidence.offenders = [
      { resource: branch, problem: `older than ${oldest}, the oldest branch in the end-of-life data` },
    ];
    return j.out(
      'FAIL',
      'branch-eol',
      `Kubernetes ${fmt(mine)}: branch ${branch} is long past its end of life — ${upgradeTo}`,
    );
  }
  return j.out(
    'ABORT',
    'eol-data-gap',
    `the end-of-life data has no entry for branch ${branch} although it covers ${oldest} to ${newest} — fix standards/data/k8s-eol.yaml`,
  );
}

type Offender = NonNullable<Evidence['offenders']>[number];

/** Critical CVEs affecting the cluster's version and the patches that fix them: offenders past 14 days, warnings. */
function cveFindings(
  mine: K8sVer,
  newer: UsableRelease[],
  critical: CriticalCve[],
  now: number,
  mode: Mode,
  j: Judge,
): Offender[] {
  const branch = branchOf(mine);
  const affecting = critical.filter((c) => statusOf(mine, c.products) === 'affected');
  for (const c of critical)
    if (statedUnknown(mine, c.products) && !affecting.includes(c))
      j.warnings.push(
        `critical ${c.id} (CVSS ${c.score}) states that whether ${fmt(mine)} is affected is unknown — watch the record`,
      );
  j.values.criticalCvesAffecting = affecting.map((c) => ({ id: c.id, score: c.score }));
  const offenders: Offender[] = [];
  const notes: Array<Record<string, unknown>> = [];
  for (const c of affecting) {
    const fixes = newer.filter((r) => statusOf(r.version, c.products) !== 'affected');
    if (fixes.length !== newer.length) j.fired.add('cve-fix-must-address');
    const counted = mode === 'standard' ? fixes : newer;
    if (!counted.length) {
      j.warnings.push(
        `version ${fmt(mine)} is affected by critical ${c.id} (CVSS ${c.score}); no fixed patch of ${branch} is known yet`,
      );
      continue;
    }
    // The earliest fix (the first of equals, as a stable sort would give).
    const first = counted.reduce((a, b) => (b.publishedMs < a.publishedMs ? b : a));
    const age = now - first.publishedMs;
    notes.push({ cve: c.id, score: c.score, fixedIn: first.tag, fixAgeDays: Math.floor(age / DAY) });
    if (age > CVE_WINDOW_MS)
      offenders.push({
        resource: c.id,
        problem: `critical CVE (CVSS ${c.score}) fixed in ${first.tag}, released ${days(age)} ago (limit: 14 days)`,
      });
    else if (age > CVE_RECOMMENDED_MS)
      j.warnings.push(
        `version ${fmt(mine)} is affected by critical ${c.id} (CVSS ${c.score}); ${first.tag} fixes it since ${days(age)} — scs-0210 recommends upgrading within 2 days (required within 14)`,
      );
  }
  if (notes.length) j.values.criticalCveFixes = notes;
  return offenders;
}

/** The result being built: evidence values, warnings, the deviations that fired, and how to finish it. */
interface Judge {
  values: Record<string, unknown>;
  evidence: Evidence;
  warnings: string[];
  fired: Set<string>;
  out(outcome: ProbeResult['outcome'], messageId: string, message: string): Judgement;
}

function newJudge(k8s: K8sVersion, rd: K8sReleaseData): Judge {
  const values: Record<string, unknown> = {
    gitVersion: k8s.gitVersion,
    releaseDataFetchedAt: rd.fetchedAt,
    releaseDataSource: rd.source,
  };
  const evidence: Evidence = { judged: [k8s.gitVersion], values };
  const warnings: string[] = [];
  const fired = new Set<string>();
  return {
    values,
    evidence,
    warnings,
    fired,
    out: (outcome, messageId, message) => ({
      result: { outcome, messageId, message, evidence, ...(warnings.length ? { warnings } : {}) },
      fired,
    }),
  };
}

function failMessage(mine: K8sVer, offenders: Offender[], upgradePatch: string): string {
  const parts: string[] = [];
  const outdated = offenders.filter((o) => !o.resource.startsWith('CVE-'));
  const cves = offenders.filter((o) => o.resource.startsWith('CVE-'));
  if (outdated.length)
    parts.push(
      `is outdated: newer patch${outdated.length > 1 ? 'es' : ''} ${outdated.map((o) => o.resource).join(', ')} ${outdated.length > 1 ? 'are' : 'is'} out for more than 31 days`,
    );
  if (cves.length)
    parts.push(
      `is affected by critical ${cves.map((o) => o.resource).join(', ')} although a fixing patch is out for more than 14 days`,
    );
  return `Kubernetes ${fmt(mine)} ${parts.join('; ')} — ${upgradePatch}`;
}

/** Judge the version policy in one reading (`standard`: the text; `reference`: the SCS script). */
export function judgeVersionPolicy(
  k8s: K8sVersion,
  rd: K8sReleaseData,
  eolData: unknown,
  checkedAt: string,
  mode: Mode,
): Judgement {
  const j = newJudge(k8s, rd);
  const now = Date.parse(checkedAt);
  if (Number.isNaN(now)) throw new Error(`invalid check time ${checkedAt}`);

  // 1. Which branches does upstream support today?
  const eol = eolTable(eolData);
  const supported = eol.filter((b) => now < Date.parse(`${b.endOfLife}T00:00:00Z`)).map((b) => b.branch);
  j.values.supportedBranches = supported;
  if (supported.length < 2)
    return j.out(
      'ABORT',
      'eol-data-outdated',
      `the end-of-life data knows only ${supported.length} supported Kubernetes branch(es) at ${checkedAt.slice(0, 10)} — update standards/data/k8s-eol.yaml from https://kubernetes.io/releases/`,
    );
  if (supported.length < 3)
    j.warnings.push(
      `the end-of-life data lists only ${supported.length} supported branches (upstream supports three) — it may be out of date`,
    );

  const { critical, incomplete, unreadable: rangesUnreadable } = criticalCves(rd, mode, j.fired);
  const { usable, ignored, unreadable: releasesUnreadable } = usableReleases(rd.releases, mode, j.fired);
  const unreadable = [...rangesUnreadable, ...releasesUnreadable];
  if (unreadable.length) j.values.unreadable = unreadable.slice(0, 20);
  // The script stops before judging when a range or release cannot be parsed.
  if (mode === 'reference' && unreadable.length)
    return j.out('ABORT', 'release-data-unreadable', unreadableMessage(unreadable));
  if (mode === 'reference' && incomplete.length) {
    j.fired.add('cve-data-incomplete');
    j.values.cveDataIncomplete = incomplete.slice(0, 20);
    return j.out(
      'ABORT',
      'cve-data-incomplete',
      `${incomplete.length} CVE record(s) could not be judged (${incomplete.slice(0, 3).join('; ')}) — fetch the CVE data again`,
    );
  }

  // 2. The cluster's version.
  const parsed = parseVersion(k8s.gitVersion, { strictCore: mode === 'reference' });
  if (!parsed)
    return j.out(
      'ABORT',
      'version-unparsable',
      `the API server reports version '${k8s.gitVersion}', which is not a Kubernetes version vX.Y.Z — check the API server`,
    );
  if (parsed.vendor) {
    j.fired.add('vendor-version-suffix');
    j.warnings.push(
      `version ${k8s.gitVersion} carries the vendor suffix '${parsed.vendor}'; judged as upstream ${fmt(parsed.version)}`,
    );
  }
  const mine = parsed.version;
  if (mine.pre.length) {
    j.fired.add('prerelease-cluster-version');
    j.warnings.push(
      `version ${k8s.gitVersion} is a prerelease; it is older than release ${fmt({ ...mine, pre: [] })} and judged so`,
    );
  }
  const branch = branchOf(mine);
  j.values.version = fmt(mine);
  j.values.branch = branch;

  // 3. End of life of the branch.
  const eolResult = endOfLife(mine, eol, supported, now, mode, j);
  if (eolResult) return eolResult;

  // 4. Newer patches of the same branch.
  j.values.releasesConsidered = usable.length;
  j.values.releasesIgnored = ignored;
  if (now - Date.parse(rd.fetchedAt) > STALE_DATA_MS)
    j.warnings.push(
      `the release data was fetched ${days(now - Date.parse(rd.fetchedAt))} before the check (${rd.fetchedAt}); patches released since are not known`,
    );
  const sameBranch = usable.filter((r) => branchOf(r.version) === branch);
  if (sameBranch.length === 0) {
    j.fired.add('release-data-missing-branch');
    if (mode === 'standard')
      return j.out(
        'ABORT',
        'release-data-missing-branch',
        `the release data contains no release of branch ${branch}, so patch recency cannot be judged — fetch current release data`,
      );
  }
  const newer = sameBranch
    .filter((r) => compare(r.version, mine) > 0)
    .sort((a, b) => compare(a.version, b.version));
  const latest = newer[newer.length - 1];
  j.values.newerPatches = newer.map((r) => ({
    tag: r.tag,
    ageDays: Math.floor((now - r.publishedMs) / DAY),
  }));
  const offenders: Offender[] = [];
  for (const r of newer) {
    const age = now - r.publishedMs;
    if (age > PATCH_WINDOW_MS)
      offenders.push({ resource: r.tag, problem: `newer patch released ${days(age)} ago (limit: 31 days)` });
  }

  // 5. Critical CVEs affecting this version, and the patches that fix them.
  const cveOffenders = cveFindings(mine, newer, critical, now, mode, j);
  offenders.push(...cveOffenders);
  if (incomplete.length) j.values.cveDataIncomplete = incomplete.slice(0, 20);

  if (offenders.length) {
    j.evidence.offenders = offenders;
    const messageId = offenders.length > cveOffenders.length ? 'patch-outdated' : 'critical-cve-unpatched';
    const upgradePatch = latest ? `upgrade to ${fmt(latest.version)}, the newest patch of ${branch}` : '';
    return j.out('FAIL', messageId, failMessage(mine, offenders, upgradePatch));
  }
  // Data that cannot be read could hide a violation: no PASS.
  if (unreadable.length) return j.out('ABORT', 'release-data-unreadable', unreadableMessage(unreadable));

  if (incomplete.length) {
    const decisive = newer.some((r) => now - r.publishedMs > CVE_WINDOW_MS);
    if (decisive)
      return j.out(
        'ABORT',
        'cve-data-incomplete',
        `${incomplete.length} CVE record(s) could not be judged (${incomplete.slice(0, 3).join('; ')}) while a newer patch older than 14 days exists — fetch the CVE data again`,
      );
    j.fired.add('cve-data-incomplete');
    if (newer.some((r) => now - r.publishedMs > CVE_RECOMMENDED_MS))
      j.warnings.push(
        `${incomplete.length} CVE record(s) could not be judged; a recommended-upgrade warning may be missing`,
      );
  }
  return j.out(
    'PASS',
    'version-policy-ok',
    newer.length
      ? `Kubernetes ${fmt(mine)} is within the policy: ${latest?.tag} is out for ${days(now - (latest?.publishedMs ?? now))} (limit 31 days)`
      : `Kubernetes ${fmt(mine)} is the newest known patch of supported branch ${branch}`,
  );
}

function unreadableMessage(unreadable: string[]): string {
  return `${unreadable.length} entr${unreadable.length > 1 ? 'ies' : 'y'} of the release data cannot be read (${unreadable.slice(0, 2).join('; ')}), so whether the cluster is affected cannot be told — report the record upstream or fetch the data again`;
}
