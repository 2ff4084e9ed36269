// Maps a run verdict to the documented exit code.
import type { RunVerdict } from '../results/verdict.js';
import { EXIT } from '../core/exit-codes.js';

export function exitCodeFor(verdict: RunVerdict): number {
  return verdict === 'compliant'
    ? EXIT.COMPLIANT
    : verdict === 'non-compliant'
      ? EXIT.NON_COMPLIANT
      : EXIT.INCOMPLETE;
}
