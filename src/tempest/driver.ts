// Drives Debian's `tempest` for scs-0128: a throw-away workspace, `tempest run --include-list` (one anchored pattern per listed test), live progress from
// its subunit-trace lines (done/failed/ETA), then the stestr results. One Tempest at a time.
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TempestProgress {
  done: number;
  failed: number;
  skipped: number;
  total: number;
  /** Seconds still to go at the pace so far (undefined before the first result). */
  etaSec?: number;
}

/** `{0} tempest.api.x.Y.test_z[id-…] [1.234s] ... ok` (also FAILED, SKIPPED: reason) as subunit-trace prints them. */
const TRACE = /^\{\d+\} (.+?) (?:\[[\d.]+s\] )?\.\.\. (ok|FAILED|SKIPPED)/;

/** Folds one output line into the progress; returns whether it was a test result. */
export function traceLine(line: string, p: TempestProgress, elapsedSec: number): boolean {
  const m = TRACE.exec(line);
  if (!m) return false;
  p.done++;
  if (m[2] === 'FAILED') p.failed++;
  if (m[2] === 'SKIPPED') p.skipped++;
  const left = Math.max(0, p.total - p.done);
  p.etaSec = Math.round((elapsedSec / p.done) * left);
  return true;
}

export function formatProgress(p: TempestProgress): string {
  const eta =
    p.etaSec === undefined ? '' : `, about ${Math.floor(p.etaSec / 60)} min ${p.etaSec % 60} s left`;
  return `scs-0128: Tempest ${p.done}/${p.total} tests done, ${p.failed} failed, ${p.skipped} skipped${eta}`;
}

/** The tempest command on PATH, or undefined. */
export function findTempest(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, 'tempest');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RunTempestOptions {
  binary: string;
  /** Directory for the workspace (created; the caller removes it). */
  workspace: string;
  conf: string;
  accounts: string;
  tests: string[];
  concurrency: number;
  signal: AbortSignal;
  progress: (line: string) => void;
  log: { info(m: string): void; debug(m: string): void };
}

function execute(
  binary: string,
  args: string[],
  cwd: string,
  o: RunTempestOptions,
  onLine?: (l: string) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    // Tempest reads its configuration from the workspace, never from OS_* variables: keep secrets out of its env.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
    // Its own process group: `tempest run` starts stestr workers (sh -c python -m stestr.subunit_runner …) that
    // outlive a signal to tempest alone and keep the output pipe open; an interrupt stops the whole group.
    const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // the group is gone already
      }
    };
    const onAbort = () => {
      signalGroup('SIGTERM');
      setTimeout(() => signalGroup('SIGKILL'), 10_000).unref();
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => {
      o.log.debug(`tempest: ${l}`);
      onLine?.(l);
    });
    const err: string[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d.toString()));
    child.on('error', (e) => reject(new Error(`cannot start ${binary}: ${e.message}`)));
    child.on('close', (code, sig) => {
      o.signal.removeEventListener('abort', onAbort);
      if (o.signal.aborted) reject(new Error('Tempest run interrupted'));
      else if (code === null) reject(new Error(`tempest ${args[0]} ended by signal ${sig}`));
      else if (code > 1)
        reject(
          new Error(
            `tempest ${args[0]} exited ${code}: ${err.join('').trim().split('\n').slice(-3).join(' ')}`,
          ),
        );
      else resolve(code);
    });
  });
}

/**
 * The include-list regex for one listed id: its name up to the `[` of the attributes. Tempest adds some attributes
 * conditionally (`slow` only with SSH validation), so the listed `[id-…,slow]` is not always the id the run has;
 * the idempotent id is always there, so `name[` matches exactly this test and no longer-named sibling.
 */
export function includePattern(id: string): string {
  const name = id.replace(/\[[^\]]*\]$/, '');
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[`;
}

/** Initialises the workspace, writes the configuration and list, runs the tests; returns the stestr directory. */
export async function runTempest(
  o: RunTempestOptions,
): Promise<{ repo: string; exitCode: number; durationSec: number }> {
  mkdirSync(o.workspace, { recursive: true, mode: 0o700 });
  const dir = join(o.workspace, 'run');
  await execute(
    o.binary,
    ['init', '--workspace-path', join(o.workspace, 'workspace.yaml'), dir],
    o.workspace,
    o,
  );
  mkdirSync(join(dir, 'etc'), { recursive: true });
  writeFileSync(join(dir, 'etc', 'accounts.yaml'), o.accounts, { mode: 0o600 });
  chmodSync(join(dir, 'etc', 'accounts.yaml'), 0o600);
  writeFileSync(join(dir, 'etc', 'tempest.conf'), o.conf, { mode: 0o600 });
  const listFile = join(dir, 'scs-0128.lst');
  writeFileSync(listFile, `${o.tests.map(includePattern).join('\n')}\n`);
  const p: TempestProgress = { done: 0, failed: 0, skipped: 0, total: o.tests.length };
  const started = Date.now();
  o.progress(formatProgress(p));
  const exitCode = await execute(
    o.binary,
    ['run', '--include-list', listFile, '--concurrency', String(o.concurrency)],
    dir,
    o,
    (line) => {
      if (traceLine(line, p, (Date.now() - started) / 1000)) o.progress(formatProgress(p));
    },
  );
  return { repo: join(dir, '.stestr'), exitCode, durationSec: Math.round((Date.now() - started) / 1000) };
}
