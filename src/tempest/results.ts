// Reads Tempest results from what users have: a subunit v2 file, a stestr repository (or a Tempest workspace holding
// one), or JUnit XML; detects the format from the content.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { TempestRun, TempestTestResult } from '../artifacts/tempest-run.js';
import { isSubunitV2, parseSubunitV1, parseSubunitV2 } from './subunit.js';

export class TempestResultsError extends Error {
  override name = 'TempestResultsError';
}

/** The latest run file of a stestr repository (`.stestr/<n>`, n = next-stream − 1, else the highest number). */
function latestStestrRun(dir: string): string | undefined {
  const repo = existsSync(join(dir, '.stestr')) ? join(dir, '.stestr') : dir;
  if (!existsSync(join(repo, 'format'))) return undefined;
  const next = existsSync(join(repo, 'next-stream'))
    ? Number(readFileSync(join(repo, 'next-stream'), 'utf8').trim())
    : NaN;
  if (Number.isInteger(next) && next > 0 && existsSync(join(repo, String(next - 1))))
    return join(repo, String(next - 1));
  const runs = readdirSync(repo)
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .sort((a, b) => b - a);
  return runs.length ? join(repo, String(runs[0])) : undefined;
}

function junitResults(xml: string): TempestTestResult[] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testcase' || n === 'testsuite',
  }).parse(xml) as Record<string, unknown>;
  const suites: Array<Record<string, unknown>> = [];
  const root = (doc.testsuites as Record<string, unknown> | undefined) ?? doc;
  for (const s of (root.testsuite as Array<Record<string, unknown>> | undefined) ?? []) suites.push(s);
  const out: TempestTestResult[] = [];
  const text = (v: unknown): string =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object'
        ? String((v as Record<string, unknown>)['#text'] ?? (v as Record<string, unknown>).message ?? '')
        : '';
  for (const s of suites) {
    for (const tc of (s.testcase as Array<Record<string, unknown>> | undefined) ?? []) {
      const cls = String(tc.classname ?? '');
      const name = String(tc.name ?? '');
      const id = cls ? `${cls}.${name}` : name;
      const time = Number(tc.time);
      const failure = tc.failure ?? tc.error;
      const skipped = tc.skipped;
      const r: TempestTestResult = {
        id,
        status: failure !== undefined ? 'fail' : skipped !== undefined ? 'skip' : 'success',
      };
      const reason = failure !== undefined ? text(failure) : skipped !== undefined ? text(skipped) : '';
      const last = reason
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .pop();
      if (last) r.reason = last;
      if (Number.isFinite(time)) r.durationSec = time;
      out.push(r);
    }
  }
  return out;
}

/** Reads the results at `path`; an unreadable or unrecognised file is an error naming what was expected. */
export function readTempestResults(path: string): Pick<TempestRun, 'resultsPath' | 'format' | 'tests'> {
  if (!existsSync(path))
    throw new TempestResultsError(`--tempest-results ${path}: no such file or directory`);
  let file = path;
  if (statSync(path).isDirectory()) {
    const run = latestStestrRun(path);
    if (!run) {
      throw new TempestResultsError(
        `--tempest-results ${path}: a directory must be a stestr repository (.stestr) or a Tempest workspace holding one`,
      );
    }
    file = run;
  }
  const buf = readFileSync(file);
  const head = buf.subarray(0, 200).toString('utf8').trimStart();
  if (isSubunitV2(buf)) return { resultsPath: file, format: 'subunit-v2', tests: parseSubunitV2(buf) };
  if (head.startsWith('<'))
    return { resultsPath: file, format: 'junit', tests: junitResults(buf.toString('utf8')) };
  const tests = parseSubunitV1(buf);
  if (tests.length || /^(time|test|tags):/m.test(head))
    return { resultsPath: file, format: 'subunit-v1', tests };
  throw new TempestResultsError(
    `--tempest-results ${file}: neither subunit (v1/v2) nor JUnit XML; give \`stestr last --subunit > FILE\`, the workspace's .stestr directory, or a JUnit file`,
  );
}
