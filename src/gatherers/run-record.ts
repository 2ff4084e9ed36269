// Run records: a live run says so in the state directory (pid, host, heartbeat, its ledger), so `cleanup` never
// touches the resources of a run that is still alive, and a crashed run's ledger is still there to read.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntry } from '../core/ledger.js';

/** Heartbeat period of a live run. */
export const HEARTBEAT_MS = 30_000;
/** A record whose heartbeat is older than this belongs to a run that is gone (crash, kill -9, lost machine). */
export const STALE_AFTER_MS = 10 * 60_000;

export interface RunRecord {
  format: 'scs-cert/run-record';
  prefix: string;
  pid: number;
  host: string;
  cloud: string;
  startedAt: string;
  heartbeatAt: string;
  /** What the run created or is about to create (entries without id: a create under way). */
  ledger: LedgerEntry[];
}

/** `$SCS_CERT_STATE_DIR`, else `$XDG_STATE_HOME/scs-cert`, else `~/.local/state/scs-cert`. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return (
    env.SCS_CERT_STATE_DIR ||
    join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'scs-cert')
  );
}

/** Run records live in `runs/` of the state directory. */
export function runsDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'runs');
}

function fileOf(dir: string, prefix: string): string {
  return join(dir, `${prefix.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

/** The record of this process's run: written at start, on every ledger change and every heartbeat; removed at the end. */
export class LiveRunRecord {
  private readonly record: RunRecord;
  private readonly file: string;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    dir: string,
    prefix: string,
    cloud: string,
    private readonly now: () => Date,
  ) {
    const at = now().toISOString();
    this.record = {
      format: 'scs-cert/run-record',
      prefix,
      pid: process.pid,
      host: hostname(),
      cloud,
      startedAt: at,
      heartbeatAt: at,
      ledger: [],
    };
    this.file = fileOf(dir, prefix);
    this.timer = setInterval(() => this.write(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /**
   * Starts the record; a state directory that cannot be written only costs the protection (warned), never
   * the run.
   */
  static open(o: {
    env: NodeJS.ProcessEnv;
    prefix: string;
    cloud: string;
    warn?: (msg: string) => void;
    now?: () => Date;
  }): LiveRunRecord | undefined {
    const dir = runsDir(o.env);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const rec = new LiveRunRecord(dir, o.prefix, o.cloud, o.now ?? (() => new Date()));
      rec.write(true);
      return rec;
    } catch (err) {
      o.warn?.(
        `cannot write the run record in ${dir} (${(err as Error).message}); a concurrent \`scs-cert cleanup\` cannot see this run`,
      );
      return undefined;
    }
  }

  /** Journal of the run's ledger (see RunLedger). */
  readonly journal = (entries: LedgerEntry[]): void => {
    this.record.ledger = entries;
    this.write();
  };

  private write(strict = false): void {
    if (this.closed) return;
    this.record.heartbeatAt = this.now().toISOString();
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(this.record, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (err) {
      if (strict) throw err;
    }
  }

  /** The run is over: a run that left nothing behind leaves no record; one with leaks keeps it (marked ended). */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    const outstanding = this.record.ledger.filter((e) => e.state !== 'deleted');
    if (outstanding.length === 0) {
      rmSync(this.file, { force: true });
    } else {
      // pid 0: no longer alive, but the ledger tells `cleanup` what to look for
      this.record.pid = 0;
      this.write();
    }
    this.closed = true;
  }
}

/** Every run record in the state directory (unreadable files are skipped). */
export function readRunRecords(env: NodeJS.ProcessEnv): RunRecord[] {
  const dir = runsDir(env);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: RunRecord[] = [];
  for (const n of names) {
    try {
      const r = JSON.parse(readFileSync(join(dir, n), 'utf8')) as RunRecord;
      if (r && r.format === 'scs-cert/run-record' && typeof r.prefix === 'string') out.push(r);
    } catch {
      // a record being replaced or broken: ignore
    }
  }
  return out;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why a run counts as alive, or undefined when it is gone. Alive: a fresh heartbeat and, on this host, a
 * process with that pid. A run on another host is judged by its heartbeat alone (shared state directories).
 */
export function liveness(
  r: RunRecord,
  now: Date = new Date(),
  host: string = hostname(),
): string | undefined {
  const age = now.getTime() - Date.parse(r.heartbeatAt);
  if (!Number.isFinite(age) || age > STALE_AFTER_MS) return undefined;
  if (r.host === host && !pidAlive(r.pid)) return undefined;
  return `run ${r.prefix} is still alive (pid ${r.pid} on ${r.host}, heartbeat ${Math.max(0, Math.round(age / 1000))} s ago)`;
}
