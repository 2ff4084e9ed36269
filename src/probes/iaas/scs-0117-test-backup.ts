// scs-0117-test-backup: a member can back up a volume and restore the backup through the Block Storage backups API.
import { defineProbe } from '../types.js';
import { abort, fail, pass } from './support/results.js';
import { describeStep, stepsEvidence } from './support/steps.js';

/** Steps named like this are clean-ups; after the last real step their failure leaks resources but judges nothing. */
const CLEANUP = /^cleanup|clean-up|^delete/i;

export default defineProbe({
  meta: {
    id: 'scs-0117-test-backup',
    title: 'Volume backups can be created and restored',
    failureTitle: 'The volume backup API does not work',
    description:
      'Creates a 1 GiB volume, backs it up through /v3/{project_id}/backups, restores the backup to a new volume ' +
      'and waits for each to become available; every failure of that round trip (including the clean-up before it) fails.',
    standards: [
      { id: 'scs-0117-v1', url: 'https://docs.scs.community/standards/scs-0117-v1-volume-backup-service' },
      {
        id: 'scs-0117-w1',
        url: 'https://docs.scs.community/standards/scs-0117-w1-volume-backup-service-implementation',
      },
    ],
    artifacts: ['VolumeBackupCheck'],
  },
  evaluate(artifacts) {
    const check = artifacts.VolumeBackupCheck;
    const values = {
      steps: stepsEvidence(check.steps),
      ...(check.volumeStatus ? { volumeStatus: check.volumeStatus } : {}),
      ...(check.backupStatus ? { backupStatus: check.backupStatus } : {}),
      ...(check.restoredStatus ? { restoredStatus: check.restoredStatus } : {}),
    };
    if (check.steps.length === 0) {
      return abort('backup-no-steps', 'The volume backup check recorded no steps; no verdict.', { values });
    }
    let lastReal = -1;
    check.steps.forEach((s, i) => {
      if (!CLEANUP.test(s.step)) lastReal = i;
    });
    const failed = check.steps.filter((s, i) => !s.ok && (i <= lastReal || lastReal < 0));
    const trailing = check.steps.filter((s, i) => !s.ok && i > lastReal && lastReal >= 0);
    const warnings = trailing.map(
      (s) => `clean-up after the test failed: ${describeStep(s)} (see the resource ledger)`,
    );
    if (failed.length > 0) {
      return fail(
        'backup-failed',
        `The volume backup round trip failed at ${failed.map(describeStep).join('; ')}. Configure a backup driver ` +
          '(cinder-backup) so that members can create and restore backups via /v3/{project_id}/backups.',
        {
          judged: ['volume-backup'],
          offenders: failed.map((s) => ({ resource: s.step, problem: describeStep(s) })),
          values,
        },
        warnings.length ? { warnings } : undefined,
      );
    }
    if (check.restoredStatus !== undefined && check.restoredStatus !== 'available') {
      return fail(
        'backup-restore-not-available',
        `The restored volume ended in status ${check.restoredStatus}, not available. Check the backup service and its driver.`,
        {
          judged: ['volume-backup'],
          offenders: [{ resource: 'restored volume', problem: `status ${check.restoredStatus}` }],
          values,
        },
        warnings.length ? { warnings } : undefined,
      );
    }
    return pass(
      'backup-restored',
      'A volume was backed up and the backup restored to a new, available volume.',
      { judged: ['volume-backup'], values },
      warnings.length ? { warnings } : undefined,
    );
  },
});
