// Neutron v2.0 (network): networks, subnets, ports, routers + interfaces, security groups, default SG rules, extensions.
import {
  ApiError,
  RouteTable,
  bodyObject,
  boolParam,
  intParam,
  json,
  noContent,
  str,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoSeconds } from '../ids.js';
import { allocatePort } from '../ops.js';
import {
  poolOf,
  type CloudState,
  type DefaultRule,
  type Network,
  type Port,
  type Router,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
} from '../state.js';
import { requireAuth, requireProject, type ServiceContext, type ServiceModule } from './common.js';
import { addProviderNetworkingRoutes, DNS_EXTENSIONS } from './network-provider.js';
import { zonesOf } from '../zones.js';

const EXTENSIONS: Array<[string, string]> = [
  ['address-scope', 'Address scope'],
  ['agent', 'agent'],
  ['allowed-address-pairs', 'Allowed Address Pairs'],
  ['auto-allocated-topology', 'Auto Allocated Topology Services'],
  ['availability_zone', 'Availability Zone'],
  ['binding', 'Port Binding'],
  ['default-subnetpools', 'Default Subnetpools'],
  ['dhcp_agent_scheduler', 'DHCP Agent Scheduler'],
  ['external-net', 'Neutron external network'],
  ['extra_dhcp_opt', 'Neutron Extra DHCP options'],
  ['extraroute', 'Neutron Extra Route'],
  ['filter-validation', 'Filter parameters validation'],
  ['ext-gw-mode', 'Neutron L3 Configurable external gateway mode'],
  ['fip-port-details', 'Floating IP Port Details Extension'],
  ['network-ip-availability', 'Network IP Availability'],
  ['network_availability_zone', 'Network Availability Zone'],
  ['pagination', 'Pagination support'],
  ['port-security', 'Port Security'],
  ['project-id', 'project_id field enabled'],
  ['provider', 'Provider Network'],
  ['qos', 'Quality of Service'],
  ['quotas', 'Quota management support'],
  ['rbac-policies', 'RBAC Policies'],
  ['revision-if-match', 'If-Match constraints based on revision_number'],
  ['router', 'Neutron L3 Router'],
  ['router_availability_zone', 'Router Availability Zone'],
  ['security-group', 'security-group'],
  ['sorting', 'Sorting support'],
  ['standard-attr-description', 'standard-attr-description'],
  ['standard-attr-revisions', 'Resource revision numbers'],
  [
    'standard-attr-tag',
    'Tag support for resources with standard attribute: port, subnet, subnetpool, network, security_group, router, floatingip, policy, trunk, network_segment_range',
  ],
  ['standard-attr-timestamp', 'Resource timestamps'],
  ['stateful-security-group', 'Stateful security group'],
  ['subnet_allocation', 'Subnet Allocation'],
];

function neutronError(err: ApiError): DemoResponse {
  const type =
    err.opts.type ??
    (err.status === 404
      ? 'HTTPNotFound'
      : err.status === 400
        ? 'HTTPBadRequest'
        : err.status === 403
          ? 'HTTPForbidden'
          : err.status === 409
            ? 'HTTPConflict'
            : 'HTTPError');
  return {
    status: err.status,
    headers: err.opts.headers,
    body: { NeutronError: { type, message: err.message, detail: err.opts.detail ?? '' } },
  };
}

function notFound(kind: string, id: string): ApiError {
  const label =
    kind === 'SecurityGroupRule' ? 'Security group rule' : kind === 'SecurityGroup' ? 'Security group' : kind;
  return new ApiError(404, `${label} ${id} could not be found.`, { type: `${kind}NotFound` });
}

const STD = (o: { createdAt: number; updatedAt: number; revision?: number }) => ({
  tags: [],
  created_at: isoSeconds(o.createdAt),
  updated_at: isoSeconds(o.updatedAt),
  revision_number: o.revision ?? 0,
});

function renderNetwork(state: CloudState, req: DemoRequest, n: Network) {
  const body: Record<string, unknown> = {
    id: n.id,
    name: n.name,
    tenant_id: n.projectId,
    project_id: n.projectId,
    admin_state_up: true,
    mtu: n.mtu,
    status: 'ACTIVE',
    subnets: [...state.subnets.values()].filter((s) => s.networkId === n.id).map((s) => s.id),
    shared: n.shared,
    availability_zone_hints: [],
    availability_zones: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': n.external,
    description: n.description,
    port_security_enabled: true,
    qos_policy_id: null,
    l2_adjacency: true,
    is_default: n.isDefault === true,
    ...STD(n),
  };
  if (requireAuth(req).isAdmin) {
    body['provider:network_type'] = n.networkType;
    body['provider:physical_network'] = n.networkType === 'flat' ? 'external' : null;
    body['provider:segmentation_id'] = n.networkType === 'vxlan' ? 100 + (n.createdAt % 900) : null;
  }
  return body;
}

