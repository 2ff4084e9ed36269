// The compiled suites committed under suites/ (like lockfiles): one per scope version, plus the default selection.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/version.js';
import { compileSuite } from '../standards/compile.js';
import type { CompiledSuite } from '../standards/compiled-suite.js';
import { builtinScopes, loadScopeFile } from '../standards/load-scope.js';
import type { Scope } from '../standards/scope.js';

export const SUITES_DIR = join(PACKAGE_ROOT, 'suites');

/** The date committed suites are compiled for: the newest timeline entry, so the files only change with the data. */
export function suiteDate(scope: Scope): string {
  const dates = scope.timeline.map((e) => e.date).sort();
  return dates[dates.length - 1] ?? '1970-01-01';
}

export interface SuiteFile {
  path: string;
  suite: CompiledSuite;
}

/** Compile every committed suite afresh from the current standards data and probes. */
export function buildCommittedSuites(dir: string = SUITES_DIR): SuiteFile[] {
  const out: SuiteFile[] = [];
  for (const { alias, file } of builtinScopes()) {
    const scope = loadScopeFile(file, alias);
    const referenceDate = suiteDate(scope);
    out.push({ path: join(dir, alias, 'default.json'), suite: compileSuite(scope, { referenceDate }) });
    for (const v of scope.versions) {
      out.push({
        path: join(dir, alias, `${v.version}.json`),
        suite: compileSuite(scope, { referenceDate, forcedVersion: v.version }),
      });
    }
  }
  return out;
}

export function serializeSuite(suite: CompiledSuite): string {
  return `${JSON.stringify(suite, null, 2)}\n`;
}

export function writeCommittedSuites(dir: string = SUITES_DIR): string[] {
  const written: string[] = [];
  for (const { path, suite } of buildCommittedSuites(dir)) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, serializeSuite(suite));
    written.push(path);
  }
  return written;
}

/** Files that differ from a fresh compile (stale), are missing, or are left over. */
export function staleSuites(
  dir: string = SUITES_DIR,
): Array<{ path: string; problem: 'stale' | 'missing' | 'unexpected' }> {
  const fresh = buildCommittedSuites(dir);
  const problems: Array<{ path: string; problem: 'stale' | 'missing' | 'unexpected' }> = [];
  const expected = new Set(fresh.map((f) => f.path));
  for (const { path, suite } of fresh) {
    if (!existsSync(path)) problems.push({ path, problem: 'missing' });
    else if (readFileSync(path, 'utf8') !== serializeSuite(suite)) problems.push({ path, problem: 'stale' });
  }
  if (existsSync(dir)) {
    for (const sub of readdirSync(dir, { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      for (const f of readdirSync(join(dir, sub.name))) {
        const p = join(dir, sub.name, f);
        if (f.endsWith('.json') && !expected.has(p)) problems.push({ path: p, problem: 'unexpected' });
      }
    }
  }
  return problems;
}
