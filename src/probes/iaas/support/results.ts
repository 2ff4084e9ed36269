// Small builders for probe results, so every IaaS probe phrases outcomes, evidence and deviations alike.
import type { Evidence, ProbeResult } from '../../../results/types.js';

export type Offender = { resource: string; problem: string; [key: string]: unknown };

export function pass(
  messageId: string,
  message: string,
  evidence?: Evidence,
  extra?: Partial<ProbeResult>,
): ProbeResult {
  return withExtra({ outcome: 'PASS', messageId, message, ...(evidence ? { evidence } : {}) }, extra);
}

export function fail(
  messageId: string,
  message: string,
  evidence?: Evidence,
  extra?: Partial<ProbeResult>,
): ProbeResult {
  return withExtra({ outcome: 'FAIL', messageId, message, ...(evidence ? { evidence } : {}) }, extra);
}

export function abort(
  messageId: string,
  message: string,
  evidence?: Evidence,
  extra?: Partial<ProbeResult>,
): ProbeResult {
  return withExtra({ outcome: 'ABORT', messageId, message, ...(evidence ? { evidence } : {}) }, extra);
}

function withExtra(result: ProbeResult, extra?: Partial<ProbeResult>): ProbeResult {
  if (!extra) return result;
  const out: ProbeResult = { ...result, ...extra };
  // Empty lists carry no information; keep reports small and stable.
  if (out.warnings && out.warnings.length === 0) delete out.warnings;
  if (out.deviations && out.deviations.length === 0) delete out.deviations;
  return out;
}

/** Short list of resource names for a message, e.g. `a, b, c and 4 more`. */
export function listNames(names: string[], max = 5): string {
  const uniq = [...new Set(names)];
  if (uniq.length <= max) return uniq.join(', ');
  return `${uniq.slice(0, max).join(', ')} and ${uniq.length - max} more`;
}

/**
 * Judge in the run's mode and, for comparison, in the other mode. The judge lists in `deviations` the
 * deviation ids that touched its verdict; they are kept only when the two modes reach different outcomes,
 * i.e. when the deviation decided the outcome.
 */
export function decideWithDeviations(
  mode: 'standard' | 'reference',
  judge: (mode: 'standard' | 'reference') => ProbeResult,
): ProbeResult {
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
