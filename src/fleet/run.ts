// Certifies many subjects: one `scs-cert run` child process each, a bounded number at once, each with a timeout and log.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../results/report.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { runArgs, type FleetSubject } from './config.js';

export type SubjectStatus =
  | 'compliant'
  | 'non-compliant'
  | 'incomplete'
  | 'upload-failed'
  | 'unavailable'
  | 'usage-error'
  | 'timeout'
  | 'interrupted'
  | 'error';

export interface SubjectResult {
  name: string;
  scope: string;
  target: string;
  status: SubjectStatus;
  /** Exit code of its `scs-cert run` (null when it was killed). */
  exitCode: number | null;
  verdict?: string;
  failed: string[];
  aborted: string[];
  startedAt: string;
  durationMs: number;
  report?: string;
  signature?: string;
  /** True when uploaded, false when the upload failed, absent when no monitor was set. */
  uploaded?: boolean;
  log: string;
  schedule?: string;
}

const STATUS_BY_EXIT: Record<number, SubjectStatus> = {
  0: 'compliant',
  1: 'non-compliant',
  2: 'incomplete',
  4: 'upload-failed',
  64: 'usage-error',
  69: 'unavailable',
  130: 'interrupted',
};

export interface FleetRunOptions {
  subjects: FleetSubject[];
  concurrency: number;
  outputDir: string;
  /** Tag in log file names so a second fleet run into the same folder never overwrites the first one's logs. */
  stamp: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How long a subject gets to clean up after SIGTERM (timeout or Ctrl-C) before SIGKILL. */
  killGraceMs?: number;
  signal?: AbortSignal;
  onDone?: (r: SubjectResult) => void;
}

function target(s: FleetSubject): string {
  if (s.demo) return 'embedded demo';
  if (s.cloud) return `cloud ${s.cloud}`;
  return `kubeconfig ${s.kubeconfig}${s.context ? ` (${s.context})` : ''}`;
}

/** The report the run wrote (newest JSON report in its folder), read for the summary. */
function findReport(dir: string): { file: string; report: ConformanceReport } | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  for (const f of files) {
    try {
      const report = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConformanceReport;
      if (report.kind === 'scs-cert/report') return { file: join(dir, f), report };
    } catch {
      // not a report; keep looking
    }
  }
  return undefined;
}

async function certifyOne(s: FleetSubject, o: FleetRunOptions): Promise<SubjectResult> {
  const dir = join(o.outputDir, s.name);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, `run-${o.stamp}.log`);
  const out = createWriteStream(log, { flags: 'wx' });
  const args = runArgs(s, `${dir}/`);
  out.write(`$ scs-cert ${args.join(' ')}\n`);
  const started = Date.now();
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/scs-cert.js'), ...args], {
    cwd: o.cwd,
    env: { ...o.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  const stop = () => {
    child.kill('SIGTERM');
    killer ??= setTimeout(() => child.kill('SIGKILL'), o.killGraceMs ?? 30_000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    out.write(`\nscs-cert fleet: ${s.name} exceeded its timeout of ${s.timeout} s; stopping it\n`);
    stop();
  }, s.timeout * 1000);
  o.signal?.addEventListener('abort', stop, { once: true });
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', (err) => {
      out.write(`\nscs-cert fleet: cannot start scs-cert: ${err.message}\n`);
      resolve(null);
    });
  });
  clearTimeout(timer);
  if (killer) clearTimeout(killer);
  o.signal?.removeEventListener('abort', stop);
  await new Promise<void>((resolve) => out.end(resolve));
  const found = findReport(dir);
  const status: SubjectStatus = timedOut
    ? 'timeout'
    : o.signal?.aborted
      ? 'interrupted'
      : exitCode === null
        ? 'error'
        : (STATUS_BY_EXIT[exitCode] ?? 'error');
  const yaml = found?.file.replace(/\.json$/, '.yaml');
  const signature = yaml && existsSync(`${yaml}.sig`) ? `${yaml}.sig` : undefined;
  return {
    name: s.name,
    scope: s.scope,
    target: target(s),
    status,
    exitCode,
    ...(found && { verdict: found.report.verdict, report: found.file }),
    failed: found?.report.testcases.filter((t) => t.outcome === 'FAIL').map((t) => t.id) ?? [],
    aborted: found?.report.testcases.filter((t) => t.outcome === 'ABORT').map((t) => t.id) ?? [],
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ...(signature && { signature }),
    ...(s.monitor &&
      (exitCode === 4
        ? { uploaded: false }
        : found && exitCode !== null && exitCode <= 2
          ? { uploaded: true }
          : { uploaded: false })),
    log,
    ...(s.schedule && { schedule: s.schedule }),
  };
}

/** Runs every subject, at most `concurrency` at once, in the file's order; results in the same order. */
export async function runFleet(o: FleetRunOptions): Promise<SubjectResult[]> {
  const results: SubjectResult[] = new Array<SubjectResult>(o.subjects.length);
  // One iterator shared by the workers: each takes the next subject when it is free.
  const queue = o.subjects.entries();
  const worker = async () => {
    for (const [i, subject] of queue) {
      // Leaving the loop closes the shared iterator: once aborted, no worker starts another subject.
      if (o.signal?.aborted) break;
      const result = await certifyOne(subject, o);
      results[i] = result;
      o.onDone?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.subjects.length) }, worker));
  return results.filter(Boolean);
}
