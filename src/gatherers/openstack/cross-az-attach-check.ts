// CrossAzAttachCheck (scs-0121): with several storage AZs, a server in compute AZ A and a volume in storage AZ B
// are created and the attach is tried; the cloud SHOULD refuse it. Both are deleted afterwards.
import type { AvailabilityZones, CrossAzAttachCheck } from '../../artifacts/iaas/availability-zones.js';
import type { Flavors, Images } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { Flavor, Image } from '../../artifacts/iaas.js';
import { OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';
import type { Gatherer } from '../types.js';
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

export const crossAzAttachCheckGatherer: Gatherer<CrossAzAttachCheck> = {
  artifact: 'CrossAzAttachCheck',
  description:
    'With more than one storage AZ: boots a small server in compute AZ A, creates a 1 GiB volume in storage AZ B, ' +
    'tries to attach it, and deletes both',
  dependsOn: ['AvailabilityZones', 'Images', 'Flavors'],
  active: true,
  timeoutMs: 30 * 60_000,
  async gather(ctx, deps) {
    const zones = deps.AvailabilityZones as AvailabilityZones | undefined;
    if (!zones) throw new Error('CrossAzAttachCheck needs the AvailabilityZones artifact, which is missing');
    const log = new StepLog();
    const result: CrossAzAttachCheck = { attempted: false, steps: log.steps };
    if (zones.volume.zones.length < 2) {
      result.reason = `${zones.volume.zones.length} storage availability zone(s): the cross-attach rule applies only with more than one`;
      return result;
    }
    if (zones.compute.zones.length < 1) {
      result.reason = 'no compute availability zone listed';
      return result;
    }
    const pair = chooseZones(zones);
    if (!pair) {
      result.reason = 'no compute AZ differs from a storage AZ';
      return result;
    }
    const chosen = chooseServer(
      (deps.Images as Images | undefined) ?? [],
      (deps.Flavors as Flavors | undefined) ?? [],
    );
    if (!chosen)
      throw new Error(
        'no active public image with a flavor (root disk > 0) that fits it to boot the test server',
      );
    result.attempted = true;
    result.computeAz = pair.computeAz;
    result.storageAz = pair.storageAz;
    const c = openstackClient(ctx);
    const timeoutMs = numberOption(ctx, 'crossAzTimeoutMs', 10 * 60_000);
    const p = ctx.ledger.prefix;
    let server: LedgerEntry | undefined;
    let volume: LedgerEntry | undefined;
    let attached = false;
    try {
      const mv = await c.chooseMicroversion('compute', '2.37', ctx.signal);
      const track = { createdBy: 'CrossAzAttachCheck', steps: log };
      const srv = await createTracked(c, ctx, {
        ...track,
        kind: 'server',
        name: `${p}az-server`,
        step: 'create-server',
        onIntent: (e) => (server = e),
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
        onIntent: (e) => (volume = e),
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
      const serverId = srv.id;
      const volumeId = vol.id;
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
            s.status === 'ERROR'
              ? `status ERROR${s.fault?.message ? ` (${s.fault.message})` : ''}`
              : undefined,
          describe: (s) => `status ${s.status}`,
          timeoutMs,
          signal: ctx.signal,
          progress: ctx.progress,
        }),
      );
      await log.run('volume-available', () =>
        waitFor(c, {
          what: `volume ${p}az-volume available`,
          poll: async () =>
            (
              await c.get<{ volume: Vol }>('block-storage', '/volumes/{id}', {
                params: { id: volumeId },
                signal: ctx.signal,
              })
            ).volume,
          done: (v) => v.status === 'available',
          failed: (v) => (v.status.startsWith('error') ? `status ${v.status}` : undefined),
          describe: (v) => `status ${v.status}`,
          timeoutMs,
          signal: ctx.signal,
          progress: ctx.progress,
        }),
      );
      // The attempt itself: a 4xx answer is the refusal the standard asks for.
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
          result.detail =
            msg?.badRequest?.message ?? msg?.conflictingRequest?.message ?? `HTTP ${res.status}`;
          log.fail('attach-volume', result.detail, res.status);
        } else {
          attached = true;
          // Nova accepted: the attachment may still fail in Cinder; the volume says how it ended.
          const final = await log.run('volume-in-use', () =>
            waitFor(c, {
              what: `volume ${p}az-volume attached`,
              poll: async () =>
                (
                  await c.get<{ volume: Vol }>('block-storage', '/volumes/{id}', {
                    params: { id: volumeId },
                    signal: ctx.signal,
                  })
                ).volume,
              done: (v) => v.status === 'in-use' || v.status === 'available' || v.status.startsWith('error'),
              timeoutMs,
              signal: ctx.signal,
              progress: ctx.progress,
            }),
          );
          result.attach = final.status === 'in-use' ? 'allowed' : 'refused';
          result.detail = `Nova accepted the attach; the volume ended ${final.status}`;
          if (final.status !== 'in-use') attached = false;
        }
      } catch (err) {
        result.attach = 'error';
        result.detail = errorText(err);
        if (err instanceof OpenStackHttpError) result.status = err.status;
        if (isInconclusive(err)) result.transient = true;
      }
    } catch (err) {
      // Setup failed (server or volume): the step log says where; the probe aborts.
      result.detail ??= errorText(err);
      if (isInconclusive(err)) result.transient = true;
    } finally {
      const signal = cleanupSignal();
      if (attached && server?.id && volume?.id) {
        try {
          await log.run('detach-volume', () =>
            c.request('compute', 'DELETE', '/servers/{id}/os-volume_attachments/{vid}', {
              params: { id: server?.id as string, vid: volume?.id as string },
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
        // After the server is gone the volume is detached; wait for that before deleting it.
        try {
          await waitFor(c, {
            what: `volume ${p}az-volume detached`,
            poll: async () =>
              (
                await c.request<{ volume?: Vol }>('block-storage', 'GET', '/volumes/{id}', {
                  params: { id: volume?.id as string },
                  expect: [404],
                  signal,
                })
              ).body?.volume,
            done: (v) =>
              v === undefined || !['in-use', 'attaching', 'detaching', 'creating'].includes(v.status),
            timeoutMs: 300_000,
            signal,
            progress: ctx.progress,
          });
        } catch (err) {
          ctx.log.warn(`volume ${p}az-volume did not settle: ${errorText(err)}`);
        }
        await deleteTracked(c, ctx, volume, {
          service: 'block-storage',
          path: '/volumes/{id}',
          getPath: '/volumes/{id}',
          steps: log,
          signal,
        });
      }
    }
    return result;
  },
};
