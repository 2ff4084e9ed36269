// Writes a report in the chosen formats next to each other: <dir>/<subject>-<scope>-<time>.<ext>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../results/report.js';
import { EXTENSION, render, type Format } from '../reporters/index.js';

export function reportBaseName(report: ConformanceReport): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = report.checkedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${safe(report.subject.name)}-${safe(report.scope.alias ?? report.scope.uuid)}-${stamp}`;
}

export function writeReports(
  report: ConformanceReport,
  dir: string,
  formats: Format[],
  cwd: string,
): string[] {
  const out = resolve(cwd, dir);
  mkdirSync(out, { recursive: true });
  const base = reportBaseName(report);
  const paths: string[] = [];
  // JSON first: it is the source of truth and must exist even if another renderer fails.
  const ordered = [...formats].sort((a, b) => (a === 'json' ? -1 : b === 'json' ? 1 : 0));
  for (const f of ordered) {
    const p = join(out, `${base}.${EXTENSION[f]}`);
    writeFileSync(p, render(report, f));
    paths.push(p);
  }
  return paths;
}
