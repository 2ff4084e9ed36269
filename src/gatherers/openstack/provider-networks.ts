// ProviderNetworks: external networks, subnet pools and extensions as the member sees them, plus two active checks —
// allocate a floating IP from the default external network, and try to create a network RBAC policy (scs-0126/0127).
import type { LedgerEntry } from '../../core/ledger.js';
import type { ProviderNetwork, ProviderNetworks, SubnetPool } from '../../artifacts/provider-networks.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { isInconclusive } from '../../clients/openstack/errors.js';
import type { GatherContext, Gatherer } from '../types.js';
import { StepLog, cleanupSignal, errorStatus, errorText, openstackClient } from './common.js';
import { createTracked, deleteTracked } from './tracked.js';

interface RawNetwork {
  id: string;
  name?: string | null;
  is_default?: boolean | null;
  shared?: boolean;
  port_security_enabled?: boolean | null;
  subnets?: string[];
}
interface RawSubnet {
  id: string;
  network_id: string;
  ip_version: number;
  cidr: string;
}
interface RawPool {
  id: string;
  name?: string | null;
  ip_version: number;
  is_default?: boolean;
  shared?: boolean;
  min_prefixlen?: number | string | null;
  max_prefixlen?: number | string | null;
  default_prefixlen?: number | string | null;
  prefixes?: string[];
}

const int = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined || v === '' ? null : Number(v);

/** A failure that says nothing about the cloud's provider networking: the runner makes it ABORT. */
function noAnswer(err: unknown): boolean {
  const status = errorStatus(err);
  return status === undefined || status >= 500 || isInconclusive(err);
}

async function allocateFloatingIp(
  c: OpenStackClient,
  ctx: GatherContext,
  log: StepLog,
  network: ProviderNetwork,
): Promise<NonNullable<ProviderNetworks['floatingIp']>> {
  let entry: LedgerEntry | undefined;
  // A floating IP has no name: the run-prefixed name is its description, which finds it after a lost answer.
  const name = `${ctx.ledger.prefix}fip`;
  let address: string | undefined;
  try {
    await createTracked(c, ctx, {
      kind: 'floating-ip',
      name,
      createdBy: 'ProviderNetworks',
      steps: log,
      step: 'create-floating-ip',
      onIntent: (e) => (entry = e),
      create: async () => {
        const res = await c.post<{ floatingip?: { id?: string; floating_ip_address?: string } }>(
          'network',
          '/floatingips',
          { floatingip: { floating_network_id: network.id, description: name } },
          { signal: ctx.signal },
        );
        address = res?.floatingip?.floating_ip_address;
        return res?.floatingip?.id;
      },
    });
    return { network: network.id, allocated: true, ...(address && { address }) };
  } catch (err) {
    // A transient fault is not an answer about the cloud's floating IPs: let the runner make it ABORT.
    if (noAnswer(err)) throw err;
    return { network: network.id, allocated: false, status: errorStatus(err), detail: errorText(err) };
  } finally {
    if (entry)
      await deleteTracked(c, ctx, entry, {
        service: 'network',
        path: '/floatingips/{id}',
        steps: log,
        signal: cleanupSignal(120_000),
      });
  }
}

/** RBAC policies have no name: ours is the one sharing our network with our project. */
function rbacFinder(c: OpenStackClient, networkId: string, target: string) {
  return async (signal: AbortSignal): Promise<string[]> =>
    (
      await c.list<{ id?: string; object_id?: string; action?: string; target_tenant?: string }>(
        'network',
        '/rbac-policies',
        'rbac_policies',
        { query: { object_id: networkId, object_type: 'network' }, signal },
      )
    )
      .filter(
        (p) =>
          p.object_id === networkId &&
          p.action === 'access_as_shared' &&
          p.target_tenant === target &&
          typeof p.id === 'string',
      )
      .map((p) => p.id as string);
}

