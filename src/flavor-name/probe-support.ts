// What both scs-0100 probes share: reading the Flavors artifact and the naming tables from a probe context.
import type { Flavor } from '../artifacts/iaas.js';
import type { ArtifactValues, ProbeContext } from '../probes/types.js';
import type { NamingProfile } from './model.js';
import { FLAVOR_NAMING_DATA_ID, type FlavorNamingTables, resolveTables } from './tables.js';

export const SCS_0100_STANDARD = {
  id: 'scs-0100-v3',
  url: 'https://docs.scs.community/standards/scs-0100-v3-flavor-naming',
};

/** The Flavors artifact, checked for the fields the probes read; throws (-> ABORT) when it is unusable. */
export function readFlavors(artifacts: ArtifactValues, needSizes: boolean): Flavor[] {
  const value = artifacts.Flavors;
  if (value === undefined)
    throw new Error('the Flavors artifact is missing (the flavor list could not be gathered)');
  if (!Array.isArray(value)) throw new Error('the Flavors artifact is not a list of flavors');
  value.forEach((f: unknown, i) => {
    const flavor = f as Partial<Flavor> | null;
    if (typeof flavor !== 'object' || flavor === null || typeof flavor.name !== 'string') {
      throw new Error(`the Flavors artifact entry ${i} has no name`);
    }
    if (needSizes) {
      for (const key of ['vcpus', 'ram', 'disk'] as const) {
        if (typeof flavor[key] !== 'number') throw new Error(`flavor ${flavor.name} has no numeric ${key}`);
      }
    }
  });
  return value as Flavor[];
}

/** Naming tables from `ctx.data` (validated), or the package's own when the runner did not load them. */
export function tablesFrom(ctx: ProbeContext): FlavorNamingTables {
  return resolveTables(ctx.data[FLAVOR_NAMING_DATA_ID]);
}

export function profileOf(ctx: ProbeContext): NamingProfile {
  return ctx.mode === 'reference' ? 'reference' : 'standard';
}

/** "a, b, c and 4 more" for messages that must stay one readable line. */
export function listSome(items: string[], max = 5): string {
  if (items.length <= max) return items.join('; ');
  return `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}

/** The reference's reading of flavor RAM: tenths of GiB, int((ram_MiB + 51) / 102.4) / 10. */
export function referenceRamGiB(ramMiB: number): number {
  return Math.trunc((ramMiB + 51) / 102.4) / 10;
}
