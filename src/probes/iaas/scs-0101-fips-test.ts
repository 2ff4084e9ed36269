// scs-0101-fips-test: rngtest on a sample VM finds fewer than 5 FIPS 140-2 failures in 1000 blocks.
import { defineProbe } from '../types.js';
import { procedureFailure, sectionLines, vmEvidence } from './support/entropy.js';
import { abort, decideWithDeviations, fail, pass } from './support/results.js';

/** "below 5 out of 1000 blocks" (scs-0101-w1). */
const TEXT_MAX_FAILURES = 4;
/** The reference passes up to 3 strictly and up to 5 leniently. */
const REFERENCE_STRICT_MAX = 3;
const REFERENCE_MAX_FAILURES = 5;

export default defineProbe({
  meta: {
    id: 'scs-0101-fips-test',
    title: 'A sample VM passes the FIPS 140-2 randomness test',
    failureTitle: 'A sample VM fails the FIPS 140-2 randomness test',
    description:
      'Runs `cat /dev/random | rngtest -c 1000` on a sample VM and counts the FIPS 140-2 failures reported.',
    standards: [
      { id: 'scs-0101-v1', url: 'https://docs.scs.community/standards/scs-0101-v1-entropy' },
      {
        id: 'scs-0101-w1',
        url: 'https://docs.scs.community/standards/scs-0101-w1-entropy-implementation-testing',
      },
    ],
    artifacts: ['EntropyConsole'],
    deviations: [
      {
        id: 'fips-threshold',
        standard:
          '"the number of FIPS 140-2 failures is below 5 out of 1000 blocks" (scs-0101-w1): 5 failures FAIL.',
        reference:
          'Passes up to 3 failures strictly and up to 5 failures leniently (INFO line), so exactly 5 failures PASS.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const con = artifacts.EntropyConsole;
    const broken = procedureFailure(con);
    if (broken) return broken;
    const lines = sectionLines(con, 'fips-test');
    const m = /failures:\s(\d+)/.exec(lines.join('\n'));
    if (!m) {
      return abort(
        lines.length === 0 ? 'fips-test-missing' : 'fips-test-unparsable',
        lines.length === 0
          ? 'The VM console has no fips-test lines; no verdict.'
          : 'The rngtest output names no "failures:" count; no verdict.',
        { values: { ...vmEvidence(con), output: lines.slice(0, 20) } },
      );
    }
    const failures = Number(m[1]);
    const successes = /successes:\s(\d+)/.exec(lines.join('\n'))?.[1];
    const image = String(vmEvidence(con).image);
    const values = { ...vmEvidence(con), failures, ...(successes ? { successes: Number(successes) } : {}) };
    return decideWithDeviations(ctx.mode, (mode) => {
      const max = mode === 'reference' ? REFERENCE_MAX_FAILURES : TEXT_MAX_FAILURES;
      const warnings =
        mode === 'reference' && failures > REFERENCE_STRICT_MAX && failures <= REFERENCE_MAX_FAILURES
          ? [
              `${failures} FIPS failures: passes only the lenient limit of ${REFERENCE_MAX_FAILURES}, not the strict ${REFERENCE_STRICT_MAX}`,
            ]
          : undefined;
      if (failures > max) {
        return fail(
          'fips-test-failures',
          `rngtest found ${failures} FIPS 140-2 failures in 1000 blocks on the sample VM (allowed: at most ${max}). ` +
            'Give the guests access to the CPU entropy instructions (RDRAND/RDSEED or RNDR) and use kernels >= 5.18.',
          {
            judged: [image],
            offenders: [{ resource: image, problem: `${failures} FIPS failures` }],
            values: { ...values, max },
          },
          { deviations: ['fips-threshold'], ...(warnings ? { warnings } : {}) },
        );
      }
      return pass(
        'fips-test-passed',
        `rngtest found ${failures} FIPS 140-2 failures in 1000 blocks (allowed: at most ${max}).`,
        { judged: [image], values: { ...values, max } },
        { deviations: ['fips-threshold'], ...(warnings ? { warnings } : {}) },
      );
    });
  },
});
