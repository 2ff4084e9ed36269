// scs-0116-permissions: a user with the member role can create, list and delete secrets in the key manager.
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { abort, decideWithDeviations, fail, pass } from './support/results.js';
import { describeStep, failedSteps, isForbidden, stepsEvidence } from './support/steps.js';

export default defineProbe({
  meta: {
    id: 'scs-0116-permissions',
    title: 'Members can use the key manager',
    failureTitle: 'Members cannot use the key manager',
    description:
      'If a key manager is offered: as a plain member, create a secret, find it by listing and delete it again. ' +
      'Without secure RBAC the key manager policy must let member act as creator.',
    standards: [
      { id: 'scs-0116-v1', url: 'https://docs.scs.community/standards/scs-0116-v1-key-manager-standard' },
      {
        id: 'scs-0116-w1',
        url: 'https://docs.scs.community/standards/scs-0116-w1-key-manager-implementation-testing',
      },
    ],
    artifacts: ['KeyManagerCheck'],
    deviations: [
      {
        id: 'secret-not-listed',
        standard:
          'A secret the member created but cannot find by listing means the member lacks the creator permissions: FAIL.',
        reference:
          'The clean-up after the failed look-up indexes an empty list; the IndexError turns the intended FAIL into ABORT.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const check = artifacts.KeyManagerCheck;
    if (!check.present) {
      return pass(
        'key-manager-absent',
        'No key manager in the service catalog; the policy requirement does not apply.',
        {
          values: { present: false },
        },
      );
    }
    const values = {
      present: true,
      foundByListing: check.foundByListing ?? null,
      steps: stepsEvidence(check.steps),
    };
    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const failed = failedSteps(check.steps);
      const forbidden = failed.filter(isForbidden);
      if (forbidden.length > 0) {
        return fail(
          'key-manager-forbidden',
          `The key manager refused a member: ${forbidden.map(describeStep).join('; ')}. Map the Keystone role member to ` +
            'the key manager role creator in its policy (e.g. Barbican "creator": "role:member") or enable secure RBAC.',
          {
            judged: ['key-manager'],
            offenders: forbidden.map((s) => ({ resource: s.step, problem: describeStep(s) })),
            values,
          },
        );
      }
      if (check.foundByListing === false) {
        if (mode === 'reference') {
          return abort(
            'key-manager-secret-not-listed',
            'The secret created as member was not found by listing (the reference aborts here).',
            { judged: ['key-manager'], values },
            { deviations: ['secret-not-listed'] },
          );
        }
        return fail(
          'key-manager-secret-not-listed',
          'A secret created as member was not found when listing secrets as that member. Give member the creator ' +
            'permissions in the key manager policy (list and read own secrets).',
          {
            judged: ['key-manager'],
            offenders: [{ resource: 'secret', problem: 'not found by listing' }],
            values,
          },
          { deviations: ['secret-not-listed'] },
        );
      }
      if (failed.length > 0) {
        return abort(
          'key-manager-error',
          `The key manager check failed: ${failed.map(describeStep).join('; ')}.`,
          {
            judged: ['key-manager'],
            values,
          },
        );
      }
      if (check.steps.length === 0) {
        return abort('key-manager-no-steps', 'The key manager check recorded no steps; no verdict.', {
          values,
        });
      }
      return pass('key-manager-member-ok', 'As member, a secret was created, found by listing and deleted.', {
        judged: ['key-manager'],
        values,
      });
    });
  },
});
