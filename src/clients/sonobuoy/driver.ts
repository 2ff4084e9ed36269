// Drives the `sonobuoy` binary for one check: clean up, run, follow progress, retrieve the tarball, always delete.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import type { Ledger, LedgerEntry } from '../../core/ledger.js';
import type { Logger, ProgressFn } from '../../core/logger.js';
import { sleep } from '../../core/sleep.js';
import { RUN_SIDECAR, type RunSidecar, tarballIn } from './results.js';

export type ExecutionMode = 'serial' | 'parallel' | 'dry';
export const EXECUTION_MODES: readonly ExecutionMode[] = ['serial', 'parallel', 'dry'];
export type SonobuoyCheck = 'conformance' | 'networking';

/** What the SCS KaaS scope runs per check (Tests/scs-compatible-kaas.yaml, §1.5 of the reference). */
export const SONOBUOY_CHECKS: Record<SonobuoyCheck, { testcase: string; resultDir: string; args: string[] }> =
  {
    conformance: {
      testcase: 'cncf-k8s-conformance',
      resultDir: 'sono-results-e2e',
      args: ['--mode=certified-conformance', '--plugin-env', 'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2'],
    },
    networking: {
      testcase: 'kaas-networking-check',
      resultDir: 'sono-results-0219',
      args: ['--e2e-focus', 'NetworkPolicy', '--plugin-env', 'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2'],
    },
  };

/** Extra `sonobuoy run` arguments per execution mode (parallel and dry exclude each other). */
export function executionModeArgs(mode: ExecutionMode): string[] {
  if (mode === 'parallel') return ['--e2e-parallel=true'];
  if (mode === 'dry') return ['--plugin-env', 'e2e.E2E_DRYRUN=true'];
  return [];
}

export function isExecutionMode(s: unknown): s is ExecutionMode {
  return typeof s === 'string' && (EXECUTION_MODES as readonly string[]).includes(s);
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `sonobuoy` on PATH, else ~/.local/bin/sonobuoy (where the SCS scripts look too). */
export function findSonobuoy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, 'sonobuoy');
    if (executable(p)) return p;
  }
  if (env.HOME) {
    const p = join(env.HOME, '.local', 'bin', 'sonobuoy');
    if (executable(p)) return p;
  }
  return undefined;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (
  binary: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; signal?: AbortSignal },
) => Promise<ExecResult>;

/** Run a command, capture its output; an abort kills it. */
export const spawnExec: Exec = (binary, args, opts) =>
  new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const onAbort = () => child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code: code ?? (sig ? 128 : 1), stdout, stderr });
    });
  });

export interface RunCheckOptions {
  binary: string;
  check: SonobuoyCheck;
  executionMode: ExecutionMode;
  kubeconfigPaths: string[];
  context?: string;
  resultsDir: string;
  ledger?: Ledger;
  createdBy?: string;
  signal?: AbortSignal;
  progress?: ProgressFn;
  log?: Logger;
  /** Interval between `sonobuoy status` polls (default 30 s). */
  pollMs?: number;
  /** Bound for the whole run (default 7 h: Sonobuoy's own plugin timeout is 6 h). */
  timeoutMs?: number;
  /** Bound for `sonobuoy delete --wait` (default 15 min). */
  deleteTimeoutMs?: number;
  exec?: Exec;
  env?: NodeJS.ProcessEnv;
}

interface StatusJson {
  status?: string;
  plugins?: Array<{
    plugin?: string;
    status?: string;
    'result-status'?: string;
    progress?: { total?: number; completed?: number; failures?: string[]; msg?: string };
  }>;
}

