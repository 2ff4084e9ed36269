// Reading the step logs of active checks (ActionStep[]): which step failed, and was it a permission problem.
import type { ActionStep } from '../../../artifacts/iaas.js';

export function failedSteps(steps: ActionStep[]): ActionStep[] {
  return steps.filter((s) => !s.ok);
}

/**
 * Failed steps that say nothing about the cloud (timeouts, resets, rate limits and gateway errors after the
 * retries, bounds): a probe that meets one ABORTs with its cause instead of judging.
 */
export function inconclusiveSteps(steps: ActionStep[]): ActionStep[] {
  return steps.filter((s) => !s.ok && s.inconclusive === true);
}

export function isForbidden(step: ActionStep): boolean {
  return (
    step.status === 403 || /forbidden|not authori[sz]ed to|policy does not allow/i.test(step.detail ?? '')
  );
}

export function describeStep(step: ActionStep): string {
  const bits = [step.status ? `HTTP ${step.status}` : '', step.detail ?? ''].filter(Boolean).join(': ');
  return bits ? `${step.step} (${bits})` : step.step;
}

export function stepsEvidence(steps: ActionStep[]): Array<Record<string, unknown>> {
  return steps.map((s) => ({
    step: s.step,
    ok: s.ok,
    ...(s.status !== undefined ? { status: s.status } : {}),
    ...(s.detail ? { detail: s.detail } : {}),
    ...(s.inconclusive ? { inconclusive: true } : {}),
    ...(s.wait ? { wait: s.wait } : {}),
  }));
}
