// Aggregation of testcase outcomes into target and version verdicts (scs_cert_lib.evaluate precedence).
import type { OutcomeOrMissing } from './types.js';

export interface Counts {
  passed: number;
  failed: number;
  aborted: number;
  missing: number;
}

export function countOutcomes(outcomes: OutcomeOrMissing[]): Counts {
  const c: Counts = { passed: 0, failed: 0, aborted: 0, missing: 0 };
  for (const o of outcomes) {
    if (o === 'PASS') c.passed++;
    else if (o === 'FAIL') c.failed++;
    else if (o === 'ABORT') c.aborted++;
    else c.missing++;
  }
  return c;
}

/** FAIL > MISSING > ABORT > PASS; an empty list passes (as in scs_cert_lib). */
export function combine(outcomes: OutcomeOrMissing[]): OutcomeOrMissing {
  if (outcomes.includes('FAIL')) return 'FAIL';
  if (outcomes.includes('MISSING')) return 'MISSING';
  if (outcomes.includes('ABORT')) return 'ABORT';
  return 'PASS';
}

/** The reference runner's console verdict: any failed or aborted testcase prints FAIL. */
export function consoleVerdict(c: Counts): 'FAIL' | 'TENTATIVE pass' | 'PASS' {
  if (c.failed > 0 || c.aborted > 0) return 'FAIL';
  if (c.missing > 0) return 'TENTATIVE pass';
  return 'PASS';
}

export type RunVerdict = 'compliant' | 'non-compliant' | 'incomplete';

export function versionVerdict(mainResult: OutcomeOrMissing, testcasesRun: number): RunVerdict {
  if (testcasesRun === 0) return 'incomplete';
  if (mainResult === 'FAIL') return 'non-compliant';
  if (mainResult === 'PASS') return 'compliant';
  return 'incomplete';
}
