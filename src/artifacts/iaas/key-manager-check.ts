// KeyManagerCheck artifact (scs-0116): create, list and delete a secret as the test identity.
import { type ActionStep, actionStepsSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** scs-0116: result of creating, listing and deleting a secret as the test identity. */
export interface KeyManagerCheck {
  /** Whether the catalog has a `key-manager` service at all. */
  present: boolean;
  steps: ActionStep[];
  /** Whether the created secret was found again by listing. */
  foundByListing?: boolean;
}

export const keyManagerCheckArtifact = defineArtifact<'KeyManagerCheck', KeyManagerCheck>({
  name: 'KeyManagerCheck',
  description: 'a secret created, listed and deleted in the key manager as the test identity',
  schema: {
    type: 'object',
    required: ['present', 'steps'],
    properties: {
      present: { type: 'boolean' },
      steps: actionStepsSchema,
      foundByListing: { type: 'boolean', nullable: true },
    },
  },
});
