// One summary for a fleet run: a table for people, JSON for machines, and the exit code.
import type { SubjectResult } from './run.js';

export interface FleetSummary {
  kind: 'scs-cert/fleet-summary';
  file: string;
  startedAt: string;
  finishedAt: string;
  concurrency: number;
  counts: Record<string, number>;
  subjects: SubjectResult[];
}

export function summarize(
  file: string,
  concurrency: number,
  startedAt: Date,
  results: SubjectResult[],
  finishedAt: Date = new Date(),
): FleetSummary {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return {
    kind: 'scs-cert/fleet-summary',
    file,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    concurrency,
    counts,
    subjects: results,
  };
}

/**
 * 0 when every subject is compliant (and uploaded where asked); 1 when any is non-compliant; 2 when any could
 * not be judged (incomplete, timeout, unavailable, error, interrupted); 4 when only uploads failed.
 */
export function fleetExitCode(results: SubjectResult[], expected: number): number {
  if (results.some((r) => r.status === 'non-compliant')) return 1;
  if (
    results.length < expected ||
    results.some((r) => r.status !== 'compliant' && r.status !== 'upload-failed')
  )
    return 2;
  if (results.some((r) => r.status === 'upload-failed')) return 4;
  return 0;
}

export function renderFleetTable(s: FleetSummary): string {
  const header = ['SUBJECT', 'SCOPE', 'TARGET', 'STATUS', 'FAILED', 'SIGNED', 'UPLOADED', 'TIME'];
  const rows = [
    header,
    ...s.subjects.map((r) => [
      r.name,
      r.scope,
      r.target,
      r.status,
      r.failed.length ? r.failed.join(',') : '-',
      r.signature ? 'yes' : '-',
      r.uploaded === undefined ? '-' : r.uploaded ? 'yes' : 'no',
      `${(r.durationMs / 1000).toFixed(1)}s`,
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const counts = Object.entries(s.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return `${lines.join('\n')}\n${s.subjects.length} subject(s): ${counts}\n`;
}
