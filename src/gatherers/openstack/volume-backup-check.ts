// VolumeBackupCheck: 1 GiB volume -> backup -> restore into a new volume, each awaited at the cloud's pace;
// everything deleted after (confirmed after judging).
import type { VolumeBackupCheck } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { GatherContext, GathererOf } from '../types.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import {
  StepLog,
  WaitError,
  afterJudging,
  cleanupSignal,
  BLOCK_STORAGE_TRANSIENT,
  cloudSpan,
  errorText,
  getOrGone,
  numberOption,
  openstackClient,
  waitFor,
  type WaitPace,
  type WaitTiming,
  waitRecord,
} from './common.js';
import { createTracked, deleteTracked } from './tracked.js';
import { PACE_MEMORY_OPTION, recallPace, rememberPace, type PhaseTimings } from '../pace-memory.js';

interface Vol {
  id: string;
  status: string;
  created_at?: string;
  updated_at?: string;
  name?: string | null;
}
interface Backup {
  id: string;
  status: string;
  created_at?: string;
  updated_at?: string;
  fail_reason?: string | null;
}

/**
 * Limits of the round trip (run options, ms). A healthy cloud creates an empty 1 GiB volume within seconds and
 * backs it up or restores it within a minute or two; a phase past its limit shows a broken backup service, and
 * waiting longer only holds the run (the reference scripts give up after a similar time).
 */
export const VOLUME_BACKUP_LIMITS = {
  /** `volumeCreateTimeoutMs`: the new volume and the restored volume become available. */
  volumeCreateTimeoutMs: 120_000,
  /** `volumeBackupTimeoutMs`: the backup becomes available, and the restore completes. */
  volumeBackupTimeoutMs: 300_000,
  /** `volumeDeleteTimeoutMs`: a deleted backup or volume is gone (confirmed after judging). */
  volumeDeleteTimeoutMs: 120_000,
} as const;

// How the waits are paced (rules in WaitPace). Each poll is a request, each second between the end of a phase
// and the poll that sees it is wall time: the tenth-of-the-wait rule alone bounds the lateness but spends about
// 18 polls on a 24 s backup. So what a phase before it predicts is predicted, and only the backup is searched.
//
// An empty 1 GiB volume is available within a second or two (0.5-2 s on real Cinder): first look at 1 s, then
// every 1-2 s.
export const VOLUME_PACE: WaitPace = { firstMs: 1000, minMs: 1000, maxMs: 2000 };
// The backup is the longest phase, and nothing before it predicts its length (9-12 s on the idle lab, 20-40 s
// under load, minutes on a busy production cloud): searched with pauses of a quarter of the time waited, at
// least 2 s, at most 10 s, so it is noticed at most 25 % (or 2 s) late with half the polls of the tenth rule
// (5 polls for 10 s, 9 for 24 s).
export const BACKUP_PACE: WaitPace = { firstMs: 2000, minMs: 2000, maxMs: 10_000, share: 0.25 };
/** A deletion at the end of the check: first look after 1 s, then every 1-3 s. */
const DELETE_PACE: WaitPace = { firstMs: 1000, minMs: 1000, maxMs: 3000 };

/**
 * The restore moves the backup's data back: its length is predicted from the backup's (the cloud's own time
 * when its timestamps give it). On real Cinder it took 0.5-0.9 of the backup's time (0.5 on the lab: 9 s after an
 * 18 s backup): the first look comes at half of it, then one every tenth of it (at least 1 s), so a restore in
 * that range is noticed at most a tenth of the backup's time late, with 1-5 polls; past twice the backup's time
 * the tenth-of-the-wait rule takes over.
 */
export function restorePace(backupMs: number, learned?: PhaseTimings): WaitPace {
  const ratio = learnedRatio(learned);
  if (ratio !== undefined) return learnedPace(backupMs * ratio);
  const expectMs = Math.max(1000, Math.round(backupMs));
  return { firstMs: Math.round(expectMs * 0.5), minMs: 1000, maxMs: 10_000, expectMs };
}

/**
 * A phase an earlier run against this cloud timed (pace memory, see gatherers/pace-memory.ts): the first look
 * comes when it ended then (the cloud's timestamps count whole seconds, so that is a little early), then one
 * every tenth of it; past twice that, the backup's searching rule takes over.
 */
