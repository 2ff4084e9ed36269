// scs-0126-provider-networks: each requirement of the text a member can see, MUST as FAIL, SHOULD as a warning.
import { describe, expect, it } from 'vitest';
import type { ProviderNetwork, ProviderNetworks } from '../../src/artifacts/provider-networks.js';
import probe from '../../src/probes/iaas/scs-0126-provider-networks.js';
import { run } from './helpers.js';

const net = (over: Partial<ProviderNetwork> = {}): ProviderNetwork => ({
  id: 'n-public',
  name: 'public',
  is_default: true,
  shared: false,
  port_security_enabled: true,
  subnets: [{ id: 's4', ip_version: 4, cidr: '203.0.113.0/24' }],
  ...over,
});
const pool6 = {
  id: 'p6',
  name: 'v6',
  ip_version: 6,
  is_default: true,
  shared: true,
  min_prefixlen: 48,
  max_prefixlen: 64,
  default_prefixlen: 64,
  prefixes: ['2001:db8::/32'],
};
const good = (over: Partial<ProviderNetworks> = {}): ProviderNetworks => ({
  extensions: ['dns-integration', 'dns-domain-ports'],
  dnsService: false,
  externalNetworks: [net()],
  subnetPools: [pool6],
  floatingIp: { network: 'n-public', allocated: true, address: '203.0.113.10' },
  rbac: { refused: true, status: 403 },
  steps: [],
  ...over,
});
const judge = (requirement: string, a: ProviderNetworks) =>
  run(probe, { ProviderNetworks: a }, { params: { requirement } });

describe('scs-0126-provider-networks: default-network (MUST)', () => {
  it('passes exactly one external network with is_default=True', () => {
    expect(judge('default-network', good()).messageId).toBe('default-network');
  });
  it('fails without any default network, and without any external network', () => {
    expect(judge('default-network', good({ externalNetworks: [net({ is_default: false })] })).messageId).toBe(
      'no-default-network',
    );
    expect(judge('default-network', good({ externalNetworks: [] })).outcome).toBe('FAIL');
  });
  it('fails two default networks', () => {
    const r = judge(
      'default-network',
      good({ externalNetworks: [net(), net({ id: 'n2', name: 'public2' })] }),
    );
    expect(r.messageId).toBe('several-default-networks');
  });
  it('fails a shared default network without port security', () => {
    const r = judge(
      'default-network',
      good({ externalNetworks: [net({ shared: true, port_security_enabled: false })] }),
    );
    expect(r.messageId).toBe('shared-without-port-security');
    expect(judge('default-network', good({ externalNetworks: [net({ shared: true })] })).outcome).toBe(
      'PASS',
    );
  });
  it('warns (SHOULD) about further provider networks', () => {
    const r = judge(
      'default-network',
      good({ externalNetworks: [net(), net({ id: 'n2', name: 'legacy', is_default: false })] }),
    );
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('legacy');
  });
});

describe('scs-0126-provider-networks: ipv6-subnet-pool (MUST)', () => {
  it('passes one shared default IPv6 pool that allows /64', () => {
    expect(judge('ipv6-subnet-pool', good()).messageId).toBe('default-ipv6-pool');
  });
  it('fails a missing, unshared, non-default, duplicated or /64-less pool', () => {
    expect(judge('ipv6-subnet-pool', good({ subnetPools: [] })).messageId).toBe('no-default-ipv6-pool');
    expect(judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, shared: false }] })).messageId).toBe(
      'no-default-ipv6-pool',
    );
    expect(
      judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, is_default: false }] })).messageId,
    ).toBe('no-default-ipv6-pool');
    expect(judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, ip_version: 4 }] })).messageId).toBe(
      'no-default-ipv6-pool',
    );
    expect(judge('ipv6-subnet-pool', good({ subnetPools: [pool6, { ...pool6, id: 'p7' }] })).messageId).toBe(
      'several-default-ipv6-pools',
    );
    expect(
      judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, min_prefixlen: 80, max_prefixlen: 96 }] }))
        .messageId,
    ).toBe('ipv6-pool-no-64');
    expect(
      judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, max_prefixlen: 56 }] })).messageId,
    ).toBe('ipv6-pool-no-64');
  });
  it('warns when the pool is not global unicast', () => {
    const r = judge('ipv6-subnet-pool', good({ subnetPools: [{ ...pool6, prefixes: ['fd00::/48'] }] }));
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('fd00::/48');
  });
});

describe('scs-0126-provider-networks: ipv4-floating-ip (MUST if IPv4 is offered)', () => {
  it('passes an allocated floating IP', () => {
    expect(judge('ipv4-floating-ip', good()).messageId).toBe('floating-ip-allocated');
  });
  it('fails a refused allocation where the network has IPv4', () => {
    const r = judge(
      'ipv4-floating-ip',
      good({ floatingIp: { network: 'n-public', allocated: false, status: 409, detail: 'Quota exceeded' } }),
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('floating-ip-refused');
  });
  it('passes with a SHOULD warning when no external IPv4 is offered at all', () => {
    const r = judge(
      'ipv4-floating-ip',
      good({
        externalNetworks: [net({ subnets: [{ id: 's6', ip_version: 6, cidr: '2001:db8:1::/64' }] })],
        floatingIp: {
          network: 'n-public',
          allocated: false,
          status: 400,
          detail: 'Network n-public does not contain any IPv4 subnet.',
        },
      }),
    );
    expect(r.messageId).toBe('ipv4-not-offered');
    expect(r.warnings?.[0]).toMatch(/^SHOULD/);
  });
  it('aborts without a single standard provider network', () => {
    const a = good({ externalNetworks: [net({ is_default: false })] });
    delete a.floatingIp;
    expect(judge('ipv4-floating-ip', a).outcome).toBe('ABORT');
  });
});

describe('scs-0126-provider-networks: rbac-restricted (SHOULD)', () => {
  it('passes a refused RBAC policy and warns when a member could create one', () => {
    expect(judge('rbac-restricted', good()).messageId).toBe('rbac-refused');
    const r = judge('rbac-restricted', good({ rbac: { refused: false } }));
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('rbac-allowed');
    expect(r.warnings?.[0]).toMatch(/^SHOULD/);
  });
  it('aborts on an unknown requirement', () => {
    expect(judge('bgp', good()).outcome).toBe('ABORT');
  });
});
