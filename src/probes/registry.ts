// The probe registry: every probe the tool ships, looked up by id.
import { iaasProbes } from './iaas/index.js';
import { kaasProbes } from './kaas/index.js';
import type { Probe } from './types.js';

export interface ProbeRegistry {
  get(id: string): Probe | undefined;
  all(): Probe[];
}

export function createRegistry(probes: Probe[]): ProbeRegistry {
  const map = new Map<string, Probe>();
  for (const p of probes) {
    if (map.has(p.meta.id)) throw new Error(`duplicate probe id '${p.meta.id}'`);
    map.set(p.meta.id, p);
  }
  return { get: (id) => map.get(id), all: () => [...map.values()] };
}

let builtin: ProbeRegistry | undefined;

export function builtinRegistry(): ProbeRegistry {
  builtin ??= createRegistry([...iaasProbes, ...kaasProbes]);
  return builtin;
}
