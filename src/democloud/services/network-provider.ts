// Neutron provider-networking parts of the embedded cloud (scs-0126/0127): subnet pools, floating IPs, network RBAC,
// the DNS extensions. Kept apart from network.ts; state lives here, per cloud.
import { ApiError, bodyObject, json, noContent, type RouteTable } from '../http.js';
import { isoSeconds } from '../ids.js';
import type { CloudState } from '../state.js';
import { requireAuth, requireProject, type ServiceContext } from './common.js';

/** How the embedded cloud's provider networking behaves (seed field `providerNetworking`). */
export interface ProviderNetworking {
  subnetPools: Array<{
    name: string;
    ipVersion: 4 | 6;
    prefixes: string[];
    shared: boolean;
    isDefault: boolean;
    minPrefixlen: number;
    maxPrefixlen: number;
    defaultPrefixlen: number;
  }>;
  /** Floating IPs each project may hold (0: allocation fails with OverQuota). */
  floatingIpQuota: number;
  /** `owner`: a member may create RBAC policies on own networks (Neutron's default); `admin`: refused by policy. */
  rbacCreate: 'owner' | 'admin';
  /** Whether the dns-integration and dns-domain-ports extensions are loaded. */
  dnsExtensions: boolean;
}

export const DEFAULT_PROVIDER_NETWORKING: ProviderNetworking = {
  subnetPools: [
    {
      name: 'public-ipv6',
      ipVersion: 6,
      prefixes: ['2001:db8:1000::/48'],
      shared: true,
      isDefault: true,
      minPrefixlen: 64,
      maxPrefixlen: 64,
      defaultPrefixlen: 64,
    },
  ],
  floatingIpQuota: 10,
  rbacCreate: 'admin',
  dnsExtensions: true,
};

export const DNS_EXTENSIONS: Array<[string, string]> = [
  ['dns-integration', 'DNS Integration'],
  ['dns-domain-ports', 'dns_domain for ports'],
];

interface FloatingIpRecord {
  id: string;
  projectId: string;
  address: string;
  networkId: string;
  description: string;
  createdAt: number;
}

