// Images artifact: every Glance image the project sees (`GET /v2/images?member_status=all`), properties top-level.
import { defineArtifact } from '../contract.js';

/**
 * Glance v2 image as the API returns it (`GET /v2/images?member_status=all`), all images the project
 * sees; custom properties are top-level keys. Probes filter by visibility themselves.
 */
export interface Image {
  id: string;
  name: string | null;
  visibility: 'public' | 'community' | 'shared' | 'private' | string;
  os_hidden?: boolean;
  status?: string;
  created_at?: string;
  updated_at?: string;
  size?: number | null;
  min_disk?: number;
  min_ram?: number;
  [property: string]: unknown;
}
export type Images = Image[];

export const imagesArtifact = defineArtifact<'Images', Images>({
  name: 'Images',
  description: 'Glance images visible to the project (all visibilities), custom properties as top-level keys',
  schemaUnchecked: 'custom image properties are an open index signature, which JSONSchemaType cannot express',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name', 'visibility'],
      properties: {
        id: { type: 'string' },
        name: { type: ['string', 'null'] },
        visibility: { type: 'string' },
        os_hidden: { type: 'boolean' },
        status: { type: 'string' },
        created_at: { type: 'string' },
        updated_at: { type: 'string' },
        size: { type: ['number', 'null'] },
        min_disk: { type: 'number' },
        min_ram: { type: 'number' },
      },
    },
  },
});
