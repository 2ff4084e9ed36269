// VolumeBackupCheck artifact (scs-0117): a volume backed up and restored, with the states seen.
import { type ActionStep, actionStepsSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** scs-0117: volume -> backup -> restore round trip. */
export interface VolumeBackupCheck {
  steps: ActionStep[];
  /** Final states seen, for evidence. */
  volumeStatus?: string;
  backupStatus?: string;
  restoredStatus?: string;
}

export const volumeBackupCheckArtifact = defineArtifact<'VolumeBackupCheck', VolumeBackupCheck>({
  name: 'VolumeBackupCheck',
  description: 'a volume backed up and restored through the block-storage API, with the final states',
  schema: {
    type: 'object',
    required: ['steps'],
    properties: {
      steps: actionStepsSchema,
      volumeStatus: { type: 'string', nullable: true },
      backupStatus: { type: 'string', nullable: true },
      restoredStatus: { type: 'string', nullable: true },
    },
  },
});
