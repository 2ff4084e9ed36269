// scs-0101-entropy-avail: /proc/sys/kernel/random/entropy_avail on a sample VM reads 256 (pinned since kernel 5.18).
import { defineProbe } from '../types.js';
import { procedureFailure, sectionLines, vmEvidence } from './support/entropy.js';
import { abort, fail, pass } from './support/results.js';

export default defineProbe({
  meta: {
    id: 'scs-0101-entropy-avail',
    title: 'A sample VM has a fixed amount of entropy available',
    failureTitle: 'A sample VM does not report entropy_avail 256',
    description:
      'Boots a VM from the newest Debian (else Ubuntu) public image and reads /proc/sys/kernel/random/entropy_avail ' +
      'from its console; kernels from 5.18 on pin it to 256.',
    standards: [
      { id: 'scs-0101-v1', url: 'https://docs.scs.community/standards/scs-0101-v1-entropy' },
      {
        id: 'scs-0101-w1',
        url: 'https://docs.scs.community/standards/scs-0101-w1-entropy-implementation-testing',
      },
    ],
    artifacts: ['EntropyConsole'],
  },
  evaluate(artifacts) {
    const con = artifacts.EntropyConsole;
    const broken = procedureFailure(con);
    if (broken) return broken;
    const lines = sectionLines(con, 'entropy-avail');
    const first = lines[0];
    if (first === undefined) {
      return abort('entropy-avail-missing', 'The VM console has no entropy-avail line; no verdict.', {
        values: vmEvidence(con),
      });
    }
    const image = String(vmEvidence(con).image);
    const values = { ...vmEvidence(con), entropy_avail: first };
    if (first !== '256') {
      return fail(
        'entropy-avail-not-256',
        `entropy_avail on the sample VM is ${JSON.stringify(first)}, expected 256. Offer images with a kernel >= 5.18 ` +
          'and compute hosts whose CPUs expose RDRAND/RDSEED (x86_64) or RNDR (arm64) to the guests, unfiltered by the hypervisor.',
        { judged: [image], offenders: [{ resource: image, problem: `entropy_avail ${first}` }], values },
      );
    }
    return pass('entropy-avail-256', 'entropy_avail on the sample VM is 256.', { judged: [image], values });
  },
});
