// StorageClasses artifact: the cluster's StorageClasses (`GET /apis/storage.k8s.io/v1/storageclasses`).
import { stringMapSchema } from '../common.js';
import { defineArtifact } from '../contract.js';
import type { StorageClasses } from '../kaas.js';

export const storageClassesArtifact = defineArtifact<'StorageClasses', StorageClasses>({
  name: 'StorageClasses',
  description: 'the StorageClasses of the cluster with their default-class annotations',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['name', 'provisioner', 'annotations'],
      properties: {
        name: { type: 'string' },
        provisioner: { type: 'string' },
        annotations: stringMapSchema,
        parameters: { ...stringMapSchema, nullable: true },
        reclaimPolicy: { type: 'string', nullable: true },
        volumeBindingMode: { type: 'string', nullable: true },
        allowVolumeExpansion: { type: 'boolean', nullable: true },
        creationTimestamp: { type: 'string', nullable: true },
      },
    },
  },
});
