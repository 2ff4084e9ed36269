// What both scs-0100 probes share: the naming tables and the judging profile from a probe context.
import type { JudgeMode } from '../../../core/judge-mode.js';
import {
  FLAVOR_NAMING_DATA_ID,
  type FlavorNamingTables,
  resolveTables,
} from '../../../flavor-name/tables.js';
import type { ProbeContext } from '../../types.js';

export const SCS_0100_STANDARD = {
  id: 'scs-0100-v3',
  url: 'https://docs.scs.community/standards/scs-0100-v3-flavor-naming',
};

/** Naming tables from `ctx.data` (validated), or the package's own when the runner did not load them. */
export function tablesFrom(ctx: ProbeContext): FlavorNamingTables {
  return resolveTables(ctx.data[FLAVOR_NAMING_DATA_ID]);
}

export function profileOf(ctx: ProbeContext): JudgeMode {
  return ctx.mode;
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
