// Flavors: every flavor the project sees, with extra specs (inline from Nova microversion 2.61, else per flavor).
import type { Flavor } from '../../artifacts/iaas.js';
import type { GathererOf } from '../types.js';
import { compareMicroversions } from '../../clients/openstack/services.js';
import { OpenStackHttpError } from '../../clients/openstack/errors.js';
import { openstackClient } from './common.js';

/** Nova returns `extra_specs` inside each flavor from this microversion on. */
export const EXTRA_SPECS_INLINE = '2.61';

interface RawFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  ephemeral?: number;
  swap?: number | string;
  'os-flavor-access:is_public'?: boolean;
  extra_specs?: Record<string, string>;
  description?: string | null;
}

export const flavorsGatherer: GathererOf<'Flavors'> = {
  artifact: 'Flavors',
  description: 'Nova flavors visible to the project, with their extra specs',
  async gather(ctx) {
    const c = openstackClient(ctx);
    const mv = await c.chooseMicroversion('compute', EXTRA_SPECS_INLINE, ctx.signal);
    const inline = mv !== undefined && compareMicroversions(mv, EXTRA_SPECS_INLINE) >= 0;
    const raw = await c.list<RawFlavor>('compute', '/flavors/detail', 'flavors', {
      microversion: mv,
      signal: ctx.signal,
    });
    const out: Flavor[] = [];
    for (const f of raw) {
      let specs = inline && f.extra_specs && typeof f.extra_specs === 'object' ? f.extra_specs : undefined;
      if (!specs) {
        // Older Nova, or a policy that hides extra specs in the list: ask per flavor.
        try {
          const body = await c.get<{ extra_specs?: Record<string, string> }>(
            'compute',
            '/flavors/{id}/os-extra_specs',
            {
              params: { id: f.id },
              signal: ctx.signal,
            },
          );
          specs = body?.extra_specs ?? {};
        } catch (err) {
          if (err instanceof OpenStackHttpError && (err.status === 403 || err.status === 404)) {
            ctx.log.warn(
              `flavor ${f.name}: extra specs not readable (HTTP ${err.status}); treating them as empty`,
            );
            specs = {};
          } else throw err;
        }
      }
      const flavor: Flavor = {
        id: f.id,
        name: f.name,
        vcpus: f.vcpus,
        ram: f.ram,
        disk: f.disk,
        extra_specs: { ...specs },
      };
      const eph = f['OS-FLV-EXT-DATA:ephemeral'] ?? f.ephemeral;
      if (eph !== undefined) flavor.ephemeral = eph;
      if (f.swap !== undefined) flavor.swap = f.swap;
      if (f['os-flavor-access:is_public'] !== undefined)
        flavor['os-flavor-access:is_public'] = f['os-flavor-access:is_public'];
      if (f.description !== undefined) flavor.description = f.description;
      out.push(flavor);
    }
    return out;
  },
};
