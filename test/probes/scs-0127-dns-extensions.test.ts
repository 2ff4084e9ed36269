// scs-0127-dns-extensions: SHOULD-level extensions give warnings; dns-domain-ports applies only with DNSaaS.
import { describe, expect, it } from 'vitest';
import type { ProviderNetworks } from '../../src/artifacts/provider-networks.js';
import probe from '../../src/probes/iaas/scs-0127-dns-extensions.js';
import { run } from './helpers.js';

const art = (extensions: string[], dnsService = false): ProviderNetworks => ({
  extensions,
  dnsService,
  externalNetworks: [],
  subnetPools: [],
  steps: [],
});
const judge = (params: Record<string, unknown>, a: ProviderNetworks) =>
  run(probe, { ProviderNetworks: a }, { params });

describe('scs-0127-dns-extensions', () => {
  it('passes an enabled dns-integration and warns when it is missing', () => {
    expect(judge({ extension: 'dns-integration' }, art(['dns-integration'])).messageId).toBe(
      'extension-enabled',
    );
    const r = judge({ extension: 'dns-integration' }, art(['external-net']));
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('extension-missing');
    expect(r.warnings?.[0]).toContain('dns-integration');
  });
  it('asks for dns-domain-ports only when the catalog has DNS-as-a-Service', () => {
    const params = { extension: 'dns-domain-ports', onlyWithDnsService: true };
    expect(judge(params, art([])).messageId).toBe('not-applicable');
    expect(judge(params, art([], true)).messageId).toBe('extension-missing');
    expect(judge(params, art(['dns-domain-ports'], true)).messageId).toBe('extension-enabled');
  });
});
