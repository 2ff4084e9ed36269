// VolumeTypes: Cinder volume types (name, description, public flag, extra specs when visible).
import type { VolumeType } from '../../artifacts/iaas.js';
import type { GathererOf } from '../types.js';
import { openstackClient } from './common.js';

interface RawVolumeType {
  id: string;
  name: string;
  description?: string | null;
  is_public?: boolean;
  'os-volume-type-access:is_public'?: boolean;
  extra_specs?: Record<string, string>;
}

export const volumeTypesGatherer: GathererOf<'VolumeTypes'> = {
  artifact: 'VolumeTypes',
  description: 'Cinder volume types visible to the project',
  async gather(ctx) {
    const c = openstackClient(ctx);
    const raw = await c.list<RawVolumeType>('block-storage', '/types', 'volume_types', {
      signal: ctx.signal,
    });
    return raw.map((t) => {
      const vt: VolumeType = { id: t.id, name: t.name };
      if (t.description !== undefined) vt.description = t.description;
      const pub = t.is_public ?? t['os-volume-type-access:is_public'];
      if (pub !== undefined) vt.is_public = pub;
      if (t.extra_specs && typeof t.extra_specs === 'object') vt.extra_specs = { ...t.extra_specs };
      return vt;
    });
  },
};