async function tryRbac(
  c: OpenStackClient,
  ctx: GatherContext,
  log: StepLog,
): Promise<NonNullable<ProviderNetworks['rbac']>> {
  const projectId = await c.projectId(ctx.signal);
  const name = `${ctx.ledger.prefix}rbac-net`;
  const target = projectId ?? '*';
  let net: LedgerEntry | undefined;
  let policy: LedgerEntry | undefined;
  try {
    const created = await createTracked(c, ctx, {
      kind: 'network',
      name,
      createdBy: 'ProviderNetworks',
      steps: log,
      step: 'create-network',
      onIntent: (e) => (net = e),
      create: async () =>
        (
          await c.post<{ network?: { id?: string } }>(
            'network',
            '/networks',
            { network: { name } },
            { signal: ctx.signal },
          )
        )?.network?.id,
    });
    try {
      await createTracked(c, ctx, {
        kind: 'rbac-policy',
        name: `${name} rbac`,
        createdBy: 'ProviderNetworks',
        steps: log,
        step: 'create-rbac-policy',
        find: rbacFinder(c, created.id, target),
        onIntent: (e) => (policy = e),
        create: async () =>
          (
            await c.post<{ rbac_policy?: { id?: string } }>(
              'network',
              '/rbac-policies',
              {
                rbac_policy: {
                  object_type: 'network',
                  object_id: created.id,
                  action: 'access_as_shared',
                  target_tenant: target,
                },
              },
              { signal: ctx.signal },
            )
          )?.rbac_policy?.id,
      });
      return { refused: false };
    } catch (err) {
      const status = errorStatus(err);
      if (status === 401 || status === 403) return { refused: true, status, detail: errorText(err) };
      throw err;
    }
  } finally {
    const signal = cleanupSignal(120_000);
    if (policy)
      await deleteTracked(c, ctx, policy, {
        service: 'network',
        path: '/rbac-policies/{id}',
        steps: log,
        signal,
      });
    if (net)
      await deleteTracked(c, ctx, net, { service: 'network', path: '/networks/{id}', steps: log, signal });
  }
}

export const providerNetworksGatherer: Gatherer<ProviderNetworks> = {
  artifact: 'ProviderNetworks',
  description:
    'External networks, subnet pools and Networking extensions; allocates one floating IP and tries a network RBAC policy',
  active: true,
  async gather(ctx) {
    const c = openstackClient(ctx);
    const log = new StepLog();
    const signal = ctx.signal;
    const [extensions, nets, subnets, pools, dnsService] = await Promise.all([
      c.list<{ alias: string }>('network', '/extensions', 'extensions', { signal }),
      c.list<RawNetwork>('network', '/networks', 'networks', {
        query: { 'router:external': 'true' },
        signal,
      }),
      c.list<RawSubnet>('network', '/subnets', 'subnets', { signal }),
      c.list<RawPool>('network', '/subnetpools', 'subnetpools', { signal }),
      c.hasService('dns', signal),
    ]);
    const externalNetworks: ProviderNetwork[] = nets.map((n) => ({
      id: n.id,
      name: n.name ?? null,
      is_default: n.is_default ?? null,
      shared: n.shared === true,
      port_security_enabled: n.port_security_enabled ?? null,
      subnets: subnets
        .filter((s) => s.network_id === n.id)
        .map((s) => ({ id: s.id, ip_version: s.ip_version, cidr: s.cidr })),
    }));
    const subnetPools: SubnetPool[] = pools.map((p) => ({
      id: p.id,
      name: p.name ?? null,
      ip_version: p.ip_version,
      is_default: p.is_default === true,
      shared: p.shared === true,
      min_prefixlen: int(p.min_prefixlen),
      max_prefixlen: int(p.max_prefixlen),
      default_prefixlen: int(p.default_prefixlen),
      prefixes: p.prefixes ?? [],
    }));
    const out: ProviderNetworks = {
      extensions: extensions.map((e) => e.alias).sort(),
      dnsService,
      externalNetworks,
      subnetPools,
      steps: log.steps,
    };
    const [onlyDefault, ...otherDefaults] = externalNetworks.filter((n) => n.is_default === true);
    if (onlyDefault && otherDefaults.length === 0)
      out.floatingIp = await allocateFloatingIp(c, ctx, log, onlyDefault);
    out.rbac = await tryRbac(c, ctx, log);
    return out;
  },
};
