// What changed between two reports of the same scope: newly failing, fixed, changed verdicts, expiring results.
import type { ConformanceReport, TestcaseReport } from './report.js';
import type { OutcomeOrMissing } from './types.js';
import type { RunVerdict } from './verdict.js';

export interface TestcaseChange {
  id: string;
  from: OutcomeOrMissing | 'absent';
  to: OutcomeOrMissing | 'absent';
  /** The later report's message (the earlier one's when the testcase is gone). */
  message: string;
}

export interface ExpiringResult {
  id: string;
  outcome: OutcomeOrMissing;
  expiresAt: string;
  /** Whole days from the reference instant to expiry (negative: already expired). */
  days: number;
}

export interface ReportDiff {
  kind: 'scs-cert/diff';
  from: { file?: string; subject: string; checkedAt: string; verdict: RunVerdict; run: string };
  to: { file?: string; subject: string; checkedAt: string; verdict: RunVerdict; run: string };
  scope: { uuid: string; name: string };
  verdict: { from: RunVerdict; to: RunVerdict; worse: boolean };
  versions: Array<{ version: string; from: OutcomeOrMissing | 'absent'; to: OutcomeOrMissing | 'absent' }>;
  /** Passed (or absent) before, not passing now. */
  newlyFailing: TestcaseChange[];
  /** Not passing before, passing now. */
  fixed: TestcaseChange[];
  /** Other outcome changes among non-passing outcomes (e.g. ABORT → FAIL). */
  changed: TestcaseChange[];
  /** Results of the later report that expire within the window (or have expired). */
  expiring: ExpiringResult[];
  expiringWithinDays: number;
  /** The instant expiry was measured from. */
  at: string;
}

const VERDICT_RANK: Record<RunVerdict, number> = { compliant: 0, incomplete: 1, 'non-compliant': 2 };
const DAY_MS = 86_400_000;

function change(
  id: string,
  a: TestcaseReport | undefined,
  b: TestcaseReport | undefined,
): TestcaseChange | undefined {
  const from = a?.outcome ?? 'absent';
  const to = b?.outcome ?? 'absent';
  const which = b ?? a;
  if (from === to || !which) return undefined; // equal outcomes, or absent from both
  return { id, from, to, message: which.message };
}

export function diffReports(
  a: ConformanceReport,
  b: ConformanceReport,
  opts: { expiringWithinDays: number; at: Date; files?: [string, string] },
): ReportDiff {
  const before = new Map(a.testcases.map((t) => [t.id, t]));
  const after = new Map(b.testcases.map((t) => [t.id, t]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const newlyFailing: TestcaseChange[] = [];
  const fixed: TestcaseChange[] = [];
  const changed: TestcaseChange[] = [];
  for (const id of ids) {
    const c = change(id, before.get(id), after.get(id));
    if (!c) continue;
    const passedBefore = c.from === 'PASS' || c.from === 'absent';
    if (c.to === 'absent') changed.push(c);
    else if (c.to === 'PASS') fixed.push(c);
    else if (passedBefore) newlyFailing.push(c);
    else changed.push(c);
  }
  const horizon = opts.at.getTime() + opts.expiringWithinDays * DAY_MS;
  const expiring = b.testcases
    .flatMap(({ id, outcome, expiresAt }) =>
      expiresAt !== undefined && Date.parse(expiresAt) <= horizon
        ? [{ id, outcome, expiresAt, days: Math.floor((Date.parse(expiresAt) - opts.at.getTime()) / DAY_MS) }]
        : [],
    )
    .sort((x, y) => x.expiresAt.localeCompare(y.expiresAt) || x.id.localeCompare(y.id));
  const versionNames = [...new Set([...a.versions, ...b.versions].map((v) => v.version))];
  const versions = versionNames
    .map((version) => ({
      version,
      from: a.versions.find((v) => v.version === version)?.result ?? ('absent' as const),
      to: b.versions.find((v) => v.version === version)?.result ?? ('absent' as const),
    }))
    .filter((v) => v.from !== v.to);
  const side = (r: ConformanceReport, file?: string) => ({
    ...(file !== undefined && { file }),
    subject: r.subject.name,
    checkedAt: r.checkedAt,
    verdict: r.verdict,
    run: r.run.uuid,
  });
  return {
    kind: 'scs-cert/diff',
    from: side(a, opts.files?.[0]),
    to: side(b, opts.files?.[1]),
    scope: { uuid: b.scope.uuid, name: b.scope.name },
    verdict: { from: a.verdict, to: b.verdict, worse: VERDICT_RANK[b.verdict] > VERDICT_RANK[a.verdict] },
    versions,
    newlyFailing,
    fixed,
    changed,
    expiring,
    expiringWithinDays: opts.expiringWithinDays,
    at: opts.at.toISOString(),
  };
}

/** Gate conditions for CI: which findings make `scs-cert diff` exit non-zero. */
export const GATES = ['regressions', 'expiring', 'any-change', 'never'] as const;
export type Gate = (typeof GATES)[number];

/** True when the diff trips the gate: regressions = newly failing or a worse verdict. */
export function gateTripped(d: ReportDiff, gates: Gate[]): boolean {
  const regress = d.newlyFailing.length > 0 || d.verdict.worse;
  return gates.some((g) =>
    g === 'regressions'
      ? regress
      : g === 'expiring'
        ? d.expiring.length > 0
        : g === 'any-change'
          ? regress || d.fixed.length > 0 || d.changed.length > 0 || d.versions.length > 0
          : false,
  );
}

export function renderDiffText(d: ReportDiff): string {
  const out: string[] = [];
  out.push(
    `${d.scope.name}: ${d.from.subject} ${d.from.checkedAt} → ${d.to.subject} ${d.to.checkedAt}`,
    `verdict: ${d.verdict.from === d.verdict.to ? `${d.verdict.to} (unchanged)` : `${d.verdict.from} → ${d.verdict.to}`}`,
  );
  for (const v of d.versions) out.push(`version ${v.version}: ${v.from} → ${v.to}`);
  const list = (title: string, items: TestcaseChange[]) => {
    out.push(`${title} (${items.length})${items.length ? ':' : ''}`);
    for (const c of items)
      out.push(`  - ${c.id}: ${c.from} → ${c.to}: ${c.message.replace(/\s*\n\s*/g, ' ')}`);
  };
  list('newly failing', d.newlyFailing);
  list('fixed', d.fixed);
  list('changed', d.changed);
  out.push(
    `expiring within ${d.expiringWithinDays} days (${d.expiring.length})${d.expiring.length ? ':' : ''}`,
  );
  for (const x of d.expiring)
    out.push(
      `  - ${x.id} (${x.outcome}): ${x.days < 0 ? 'expired' : 'expires'} ${x.expiresAt}${x.days < 0 ? '' : ` (in ${x.days} day${x.days === 1 ? '' : 's'})`}`,
    );
  return `${out.join('\n')}\n`;
}