function renderSubnet(s: Subnet) {
  return {
    id: s.id,
    name: s.name,
    tenant_id: s.projectId,
    project_id: s.projectId,
    network_id: s.networkId,
    ip_version: s.ipVersion,
    subnetpool_id: null,
    enable_dhcp: s.enableDhcp,
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    gateway_ip: s.gatewayIp,
    cidr: s.cidr,
    allocation_pools: s.allocationPools.map((p) => ({ ...p })),
    host_routes: [],
    dns_nameservers: [...s.dnsNameservers],
    description: s.description,
    service_types: [],
    ...STD(s),
  };
}

function renderPort(p: Port) {
  return {
    id: p.id,
    name: p.name,
    network_id: p.networkId,
    tenant_id: p.projectId,
    project_id: p.projectId,
    mac_address: p.mac,
    admin_state_up: true,
    status: p.status,
    device_id: p.deviceId,
    device_owner: p.deviceOwner,
    fixed_ips: p.fixedIps.map((f) => ({ ...f })),
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: [...p.securityGroups],
    description: '',
    'binding:vnic_type': 'normal',
    port_security_enabled: true,
    qos_policy_id: null,
    qos_network_policy_id: null,
    propagate_uplink_status: false,
    ...STD(p),
  };
}

function renderRouter(r: Router) {
  return {
    id: r.id,
    name: r.name,
    tenant_id: r.projectId,
    project_id: r.projectId,
    admin_state_up: true,
    status: 'ACTIVE',
    external_gateway_info: r.gateway
      ? {
          network_id: r.gateway.networkId,
          enable_snat: true,
          external_fixed_ips: r.gateway.subnetId
            ? [{ subnet_id: r.gateway.subnetId, ip_address: r.gateway.ip }]
            : [],
        }
      : null,
    description: r.description,
    availability_zones: [],
    availability_zone_hints: [],
    routes: [],
    flavor_id: null,
    ...STD(r),
  };
}

function renderRule(state: CloudState, r: SecurityGroupRule) {
  const body: Record<string, unknown> = {
    id: r.id,
    tenant_id: r.projectId,
    project_id: r.projectId,
    security_group_id: r.groupId,
    direction: r.direction,
    ethertype: r.ethertype,
    protocol: r.protocol,
    port_range_min: r.portRangeMin,
    port_range_max: r.portRangeMax,
    remote_ip_prefix: r.remoteIpPrefix,
    remote_group_id: r.remoteGroupId,
    remote_address_group_id: null,
    normalized_cidr: r.remoteIpPrefix,
    description: r.description,
    tags: [],
    created_at: isoSeconds(r.createdAt),
    updated_at: isoSeconds(r.updatedAt),
    revision_number: 0,
  };
  if (state.behaviour.defaultSecurityGroupRulesApi) {
    body.belongs_to_default_sg = state.securityGroups.get(r.groupId)?.isDefault ?? false;
  }
  return body;
}

function renderGroup(state: CloudState, sg: SecurityGroup) {
  const body: Record<string, unknown> = {
    id: sg.id,
    name: sg.name,
    description: sg.description,
    tenant_id: sg.projectId,
    project_id: sg.projectId,
    stateful: true,
    security_group_rules: [...state.securityGroupRules.values()]
      .filter((r) => r.groupId === sg.id)
      .map((r) => renderRule(state, r)),
    ...STD(sg),
  };
  if (state.behaviour.defaultSecurityGroupRulesApi) body.shared = false;
  return body;
}

function renderDefaultRule(r: DefaultRule) {
  return {
    id: r.id,
    direction: r.direction,
    ethertype: r.ethertype,
    protocol: r.protocol ?? null,
    port_range_min: r.portRangeMin ?? null,
    port_range_max: r.portRangeMax ?? null,
    remote_ip_prefix: r.remoteIpPrefix ?? null,
    remote_group_id: r.remoteGroupId ?? null,
    remote_address_group_id: null,
    description: r.description ?? '',
    used_in_default_sg: r.usedInDefaultSg,
    used_in_non_default_sg: r.usedInNonDefaultSg,
  };
}

const NON_FILTERS = new Set(['limit', 'marker', 'fields', 'sort_key', 'sort_dir', 'page_reverse']);

function matchesFilter(value: unknown, wanted: string[]): boolean {
  if (typeof value === 'boolean') {
    return wanted.some((w) => boolParam(w) === value);
  }
  if (value === null || value === undefined) return wanted.includes('') || wanted.includes('None');
  return wanted.includes(String(value));
}

