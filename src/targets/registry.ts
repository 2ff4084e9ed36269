// The targets scs-cert can certify; a scope is served by the target whose variables it declares.
import type { Target } from './types.js';

const targets: Target[] = [];

export function registerTarget(t: Target): void {
  if (!targets.some((x) => x.kind === t.kind)) targets.push(t);
}

export function targetFor(variables: string[]): Target | undefined {
  return targets.find((t) => t.serves(variables));
}
