// VolumeTypes artifact: the Cinder volume types the project sees (`GET /v3/{project}/types`).
import { stringMapSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** Cinder volume type (`GET /v3/{project}/types`). */
export interface VolumeType {
  id: string;
  name: string;
  description?: string | null;
  is_public?: boolean;
  extra_specs?: Record<string, string>;
}
export type VolumeTypes = VolumeType[];

export const volumeTypesArtifact = defineArtifact<'VolumeTypes', VolumeTypes>({
  name: 'VolumeTypes',
  description: 'Cinder volume types visible to the project, with descriptions',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string', nullable: true },
        is_public: { type: 'boolean', nullable: true },
        extra_specs: { ...stringMapSchema, nullable: true },
      },
    },
  },
});
