// scs-0127-dns-extensions: the Networking API offers `dns-integration` (and `dns-domain-ports` with DNSaaS).
import { defineProbe } from '../types.js';
import { stringParam } from './support/data.js';
import { pass } from './support/results.js';

export default defineProbe({
  meta: {
    id: 'scs-0127-dns-extensions',
    title: 'The Networking API offers the DNS extension scs-0127 recommends',
    failureTitle: 'The Networking API lacks a DNS extension scs-0127 recommends',
    description:
      'scs-0127 says the "dns-integration" extension SHOULD be enabled (internal DNS), and, in clouds that offer ' +
      'DNS-as-a-Service, the "dns-domain-ports" extension SHOULD be enabled. Both are SHOULDs: a missing extension ' +
      'is a warning. The DHCP/recursor settings of the text are not visible through the API.',
    standards: [
      { id: 'scs-0127-v1', url: 'https://docs.scs.community/standards/scs-0127-v1-dns#internal-dns' },
    ],
    artifacts: ['ProviderNetworks'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['extension'],
      properties: {
        extension: { enum: ['dns-integration', 'dns-domain-ports'] },
        onlyWithDnsService: {
          type: 'boolean',
          description: 'applies only when the catalog has a dns service',
        },
      },
    },
  },
  evaluate(artifacts, ctx) {
    const a = artifacts.ProviderNetworks;
    const ext = stringParam(ctx, 'extension');
    const values = { extension: ext, dnsService: a.dnsService, extensions: a.extensions };
    if (ctx.params.onlyWithDnsService === true && !a.dnsService) {
      return pass(
        'not-applicable',
        `the cloud offers no DNS-as-a-Service (no dns service in the catalog), so ${ext} is not asked for`,
        { values },
      );
    }
    if (a.extensions.includes(ext))
      return pass('extension-enabled', `the Networking API offers ${ext}`, { values });
    return pass(
      'extension-missing',
      `the Networking API does not offer ${ext}`,
      { values },
      {
        warnings: [
          `SHOULD: enable the "${ext}" extension of the Networking API (Neutron ML2 extension_drivers, see scs-0127)`,
        ],
      },
    );
  },
});
