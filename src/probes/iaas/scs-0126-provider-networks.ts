// scs-0126-provider-networks: the standard provider network, the default IPv6 subnet pool, a floating IP, RBAC.
import type { ProviderNetwork, ProviderNetworks } from '../../artifacts/provider-networks.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { stringParam } from './support/data.js';
import { abort, fail, listNames, pass } from './support/results.js';

export const REQUIREMENTS = [
  'default-network',
  'ipv6-subnet-pool',
  'ipv4-floating-ip',
  'rbac-restricted',
] as const;

const netLabel = (n: ProviderNetwork) => (n.name ? `${n.name} (${n.id})` : n.id);

function defaultNetwork(a: ProviderNetworks): ProbeResult {
  const defaults = a.externalNetworks.filter((n) => n.is_default === true);
  const values = {
    externalNetworks: a.externalNetworks.map((n) => ({
      id: n.id,
      name: n.name,
      is_default: n.is_default,
      shared: n.shared,
    })),
  };
  const judged = a.externalNetworks.map(netLabel);
  const [std] = defaults;
  if (!std) {
    const noField = a.externalNetworks.length > 0 && a.externalNetworks.every((n) => n.is_default === null);
    return fail(
      'no-default-network',
      a.externalNetworks.length === 0
        ? 'the project sees no external network: provide a standard provider network (external, is_default=True)'
        : `none of the external networks ${listNames(judged)} has is_default=True${noField ? ' (the API shows no is_default field)' : ''}: mark the standard provider network as default`,
      { judged, values },
    );
  }
  if (defaults.length > 1) {
    return fail(
      'several-default-networks',
      `${defaults.length} external networks have is_default=True (${listNames(defaults.map(netLabel))}): exactly one may`,
      {
        judged,
        values,
        offenders: defaults.map((n) => ({ resource: netLabel(n), problem: 'is_default=True' })),
      },
    );
  }
  if (std.shared && std.port_security_enabled !== true) {
    return fail(
      'shared-without-port-security',
      `the standard provider network ${netLabel(std)} is shared but port security is not enabled: enable it`,
      {
        judged,
        values,
        offenders: [{ resource: netLabel(std), problem: 'shared, port_security_enabled is not true' }],
      },
    );
  }
  const others = a.externalNetworks.filter((n) => n !== std);
  const warnings = others.length
    ? [
        `SHOULD: the standard provider network should be the only one available by default; the project also sees ${listNames(others.map(netLabel))}`,
      ]
    : [];
  return pass(
    'default-network',
    `the standard provider network is ${netLabel(std)}`,
    { judged, values },
    { warnings },
  );
}

/** True when prefix length 64 can be allocated from the pool. */
function allows64(p: ProviderNetworks['subnetPools'][number]): boolean {
  return (p.min_prefixlen ?? 0) <= 64 && 64 <= (p.max_prefixlen ?? 128);
}

function ipv6Pool(a: ProviderNetworks): ProbeResult {
  const v6 = a.subnetPools.filter((p) => p.ip_version === 6);
  const candidates = v6.filter((p) => p.shared && p.is_default);
  const values = { subnetPools: a.subnetPools };
  const judged = v6.map((p) => p.name ?? p.id);
  const [pool] = candidates;
  if (!pool) {
    return fail(
      'no-default-ipv6-pool',
      'no shared IPv6 subnet pool with is_default=True: provide one for the allocation of external IPv6 prefixes',
      { judged, values },
    );
  }
  if (candidates.length > 1) {
    return fail(
      'several-default-ipv6-pools',
      `${candidates.length} shared IPv6 subnet pools have is_default=True (${listNames(candidates.map((p) => p.name ?? p.id))}): exactly one may`,
      { judged, values },
    );
  }
  if (!allows64(pool)) {
    return fail(
      'ipv6-pool-no-64',
      `the default IPv6 subnet pool ${pool.name ?? pool.id} does not allow /64 prefixes (min ${pool.min_prefixlen}, max ${pool.max_prefixlen}): every project needs at least one /64`,
      { judged, values },
    );
  }
  const notGua = pool.prefixes.filter((p) => !/^[23][0-9a-f]{0,3}:/i.test(p));
  const warnings = notGua.length
    ? [
        `the default IPv6 pool has prefixes outside the global unicast range 2000::/3 (${listNames(notGua)}); a public cloud MUST hand out GUA`,
      ]
    : [];
  return pass(
    'default-ipv6-pool',
    `the default IPv6 subnet pool is ${pool.name ?? pool.id} (${pool.prefixes.join(', ')})`,
    { judged, values },
    { warnings },
  );
}

