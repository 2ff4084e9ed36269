// ServiceCatalog: the token's service catalog, endpoints reduced to interface, region and URL.
import type { GathererOf } from '../types.js';
import { openstackClient } from './common.js';

export const serviceCatalogGatherer: GathererOf<'ServiceCatalog'> = {
  artifact: 'ServiceCatalog',
  description: 'Service catalog of the Keystone token (all types, all interfaces and regions)',
  async gather(ctx) {
    const catalog = await openstackClient(ctx).catalog(ctx.signal);
    return catalog.map((e) => ({
      type: e.type,
      ...(e.name !== undefined ? { name: e.name } : {}),
      ...(e.id !== undefined ? { id: e.id } : {}),
      endpoints: (e.endpoints ?? []).map((ep) => ({
        interface: ep.interface,
        region: ep.region ?? null,
        region_id: ep.region_id ?? null,
        url: ep.url,
      })),
    }));
  },
};
