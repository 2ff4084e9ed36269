// How long a cloud's slow phases took in earlier runs (the volume backup and its restore), kept in the state
// directory so the next run against the same cloud looks near the expected end instead of searching for it.
// Within one run nothing predicts a backup's length; across runs it is steady (the same driver, the same empty
// volume), and a run that knows it makes 2-3 polls where searching takes 5-9, at the same lateness.
//
// Only timings are kept, under a digest of the service endpoint: no names, ids or secrets. What is kept only
// paces polls, never a verdict: a cloud that got faster is noticed later (at most the first look's offset), one
// that got slower falls back to searching after twice the expectation. A missing, unreadable or foreign file is
// ignored, and a file that cannot be written costs only the next run's speed.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './run-record.js';

/** Run option: the pace memory's file (set for live runs against a real cloud; absent: nothing is kept). */
export const PACE_MEMORY_OPTION = 'paceMemoryFile';

export type PhaseTimings = Readonly<Record<string, number>>;

interface PaceFile {
  format: 'scs-cert/pace-memory';
  /** By digest of the endpoint: phase name -> the cloud's own time (ms), and when it was seen. */
  clouds: Record<string, { at: string; phases: Record<string, number> }>;
}

const MAX_CLOUDS = 50;
const MAX_BYTES = 256 * 1024;
/** Timings outside this range are not kept (a broken clock or a phase that never ended). */
const MAX_PHASE_MS = 60 * 60_000;

export function paceMemoryFile(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'pace.json');
}

const keyOf = (endpoint: string): string => createHash('sha256').update(endpoint).digest('hex').slice(0, 32);

function read(file: string): PaceFile | undefined {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined; // a symlink or anything odd is not ours to read
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<PaceFile>;
    if (data.format !== 'scs-cert/pace-memory' || typeof data.clouds !== 'object' || data.clouds === null)
      return undefined;
    return data as PaceFile;
  } catch {
    return undefined;
  }
}

const plausible = (ms: unknown): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= MAX_PHASE_MS;

/** What earlier runs saw of the cloud behind `endpoint`: phase name -> ms (only plausible values). */
export function recallPace(file: string, endpoint: string): PhaseTimings {
  const entry = read(file)?.clouds[keyOf(endpoint)];
  const out: Record<string, number> = {};
  for (const [phase, ms] of Object.entries(entry?.phases ?? {})) if (plausible(ms)) out[phase] = ms;
  return out;
}

/**
 * Keeps this run's timings for the cloud behind `endpoint` (merged over earlier ones; the 50 most recent clouds).
 * Written to a new file beside the old one and renamed over it: never through a symlink, never half-written.
 */
export function rememberPace(file: string, endpoint: string, phases: PhaseTimings, now = new Date()): void {
  const kept = Object.fromEntries(Object.entries(phases).filter(([, ms]) => plausible(ms)));
  if (Object.keys(kept).length === 0) return;
  const data: PaceFile = read(file) ?? { format: 'scs-cert/pace-memory', clouds: {} };
  const key = keyOf(endpoint);
  data.clouds[key] = { at: now.toISOString(), phases: { ...data.clouds[key]?.phases, ...kept } };
  const recent = Object.entries(data.clouds)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at))
    .slice(0, MAX_CLOUDS);
  data.clouds = Object.fromEntries(recent);
  const dir = join(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
