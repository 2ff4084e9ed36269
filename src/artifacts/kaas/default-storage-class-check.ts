// DefaultStorageClassCheck artifact (scs-0211): a claim without class, mounted by a pod, and the volume it got.
import { actionStepsSchema } from '../common.js';
import { defineArtifact } from '../contract.js';
import type { DefaultStorageClassCheck } from '../kaas.js';

const optionalString = { type: 'string', nullable: true } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

export const defaultStorageClassCheckArtifact = defineArtifact<
  'DefaultStorageClassCheck',
  DefaultStorageClassCheck
>({
  name: 'DefaultStorageClassCheck',
  description: 'a claim without storage class mounted by a pod: the class, claim, pod and volume it got',
  schema: {
    type: 'object',
    required: ['requested', 'steps', 'timedOut', 'waitedMs', 'cleanup'],
    properties: {
      skipped: optionalString,
      namespace: optionalString,
      storageClass: optionalString,
      requested: {
        type: 'object',
        required: ['accessModes', 'storage'],
        properties: { accessModes: strings, storage: { type: 'string' } },
      },
      steps: actionStepsSchema,
      pvc: {
        type: 'object',
        nullable: true,
        required: ['name'],
        properties: {
          name: { type: 'string' },
          phase: optionalString,
          accessModes: { ...strings, nullable: true },
          storageClassName: optionalString,
          volumeName: optionalString,
        },
      },
      pod: {
        type: 'object',
        nullable: true,
        required: ['name'],
        properties: {
          name: { type: 'string' },
          phase: optionalString,
          nodeName: optionalString,
          reason: optionalString,
        },
      },
      volume: {
        type: 'object',
        nullable: true,
        required: ['name', 'accessModes', 'source', 'nodeAffinity'],
        properties: {
          name: { type: 'string' },
          accessModes: strings,
          volumeMode: optionalString,
          reclaimPolicy: optionalString,
          capacity: optionalString,
          source: { type: 'string' },
          csiDriver: optionalString,
          nodeAffinity: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'operator', 'values'],
              properties: { key: { type: 'string' }, operator: { type: 'string' }, values: strings },
            },
          },
        },
      },
      timedOut: { type: 'boolean' },
      waitedMs: { type: 'number' },
      events: { ...strings, nullable: true },
      cleanup: {
        type: 'object',
        required: ['ok'],
        properties: { ok: { type: 'boolean' }, detail: optionalString },
      },
    },
  },
});
