// Octavia v2 (load-balancer): version list, load balancers (PENDING_CREATE -> ACTIVE), providers, empty listeners/pools.
import {
  ApiError,
  RouteTable,
  boolParam,
  intParam,
  json,
  noContent,
  str,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoNaive } from '../ids.js';
import { allocatePort } from '../ops.js';
import type { LoadBalancer } from '../state.js';
import { requireAuth, requireProject, type ServiceContext, type ServiceModule } from './common.js';

const CURRENT = 26;

function octaviaError(err: ApiError): DemoResponse {
  return {
    status: err.status,
    headers: err.opts.headers,
    body: { faultcode: err.status >= 500 ? 'Server' : 'Client', faultstring: err.message, debuginfo: null },
  };
}

/** Octavia's root document: every API version with the date it appeared, all linking to `/v2` (Zed: v2.26). */
const VERSION_DATES = [
  '2016-12-11',
  '2018-04-20',
  '2018-07-31',
  '2018-12-18',
  '2018-12-19',
  '2019-01-21',
  '2019-01-25',
  '2018-01-25T12:00:00',
  '2019-02-12',
  '2019-03-04',
  '2019-03-05',
  '2019-06-24',
  '2019-09-11',
  '2019-09-13',
  '2019-11-10',
  '2020-03-10',
  '2020-03-15',
  '2020-04-29',
  '2020-04-29T01:00:00',
  '2020-05-12',
  '2020-08-02',
  '2020-09-03',
  '2020-09-04',
  '2020-09-07',
  '2020-10-15',
  '2021-10-02',
  '2022-04-12',
];

function versions(origin: string) {
  const list = VERSION_DATES.map((date, minor) => ({
    id: `v2.${minor}`,
    status: minor === CURRENT ? 'CURRENT' : 'SUPPORTED',
    updated: date.includes('T') ? `${date}Z` : `${date}T00:00:00Z`,
    links: [{ href: `${origin}/load-balancer/v2`, rel: 'self' }],
  }));
  return { versions: list };
}