/** Neutron's list semantics: attribute filters, `fields`, sorting, limit/marker with `<collection>_links`. */
function listResponse(
  req: DemoRequest,
  collection: string,
  items: Array<Record<string, unknown>>,
): DemoResponse {
  let out = items;
  const keys = new Set([...req.query.keys()]);
  for (const key of keys) {
    if (NON_FILTERS.has(key)) continue;
    const wanted = req.query.getAll(key);
    out = out.filter((i) => (key in i ? matchesFilter(i[key], wanted) : true));
  }
  const sortKey = req.query.get('sort_key');
  if (sortKey) {
    const dir = req.query.get('sort_dir') === 'desc' ? -1 : 1;
    out = [...out].sort((a, b) => {
      const va = String(a[sortKey] ?? '');
      const vb = String(b[sortKey] ?? '');
      return dir * (va < vb ? -1 : va > vb ? 1 : 0);
    });
  }
  const limit = intParam(req, 'limit');
  const marker = req.query.get('marker');
  let links: Array<{ rel: string; href: string }> | undefined;
  if (marker) {
    const idx = out.findIndex((i) => i.id === marker);
    if (idx < 0) throw new ApiError(404, `${collection} ${marker} could not be found.`, { type: 'NotFound' });
    out = out.slice(idx + 1);
  }
  if (limit) {
    out = out.slice(0, limit);
    links = [];
    const base = `${req.origin}/networking/v2.0/${collection}`;
    const last = out.at(-1);
    if (out.length === limit && last) {
      const q = new URLSearchParams(req.query);
      q.set('marker', String(last.id));
      links.push({ rel: 'next', href: `${base}?${q.toString()}` });
    }
    const first = out[0];
    if (marker && first) {
      const q = new URLSearchParams(req.query);
      q.set('marker', String(first.id));
      q.set('page_reverse', 'True');
      links.push({ rel: 'previous', href: `${base}?${q.toString()}` });
    }
  }
  const fields = req.query.getAll('fields');
  if (fields.length)
    out = out.map((i) => Object.fromEntries(fields.filter((f) => f in i).map((f) => [f, i[f]])));
  const body: Record<string, unknown> = { [collection]: out };
  if (links) body[`${collection}_links`] = links;
  return json(200, body);
}

function ownerCheck(req: DemoRequest, projectId: string): boolean {
  const auth = requireAuth(req);
  return auth.isAdmin || auth.projectId === projectId;
}

function validateCidr(cidr: unknown): string {
  if (typeof cidr !== 'string' || !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(cidr)) {
    throw new ApiError(400, `Invalid input for cidr. Reason: '${String(cidr)}' is not a valid IP subnet.`, {
      type: 'HTTPBadRequest',
    });
  }
  return cidr;
}

