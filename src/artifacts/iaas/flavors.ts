// Flavors artifact: every Nova flavor the project sees (`GET /flavors/detail`), extra specs merged in.
import { stringMapSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** Nova flavor (`GET /flavors/detail`) with its extra specs merged in. */
export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GB (0 = no root disk) */
  disk: number;
  ephemeral?: number;
  swap?: number | string;
  'os-flavor-access:is_public'?: boolean;
  extra_specs: Record<string, string>;
  description?: string | null;
}
export type Flavors = Flavor[];

export const flavorsArtifact = defineArtifact<'Flavors', Flavors>({
  name: 'Flavors',
  description: 'Nova flavors visible to the project, with their extra specs',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name', 'vcpus', 'ram', 'disk', 'extra_specs'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        vcpus: { type: 'number' },
        ram: { type: 'number' },
        disk: { type: 'number' },
        ephemeral: { type: 'number', nullable: true },
        swap: { type: ['number', 'string'], nullable: true },
        'os-flavor-access:is_public': { type: 'boolean', nullable: true },
        extra_specs: stringMapSchema,
        description: { type: 'string', nullable: true },
      },
    },
  },
});
