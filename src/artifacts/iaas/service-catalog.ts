// ServiceCatalog artifact: the Keystone catalog of the token (`token.catalog[]`), endpoints reduced to what matters.
import { defineArtifact } from '../contract.js';

export interface CatalogEndpoint {
  interface: string;
  region?: string | null;
  region_id?: string | null;
  url: string;
}

/** One service of the Keystone catalog (`token.catalog[]`), endpoints reduced to what matters. */
export interface CatalogService {
  type: string;
  name?: string;
  id?: string;
  endpoints: CatalogEndpoint[];
}
export type ServiceCatalog = CatalogService[];

export const serviceCatalogArtifact = defineArtifact<'ServiceCatalog', ServiceCatalog>({
  name: 'ServiceCatalog',
  description: 'the service catalog of the token: service types, names and endpoints',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['type', 'endpoints'],
      properties: {
        type: { type: 'string' },
        name: { type: 'string', nullable: true },
        id: { type: 'string', nullable: true },
        endpoints: {
          type: 'array',
          items: {
            type: 'object',
            required: ['interface', 'url'],
            properties: {
              interface: { type: 'string' },
              region: { type: 'string', nullable: true },
              region_id: { type: 'string', nullable: true },
              url: { type: 'string' },
            },
          },
        },
      },
    },
  },
});
