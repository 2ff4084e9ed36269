// scs-0103-flavor-*: one standard flavor exists with exactly the figures and extra specs the standard tabulates.
import type { Flavor } from '../../artifacts/iaas.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { requireData, stringParam } from './support/data.js';
import { abort, decideWithDeviations, fail, pass } from './support/results.js';

export interface StandardFlavor {
  name: string;
  status: 'mandatory' | 'recommended';
  vcpus: number;
  cpuType: string;
  ram: number;
  disk: number;
  disk0Type: 'none' | 'any' | string;
  extraSpecs: Record<string, string>;
  referenceExtraSpecs?: Record<string, string>;
}

export interface StandardFlavorsData {
  standard: string;
  url: string;
  lookupExtraSpec: string;
  cpuTypes: string[];
  diskTypes: string[];
  flavors: StandardFlavor[];
}

export const STANDARD_FLAVORS_DATA = 'scs-0103-standard-flavors';

/** Every mismatch of `flavor` against `spec`, as `field: actual should be expected`. */
function mismatches(
  flavor: Flavor,
  spec: StandardFlavor,
  data: StandardFlavorsData,
  reference: boolean,
): string[] {
  const out: string[] = [];
  const specs = flavor.extra_specs ?? {};
  const cmp = (field: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      out.push(`${field}: ${JSON.stringify(actual ?? null)} should be ${JSON.stringify(expected)}`);
  };
  cmp('vcpus', flavor.vcpus, spec.vcpus);
  cmp('ram', flavor.ram, spec.ram);
  cmp('disk', flavor.disk ?? 0, spec.disk);
  const expected = reference ? { ...spec.extraSpecs, ...(spec.referenceExtraSpecs ?? {}) } : spec.extraSpecs;
  for (const [key, value] of Object.entries(expected)) cmp(key, specs[key], value);
  if (!reference) {
    const d0 = specs['scs:disk0-type'];
    if (spec.disk0Type === 'none' && d0 !== undefined) {
      out.push(`scs:disk0-type: ${JSON.stringify(d0)} should not be set (the flavor has no root disk)`);
    }
    if (spec.disk0Type === 'any' && (d0 === undefined || !data.diskTypes.includes(d0))) {
      out.push(`scs:disk0-type: ${JSON.stringify(d0 ?? null)} should be one of ${data.diskTypes.join(', ')}`);
    }
  }
  return out;
}

export default defineProbe({
  meta: {
    id: 'scs-0103-standard-flavor',
    title: 'A standard flavor is present with the exact figures and extra specs',
    failureTitle: 'A standard flavor is missing or differs from the standard',
    description:
      'Looks the flavor up by extra spec scs:name-v2, then by name, and compares vCPUs, RAM, root disk and the ' +
      'extra specs scs:name-v1, scs:name-v2, scs:cpu-type and scs:disk0-type with the table of scs-0103.',
    standards: [
      { id: 'scs-0103-v1', url: 'https://docs.scs.community/standards/scs-0103-v1-standard-flavors' },
    ],
    artifacts: ['Flavors'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^SCS-', description: 'standard flavor name, e.g. SCS-1V-4' },
      },
    },
    deviations: [
      {
        id: 'disk0-type-any',
        standard:
          'Recommended flavors with a root disk of type "(any)": scs:disk0-type must be set "to ssd or some other value, reflecting the disk type" (network, hdd, ssd or nvme).',
        reference: 'Demands exactly scs:disk0-type=network for these flavors.',
      },
      {
        id: 'disk0-type-diskless',
        standard:
          '"scs:disk0-type not set if no disk is provided": a diskless standard flavor must not carry it.',
        reference: 'Does not look at scs:disk0-type on diskless flavors.',
      },
      {
        id: 'duplicate-name-v2',
        standard:
          'The flavor exists if any flavor advertising the name (scs:name-v2, else its name) meets the table.',
        reference: 'Keeps one flavor per scs:name-v2 value (the last one listed) and judges only that one.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const name = stringParam(ctx, 'name');
    const data = requireData<StandardFlavorsData>(ctx, STANDARD_FLAVORS_DATA);
    const spec = data.flavors.find((f) => f.name === name);
    if (!spec) {
      return abort(
        'standard-flavor-unknown',
        `${name} is not a standard flavor in ${STANDARD_FLAVORS_DATA}; fix the binding.`,
      );
    }
    const flavors = artifacts.Flavors;
    const byExtraSpec = flavors.filter((f) => (f.extra_specs ?? {})[data.lookupExtraSpec] === name);
    const byName = flavors.filter((f) => f.name === name);
    const values = {
      name,
      status: spec.status,
      expected: { vcpus: spec.vcpus, ram: spec.ram, disk: spec.disk },
    };

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const reference = mode === 'reference';
      const candidates = byExtraSpec.length > 0 ? byExtraSpec : byName;
      if (candidates.length === 0) {
        return fail(
          'standard-flavor-missing',
          `Standard flavor ${name} (${spec.status}) is missing: no flavor has ${data.lookupExtraSpec}=${name} or the name ${name}. ` +
            `Create it with ${spec.vcpus} vCPUs, ${spec.ram} MiB RAM, ${spec.disk} GB disk and its scs: extra specs.`,
          { judged: [], offenders: [{ resource: name, problem: 'missing' }], values },
        );
      }
      // The reference keeps one flavor per lookup key: the last one by extra spec, else the first by name.
      const judgedFlavors = !reference
        ? candidates
        : byExtraSpec.length > 0
          ? candidates.slice(-1)
          : candidates.slice(0, 1);
      const results = judgedFlavors.map((f) => ({
        flavor: f,
        problems: mismatches(f, spec, data, reference),
      }));
      const good = results.find((r) => r.problems.length === 0);
      const deviations = [
        'disk0-type-any',
        'disk0-type-diskless',
        ...(candidates.length > 1 ? ['duplicate-name-v2'] : []),
      ];
      const judged = judgedFlavors.map((f) => `${f.name} (${f.id})`);
      if (good) {
        return pass(
          'standard-flavor-present',
          `Standard flavor ${name} is present as ${good.flavor.name} with the required figures and extra specs.`,
          { judged, values: { ...values, flavor: good.flavor.name, flavorId: good.flavor.id } },
          { deviations },
        );
      }
      const offenders = results.map((r) => ({
        resource: r.flavor.name,
        id: r.flavor.id,
        problem: r.problems.join('; '),
      }));
      return fail(
        'standard-flavor-mismatch',
        `Standard flavor ${name} differs from scs-0103: ${offenders.map((o) => `${o.resource}: ${o.problem}`).join(' | ')}. ` +
          'Correct the figures or extra specs (openstack flavor set --property ...); figures of a flavor cannot change, so recreate it if needed.',
        { judged, offenders, values },
        { deviations },
      );
    });
  },
});
