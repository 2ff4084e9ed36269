// Judging in both readings — the standard's text and the SCS reference script — and naming the deviations that
// decided the outcome: the one way every probe (IaaS and KaaS) reports deviations.
import type { JudgeMode } from '../core/judge-mode.js';
import type { ProbeResult } from './types.js';

/**
 * Judge in the run's mode and, for comparison, in the other mode. The judge lists in `deviations` the
 * deviation ids that touched its verdict; they are kept only when the two modes reach different outcomes,
 * i.e. when the deviation decided the outcome.
 */
export function decideWithDeviations(mode: JudgeMode, judge: (mode: JudgeMode) => ProbeResult): ProbeResult {
  const result = judge(mode);
  let other: ProbeResult;
  try {
    other = judge(mode === 'standard' ? 'reference' : 'standard');
  } catch {
    other = { outcome: 'ABORT', messageId: 'other-mode-threw', message: '' };
  }
  const ids = [...new Set([...(result.deviations ?? []), ...(other.deviations ?? [])])];
  const out: ProbeResult = { ...result };
  delete out.deviations;
  if (other.outcome !== result.outcome && ids.length > 0) out.deviations = ids;
  return out;
}