export function createLoadBalancer(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable({ trailingSlash: true });
  const render = (lb: LoadBalancer) => ({
    id: lb.id,
    name: lb.name,
    description: lb.description,
    provisioning_status: lb.provisioningStatus,
    operating_status: lb.operatingStatus,
    admin_state_up: true,
    project_id: lb.projectId,
    tenant_id: lb.projectId,
    created_at: isoNaive(lb.createdAt),
    updated_at: isoNaive(lb.updatedAt),
    vip_address: lb.vipAddress,
    vip_port_id: lb.vipPortId,
    vip_subnet_id: lb.vipSubnetId,
    vip_network_id: lb.vipNetworkId,
    vip_qos_policy_id: null,
    listeners: [],
    pools: [],
    provider: lb.provider,
    flavor_id: null,
    availability_zone: null,
    tags: [],
  });
  const getLb = (req: DemoRequest, id: string) => {
    const lb = state.loadBalancers.get(id);
    const auth = requireAuth(req);
    if (!lb || (lb.projectId !== auth.projectId && !auth.isAdmin))
      throw new ApiError(404, `Load Balancer ${id} not found.`);
    return lb;
  };
  const emptyList = (name: string) => () => json(200, { [name]: [], [`${name}_links`]: [] });

  routes.add('GET', '/', (req) => json(200, versions(req.origin)), { auth: false });
  for (const v of ['/v2', '/v2.0']) {
    routes.add('GET', `${v}/lbaas/loadbalancers`, (req) => {
      const auth = requireAuth(req);
      const name = req.query.get('name');
      let lbs = [...state.loadBalancers.values()]
        .filter((lb) => lb.projectId === auth.projectId || auth.isAdmin)
        .filter((lb) => name === null || lb.name === name)
        .sort((a, b) => a.createdAt - b.createdAt);
      const marker = req.query.get('marker');
      if (marker) {
        const idx = lbs.findIndex((l) => l.id === marker);
        if (idx < 0) throw new ApiError(404, `Load Balancer ${marker} not found.`);
        lbs = lbs.slice(idx + 1);
      }
      const limit = intParam(req, 'limit');
      const links: Array<{ rel: string; href: string }> = [];
      if (limit !== undefined) {
        lbs = lbs.slice(0, limit);
        const last = lbs.at(-1);
        if (lbs.length === limit && last) {
          const q = new URLSearchParams(req.query);
          q.set('marker', last.id);
          links.push({
            rel: 'next',
            href: `${req.origin}/load-balancer/v2/lbaas/loadbalancers?${q.toString()}`,
          });
        }
      }
      return json(200, { loadbalancers: lbs.map(render), loadbalancers_links: links });
    });
    routes.add('POST', `${v}/lbaas/loadbalancers`, (req) => {
      const projectId = requireProject(req);
      const body = req.json() as Record<string, unknown> | undefined;
      const spec = (body?.loadbalancer ?? undefined) as Record<string, unknown> | undefined;
      if (!spec || typeof spec !== 'object')
        throw new ApiError(
          400,
          'Invalid input for field/attribute loadbalancer. Value: None. Mandatory field missing.',
        );
      const subnetId = str(spec.vip_subnet_id);
      const networkId = str(spec.vip_network_id);
      if (!subnetId && !networkId && !str(spec.vip_port_id)) {
        throw new ApiError(
          400,
          'Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.',
        );
      }
      const subnet = subnetId
        ? state.subnets.get(subnetId)
        : [...state.subnets.values()].find((s) => s.networkId === networkId);
      if (!subnet) throw new ApiError(400, `Validation failure: Subnet ${subnetId ?? networkId} not found.`);
      const provider = str(spec.provider) ?? 'amphora';
      if (!['amphora', 'noop_driver'].includes(provider))
        throw new ApiError(400, `Provider '${provider}' is not enabled.`);
      const lbId = state.ids.uuid('lb');
      const port = allocatePort(state, {
        networkId: subnet.networkId,
        projectId,
        deviceId: `lb-${lbId}`,
        deviceOwner: 'Octavia',
        name: `octavia-lb-${lbId}`,
        subnetId: subnet.id,
      });
      const now = state.now();
      const lb: LoadBalancer = {
        id: lbId,
        name: str(spec.name) ?? '',
        description: str(spec.description) ?? '',
        projectId,
        vipSubnetId: subnet.id,
        vipNetworkId: subnet.networkId,
        vipPortId: port.id,
        vipAddress: port.fixedIps[0]?.ip_address ?? '',
        provisioningStatus: 'PENDING_CREATE',
        operatingStatus: 'OFFLINE',
        provider,
        createdAt: now,
        updatedAt: now,
      };
      state.loadBalancers.set(lb.id, lb);
      state.after(state.timings.loadBalancerMs, () => {
        const live = state.loadBalancers.get(lb.id);
        if (live && live.provisioningStatus === 'PENDING_CREATE') {
          live.provisioningStatus = 'ACTIVE';
          live.updatedAt = state.now();
        }
      });
      return json(201, { loadbalancer: render(lb) });
    });
    routes.add('GET', `${v}/lbaas/loadbalancers/:id`, (req) =>
      json(200, { loadbalancer: render(getLb(req, req.params.id as string)) }),
    );
    routes.add('DELETE', `${v}/lbaas/loadbalancers/:id`, (req) => {
      const lb = getLb(req, req.params.id as string);
      if (lb.provisioningStatus !== 'ACTIVE' && lb.provisioningStatus !== 'ERROR') {
        throw new ApiError(409, `Invalid state ${lb.provisioningStatus} of loadbalancer resource ${lb.id}`);
      }
      void boolParam(req.query.get('cascade'));
      lb.provisioningStatus = 'PENDING_DELETE';
      lb.updatedAt = state.now();
      state.after(state.timings.loadBalancerMs, () => {
        state.loadBalancers.delete(lb.id);
        state.ports.delete(lb.vipPortId);
      });
      return noContent();
    });
    routes.add('GET', `${v}/lbaas/providers`, () =>
      json(200, {
        providers: [
          { name: 'amphora', description: 'The Octavia Amphora driver.' },
          { name: 'noop_driver', description: 'The no-op driver.' },
        ],
      }),
    );
    routes.add('GET', `${v}/lbaas/listeners`, emptyList('listeners'));
    routes.add('GET', `${v}/lbaas/pools`, emptyList('pools'));
    routes.add('GET', `${v}/lbaas/healthmonitors`, emptyList('healthmonitors'));
  }
  return { name: 'load-balancer', prefix: '/load-balancer', routes, formatError: octaviaError };
}
