// AvailabilityZones (scs-0121): the compute, volume and network zones and the host aggregates a member sees.
import type { AvailabilityZones, ZoneListing } from '../../artifacts/iaas/availability-zones.js';
import type { ServiceCatalog } from '../../artifacts/iaas.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';
import { canonicalServiceType, serviceTypeCandidates } from '../../clients/openstack/services.js';
import type { Gatherer } from '../types.js';
import { errorText, openstackClient } from './common.js';

interface NovaZone {
  zoneName?: string;
  zoneState?: { available?: boolean };
}

function regionsOf(catalog: ServiceCatalog, type: string): string[] {
  const types = new Set(serviceTypeCandidates(type));
  const out = new Set<string>();
  for (const s of catalog) {
    if (!types.has(s.type) && canonicalServiceType(s.type) !== type) continue;
    for (const e of s.endpoints) {
      const r = e.region_id ?? e.region;
      if (r) out.add(r);
    }
  }
  return [...out].sort();
}

/**
 * Runs a listing; absent service or 404 = not present; the cloud's refusals and errors (403, 500) are recorded.
 * An inconclusive failure (429/502/503/504 after the retries, timeout, reset, an unreadable answer) is thrown:
 * it says nothing about the zones, and the runner makes it ABORT for every testcase that needs them.
 */
async function listZones(
  c: OpenStackClient,
  type: string,
  regions: string[],
  signal: AbortSignal,
  read: () => Promise<{ zones: string[]; unavailable: string[] } | undefined>,
): Promise<ZoneListing> {
  const base: ZoneListing = { present: false, zones: [], unavailable: [], regions };
  if (!(await c.hasService(type, signal))) return base;
  try {
    const got = await read();
    if (!got) return base;
    return { ...base, present: true, ...got };
  } catch (err) {
    if (isInconclusive(err)) throw err;
    const out: ZoneListing = { ...base, present: true, error: errorText(err) };
    if (err instanceof OpenStackHttpError) out.status = err.status;
    return out;
  }
}

function split(items: Array<{ name: string; available: boolean }>) {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    zones: uniq(items.filter((i) => i.available).map((i) => i.name)),
    unavailable: uniq(items.filter((i) => !i.available).map((i) => i.name)),
  };
}

export const availabilityZonesGatherer: Gatherer<AvailabilityZones> = {
  artifact: 'AvailabilityZones',
  description:
    'Compute, volume and network availability zones and the host aggregates, as the test identity sees them',
  dependsOn: ['ServiceCatalog'],
  async gather(ctx, deps) {
    const c = openstackClient(ctx);
    const catalog = (deps.ServiceCatalog as ServiceCatalog | undefined) ?? [];
    const novaZones = async (type: 'compute' | 'block-storage') => {
      const res = await c.request<{ availabilityZoneInfo?: NovaZone[] }>(
        type,
        'GET',
        '/os-availability-zone',
        {
          expect: [404],
          signal: ctx.signal,
        },
      );
      if (res.status === 404) return undefined;
      const info = res.body?.availabilityZoneInfo ?? [];
      return split(
        info
          .filter((z) => typeof z.zoneName === 'string' && z.zoneName !== 'internal')
          .map((z) => ({ name: z.zoneName as string, available: z.zoneState?.available !== false })),
      );
    };
    const compute = await listZones(c, 'compute', regionsOf(catalog, 'compute'), ctx.signal, () =>
      novaZones('compute'),
    );
    const volume = await listZones(c, 'block-storage', regionsOf(catalog, 'block-storage'), ctx.signal, () =>
      novaZones('block-storage'),
    );
    const network = await listZones(c, 'network', regionsOf(catalog, 'network'), ctx.signal, async () => {
      const res = await c.request<{ availability_zones?: Array<{ name?: string; state?: string }> }>(
        'network',
        'GET',
        '/availability_zones',
        { expect: [404], signal: ctx.signal },
      );
      if (res.status === 404) return undefined;
      return split(
        (res.body?.availability_zones ?? [])
          .filter((z) => typeof z.name === 'string')
          .map((z) => ({ name: z.name as string, available: z.state !== 'unavailable' })),
      );
    });
    const aggregates: AvailabilityZones['aggregates'] = { visible: false, items: [] };
    if (compute.present) {
      try {
        const res = await c.request<{
          aggregates?: Array<{ name?: string; availability_zone?: string | null; hosts?: unknown[] }>;
        }>('compute', 'GET', '/os-aggregates', { expect: [403, 404], signal: ctx.signal });
        aggregates.status = res.status;
        if (res.status < 300) {
          aggregates.visible = true;
          aggregates.items = (res.body?.aggregates ?? []).map((a) => ({
            name: a.name ?? '',
            availabilityZone: a.availability_zone ?? null,
            ...(Array.isArray(a.hosts) && { hosts: a.hosts.length }),
          }));
        }
      } catch (err) {
        // "not visible" must be the cloud's answer, never a flake's
        if (isInconclusive(err)) throw err;
        if (err instanceof OpenStackHttpError) aggregates.status = err.status;
        ctx.log.debug(`host aggregates not readable: ${errorText(err)}`);
      }
    }
    const catalogRegions = [
      ...new Set(
        catalog.flatMap((s) => s.endpoints.map((e) => e.region_id ?? e.region ?? '')).filter(Boolean),
      ),
    ].sort();
    return {
      compute,
      volume,
      network,
      aggregates,
      ...(c.config.regionName && { configuredRegion: c.config.regionName }),
      catalogRegions,
    };
  },
};
