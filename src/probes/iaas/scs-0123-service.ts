// scs-0123-service-* / -storage-apis: the Keystone catalog lists a service of one of the given types.
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { servicesOfType, serviceLabel } from './support/catalog.js';
import { requireData, stringListParam, stringParam } from './support/data.js';
import { decideWithDeviations, fail, pass } from './support/results.js';

export interface ServicesData {
  versions: Record<string, { standard: string; url: string; mandatory: string[]; supported: string[] }>;
  aliases: Record<string, string[]>;
  s3Types: string[];
}

export const SERVICES_DATA = 'scs-0123-services';

export default defineProbe({
  meta: {
    id: 'scs-0123-service',
    title: 'A mandatory IaaS service is in the service catalog',
    failureTitle: 'A mandatory IaaS service is missing from the service catalog',
    description:
      'The Keystone catalog has a service of one of the bound types (or an alias the OpenStack Service Type ' +
      'Authority defines for it) with at least one endpoint.',
    standards: [
      {
        id: 'scs-0123-v1',
        url: 'https://docs.scs.community/standards/scs-0123-v1-mandatory-and-supported-IaaS-services',
      },
      { id: 'scs-0123-v2', url: 'https://docs.scs.community/standards/scs-0123-v2-services' },
    ],
    artifacts: ['ServiceCatalog'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['types', 'name'],
      properties: {
        types: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'accepted catalog types',
        },
        name: { type: 'string', minLength: 1, description: 'what the service is, for messages' },
      },
    },
    deviations: [
      {
        id: 'sta-aliases',
        standard:
          'scs-0123 v2: "Aliases for these service types are only permitted where defined by the OpenStack Service Type Authority" — e.g. block-storage may appear as volumev3, volumev2, volume or block-store.',
        reference:
          'Accepts exactly the listed types (storage: volume, volumev3, block-storage; volumev2 and block-store are not found).',
      },
      {
        id: 'service-without-endpoint',
        standard:
          '"The endpoints of services MUST be findable through the catalog list": a catalog entry without endpoints does not count.',
        reference: 'Only looks at the service type; entries without endpoints count.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const types = stringListParam(ctx, 'types');
    const name = stringParam(ctx, 'name');
    const data = requireData<ServicesData>(ctx, SERVICES_DATA);
    const catalog = artifacts.ServiceCatalog;
    const aliases = types.flatMap((t) => data.aliases[t] ?? []).filter((a) => !types.includes(a));
    const judged = catalog.map(serviceLabel);

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const accepted = mode === 'reference' ? types : [...types, ...aliases];
      const found = servicesOfType(catalog, accepted);
      const usable = mode === 'reference' ? found : found.filter((s) => s.endpoints.length > 0);
      const devs = [
        ...(found.some((s) => aliases.includes(s.type)) ? ['sta-aliases'] : []),
        ...(found.some((s) => s.endpoints.length === 0) ? ['service-without-endpoint'] : []),
      ];
      const values = {
        accepted,
        found: found.map((s) => ({ type: s.type, name: s.name ?? null, endpoints: s.endpoints.length })),
      };
      if (usable.length === 0) {
        const empty = found.filter((s) => s.endpoints.length === 0);
        return fail(
          'service-missing',
          empty.length > 0
            ? `The ${name} service (${empty.map(serviceLabel).join(', ')}) is in the catalog without endpoints. Register its endpoints in Keystone.`
            : `No service of type ${accepted.join(', ')} (${name}) in the service catalog. Offer the ${name} API and register it in Keystone with its canonical service type ${types[0]}.`,
          {
            judged,
            offenders: [{ resource: name, problem: empty.length ? 'no endpoints' : 'missing' }],
            values,
          },
          { deviations: devs },
        );
      }
      const canonical = usable.filter((s) => s.type === types[0]);
      const warnings =
        mode === 'standard' && canonical.length === 0
          ? [
              `${name} is not registered under its canonical type (${usable.map((s) => s.type).join(', ')}); catalog entries SHOULD use the canonical type ${types[0]}`,
            ]
          : [];
      return pass(
        'service-present',
        `${name} found in the service catalog: ${usable.map(serviceLabel).join(', ')}.`,
        { judged, values },
        { warnings, deviations: devs },
      );
    });
  },
});
