// CrossAzAttachCheck (scs-0121): with several storage AZs, a server in compute AZ A and a volume in storage AZ B
// are created and the attach is tried; the cloud SHOULD refuse it. Both are deleted afterwards.
import type { AvailabilityZones, CrossAzAttachCheck } from '../../artifacts/iaas/availability-zones.js';
import type { Flavors, Images } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { Flavor, Image } from '../../artifacts/iaas.js';
import { OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';
import type { GatherContext, GathererOf } from '../types.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { StepLog, cleanupSignal, errorText, numberOption, openstackClient, waitFor } from './common.js';
import { createTracked, deleteTracked } from './tracked.js';

/** Compute AZ A and storage AZ B with A ≠ B (storage AZs usually mirror compute AZs by name). */
export function chooseZones(zones: AvailabilityZones): { computeAz: string; storageAz: string } | undefined {
  const compute = zones.compute.zones;
  const storage = zones.volume.zones;
  for (const b of [...storage].reverse()) {
    const a = compute.find((x) => x !== b);
    if (a) return { computeAz: a, storageAz: b };
  }
  // One compute AZ named like a storage AZ: pair it with another storage AZ.
  const a = compute[0];
  const b = storage.find((x) => x !== a);
  return a && b ? { computeAz: a, storageAz: b } : undefined;
}

/** The smallest active public image and the smallest flavor with a root disk that fits it. */
export function chooseServer(images: Images, flavors: Flavors): { image: Image; flavor: Flavor } | undefined {
  const usable = images
    .filter((i) => i.status === 'active' && (i.visibility === 'public' || i.visibility === 'community'))
    .sort((x, y) => (Number(x.size ?? 0) || 0) - (Number(y.size ?? 0) || 0));
  for (const image of usable) {
    const minDisk = typeof image.min_disk === 'number' ? image.min_disk : 0;
    const minRam = typeof image.min_ram === 'number' ? image.min_ram : 0;
    const flavor = flavors
      .filter((f) => f.disk > 0 && f.disk >= minDisk && f.ram >= minRam)
      .sort((x, y) => x.ram - y.ram || x.vcpus - y.vcpus || x.disk - y.disk)[0];
    if (flavor) return { image, flavor };
  }
  return undefined;
}

interface Vol {
  id: string;
  status: string;
}

/** One attempt: where it talks, what it has created so far (for the cleanup), its step log. */
interface CrossAzRun {
  c: OpenStackClient;
  ctx: GatherContext;
  log: StepLog;
  /** The run's name prefix. */
  p: string;
  timeoutMs: number;
  server?: LedgerEntry;
  volume?: LedgerEntry;
  attached: boolean;
}

export const crossAzAttachCheckGatherer: GathererOf<'CrossAzAttachCheck'> = {
  artifact: 'CrossAzAttachCheck',
  description:
    'With more than one storage AZ: boots a small server in compute AZ A, creates a 1 GiB volume in storage AZ B, ' +
    'tries to attach it, and deletes both',
  dependsOn: ['AvailabilityZones', 'Images', 'Flavors'],
  active: true,
  timeoutMs: 30 * 60_000,
  async gather(ctx, deps) {
    const zones = deps.AvailabilityZones;
    if (!zones) throw new Error('CrossAzAttachCheck needs the AvailabilityZones artifact, which is missing');
    const log = new StepLog();
    const result: CrossAzAttachCheck = { attempted: false, steps: log.steps };
    const plan = planAttempt(zones);
    if ('reason' in plan) {
      result.reason = plan.reason;
      return result;
    }
    const chosen = chooseServer(deps.Images ?? [], deps.Flavors ?? []);
    if (!chosen)
      throw new Error(
        'no active public image with a flavor (root disk > 0) that fits it to boot the test server',
      );
    result.attempted = true;
    result.computeAz = plan.computeAz;
    result.storageAz = plan.storageAz;
    const run: CrossAzRun = {
      c: openstackClient(ctx),
      ctx,
      log,
      p: ctx.ledger.prefix,
      timeoutMs: numberOption(ctx, 'crossAzTimeoutMs', 10 * 60_000),
      attached: false,
    };
    try {
      const ids = await createServerAndVolume(run, plan, chosen);
      await waitServerAndVolumeReady(run, ids);
      await tryAttach(run, ids, result);
    } catch (err) {
      // Setup failed (server or volume): the step log says where; the probe aborts.
      result.detail ??= errorText(err);
      if (isInconclusive(err)) result.transient = true;
    } finally {
      await cleanupAttempt(run);
    }
    return result;
  },
};

/** The zones to try, or why the rule does not apply. */
function planAttempt(
  zones: AvailabilityZones,
): { computeAz: string; storageAz: string } | { reason: string } {
  if (zones.volume.zones.length < 2) {
    return {
      reason: `${zones.volume.zones.length} storage availability zone(s): the cross-attach rule applies only with more than one`,
    };
  }
  if (zones.compute.zones.length < 1) return { reason: 'no compute availability zone listed' };
  return chooseZones(zones) ?? { reason: 'no compute AZ differs from a storage AZ' };
}

interface Ids {
  serverId: string;
  volumeId: string;
}

/** The server in compute AZ A (no network) and the 1 GiB volume in storage AZ B, ledgered before creation. */
async function createServerAndVolume(
  run: CrossAzRun,
  pair: { computeAz: string; storageAz: string },
  chosen: { image: Image; flavor: Flavor },
): Promise<Ids> {
  const { c, ctx, p } = run;
  const mv = await c.chooseMicroversion('compute', '2.37', ctx.signal);
  const track = { createdBy: 'CrossAzAttachCheck', steps: run.log };
  const srv = await createTracked(c, ctx, {
    ...track,
    kind: 'server',
    name: `${p}az-server`,
    step: 'create-server',
    onIntent: (e) => (run.server = e),
    create: async () =>
      (
        await c.post<{ server?: { id?: string } }>(
          'compute',
          '/servers',
          {
            server: {
              name: `${p}az-server`,
              imageRef: chosen.image.id,
              flavorRef: chosen.flavor.id,
              availability_zone: pair.computeAz,
              networks: 'none',
            },
          },
          { signal: ctx.signal, ...(mv && { microversion: mv }) },
        )
      )?.server?.id,
  });
  const vol = await createTracked(c, ctx, {
    ...track,
    kind: 'volume',
    name: `${p}az-volume`,
    step: 'create-volume',
    onIntent: (e) => (run.volume = e),
    create: async () =>
      (
        await c.post<{ volume?: Vol }>(
          'block-storage',
          '/volumes',
          { volume: { size: 1, name: `${p}az-volume`, availability_zone: pair.storageAz } },
          { signal: ctx.signal },
        )
      )?.volume?.id,
  });
  return { serverId: srv.id, volumeId: vol.id };
}

/** The volume as the cloud shows it now. */
async function getVolume(run: CrossAzRun, volumeId: string): Promise<Vol> {
  return (
    await run.c.get<{ volume: Vol }>('block-storage', '/volumes/{id}', {
      params: { id: volumeId },
      signal: run.ctx.signal,
    })
  ).volume;
}

async function waitServerAndVolumeReady(run: CrossAzRun, { serverId, volumeId }: Ids): Promise<void> {
  const { c, ctx, log, p, timeoutMs } = run;
  await log.run('server-active', () =>
    waitFor(c, {
      what: `server ${p}az-server ACTIVE`,
      poll: async () =>
        (
          await c.get<{ server: { status: string; fault?: { message?: string } } }>(
            'compute',
            '/servers/{id}',
            {
              params: { id: serverId },
              signal: ctx.signal,
            },
          )
        ).server,
      done: (s) => s.status === 'ACTIVE',
      failed: (s) =>
        s.status === 'ERROR' ? `status ERROR${s.fault?.message ? ` (${s.fault.message})` : ''}` : undefined,
      describe: (s) => `status ${s.status}`,
      timeoutMs,
      signal: ctx.signal,
      progress: ctx.progress,
    }),
  );
  await log.run('volume-available', () =>
    waitFor(c, {
      what: `volume ${p}az-volume available`,
      poll: () => getVolume(run, volumeId),
      done: (v) => v.status === 'available',
      failed: (v) => (v.status.startsWith('error') ? `status ${v.status}` : undefined),
      describe: (v) => `status ${v.status}`,
      timeoutMs,
      signal: ctx.signal,
      progress: ctx.progress,
    }),
  );
}

/** The attempt itself: a 4xx answer is the refusal the standard asks for. */
async function tryAttach(
  run: CrossAzRun,
  { serverId, volumeId }: Ids,
  result: CrossAzAttachCheck,
): Promise<void> {
  const { c, ctx, log, p, timeoutMs } = run;
  try {
    const res = await c.request('compute', 'POST', '/servers/{id}/os-volume_attachments', {
      params: { id: serverId },
      body: { volumeAttachment: { volumeId } },
      expect: [400, 403, 409],
      signal: ctx.signal,
    });
    result.status = res.status;
    if (res.status >= 400) {
      result.attach = res.status === 409 ? 'error' : 'refused';
      const msg = res.body as
        { badRequest?: { message?: string }; conflictingRequest?: { message?: string } } | undefined;
      result.detail = msg?.badRequest?.message ?? msg?.conflictingRequest?.message ?? `HTTP ${res.status}`;
      log.fail('attach-volume', result.detail, res.status);
    } else {
      run.attached = true;
      // Nova accepted: the attachment may still fail in Cinder; the volume says how it ended.
      const final = await log.run('volume-in-use', () =>
        waitFor(c, {
          what: `volume ${p}az-volume attached`,
          poll: () => getVolume(run, volumeId),
          done: (v) => v.status === 'in-use' || v.status === 'available' || v.status.startsWith('error'),
          timeoutMs,
          signal: ctx.signal,
          progress: ctx.progress,
        }),
      );
      result.attach = final.status === 'in-use' ? 'allowed' : 'refused';
      result.detail = `Nova accepted the attach; the volume ended ${final.status}`;
      if (final.status !== 'in-use') run.attached = false;
    }
  } catch (err) {
    result.attach = 'error';
    result.detail = errorText(err);
    if (err instanceof OpenStackHttpError) result.status = err.status;
    if (isInconclusive(err)) result.transient = true;
  }
}

/** Detaches (if attached), deletes the server, waits for the volume to settle, deletes the volume. */
async function cleanupAttempt(run: CrossAzRun): Promise<void> {
  const { c, ctx, log, p, server, volume } = run;
  const signal = cleanupSignal();
  const serverId = server?.id;
  const volumeId = volume?.id;
  if (run.attached && serverId && volumeId) {
    try {
      await log.run('detach-volume', () =>
        c.request('compute', 'DELETE', '/servers/{id}/os-volume_attachments/{vid}', {
          params: { id: serverId, vid: volumeId },
          expect: [404],
          signal,
        }),
      );
    } catch (err) {
      ctx.log.warn(`could not detach ${p}az-volume: ${errorText(err)}; deleting the server detaches it`);
    }
  }
  if (server) {
    await deleteTracked(c, ctx, server, {
      service: 'compute',
      path: '/servers/{id}',
      getPath: '/servers/{id}',
      steps: log,
      signal,
    });
  }
  if (volume) {
    // After the server is gone the volume is detached; wait for that before deleting it (a volume whose
    // creation answer was lost has no id yet: deleteTracked finds it by name).
    if (volumeId) await waitVolumeSettled(run, volumeId, signal);
    await deleteTracked(c, ctx, volume, {
      service: 'block-storage',
      path: '/volumes/{id}',
      getPath: '/volumes/{id}',
      steps: log,
      signal,
    });
  }
}

/** Waits until the volume is gone or in no attaching/detaching state; a volume that does not settle is only logged. */
async function waitVolumeSettled(run: CrossAzRun, volumeId: string, signal: AbortSignal): Promise<void> {
  const { c, ctx, p } = run;
  try {
    await waitFor(c, {
      what: `volume ${p}az-volume detached`,
      poll: async () =>
        (
          await c.request<{ volume?: Vol }>('block-storage', 'GET', '/volumes/{id}', {
            params: { id: volumeId },
            expect: [404],
            signal,
          })
        ).body?.volume,
      done: (v) => v === undefined || !['in-use', 'attaching', 'detaching', 'creating'].includes(v.status),
      timeoutMs: 300_000,
      signal,
      progress: ctx.progress,
    });
  } catch (err) {
    ctx.log.warn(`volume ${p}az-volume did not settle: ${errorText(err)}`);
  }
}