export function learnedPace(expectedMs: number): WaitPace {
  const expectMs = Math.max(1000, Math.round(expectedMs));
  return { firstMs: expectMs, minMs: 1000, maxMs: 10_000, expectMs, share: BACKUP_PACE.share };
}

/** The restore's length as a share of the backup's, as an earlier run saw them. */
function learnedRatio(learned?: PhaseTimings): number | undefined {
  const backup = learned?.[BACKUP_PHASE];
  const restore = learned?.[RESTORE_PHASE];
  return backup && restore ? Math.min(4, restore / backup) : undefined;
}

/** Phase names in the pace memory. */
const BACKUP_PHASE = 'volume-backup';
const RESTORE_PHASE = 'volume-restore';

interface Waited {
  status: string;
  wait: ReturnType<typeof waitRecord>;
}

async function waitStatus(
  c: OpenStackClient,
  ctx: GatherContext,
  kind: 'volume' | 'backup',
  id: string,
  label: string,
  timeoutMs: number,
  pace: WaitPace,
  onTiming: (t: WaitTiming) => void = () => undefined,
  seen?: Map<string, string>,
): Promise<Waited> {
  const path = kind === 'volume' ? '/volumes/{id}' : '/backups/{id}';
  let timing: WaitTiming | undefined;
  const final = await waitFor(c, {
    what: `${kind} ${label} available`,
    poll: async () => {
      const body = await c.get<Record<string, Vol | Backup>>('block-storage', path, {
        params: { id },
        signal: ctx.signal,
      });
      const item = body?.[kind];
      if (!item) throw new Error(`malformed answer for ${kind} ${id}: no "${kind}" object`);
      seen?.set(id, item.status);
      return item as Backup;
    },
    done: (v) => v.status === 'available',
    failed: (v) =>
      v.status?.startsWith('error')
        ? `status ${v.status}${v.fail_reason ? ` (${v.fail_reason})` : ''}`
        : undefined,
    describe: (v) => `status ${v.status}`,
    timeoutMs,
    signal: ctx.signal,
    progress: ctx.progress,
    pace,
    timing: (t) => {
      timing = t;
      onTiming(t);
    },
  });
  return { status: final.status, wait: waitRecord(timing, cloudSpan(final.created_at, final.updated_at)) };
}

/**
 * Deletes what the check created, each resource as soon as the check no longer needs it (the source volume once
 * its backup exists, so it goes while the restore runs). DELETEs go out at once; waiting for them to finish is
 * handed over with the result (`ctx.defer`), so judging never waits for deletions. A resource whose wait ran out
 * is not waited for again: its DELETE is tried once and, if refused, it is reported as leaked.
 */
function deleter(
  c: OpenStackClient,
  ctx: GatherContext,
  stuck: ReadonlySet<string>,
  seen: ReadonlyMap<string, string>,
) {
  const signal = cleanupSignal();
  const deleteTimeoutMs = numberOption(
    ctx,
    'volumeDeleteTimeoutMs',
    VOLUME_BACKUP_LIMITS.volumeDeleteTimeoutMs,
  );
  const later = new StepLog();
  const started = new Map<LedgerEntry, Promise<unknown>>();
  // Resources in a transient state refuse DELETE: wait for them (bounded) unless their wait already ran out.
  const settled = (id: string, kind: 'volume' | 'backup') => {
    const last = seen.get(id);
    const known = last !== undefined && !BLOCK_STORAGE_TRANSIENT.has(last);
    return !stuck.has(id) && !known ? settle(c, ctx, kind, id, signal) : Promise.resolve();
  };
  return {
    /** Starts deleting a resource (once); nothing awaits it here. */
    remove(
      entry: LedgerEntry | undefined,
      kind: 'volume' | 'backup',
      stepName: string,
      pace: WaitPace = DELETE_PACE,
    ): void {
      if (!entry || started.has(entry)) return;
      const id = entry.id;
      const path = kind === 'volume' ? '/volumes/{id}' : '/backups/{id}';
      // An entry without id (its create answer was lost) is looked up by name inside deleteTracked.
      const done = (id ? settled(id, kind) : Promise.resolve()).then(() =>
        deleteTracked(c, ctx, entry, {
          service: 'block-storage',
          path,
          getPath: path,
          timeoutMs: deleteTimeoutMs,
          steps: later,
          stepName,
          signal,
          pace,
        }),
      );
      started.set(entry, done);
    },
    /** Waits for every deletion after judging (or now, without deferral); inline, they join the steps. */
    finish(log: StepLog): Promise<void> {
      return afterJudging(ctx, async (deferred) => {
        await Promise.all(started.values());
        const order = ['delete-backup', 'delete-restored-volume', 'delete-volume'];
        const ordered = [...later.steps].sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step));
        if (!deferred) for (const s of ordered) log.steps.push(s);
      });
    },
  };
}

