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

export { decideWithDeviations } from '../../../results/deviations.js';
