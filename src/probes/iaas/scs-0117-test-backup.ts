// scs-0117-test-backup: a member can back up a volume and restore the backup through the Block Storage backups API.
import { defineProbe } from '../types.js';
import type { ProbeResult } from '../../results/types.js';
import { abort, decideWithDeviations, fail, pass } from './support/results.js';
import { describeStep, inconclusiveSteps, stepsEvidence } from './support/steps.js';

/** Steps named like this are clean-ups; after the last real step their failure leaks resources but judges nothing. */
const CLEANUP = /^cleanup|clean-up|^delete/i;

export default defineProbe({
  meta: {
    id: 'scs-0117-test-backup',
    title: 'Volume backups can be created and restored',
    failureTitle: 'The volume backup API does not work',
    description:
      'Creates a 1 GiB volume, backs it up through /v3/{project_id}/backups, restores the backup to a new volume ' +
      'and waits for each to become available; the cloud refusing or failing any step of that round trip (an HTTP ' +
      'error answer, a resource in an error state, a wait that runs out) fails; a timeout, reset, rate limit or ' +
      'gateway error that outlives the retries aborts (no verdict).',
    standards: [
      { id: 'scs-0117-v1', url: 'https://docs.scs.community/standards/scs-0117-v1-volume-backup-service' },
      {
        id: 'scs-0117-w1',
        url: 'https://docs.scs.community/standards/scs-0117-w1-volume-backup-service-implementation',
      },
    ],
    artifacts: ['VolumeBackupCheck'],
    deviations: [
      {
        id: 'backup-inconclusive',
        standard:
          'The text asks whether backups work; a timeout, reset, rate limit or gateway error that outlives the ' +
          'retries does not answer that: ABORT with the cause (the cloud refusing or failing a step stays a FAIL).',
        reference:
          'Every exception of the round trip, transient or not, counts as a failure of the testcase: FAIL.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
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
    // A timeout, reset or rate limit that outlived the retries says nothing about the backup service.
    const unclear = inconclusiveSteps(failed);
    if (failed.length > 0) {
      return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
        if (unclear.length > 0 && mode === 'standard') {
          return abort(
            'backup-inconclusive',
            `The volume backup round trip could not be completed for reasons that say nothing about the backup ` +
              `service: ${unclear.map(describeStep).join('; ')}; no verdict.`,
            { judged: ['volume-backup'], values },
            { deviations: ['backup-inconclusive'], ...(warnings.length ? { warnings } : {}) },
          );
        }
        return fail(
          'backup-failed',
          `The volume backup round trip failed at ${failed.map(describeStep).join('; ')}. Configure a backup driver ` +
            '(cinder-backup) so that members can create and restore backups via /v3/{project_id}/backups.',
          {
            judged: ['volume-backup'],
            offenders: failed.map((s) => ({ resource: s.step, problem: describeStep(s) })),
            values,
          },
          {
            ...(unclear.length > 0 ? { deviations: ['backup-inconclusive'] } : {}),
            ...(warnings.length ? { warnings } : {}),
          },
        );
      });
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
