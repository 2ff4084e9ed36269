// Probe version-policy-check (scs-0210-v2): the cluster's branch is supported upstream, newer patches are taken up
// within a month, and patches fixing critical CVEs within two weeks (warning after two days).
import type { CveRecord, K8sRelease, K8sReleaseData, K8sVersion } from '../../artifacts/kaas.js';
import type { Deviation, Evidence, ProbeResult } from '../../results/types.js';
import {
  type AffectedRange,
  type K8sVer,
  branchOf,
  compare,
  compareBranch,
  fmt,
  inRange,
  kubernetesRanges,
  parseVersion,
  severityOf,
} from '../../kaas/k8s-version.js';
import { type ProbeContext, defineProbe } from '../types.js';

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

const DEVIATIONS: Deviation[] = [
  {
    id: 'cve-fix-must-address',
    standard:
      'The two-week limit applies when "the patch addresses critical CVEs": a newer patch counts only if the cluster version is in a critical CVE\'s affected range and the patch is not.',
    reference:
      'Counts every newer patch of the branch once the cluster version is in any critical CVE range, whether or not that patch fixes it (see the FIXME in k8s_version_policy.py).',
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

interface Judgement {
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

function usableReleases(
  releases: K8sRelease[],
  mode: 'standard' | 'reference',
  fired: Set<string>,
): { usable: UsableRelease[]; ignored: number } {
  const usable: UsableRelease[] = [];
  let ignored = 0;
  for (const r of releases) {
    if (r.draft || r.prerelease || !r.published_at) {
      ignored++;
      continue;
    }
    const publishedMs = Date.parse(r.published_at);
    const parsed =
      mode === 'reference'
        ? parseVersion(r.tag_name.split('-')[0] ?? '', { strictCore: true })
        : parseVersion(r.tag_name, {});
    if (!parsed || parsed.vendor || Number.isNaN(publishedMs)) {
      ignored++;
      continue;
    }
    if (parsed.version.pre.length) {
      fired.add('prerelease-tags');
      ignored++;
      continue;
    }
    usable.push({ tag: r.tag_name, version: parsed.version, publishedMs });
  }
  return { usable, ignored };
}

interface CriticalCve {
  id: string;
  score: number;
  ranges: AffectedRange[];
}

function judge(
  k8s: K8sVersion,
  rd: K8sReleaseData,
  eolData: unknown,
  ctx: ProbeContext,
  mode: 'standard' | 'reference',
): Judgement {
  const fired = new Set<string>();
  const warnings: string[] = [];
  const values: Record<string, unknown> = {
    gitVersion: k8s.gitVersion,
    releaseDataFetchedAt: rd.fetchedAt,
    releaseDataSource: rd.source,
  };
  const evidence: Evidence = { judged: [k8s.gitVersion], values };
  const out = (
    outcome: ProbeResult['outcome'],
    messageId: string,
    message: string,
    extra: Partial<ProbeResult> = {},
  ): Judgement => ({
    result: { outcome, messageId, message, evidence, ...(warnings.length ? { warnings } : {}), ...extra },
    fired,
  });
  const now = Date.parse(ctx.now);
  if (Number.isNaN(now)) throw new Error(`invalid check time ${ctx.now}`);

  // 1. Which branches does upstream support today?
  const eol = eolTable(eolData);
  const supported = eol.filter((b) => now < Date.parse(`${b.endOfLife}T00:00:00Z`)).map((b) => b.branch);
  values.supportedBranches = supported;
  if (supported.length < 2)
    return out(
      'ABORT',
      'eol-data-outdated',
      `the end-of-life data knows only ${supported.length} supported Kubernetes branch(es) at ${ctx.now.slice(0, 10)} — update standards/data/k8s-eol.yaml from https://kubernetes.io/releases/`,
    );
  if (supported.length < 3)
    warnings.push(
      `the end-of-life data lists only ${supported.length} supported branches (upstream supports three) — it may be out of date`,
    );

  // CVE records: which are critical, and which could not be judged.
  const critical: CriticalCve[] = [];
  const incomplete: string[] = rd.cveErrors.map((e) => `${e.id} (${e.error})`);
  for (const rec of rd.cves as CveRecord[]) {
    if (!Array.isArray(rec.metrics) || !Array.isArray(rec.affected)) continue; // no scores or ranges published
    const sev = severityOf(rec.metrics);
    if (sev.kind === 'unknown') {
      incomplete.push(`${rec.id} (${sev.why})`);
      continue;
    }
    if (sev.kind !== 'critical') continue;
    const ranges = kubernetesRanges(rec.affected, mode);
    if (ranges.length) critical.push({ id: rec.id, score: sev.score, ranges });
  }
  if (mode === 'reference' && incomplete.length) {
    fired.add('cve-data-incomplete');
    values.cveDataIncomplete = incomplete.slice(0, 20);
    return out(
      'ABORT',
      'cve-data-incomplete',
      `${incomplete.length} CVE record(s) could not be judged (${incomplete.slice(0, 3).join('; ')}) — fetch the CVE data again`,
    );
  }

  // 2. The cluster's version.
  const parsed = parseVersion(k8s.gitVersion, { strictCore: mode === 'reference' });
  if (!parsed)
    return out(
      'ABORT',
      'version-unparsable',
      `the API server reports version '${k8s.gitVersion}', which is not a Kubernetes version vX.Y.Z — check the API server`,
    );
  if (parsed.vendor) {
    fired.add('vendor-version-suffix');
    warnings.push(
      `version ${k8s.gitVersion} carries the vendor suffix '${parsed.vendor}'; judged as upstream ${fmt(parsed.version)}`,
    );
  }
  const mine = parsed.version;
  if (mine.pre.length) {
    fired.add('prerelease-cluster-version');
    warnings.push(
      `version ${k8s.gitVersion} is a prerelease; it is older than release ${fmt({ ...mine, pre: [] })} and judged so`,
    );
  }
  const branch = branchOf(mine);
  values.version = fmt(mine);
  values.branch = branch;

  // 3. End of life of the branch.
  const entry = eol.find((b) => b.branch === branch);
  const upgradeTo = `upgrade the cluster to a supported branch (${supported.join(', ')})`;
  if (entry) {
    values.endOfLife = entry.endOfLife;
    if (now >= Date.parse(`${entry.endOfLife}T00:00:00Z`)) {
      evidence.offenders = [{ resource: branch, problem: `end of life since ${entry.endOfLife}` }];
      return out(
        'FAIL',
        'branch-eol',
        `Kubernetes ${fmt(mine)}: branch ${branch} reached its end of life on ${entry.endOfLife} — ${upgradeTo}`,
      );
    }
  } else {
    const known = eol.map((b) => b.branch).sort(compareBranch);
    const oldest = known[0] ?? '0.0';
    const newest = known[known.length - 1] ?? '0.0';
    if (compareBranch(branch, newest) > 0) {
      fired.add('eol-newer-branch');
      if (mode === 'reference') {
        evidence.offenders = [{ resource: branch, problem: 'not in the end-of-life data' }];
        return out(
          'FAIL',
          'branch-eol',
          `Kubernetes ${fmt(mine)}: branch ${branch} is not in the end-of-life data — ${upgradeTo}`,
        );
      }
      warnings.push(
        `branch ${branch} is newer than every branch in the end-of-life data (newest ${newest}); treated as supported — update standards/data/k8s-eol.yaml`,
      );
    } else if (compareBranch(branch, oldest) < 0) {
      evidence.offenders = [
        { resource: branch, problem: `older than ${oldest}, the oldest branch in the end-of-life data` },
      ];
      return out(
        'FAIL',
        'branch-eol',
        `Kubernetes ${fmt(mine)}: branch ${branch} is long past its end of life — ${upgradeTo}`,
      );
    } else {
      return out(
        'ABORT',
        'eol-data-gap',
        `the end-of-life data has no entry for branch ${branch} although it covers ${oldest} to ${newest} — fix standards/data/k8s-eol.yaml`,
      );
    }
  }

  // 4. Newer patches of the same branch.
  const { usable, ignored } = usableReleases(rd.releases, mode, fired);
  values.releasesConsidered = usable.length;
  values.releasesIgnored = ignored;
  if (now - Date.parse(rd.fetchedAt) > STALE_DATA_MS)
    warnings.push(
      `the release data was fetched ${days(now - Date.parse(rd.fetchedAt))} before the check (${rd.fetchedAt}); patches released since are not known`,
    );
  const sameBranch = usable.filter((r) => branchOf(r.version) === branch);
  if (sameBranch.length === 0) {
    fired.add('release-data-missing-branch');
    if (mode === 'standard')
      return out(
        'ABORT',
        'release-data-missing-branch',
        `the release data contains no release of branch ${branch}, so patch recency cannot be judged — fetch current release data`,
      );
  }
  const newer = sameBranch
    .filter((r) => compare(r.version, mine) > 0)
    .sort((a, b) => compare(a.version, b.version));
  const latest = newer[newer.length - 1];
  values.newerPatches = newer.map((r) => ({ tag: r.tag, ageDays: Math.floor((now - r.publishedMs) / DAY) }));
  const offenders: NonNullable<Evidence['offenders']> = [];
  const failIds: string[] = [];
  const upgradePatch = latest ? `upgrade to ${fmt(latest.version)}, the newest patch of ${branch}` : '';
  for (const r of newer) {
    const age = now - r.publishedMs;
    if (age > PATCH_WINDOW_MS) {
      offenders.push({
        resource: r.tag,
        problem: `newer patch released ${days(age)} ago (limit: 31 days)`,
        publishedMs: r.publishedMs,
      });
      if (!failIds.includes('patch-outdated')) failIds.push('patch-outdated');
    }
  }

  // 5. Critical CVEs affecting this version, and the patches that fix them.
  const affecting = critical.filter((c) => c.ranges.some((r) => inRange(mine, r)));
  for (const c of affecting) {
    for (const r of c.ranges) {
      if (!inRange(mine, r)) continue;
      if (r.form === 'branch-wildcard') fired.add('cve-branch-wildcard');
      if (r.form === 'hyphen-range') fired.add('cve-hyphen-range-inclusive');
    }
  }
  // Standard-mode wildcard/hyphen ranges could also have matched in reference mode only through exclusive ends.
  values.criticalCvesAffecting = affecting.map((c) => ({ id: c.id, score: c.score }));
  const cveNotes: Array<Record<string, unknown>> = [];
  for (const c of affecting) {
    const fixes = newer.filter((r) => !c.ranges.some((rg) => inRange(r.version, rg)));
    if (fixes.length !== newer.length) fired.add('cve-fix-must-address');
    const counted = mode === 'standard' ? fixes : newer;
    if (!counted.length) {
      warnings.push(
        `version ${fmt(mine)} is affected by critical ${c.id} (CVSS ${c.score}); no fixed patch of ${branch} is known yet`,
      );
      continue;
    }
    const first = [...counted].sort((a, b) => a.publishedMs - b.publishedMs)[0]!;
    const age = now - first.publishedMs;
    cveNotes.push({ cve: c.id, score: c.score, fixedIn: first.tag, fixAgeDays: Math.floor(age / DAY) });
    if (age > CVE_WINDOW_MS) {
      offenders.push({
        resource: c.id,
        problem: `critical CVE (CVSS ${c.score}) fixed in ${first.tag}, released ${days(age)} ago (limit: 14 days)`,
      });
      if (!failIds.includes('critical-cve-unpatched')) failIds.push('critical-cve-unpatched');
    } else if (age > CVE_RECOMMENDED_MS) {
      warnings.push(
        `version ${fmt(mine)} is affected by critical ${c.id} (CVSS ${c.score}); ${first.tag} fixes it since ${days(age)} — scs-0210 recommends upgrading within 2 days (required within 14)`,
      );
    }
  }
  if (cveNotes.length) values.criticalCveFixes = cveNotes;
  if (incomplete.length) values.cveDataIncomplete = incomplete.slice(0, 20);

  if (failIds.length) {
    evidence.offenders = offenders.map(({ publishedMs: _p, ...o }) => o);
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
    return out('FAIL', failIds[0]!, `Kubernetes ${fmt(mine)} ${parts.join('; ')} — ${upgradePatch}`);
  }

  if (incomplete.length) {
    const decisive = newer.some((r) => now - r.publishedMs > CVE_WINDOW_MS);
    if (decisive) {
      return out(
        'ABORT',
        'cve-data-incomplete',
        `${incomplete.length} CVE record(s) could not be judged (${incomplete.slice(0, 3).join('; ')}) while a newer patch older than 14 days exists — fetch the CVE data again`,
      );
    }
    fired.add('cve-data-incomplete');
    if (newer.some((r) => now - r.publishedMs > CVE_RECOMMENDED_MS))
      warnings.push(
        `${incomplete.length} CVE record(s) could not be judged; a recommended-upgrade warning may be missing`,
      );
  }
  return out(
    'PASS',
    'version-policy-ok',
    newer.length
      ? `Kubernetes ${fmt(mine)} is within the policy: ${latest?.tag} is out for ${days(now - (latest?.publishedMs ?? now))} (limit 31 days)`
      : `Kubernetes ${fmt(mine)} is the newest known patch of supported branch ${branch}`,
  );
}

export default defineProbe({
  meta: {
    id: 'version-policy-check',
    title: 'Kubernetes version policy',
    failureTitle: 'Kubernetes version is end of life or outdated',
    description:
      'The cluster runs a Kubernetes branch upstream still supports, has taken up newer patches of its branch within 31 days, and patches fixing critical CVEs (CVSS >= 8) within 14 days (recommended: 2 days).',
    standards: [
      {
        id: 'scs-0210-v2',
        url: 'https://docs.scs.community/standards/scs-0210-v2-k8s-version-policy#decision',
      },
    ],
    artifacts: ['K8sVersion', 'K8sReleaseData'],
    deviations: DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    const k8s = artifacts.K8sVersion as K8sVersion | undefined;
    const rd = artifacts.K8sReleaseData as K8sReleaseData | undefined;
    if (!k8s || typeof k8s.gitVersion !== 'string')
      throw new Error('no Kubernetes version (artifact K8sVersion missing)');
    if (!rd || !Array.isArray(rd.releases))
      throw new Error('no Kubernetes release data (artifact K8sReleaseData missing)');
    const eolData = ctx.data['k8s-eol'];
    const chosen = judge(k8s, rd, eolData, ctx, ctx.mode);
    const other = judge(k8s, rd, eolData, ctx, ctx.mode === 'standard' ? 'reference' : 'standard');
    const differs =
      chosen.result.outcome !== other.result.outcome || chosen.result.messageId !== other.result.messageId;
    if (differs && chosen.fired.size) chosen.result.deviations = [...chosen.fired].sort();
    return chosen.result;
  },
});