function floatingIp(a: ProviderNetworks): ProbeResult {
  const defaults = a.externalNetworks.filter((n) => n.is_default === true);
  const values = { floatingIp: a.floatingIp ?? null };
  const [std] = defaults;
  if (!std || defaults.length !== 1 || !a.floatingIp) {
    return abort(
      'no-standard-network',
      'no single standard provider network to allocate a floating IP from (see the default-network testcase)',
      { values },
    );
  }
  const fip = a.floatingIp;
  if (fip.allocated) {
    return pass(
      'floating-ip-allocated',
      `a floating IP (${fip.address ?? 'address not shown'}) was allocated from ${netLabel(std)} and released`,
      { judged: [netLabel(std)], values },
    );
  }
  const hasV4 = std.subnets.some((s) => s.ip_version === 4);
  const noV4 =
    /does not contain any IPv4 subnet/i.test(fip.detail ?? '') || (!hasV4 && std.subnets.length > 0);
  if (noV4) {
    return pass(
      'ipv4-not-offered',
      `the standard provider network ${netLabel(std)} offers no external IPv4, so no floating IP is required`,
      { judged: [netLabel(std)], values },
      { warnings: ['SHOULD: the CSP should offer allocation of external IPv4 addresses to user projects'] },
    );
  }
  return fail(
    'floating-ip-refused',
    `allocating a floating IP from ${netLabel(std)} failed (${fip.status ?? ''} ${fip.detail ?? ''}): every project needs at least one external floating IP`,
    {
      judged: [netLabel(std)],
      values,
      offenders: [{ resource: netLabel(std), problem: fip.detail ?? 'refused' }],
    },
  );
}

function rbac(a: ProviderNetworks): ProbeResult {
  const values = { rbac: a.rbac ?? null };
  if (!a.rbac) return abort('rbac-not-tried', 'the RBAC check did not run', { values });
  if (a.rbac.refused) {
    return pass('rbac-refused', `creating a network RBAC policy was refused (${a.rbac.status ?? ''})`, {
      values,
    });
  }
  return pass(
    'rbac-allowed',
    'a member could create a network RBAC policy',
    { values },
    {
      warnings: [
        'SHOULD: users should be prohibited by policy from creating Networking RBAC rules (faux provider networks); see scs-0126-w1',
      ],
    },
  );
}

export default defineProbe({
  meta: {
    id: 'scs-0126-provider-networks',
    title:
      'The project has the standard provider network, a default IPv6 pool, floating IPs and no RBAC creation',
    failureTitle: 'A provider-network requirement of scs-0126 is not met',
    description:
      'What a member can see of scs-0126: one external network with is_default=True (port security when shared), ' +
      'exactly one shared default IPv6 subnet pool that allows /64, a floating IP allocatable from the standard ' +
      'provider network when IPv4 is offered, and network RBAC creation refused (SHOULD, a warning).',
    standards: [
      {
        id: 'scs-0126-v1',
        url: 'https://docs.scs.community/standards/scs-0126-v1-provider-networks#standard',
      },
    ],
    artifacts: ['ProviderNetworks'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['requirement'],
      properties: { requirement: { enum: [...REQUIREMENTS] } },
    },
  },
  evaluate(artifacts, ctx) {
    const a = artifacts.ProviderNetworks;
    const requirement = stringParam(ctx, 'requirement');
    switch (requirement) {
      case 'default-network':
        return defaultNetwork(a);
      case 'ipv6-subnet-pool':
        return ipv6Pool(a);
      case 'ipv4-floating-ip':
        return floatingIp(a);
      case 'rbac-restricted':
        return rbac(a);
      default:
        throw new Error(`unknown scs-0126 requirement '${requirement}' (one of ${REQUIREMENTS.join(', ')})`);
    }
  },
});
