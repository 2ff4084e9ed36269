// Shared helpers for the scs-0100 probe tests: a probe context and flavors as Nova returns them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flavor } from '../../src/artifacts/iaas.js';
import type { ProbeContext } from '../../src/probes/types.js';
import type { JudgeMode } from '../../src/core/judge-mode.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { defaultFlavorNamingTables } from '../../src/flavor-name/index.js';

export function context(mode: JudgeMode = 'standard', withData = true): ProbeContext {
  return {
    testcaseId: 'scs-0100-test',
    params: {},
    referenceDate: '2026-08-21',
    now: '2026-08-21T12:00:00Z',
    data: withData ? { 'scs-0100-flavor-naming': defaultFlavorNamingTables() } : {},
    mode,
  };
}

let n = 0;
export function flavor(
  name: string,
  vcpus: number,
  ramMiB: number,
  diskGB: number,
  extra: Partial<Flavor> = {},
): Flavor {
  n++;
  return { id: `id-${n}`, name, vcpus, ram: ramMiB, disk: diskGB, extra_specs: {}, ...extra };
}

/** A compliant flavor list (the scs-0103 flavors plus detailed names and two non-SCS flavors). */
export function compliantFlavors(): Flavor[] {
  return JSON.parse(
    readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'iaas', 'scs-0100-flavors.json'), 'utf8'),
  ) as Flavor[];
}