export function createNetwork(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable({ trailingSlash: true });
  const v = '/v2.0';
  routes.add(
    'GET',
    '/',
    (req) =>
      json(200, {
        versions: [
          { id: 'v2.0', status: 'CURRENT', links: [{ href: `${req.origin}/networking/v2.0/`, rel: 'self' }] },
        ],
      }),
    { auth: false },
  );
  const resources = (req: DemoRequest) =>
    json(200, {
      resources: [
        'subnet',
        'network',
        'port',
        'router',
        'security_group',
        'security_group_rule',
        'floatingip',
      ].map((name) => ({
        links: [{ href: `${req.origin}/networking/v2.0/${name.replace(/_/g, '-')}s`, rel: 'self' }],
        name,
        collection: `${name}s`,
      })),
    });
  addProviderNetworkingRoutes(routes, ctx, v);
  routes.add('GET', v, resources);
  routes.add('GET', `${v}/`, resources);
  routes.add('GET', `${v}/availability_zones`, () =>
    json(200, {
      availability_zones: zonesOf(state).network.flatMap((name) =>
        ['network', 'router'].map((resource) => ({ name, resource, state: 'available' })),
      ),
    }),
  );
  routes.add('GET', `${v}/extensions`, () =>
    json(200, {
      extensions: EXTENSIONS.concat(state.providerNetworking.dnsExtensions ? DNS_EXTENSIONS : [])
        .concat(
          state.behaviour.defaultSecurityGroupRulesApi
            ? [['security-groups-default-rules', 'Default rules for security groups']]
            : [],
        )
        .sort()
        .map(([alias, name]) => ({
          alias,
          name,
          description: name,
          updated: '2023-09-01T10:00:00-00:00',
          links: [],
        })),
    }),
  );
  routes.add('GET', `${v}/extensions/:alias`, (req) => {
    const all = EXTENSIONS.concat(state.providerNetworking.dnsExtensions ? DNS_EXTENSIONS : []).concat(
      state.behaviour.defaultSecurityGroupRulesApi
        ? [['security-groups-default-rules', 'Default rules for security groups']]
        : [],
    );
    const found = all.find(([a]) => a === req.params.alias);
    if (!found)
      throw new ApiError(404, `Extension with alias ${req.params.alias} does not exist`, {
        type: 'HTTPNotFound',
      });
    return json(200, {
      extension: {
        alias: found[0],
        name: found[1],
        description: found[1],
        updated: '2023-09-01T10:00:00-00:00',
        links: [],
      },
    });
  });

  // Networks.
  const visibleNetwork = (req: DemoRequest, n: Network) =>
    n.shared || n.external || ownerCheck(req, n.projectId);
  const getNetwork = (req: DemoRequest, id: string) => {
    const n = state.networks.get(id);
    if (!n || !visibleNetwork(req, n)) throw notFound('Network', id);
    return n;
  };
  routes.add('GET', `${v}/networks`, (req) =>
    listResponse(
      req,
      'networks',
      [...state.networks.values()]
        .filter((n) => visibleNetwork(req, n))
        .map((n) => renderNetwork(state, req, n)),
    ),
  );
  routes.add('GET', `${v}/networks/:id`, (req) =>
    json(200, { network: renderNetwork(state, req, getNetwork(req, req.params.id as string)) }),
  );
  routes.add('POST', `${v}/networks`, (req) => {
    const auth = requireAuth(req);
    const projectId = requireProject(req);
    const spec = bodyObject(req.json(), 'network', 'Resource body required');
    if (
      (spec['router:external'] === true ||
        spec.shared === true ||
        spec['provider:network_type'] !== undefined) &&
      !auth.isAdmin
    ) {
      throw new ApiError(
        403,
        '(rule:create_network and rule:create_network:router:external) is disallowed by policy',
        { type: 'PolicyNotAuthorized' },
      );
    }
    const now = state.now();
    const n: Network = {
      id: state.ids.uuid('net'),
      name: str(spec.name) ?? '',
      projectId: auth.isAdmin && typeof spec.project_id === 'string' ? spec.project_id : projectId,
      shared: spec.shared === true,
      external: spec['router:external'] === true,
      description: str(spec.description) ?? '',
      mtu: 1450,
      networkType: str(spec['provider:network_type']) ?? 'vxlan',
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    state.networks.set(n.id, n);
    return json(201, { network: renderNetwork(state, req, n) });
  });
  routes.add('PUT', `${v}/networks/:id`, (req) => {
    const n = getNetwork(req, req.params.id as string);
    if (!ownerCheck(req, n.projectId)) throw notFound('Network', n.id);
    const spec = bodyObject(req.json(), 'network');
    if (typeof spec.name === 'string') n.name = spec.name;
    if (typeof spec.description === 'string') n.description = spec.description;
    n.revision += 1;
    n.updatedAt = state.now();
    return json(200, { network: renderNetwork(state, req, n) });
  });
  routes.add('DELETE', `${v}/networks/:id`, (req) => {
    const n = getNetwork(req, req.params.id as string);
    if (!ownerCheck(req, n.projectId))
      throw new ApiError(403, 'Deleting this network is disallowed by policy', {
        type: 'PolicyNotAuthorized',
      });
    const inUse = [...state.ports.values()].some(
      (p) => p.networkId === n.id && p.deviceOwner !== 'network:dhcp',
    );
    if (inUse) {
      throw new ApiError(
        409,
        `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network.`,
        { type: 'NetworkInUse' },
      );
    }
    for (const s of [...state.subnets.values()]) if (s.networkId === n.id) state.subnets.delete(s.id);
    state.networks.delete(n.id);
    return noContent();
  });

  // Subnets.
  const visibleSubnet = (req: DemoRequest, s: Subnet) => {
    const n = state.networks.get(s.networkId);
    return ownerCheck(req, s.projectId) || Boolean(n?.shared);
  };
  const getSubnet = (req: DemoRequest, id: string) => {
    const s = state.subnets.get(id);
    if (!s || !visibleSubnet(req, s)) throw notFound('Subnet', id);
    return s;
  };
  routes.add('GET', `${v}/subnets`, (req) =>
    listResponse(
      req,
      'subnets',
      [...state.subnets.values()].filter((s) => visibleSubnet(req, s)).map(renderSubnet),
    ),
  );
  routes.add('GET', `${v}/subnets/:id`, (req) =>
    json(200, { subnet: renderSubnet(getSubnet(req, req.params.id as string)) }),
  );
  routes.add('POST', `${v}/subnets`, (req) => {
    const projectId = requireProject(req);
    const spec = bodyObject(req.json(), 'subnet', 'Resource body required');
    const networkId = str(spec.network_id);
    if (!networkId)
      throw new ApiError(400, "Failed to parse request. Required attribute 'network_id' not specified", {
        type: 'HTTPBadRequest',
      });
    const net = getNetwork(req, networkId);
    if (!ownerCheck(req, net.projectId))
      throw new ApiError(403, 'create_subnet is disallowed by policy', { type: 'PolicyNotAuthorized' });
    const ipVersion = spec.ip_version === undefined ? undefined : Number(spec.ip_version);
    if (ipVersion !== 4 && ipVersion !== 6)
      throw new ApiError(400, "Failed to parse request. Required attribute 'ip_version' not specified", {
        type: 'HTTPBadRequest',
      });
    if (ipVersion === 6)
      throw new ApiError(400, 'IPv6 subnets are not supported by the embedded cloud.', {
        type: 'HTTPBadRequest',
      });
    const cidr = validateCidr(spec.cidr);
    const base = cidr.split('/')[0] as string;
    const defaultGw = base.replace(/\.\d+$/, (m) => `.${Number(m.slice(1)) + 1}`);
    const gateway = spec.gateway_ip === null ? null : (str(spec.gateway_ip) ?? defaultGw);
    const pools = Array.isArray(spec.allocation_pools)
      ? (spec.allocation_pools as Array<Record<string, unknown>>).map((p) => ({
          start: String(p.start),
          end: String(p.end),
        }))
      : [poolOf(cidr, gateway)];
    const now = state.now();
    const s: Subnet = {
      id: state.ids.uuid('subnet'),
      name: str(spec.name) ?? '',
      networkId: net.id,
      projectId,
      cidr,
      ipVersion: 4,
      gatewayIp: gateway,
      enableDhcp: spec.enable_dhcp !== false,
      allocationPools: pools,
      dnsNameservers: Array.isArray(spec.dns_nameservers) ? spec.dns_nameservers.map(String) : [],
      description: str(spec.description) ?? '',
      createdAt: now,
      updatedAt: now,
      revision: 0,
      nextHost: 2,
    };
    state.subnets.set(s.id, s);
    net.revision += 1;
    return json(201, { subnet: renderSubnet(s) });
  });
  routes.add('DELETE', `${v}/subnets/:id`, (req) => {
    const s = getSubnet(req, req.params.id as string);
    if (!ownerCheck(req, s.projectId))
      throw new ApiError(403, 'delete_subnet is disallowed by policy', { type: 'PolicyNotAuthorized' });
    const inUse = [...state.ports.values()].some(
      (p) => p.fixedIps.some((f) => f.subnet_id === s.id) && p.deviceOwner !== 'network:dhcp',
    );
    if (inUse) {
      throw new ApiError(
        409,
        `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`,
        { type: 'SubnetInUse' },
      );
    }
    state.subnets.delete(s.id);
    return noContent();
  });

  // Ports.
  const getPort = (req: DemoRequest, id: string) => {
    const p = state.ports.get(id);
    if (!p || !ownerCheck(req, p.projectId)) throw notFound('Port', id);
    return p;
  };
  routes.add('GET', `${v}/ports`, (req) =>
    listResponse(
      req,
      'ports',
      [...state.ports.values()].filter((p) => ownerCheck(req, p.projectId)).map(renderPort),
    ),
  );
  routes.add('GET', `${v}/ports/:id`, (req) =>
    json(200, { port: renderPort(getPort(req, req.params.id as string)) }),
  );
  routes.add('POST', `${v}/ports`, (req) => {
    const projectId = requireProject(req);
    const spec = bodyObject(req.json(), 'port', 'Resource body required');
    const net = getNetwork(req, str(spec.network_id) ?? '');
    const port = allocatePort(state, {
      networkId: net.id,
      projectId,
      deviceId: str(spec.device_id) ?? '',
      deviceOwner: str(spec.device_owner) ?? '',
      name: str(spec.name) ?? '',
    });
    port.securityGroups = Array.isArray(spec.security_groups)
      ? spec.security_groups.map(String)
      : [state.defaultSecurityGroup(projectId).id];
    return json(201, { port: renderPort(port) });
  });
  routes.add('DELETE', `${v}/ports/:id`, (req) => {
    const p = getPort(req, req.params.id as string);
    if (p.deviceOwner === 'network:router_interface') {
      throw new ApiError(
        409,
        `Port ${p.id} cannot be deleted directly via the port API: has device owner network:router_interface.`,
        { type: 'ServicePortInUse' },
      );
    }
    state.ports.delete(p.id);
    return noContent();
  });

  // Routers.
  const getRouter = (req: DemoRequest, id: string) => {
    const r = state.routers.get(id);
    if (!r || !ownerCheck(req, r.projectId)) throw notFound('Router', id);
    return r;
  };
  const setGateway = (r: Router, info: unknown) => {
    if (info === null || info === undefined) {
      for (const p of [...state.ports.values()])
        if (p.deviceId === r.id && p.deviceOwner === 'network:router_gateway') state.ports.delete(p.id);
      r.gateway = null;
      return;
    }
    const networkId = str((info as Record<string, unknown>).network_id);
    const net = networkId ? state.networks.get(networkId) : undefined;
    if (!net) throw notFound('Network', String(networkId));
    if (!net.external)
      throw new ApiError(400, `Bad router request: Network ${net.id} is not an external network.`, {
        type: 'BadRequest',
      });
    const port = allocatePort(state, {
      networkId: net.id,
      projectId: '',
      deviceId: r.id,
      deviceOwner: 'network:router_gateway',
    });
    port.status = 'ACTIVE';
    const ip = port.fixedIps[0];
    r.gateway = { networkId: net.id, subnetId: ip?.subnet_id ?? null, ip: ip?.ip_address ?? null };
  };
  routes.add('GET', `${v}/routers`, (req) =>
    listResponse(
      req,
      'routers',
      [...state.routers.values()].filter((r) => ownerCheck(req, r.projectId)).map((r) => renderRouter(r)),
    ),
  );
  routes.add('GET', `${v}/routers/:id`, (req) =>
    json(200, { router: renderRouter(getRouter(req, req.params.id as string)) }),
  );
  routes.add('POST', `${v}/routers`, (req) => {
    const projectId = requireProject(req);
    const spec = bodyObject(req.json(), 'router', 'Resource body required');
    const now = state.now();
    const r: Router = {
      id: state.ids.uuid('router'),
      name: str(spec.name) ?? '',
      projectId,
      gateway: null,
      description: str(spec.description) ?? '',
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    if (spec.external_gateway_info !== undefined) setGateway(r, spec.external_gateway_info);
    state.routers.set(r.id, r);
    return json(201, { router: renderRouter(r) });
  });
  routes.add('PUT', `${v}/routers/:id`, (req) => {
    const r = getRouter(req, req.params.id as string);
    const spec = bodyObject(req.json(), 'router');
    if (typeof spec.name === 'string') r.name = spec.name;
    if ('external_gateway_info' in spec) {
      setGateway(r, null);
      setGateway(r, spec.external_gateway_info);
    }
    r.revision += 1;
    r.updatedAt = state.now();
    return json(200, { router: renderRouter(r) });
  });
  routes.add('DELETE', `${v}/routers/:id`, (req) => {
    const r = getRouter(req, req.params.id as string);
    if (
      [...state.ports.values()].some(
        (p) => p.deviceId === r.id && p.deviceOwner === 'network:router_interface',
      )
    ) {
      throw new ApiError(409, `Router ${r.id} still has ports`, { type: 'RouterInUse' });
    }
    setGateway(r, null);
    state.routers.delete(r.id);
    return noContent();
  });
  const interfaceBody = (r: Router, port: Port) => ({
    id: r.id,
    tenant_id: r.projectId,
    project_id: r.projectId,
    port_id: port.id,
    network_id: port.networkId,
    subnet_id: port.fixedIps[0]?.subnet_id,
    subnet_ids: port.fixedIps.map((f) => f.subnet_id),
  });
  routes.add('PUT', `${v}/routers/:id/add_router_interface`, (req) => {
    const r = getRouter(req, req.params.id as string);
    const body = req.json() as Record<string, unknown> | undefined;
    const subnetId = str(body?.subnet_id);
    const portId = str(body?.port_id);
    if (!subnetId && !portId)
      throw new ApiError(400, 'Bad router request: Either subnet_id or port_id must be specified.', {
        type: 'BadRequest',
      });
    if (portId) {
      const port = getPort(req, portId);
      port.deviceId = r.id;
      port.deviceOwner = 'network:router_interface';
      port.status = 'ACTIVE';
      return json(200, interfaceBody(r, port));
    }
    const subnet = getSubnet(req, subnetId as string);
    if (!subnet.gatewayIp)
      throw new ApiError(400, `Bad router request: Subnet for router interface must have a gateway IP.`, {
        type: 'BadRequest',
      });
    const existing = [...state.ports.values()].find(
      (p) => p.deviceId === r.id && p.fixedIps.some((f) => f.subnet_id === subnet.id),
    );
    if (existing)
      throw new ApiError(400, `Bad router request: Router already has a port on subnet ${subnet.id}.`, {
        type: 'BadRequest',
      });
    const port = allocatePort(state, {
      networkId: subnet.networkId,
      projectId: r.projectId,
      deviceId: r.id,
      deviceOwner: 'network:router_interface',
      subnetId: subnet.id,
    });
    port.status = 'ACTIVE';
    r.revision += 1;
    return json(200, interfaceBody(r, port));
  });
  routes.add('PUT', `${v}/routers/:id/remove_router_interface`, (req) => {
    const r = getRouter(req, req.params.id as string);
    const body = req.json() as Record<string, unknown> | undefined;
    const subnetId = str(body?.subnet_id);
    const portId = str(body?.port_id);
    const port = [...state.ports.values()].find(
      (p) =>
        p.deviceId === r.id &&
        p.deviceOwner === 'network:router_interface' &&
        (portId ? p.id === portId : p.fixedIps.some((f) => f.subnet_id === subnetId)),
    );
    if (!port) {
      throw new ApiError(404, `Router ${r.id} does not have an interface with id ${portId ?? subnetId}`, {
        type: 'RouterInterfaceNotFoundForSubnet',
      });
    }
    state.ports.delete(port.id);
    r.revision += 1;
    return json(200, interfaceBody(r, port));
  });

  // Security groups and rules.
  const getGroup = (req: DemoRequest, id: string) => {
    const sg = state.securityGroups.get(id);
    if (!sg || !ownerCheck(req, sg.projectId)) throw notFound('SecurityGroup', id);
    return sg;
  };
  const ensureDefault = (req: DemoRequest) => {
    const auth = requireAuth(req);
    if (auth.projectId) state.defaultSecurityGroup(auth.projectId);
  };
  routes.add('GET', `${v}/security-groups`, (req) => {
    ensureDefault(req);
    return listResponse(
      req,
      'security_groups',
      [...state.securityGroups.values()]
        .filter((g) => ownerCheck(req, g.projectId))
        .map((g) => renderGroup(state, g)),
    );
  });
  routes.add('GET', `${v}/security-groups/:id`, (req) =>
    json(200, { security_group: renderGroup(state, getGroup(req, req.params.id as string)) }),
  );
  routes.add('POST', `${v}/security-groups`, (req) => {
    const projectId = requireProject(req);
    ensureDefault(req);
    const spec = bodyObject(req.json(), 'security_group', 'Resource body required');
    const name = str(spec.name) ?? '';
    if (name === 'default')
      throw new ApiError(409, 'Default security group already exists.', {
        type: 'SecurityGroupDefaultAlreadyExists',
      });
    const sg = state.createSecurityGroup(projectId, name, str(spec.description) ?? '', false);
    return json(201, { security_group: renderGroup(state, sg) });
  });
  routes.add('PUT', `${v}/security-groups/:id`, (req) => {
    const sg = getGroup(req, req.params.id as string);
    const spec = bodyObject(req.json(), 'security_group');
    if (typeof spec.name === 'string') sg.name = spec.name;
    if (typeof spec.description === 'string') sg.description = spec.description;
    sg.revision += 1;
    return json(200, { security_group: renderGroup(state, sg) });
  });
  routes.add('DELETE', `${v}/security-groups/:id`, (req) => {
    const sg = getGroup(req, req.params.id as string);
    if (sg.isDefault && !requireAuth(req).isAdmin) {
      throw new ApiError(409, 'Insufficient rights for removing default security group.', {
        type: 'SecurityGroupCannotRemoveDefault',
      });
    }
    if ([...state.ports.values()].some((p) => p.securityGroups.includes(sg.id))) {
      throw new ApiError(409, `Security Group ${sg.id} in use.`, { type: 'SecurityGroupInUse' });
    }
    for (const r of [...state.securityGroupRules.values()])
      if (r.groupId === sg.id) state.securityGroupRules.delete(r.id);
    state.securityGroups.delete(sg.id);
    return noContent();
  });
  routes.add('GET', `${v}/security-group-rules`, (req) => {
    ensureDefault(req);
    return listResponse(
      req,
      'security_group_rules',
      [...state.securityGroupRules.values()]
        .filter((r) => ownerCheck(req, r.projectId))
        .map((r) => renderRule(state, r)),
    );
  });
  routes.add('GET', `${v}/security-group-rules/:id`, (req) => {
    const r = state.securityGroupRules.get(req.params.id as string);
    if (!r || !ownerCheck(req, r.projectId)) throw notFound('SecurityGroupRule', req.params.id as string);
    return json(200, { security_group_rule: renderRule(state, r) });
  });
  routes.add('POST', `${v}/security-group-rules`, (req) => {
    const spec = bodyObject(req.json(), 'security_group_rule', 'Resource body required');
    const sg = getGroup(req, str(spec.security_group_id) ?? '');
    const direction = spec.direction;
    if (direction !== 'ingress' && direction !== 'egress') {
      throw new ApiError(
        400,
        `Invalid input for direction. Reason: '${String(direction)}' is not in ['ingress', 'egress'].`,
        { type: 'HTTPBadRequest' },
      );
    }
    const ethertype = spec.ethertype === undefined ? 'IPv4' : spec.ethertype;
    if (ethertype !== 'IPv4' && ethertype !== 'IPv6')
      throw new ApiError(
        400,
        `Invalid input for ethertype. Reason: '${String(ethertype)}' is not in ['IPv4', 'IPv6'].`,
        { type: 'HTTPBadRequest' },
      );
    const rule = {
      direction,
      ethertype,
      protocol: spec.protocol === undefined || spec.protocol === null ? null : String(spec.protocol),
      portRangeMin: typeof spec.port_range_min === 'number' ? spec.port_range_min : null,
      portRangeMax: typeof spec.port_range_max === 'number' ? spec.port_range_max : null,
      remoteIpPrefix: str(spec.remote_ip_prefix) ?? null,
      remoteGroupId: str(spec.remote_group_id) ?? null,
      description: str(spec.description) ?? '',
    } as const;
    const dup = [...state.securityGroupRules.values()].find(
      (r) =>
        r.groupId === sg.id &&
        r.direction === rule.direction &&
        r.ethertype === rule.ethertype &&
        r.protocol === rule.protocol &&
        r.portRangeMin === rule.portRangeMin &&
        r.portRangeMax === rule.portRangeMax &&
        r.remoteIpPrefix === rule.remoteIpPrefix &&
        r.remoteGroupId === rule.remoteGroupId,
    );
    if (dup)
      throw new ApiError(409, `Security group rule already exists. Rule id is ${dup.id}.`, {
        type: 'SecurityGroupRuleExists',
      });
    const created = state.addRule(sg, { ...rule });
    sg.revision += 1;
    return json(201, { security_group_rule: renderRule(state, created) });
  });
  routes.add('DELETE', `${v}/security-group-rules/:id`, (req) => {
    const r = state.securityGroupRules.get(req.params.id as string);
    if (!r || !ownerCheck(req, r.projectId)) throw notFound('SecurityGroupRule', req.params.id as string);
    state.securityGroupRules.delete(r.id);
    return noContent();
  });

  // Default security-group rules (2023.2+): absent entirely on older clouds, as on Zed.
  const dsgrEnabled = () => {
    if (!state.behaviour.defaultSecurityGroupRulesApi)
      throw new ApiError(404, 'The resource could not be found.', { type: 'HTTPNotFound' });
  };
  routes.add('GET', `${v}/default-security-group-rules`, (req) => {
    dsgrEnabled();
    return listResponse(req, 'default_security_group_rules', state.defaultRules.map(renderDefaultRule));
  });
  routes.add('GET', `${v}/default-security-group-rules/:id`, (req) => {
    dsgrEnabled();
    const r = state.defaultRules.find((x) => x.id === req.params.id);
    if (!r)
      throw new ApiError(404, `Default security group rule ${req.params.id} could not be found.`, {
        type: 'DefaultSecurityGroupRuleNotFound',
      });
    return json(200, { default_security_group_rule: renderDefaultRule(r) });
  });
  routes.add('POST', `${v}/default-security-group-rules`, (req) => {
    dsgrEnabled();
    if (!requireAuth(req).isAdmin)
      throw new ApiError(403, 'rule:create_default_security_group_rule is disallowed by policy', {
        type: 'PolicyNotAuthorized',
      });
    const spec = bodyObject(req.json(), 'default_security_group_rule', 'Resource body required');
    const r: DefaultRule = {
      id: state.ids.uuid('dsgr'),
      direction: spec.direction === 'egress' ? 'egress' : 'ingress',
      ethertype: spec.ethertype === 'IPv6' ? 'IPv6' : 'IPv4',
      protocol: str(spec.protocol) ?? null,
      portRangeMin: typeof spec.port_range_min === 'number' ? spec.port_range_min : null,
      portRangeMax: typeof spec.port_range_max === 'number' ? spec.port_range_max : null,
      remoteIpPrefix: str(spec.remote_ip_prefix) ?? null,
      remoteGroupId: str(spec.remote_group_id) ?? null,
      description: str(spec.description) ?? '',
      usedInDefaultSg: spec.used_in_default_sg !== false,
      usedInNonDefaultSg: spec.used_in_non_default_sg !== false,
    };
    state.defaultRules.push(r);
    return json(201, { default_security_group_rule: renderDefaultRule(r) });
  });
  routes.add('DELETE', `${v}/default-security-group-rules/:id`, (req) => {
    dsgrEnabled();
    if (!requireAuth(req).isAdmin)
      throw new ApiError(403, 'rule:delete_default_security_group_rule is disallowed by policy', {
        type: 'PolicyNotAuthorized',
      });
    const idx = state.defaultRules.findIndex((x) => x.id === req.params.id);
    if (idx < 0)
      throw new ApiError(404, `Default security group rule ${req.params.id} could not be found.`, {
        type: 'DefaultSecurityGroupRuleNotFound',
      });
    state.defaultRules.splice(idx, 1);
    return noContent();
  });

  routes.add('GET', `${v}/floatingips`, (req) => listResponse(req, 'floatingips', []));
  routes.add('GET', `${v}/floatingips/:id`, (req) => {
    throw new ApiError(404, `Floating IP ${req.params.id} could not be found`, {
      type: 'FloatingIPNotFound',
    });
  });
  routes.add('GET', `${v}/availability_zones`, (req) => listResponse(req, 'availability_zones', []));
  routes.add('GET', `${v}/quotas/:project`, (req) =>
    json(200, {
      quota: {
        network: 100,
        subnet: 100,
        port: 500,
        router: 10,
        floatingip: 50,
        security_group: 10,
        security_group_rule: 100,
        rbac_policy: 10,
        subnetpool: -1,
      },
      project: req.params.project,
    }),
  );

  return {
    name: 'network',
    prefix: '/networking',
    routes,
    formatError: (err) => neutronError(err),
  };
}