/** Waits (bounded) until a resource is not in a transient state, so a DELETE is accepted. */
async function settle(
  c: OpenStackClient,
  ctx: GatherContext,
  kind: 'volume' | 'backup',
  id: string,
  signal: AbortSignal,
) {
  const path = kind === 'volume' ? '/volumes/{id}' : '/backups/{id}';
  try {
    await waitFor(c, {
      what: `${kind} ${id} settled`,
      poll: () => getOrGone<Record<string, Vol>>(c, 'block-storage', path, { id }, signal),
      done: (v) => v === undefined || !BLOCK_STORAGE_TRANSIENT.has(v[kind]?.status ?? ''),
      timeoutMs: numberOption(ctx, 'volumeBackupTimeoutMs', VOLUME_BACKUP_LIMITS.volumeBackupTimeoutMs),
      signal,
      progress: ctx.progress,
      pace: { minMs: 1000, maxMs: 5000 },
    });
  } catch (err) {
    ctx.log.warn(`${kind} ${id} did not settle before deletion: ${errorText(err)}`);
  }
}
export const volumeBackupCheckGatherer: GathererOf<'VolumeBackupCheck'> = {
  artifact: 'VolumeBackupCheck',
  description:
    'Creates a 1 GiB volume, backs it up, restores the backup to a new volume, then deletes all three',
  active: true,
  startFirst: true,
  timeoutMs: 30 * 60_000,
  async gather(ctx) {
    const c = openstackClient(ctx);
    const createMs = numberOption(ctx, 'volumeCreateTimeoutMs', VOLUME_BACKUP_LIMITS.volumeCreateTimeoutMs);
    const backupMs = numberOption(ctx, 'volumeBackupTimeoutMs', VOLUME_BACKUP_LIMITS.volumeBackupTimeoutMs);
    const log = new StepLog(ctx.signal);
    const p = ctx.ledger.prefix;
    const track = { createdBy: 'VolumeBackupCheck', steps: log };
    const result: VolumeBackupCheck = { steps: log.steps };
    const made: { volume?: LedgerEntry; backup?: LedgerEntry; restored?: LedgerEntry } = {};
    // Resources whose wait ran out: they cannot settle, so nobody waits for them again.
    const stuck = new Set<string>();
    // The last status seen of each resource: one known not to be transient needs no look before its DELETE.
    const seen = new Map<string, string>();
    // Cinder deletes a volume that has backups (only snapshots, attachments, groups and transfers block a
    // DELETE), so each resource goes as soon as it is not needed, without waiting for the others.
    const deletions = deleter(c, ctx, stuck, seen);
    const phase = async (
      step: string,
      kind: 'volume' | 'backup',
      id: string,
      label: string,
      limitMs: number,
      pace: WaitPace,
    ) => {
      let timing: WaitTiming | undefined;
      try {
        const w = await log.run(step, () =>
          waitStatus(c, ctx, kind, id, label, limitMs, pace, (t) => (timing = t), seen),
        );
        const last = log.steps.at(-1);
        if (last) last.wait = w.wait;
        return w;
      } catch (err) {
        // A wait that failed still says how long it waited and how often it looked.
        const last = log.steps[log.steps.length - 1];
        if (timing && last?.step === step) last.wait = waitRecord(timing);
        if (err instanceof WaitError && /still not there/.test(err.message)) {
          stuck.add(id);
          // The source volume stays 'backing-up' as long as its backup hangs: it cannot settle either.
          if (kind === 'backup' && made.volume?.id) stuck.add(made.volume.id);
        }
        throw err;
      }
    };
    try {
      const vol = await createTracked(c, ctx, {
        ...track,
        kind: 'volume',
        name: `${p}volume`,
        onIntent: (e) => (made.volume = e),
        step: 'create-volume',
        create: async () =>
          (
            await c.post<{ volume?: Vol }>(
              'block-storage',
              '/volumes',
              {
                volume: {
                  size: 1,
                  name: `${p}volume`,
                  description: 'scs-cert scs-0117 backup test (deleted afterwards)',
                },
              },
              { signal: ctx.signal },
            )
          )?.volume?.id,
      });
      result.volumeStatus = (
        await phase('volume-available', 'volume', vol.id, `${p}volume`, createMs, VOLUME_PACE)
      ).status;
      const memory = await paceMemory(c, ctx);

      const bak = await createTracked(c, ctx, {
        ...track,
        kind: 'backup',
        name: `${p}volume-backup`,
        step: 'create-backup',
        onIntent: (e) => (made.backup = e),
        create: async () =>
          (
            await c.post<{ backup?: Backup }>(
              'block-storage',
              '/backups',
              { backup: { volume_id: vol.id, name: `${p}volume-backup` } },
              { signal: ctx.signal },
            )
          )?.backup?.id,
      });
      const backedUp = await phase(
        'backup-available',
        'backup',
        bak.id,
        `${p}volume-backup`,
        backupMs,
        memory.learned[BACKUP_PHASE] ? learnedPace(memory.learned[BACKUP_PHASE]) : BACKUP_PACE,
      );
      result.backupStatus = backedUp.status;
      // The source volume is not needed for the restore: it is deleted while the restore runs. Nothing waits for
      // that deletion before the restore ends, so it is looked at once, when the restore is first looked at.
      const backupTook = backedUp.wait.cloudMs ?? backedUp.wait.waitedMs;
      const restoring = restorePace(backupTook, memory.learned);
      deletions.remove(made.volume, 'volume', 'delete-volume', {
        ...DELETE_PACE,
        firstMs: Math.max(DELETE_PACE.firstMs ?? 0, restoring.firstMs ?? 0),
      });

      // The backup is busy while it is restored, and free again once the restored volume is available.
      seen.set(bak.id, 'restoring');
      const res = await createTracked(c, ctx, {
        ...track,
        kind: 'volume',
        name: `${p}restored-backup`,
        step: 'restore-backup',
        onIntent: (e) => (made.restored = e),
        create: async () =>
          (
            await c.post<{ restore?: { volume_id?: string; backup_id?: string } }>(
              'block-storage',
              '/backups/{id}/restore',
              { restore: { name: `${p}restored-backup` } },
              { params: { id: bak.id }, signal: ctx.signal },
            )
          )?.restore?.volume_id,
      });
      // A restore moves the same data as the backup did: its first look comes near the end the backup predicts.
      const restored = await phase(
        'restored-volume-available',
        'volume',
        res.id,
        `${p}restored-backup`,
        backupMs,
        restoring,
      );
      result.restoredStatus = restored.status;
      memory.keep({
        [BACKUP_PHASE]: backupTook,
        [RESTORE_PHASE]: restored.wait.cloudMs ?? restored.wait.waitedMs,
      });
      seen.set(bak.id, 'available');
    } catch (err) {
      ctx.log.warn(`volume backup check: ${errorText(err)}`);
    } finally {
      deletions.remove(made.backup, 'backup', 'delete-backup');
      deletions.remove(made.restored, 'volume', 'delete-restored-volume');
      deletions.remove(made.volume, 'volume', 'delete-volume');
      await deletions.finish(log);
    }
    return result;
  },
};

/**
 * The pace memory of this cloud's block storage (live runs only: the run option is not set for replays, saved
 * artifacts or the embedded cloud). Reading or writing it never fails the check.
 */
async function paceMemory(
  c: OpenStackClient,
  ctx: GatherContext,
): Promise<{ learned: PhaseTimings; keep: (phases: PhaseTimings) => void }> {
  const file = ctx.options[PACE_MEMORY_OPTION];
  const none = { learned: {}, keep: () => undefined };
  if (typeof file !== 'string' || c.offline) return none;
  let endpoint: string;
  try {
    endpoint = await c.endpointUrl('block-storage', ctx.signal);
  } catch {
    return none;
  }
  return {
    learned: recallPace(file, endpoint),
    keep: (phases) => {
      try {
        rememberPace(file, endpoint, phases);
      } catch (err) {
        ctx.log.debug(`pace memory ${file} not written: ${errorText(err)}`);
      }
    },
  };
}