function describeStatus(s: StatusJson): string {
  const parts = (s.plugins ?? []).map((p) => {
    const pr = p.progress;
    const counts =
      pr && typeof pr.total === 'number'
        ? ` ${pr.completed ?? 0}/${pr.total} done, ${pr.failures?.length ?? 0} failed`
        : pr?.msg
          ? ` ${pr.msg}`
          : '';
    return `${p.plugin ?? '?'} ${p.status ?? '?'}${counts}`;
  });
  return `sonobuoy ${s.status ?? '?'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * One Sonobuoy check on the cluster: `delete --wait` (leftovers) -> `run` -> poll `status --json` until
 * complete/failed -> `retrieve DIR` -> `delete --wait` (always). Returns the retrieved tarball.
 */
export async function runSonobuoyCheck(o: RunCheckOptions): Promise<string> {
  const exec = o.exec ?? spawnExec;
  const env: NodeJS.ProcessEnv = { ...(o.env ?? process.env) };
  const conn: string[] = [];
  const [onlyKubeconfig, ...moreKubeconfigs] = o.kubeconfigPaths;
  if (moreKubeconfigs.length > 0) env.KUBECONFIG = o.kubeconfigPaths.join(delimiter);
  else if (onlyKubeconfig !== undefined) conn.push('--kubeconfig', onlyKubeconfig);
  if (o.context) conn.push('--context', o.context);
  const cfg = SONOBUOY_CHECKS[o.check];
  const runArgs = ['run', ...conn, ...cfg.args, ...executionModeArgs(o.executionMode)];
  const call = async (args: string[], what: string, signal?: AbortSignal): Promise<ExecResult> => {
    o.log?.debug(`sonobuoy ${args.join(' ')}`);
    let r: ExecResult;
    try {
      r = await exec(o.binary, args, { env, signal });
    } catch (err) {
      throw new Error(
        `cannot start ${o.binary} (${(err as Error).message}) — install Sonobuoy or pass --sonobuoy-results PATH`,
      );
    }
    if (r.stderr.trim())
      o.log?.debug(`sonobuoy ${args[0]}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    if (r.code !== 0)
      throw new Error(
        `sonobuoy ${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`,
      );
    return r;
  };
  const deleteWait = async () => {
    const ctl = AbortSignal.timeout(o.deleteTimeoutMs ?? 900_000);
    await call(['delete', ...conn, '--wait'], 'delete --wait', ctl);
  };

  mkdirSync(o.resultsDir, { recursive: true });
  const sidecar: RunSidecar = {
    executionMode: o.executionMode,
    check: cfg.testcase,
    args: runArgs.slice(1),
    startedAt: new Date().toISOString(),
  };
  await deleteWait();
  let entry: LedgerEntry | undefined;
  try {
    o.progress?.(`sonobuoy: starting ${cfg.testcase} (${o.executionMode})`);
    entry = o.ledger?.record({
      kind: 'k8s-namespace',
      name: 'sonobuoy',
      createdBy: o.createdBy ?? `sonobuoy ${cfg.testcase}`,
    });
    await call(runArgs, 'run', o.signal);
    const deadline = Date.now() + (o.timeoutMs ?? 7 * 3_600_000);
    const poll = o.pollMs ?? 30_000;
    for (;;) {
      if (o.signal?.aborted) throw new Error('aborted while Sonobuoy was running');
      const r = await exec(o.binary, ['status', ...conn, '--json'], { env, signal: o.signal }).catch(
        (err: Error): ExecResult => ({ code: 1, stdout: '', stderr: err.message }),
      );
      let st: StatusJson | undefined;
      if (r.code === 0) {
        try {
          st = JSON.parse(r.stdout) as StatusJson;
        } catch {
          st = undefined;
        }
      }
      if (st) {
        o.progress?.(describeStatus(st));
        if (st.status === 'complete' || st.status === 'failed') break;
      } else
        o.progress?.(
          `sonobuoy: waiting for the aggregator (${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''})`,
        );
      if (Date.now() >= deadline)
        throw new Error(
          `Sonobuoy did not finish within ${Math.round((o.timeoutMs ?? 7 * 3_600_000) / 60_000)} minutes`,
        );
      await sleep(poll, o.signal);
    }
    const ret = await call(['retrieve', o.resultsDir, ...conn], 'retrieve', o.signal);
    const named = ret.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.endsWith('.tar.gz'))
      .pop();
    const tarball = named
      ? named.startsWith('/')
        ? named
        : join(o.resultsDir, basename(named))
      : tarballIn(o.resultsDir);
    if (!tarball) throw new Error(`sonobuoy retrieve left no results tarball in ${o.resultsDir}`);
    sidecar.finishedAt = new Date().toISOString();
    writeFileSync(join(o.resultsDir, RUN_SIDECAR), JSON.stringify(sidecar, null, 2) + '\n');
    return tarball;
  } finally {
    try {
      o.progress?.('sonobuoy: deleting its namespace and cluster resources');
      await deleteWait();
      if (entry) o.ledger?.markDeleted(entry);
    } catch (err) {
      o.log?.warn(`sonobuoy cleanup: ${(err as Error).message} — run \`sonobuoy delete --wait\` by hand`);
      if (entry) o.ledger?.markLeaked(entry, (err as Error).message);
    }
  }
}