export function addProviderNetworkingRoutes(routes: RouteTable, ctx: ServiceContext, v: string): void {
  const state: CloudState = ctx.state;
  const cfg = (): ProviderNetworking => state.providerNetworking;
  const fips = new Map<string, FloatingIpRecord>();
  const policies = new Map<string, { id: string; projectId: string; objectId: string; target: string }>();
  let nextHost = 10;

  routes.add('GET', `${v}/subnetpools`, (req) => {
    requireAuth(req);
    return json(200, {
      subnetpools: cfg().subnetPools.map((p, i) => ({
        id: `00000000-0000-4000-8000-${String(600 + i).padStart(12, '0')}`,
        name: p.name,
        ip_version: p.ipVersion,
        prefixes: p.prefixes,
        shared: p.shared,
        is_default: p.isDefault,
        min_prefixlen: String(p.minPrefixlen),
        max_prefixlen: String(p.maxPrefixlen),
        default_prefixlen: String(p.defaultPrefixlen),
        default_quota: null,
        address_scope_id: null,
        project_id: 'admin',
        tenant_id: 'admin',
        description: '',
      })),
    });
  });

  routes.add('POST', `${v}/floatingips`, (req) => {
    const projectId = requireProject(req);
    const spec = bodyObject(req.json(), 'floatingip');
    const netId = String(spec.floating_network_id ?? '');
    const net = state.networks.get(netId);
    if (!net) throw new ApiError(404, `Network ${netId} could not be found.`, { type: 'NetworkNotFound' });
    if (!net.external) {
      throw new ApiError(400, `Bad floatingip request: Network ${netId} is not a valid external network.`, {
        type: 'BadRequest',
      });
    }
    const v4 = [...state.subnets.values()].find((s) => s.networkId === netId && s.ipVersion === 4);
    if (!v4) {
      throw new ApiError(400, `Bad floatingip request: Network ${netId} does not contain any IPv4 subnet.`, {
        type: 'BadRequest',
      });
    }
    const held = [...fips.values()].filter((f) => f.projectId === projectId).length;
    if (held >= cfg().floatingIpQuota) {
      throw new ApiError(409, `Quota exceeded for resources: ['floatingip'].`, { type: 'OverQuota' });
    }
    const id = state.ids.uuid('fip');
    const address = v4.cidr.replace(/\.\d+\/\d+$/, `.${nextHost++}`);
    const now = state.now();
    const rec = {
      id,
      projectId,
      address,
      networkId: netId,
      description: String(spec.description ?? ''),
      createdAt: now,
    };
    fips.set(id, rec);
    return json(201, { floatingip: renderFip(rec) });
  });
  const renderFip = (f: FloatingIpRecord) => ({
    id: f.id,
    floating_ip_address: f.address,
    floating_network_id: f.networkId,
    project_id: f.projectId,
    tenant_id: f.projectId,
    status: 'DOWN',
    port_id: null,
    fixed_ip_address: null,
    router_id: null,
    description: f.description,
    created_at: isoSeconds(f.createdAt),
    updated_at: isoSeconds(f.createdAt),
  });
  // The project's own floating IPs, filtered as Neutron does (exact match on the attributes given).
  routes.add('GET', `${v}/floatingips`, (req) => {
    const projectId = requireProject(req);
    const wanted = (key: string, value: string) => {
      const q = req.query.getAll(key);
      return q.length === 0 || q.includes(value);
    };
    return json(200, {
      floatingips: [...fips.values()]
        .filter((f) => f.projectId === projectId || requireAuth(req).isAdmin)
        .filter((f) => wanted('description', f.description) && wanted('floating_network_id', f.networkId))
        .map(renderFip),
    });
  });
  routes.add('DELETE', `${v}/floatingips/:id`, (req) => {
    const projectId = requireProject(req);
    const f = fips.get(req.params.id ?? '');
    if (!f || (f.projectId !== projectId && !requireAuth(req).isAdmin)) {
      throw new ApiError(404, `Floating IP ${req.params.id} could not be found`, {
        type: 'FloatingIPNotFound',
      });
    }
    fips.delete(f.id);
    return noContent();
  });

  routes.add('POST', `${v}/rbac-policies`, (req) => {
    const projectId = requireProject(req);
    const auth = requireAuth(req);
    const spec = bodyObject(req.json(), 'rbac_policy');
    if (cfg().rbacCreate === 'admin' && !auth.isAdmin) {
      throw new ApiError(403, 'rule:create_rbac_policy is disallowed by policy', {
        type: 'PolicyNotAuthorized',
      });
    }
    const objectId = String(spec.object_id ?? '');
    const net = state.networks.get(objectId);
    if (!net || (net.projectId !== projectId && !auth.isAdmin)) {
      throw new ApiError(404, `Network ${objectId} could not be found.`, { type: 'NetworkNotFound' });
    }
    const id = state.ids.uuid('rbac');
    const target = String(spec.target_tenant ?? '*');
    policies.set(id, { id, projectId, objectId, target });
    return json(201, {
      rbac_policy: {
        id,
        object_type: 'network',
        object_id: objectId,
        action: spec.action ?? 'access_as_shared',
        target_tenant: target,
        project_id: projectId,
      },
    });
  });
  routes.add('GET', `${v}/rbac-policies`, (req) => {
    const projectId = requireProject(req);
    const objectId = req.query.get('object_id');
    return json(200, {
      rbac_policies: [...policies.values()]
        .filter((p) => p.projectId === projectId && (objectId === null || p.objectId === objectId))
        .map((p) => ({
          id: p.id,
          object_type: 'network',
          object_id: p.objectId,
          action: 'access_as_shared',
          target_tenant: p.target,
          project_id: p.projectId,
        })),
    });
  });
  routes.add('DELETE', `${v}/rbac-policies/:id`, (req) => {
    const projectId = requireProject(req);
    const p = policies.get(req.params.id ?? '');
    if (!p || p.projectId !== projectId) {
      throw new ApiError(404, `RBAC policy ${req.params.id} could not be found`, {
        type: 'RbacPolicyNotFound',
      });
    }
    policies.delete(p.id);
    return noContent();
  });
}
