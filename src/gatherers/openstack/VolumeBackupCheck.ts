// VolumeBackupCheck: 1 GiB volume -> backup -> restore into a new volume, each awaited; everything deleted after.
import type { LedgerEntry, VolumeBackupCheck } from '../../artifacts/iaas.js';
import type { GatherContext, Gatherer } from '../types.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import {
  StepLog,
  cleanupSignal,
  errorText,
  getOrGone,
  numberOption,
  openstackClient,
  waitFor,
} from './common.js';
import { createTracked, deleteTracked } from './tracked.js';

interface Vol {
  id: string;
  status: string;
  name?: string | null;
}
interface Backup {
  id: string;
  status: string;
  fail_reason?: string | null;
}

/** States a volume or backup leaves by itself; deleting during them fails. */
const TRANSIENT = new Set([
  'creating',
  'backing-up',
  'restoring-backup',
  'restoring',
  'downloading',
  'attaching',
  'detaching',
  'deleting',
  'extending',
  'uploading',
  'retyping',
]);

async function waitStatus(
  c: OpenStackClient,
  ctx: GatherContext,
  kind: 'volume' | 'backup',
  id: string,
  label: string,
  timeoutMs: number,
): Promise<string> {
  const path = kind === 'volume' ? '/volumes/{id}' : '/backups/{id}';
  const final = await waitFor(c, {
    what: `${kind} ${label} available`,
    poll: async () => {
      const body = await c.get<Record<string, Vol | Backup>>('block-storage', path, {
        params: { id },
        signal: ctx.signal,
      });
      const item = body?.[kind];
      if (!item) throw new Error(`malformed answer for ${kind} ${id}: no "${kind}" object`);
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
    delaysMs: [2000, 3000, 5000, 10_000, 15_000],
  });
  return final.status;
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
      done: (v) => v === undefined || !TRANSIENT.has(v[kind]?.status ?? ''),
      timeoutMs: 300_000,
      signal,
      progress: ctx.progress,
      delaysMs: [2000, 3000, 5000, 10_000],
    });
  } catch (err) {
    ctx.log.warn(`${kind} ${id} did not settle before deletion: ${errorText(err)}`);
  }
}

export const volumeBackupCheckGatherer: Gatherer<VolumeBackupCheck> = {
  artifact: 'VolumeBackupCheck',
  description:
    'Creates a 1 GiB volume, backs it up, restores the backup to a new volume, then deletes all three',
  active: true,
  timeoutMs: 30 * 60_000,
  async gather(ctx) {
    const c = openstackClient(ctx);
    const timeoutMs = numberOption(ctx, 'volumeBackupTimeoutMs', 10 * 60_000);
    const log = new StepLog(ctx.signal);
    const p = ctx.ledger.prefix;
    const result: VolumeBackupCheck = { steps: log.steps };
    let volume: LedgerEntry | undefined;
    let backup: LedgerEntry | undefined;
    let restored: LedgerEntry | undefined;
    const track = { createdBy: 'VolumeBackupCheck', steps: log };
    try {
      const vol = await createTracked(c, ctx, {
        ...track,
        kind: 'volume',
        name: `${p}volume`,
        onIntent: (e) => (volume = e),
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
      result.volumeStatus = await log.run('volume-available', () =>
        waitStatus(c, ctx, 'volume', vol.id, `${p}volume`, timeoutMs),
      );

      const bak = await createTracked(c, ctx, {
        ...track,
        kind: 'backup',
        name: `${p}volume-backup`,
        step: 'create-backup',
        onIntent: (e) => (backup = e),
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
      result.backupStatus = await log.run('backup-available', () =>
        waitStatus(c, ctx, 'backup', bak.id, `${p}volume-backup`, timeoutMs),
      );

      const res = await createTracked(c, ctx, {
        ...track,
        kind: 'volume',
        name: `${p}restored-backup`,
        step: 'restore-backup',
        onIntent: (e) => (restored = e),
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
      result.restoredStatus = await log.run('restored-volume-available', () =>
        waitStatus(c, ctx, 'volume', res.id, `${p}restored-backup`, timeoutMs),
      );
    } catch (err) {
      ctx.log.warn(`volume backup check: ${errorText(err)}`);
    } finally {
      // Backups first (a volume with backups may not be deletable), then the volumes.
      const signal = cleanupSignal();
      if (backup) {
        if (backup.id) await settle(c, ctx, 'backup', backup.id, signal);
        await deleteTracked(c, ctx, backup, {
          service: 'block-storage',
          path: '/backups/{id}',
          getPath: '/backups/{id}',
          steps: log,
          signal,
        });
      }
      for (const [vol, stepName] of [
        [restored, 'delete-restored-volume'],
        [volume, 'delete-volume'],
      ] as const) {
        if (!vol) continue;
        if (vol.id) await settle(c, ctx, 'volume', vol.id, signal);
        await deleteTracked(c, ctx, vol, {
          service: 'block-storage',
          path: '/volumes/{id}',
          getPath: '/volumes/{id}',
          steps: log,
          stepName,
          signal,
        });
      }
    }
    return result;
  },
};
