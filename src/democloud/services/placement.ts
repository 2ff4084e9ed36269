// Placement (1.0-1.39): the root version document and the admin-only resource provider reads.
import { ApiError, RouteTable, json, statusText, type DemoRequest, type DemoResponse } from '../http.js';
import {
  atLeast,
  negotiateMicroversion,
  requestedMicroversion,
  requireAuth,
  type ServiceContext,
  type ServiceModule,
} from './common.js';

export const PLACEMENT_MIN: [number, number] = [1, 0];
export const PLACEMENT_MAX: [number, number] = [1, 39];

function placementError(err: ApiError, req: DemoRequest): DemoResponse {
  const entry: Record<string, unknown> = {
    status: err.status,
    title: statusText(err.status),
    detail: `${err.message}\n\n   `,
    request_id: req.requestId,
  };
  if (atLeast(req, 1, 23)) entry.code = 'placement.undefined_code';
  return { status: err.status, headers: err.opts.headers, body: { errors: [entry] } };
}

function adminOnly(req: DemoRequest, policy: string): void {
  if (!requireAuth(req).isAdmin) {
    throw new ApiError(
      403,
      `Access was denied to this resource.\n\n Policy does not allow ${policy} to be performed.`,
    );
  }
}

export function createPlacement(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  const rpUuid = state.ids.uuid('rp');
  routes.add(
    'GET',
    '/',
    () =>
      json(200, {
        versions: [
          {
            id: 'v1.0',
            max_version: PLACEMENT_MAX.join('.'),
            min_version: PLACEMENT_MIN.join('.'),
            status: 'CURRENT',
            links: [{ rel: 'self', href: '' }],
          },
        ],
      }),
    { auth: false },
  );
  routes.add('GET', '/resource_providers', (req) => {
    adminOnly(req, 'placement:resource_providers:list');
    return json(200, {
      resource_providers: [
        {
          uuid: rpUuid,
          name: 'demo-compute',
          generation: 3,
          parent_provider_uuid: null,
          root_provider_uuid: rpUuid,
          links: [
            { rel: 'self', href: `/resource_providers/${rpUuid}` },
            { rel: 'inventories', href: `/resource_providers/${rpUuid}/inventories` },
          ],
        },
      ],
    });
  });
  routes.add('GET', '/resource_providers/:uuid/inventories', (req) => {
    adminOnly(req, 'placement:resource_providers:inventories:list');
    if (req.params.uuid !== rpUuid)
      throw new ApiError(404, `No resource provider with uuid ${req.params.uuid} found`);
    return json(200, {
      resource_provider_generation: 3,
      inventories: {
        VCPU: { total: 1000, reserved: 0, min_unit: 1, max_unit: 1000, step_size: 1, allocation_ratio: 16.0 },
        MEMORY_MB: {
          total: 800000,
          reserved: 512,
          min_unit: 1,
          max_unit: 800000,
          step_size: 1,
          allocation_ratio: 1.5,
        },
        DISK_GB: {
          total: 600000,
          reserved: 0,
          min_unit: 1,
          max_unit: 600000,
          step_size: 1,
          allocation_ratio: 1.0,
        },
      },
    });
  });
  return {
    name: 'placement',
    prefix: '/placement',
    routes,
    formatError: placementError,
    before(req) {
      req.microversion = negotiateMicroversion(
        requestedMicroversion(req, 'placement'),
        PLACEMENT_MIN,
        PLACEMENT_MAX,
      );
    },
    after(req, res) {
      res.headers ??= {};
      res.headers['openstack-api-version'] = `placement ${(req.microversion ?? PLACEMENT_MIN).join('.')}`;
      res.headers.vary = 'openstack-api-version';
    },
  };
}
