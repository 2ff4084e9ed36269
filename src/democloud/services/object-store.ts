// Object storage: a minimal Swift account/container API under /object-store, and the S3 front at the bare host.
import { randomBytes } from 'node:crypto';
import { ApiError, RouteTable, json, type DemoRequest, type DemoResponse } from '../http.js';
import type { CloudState } from '../state.js';
import { catalogUrl, requireAuth, type ServiceContext, type ServiceModule } from './common.js';

const SWIFT_MESSAGES: Record<number, [string, string]> = {
  400: [
    'Bad Request',
    'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  ],
  401: [
    'Unauthorized',
    'This server could not verify that you are authorized to access the document you requested.',
  ],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'The method is not allowed for this resource.'],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
};

function swiftError(status: number, headers?: Record<string, string>): DemoResponse {
  const [title, text] = SWIFT_MESSAGES[status] ?? ['Internal Error', 'An error occurred.'];
  return {
    status,
    headers,
    body: `<html><h1>${title}</h1><p>${text}</p></html>`,
    contentType: 'text/html; charset=UTF-8',
  };
}

function transId(): string {
  return `tx${randomBytes(11).toString('hex')}-00${Math.floor(Date.now() / 1000).toString(16)}`;
}

export function createObjectStore(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  const account = (req: DemoRequest) => {
    const auth = requireAuth(req);
    const acct = req.params.account as string;
    if (acct !== `AUTH_${auth.projectId}` && !auth.isAdmin) throw new ApiError(403, 'Forbidden');
    return acct.slice(5);
  };
  const listing = (req: DemoRequest, names: string[], headers: Record<string, string>): DemoResponse => {
    const format = req.query.get('format');
    if (format === 'json') {
      return {
        status: 200,
        headers,
        body: JSON.stringify(
          names.map((name) => ({
            name,
            count: 0,
            bytes: 0,
            last_modified: new Date(state.now()).toISOString().replace('Z', ''),
          })),
        ),
        contentType: 'application/json; charset=utf-8',
      };
    }
    if (names.length === 0)
      return { status: 204, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } };
    return { status: 200, headers, body: names.join('\n') + '\n', contentType: 'text/plain; charset=utf-8' };
  };
  routes.add(
    'GET',
    '/info',
    () => {
      const info: Record<string, unknown> = {
        swift: {
          version: '2.30.1',
          max_file_size: 5368709122,
          account_listing_limit: 10000,
          container_listing_limit: 10000,
          max_object_name_length: 1024,
          max_container_name_length: 256,
          strict_cors_mode: true,
          policies: [{ name: 'Policy-0', aliases: 'Policy-0', default: true }],
        },
        tempurl: { methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] },
      };
      if (state.behaviour.s3Api)
        info.s3api = {
          max_bucket_listing: 1000,
          max_parts_listing: 1000,
          max_upload_part_num: 1000,
          version: '2.30.1',
        };
      return json(200, info);
    },
    { auth: false },
  );
  routes.add('GET', '/v1/:account', (req) => {
    const projectId = account(req);
    const names = [...state.containers.values()]
      .filter((c) => c.projectId === projectId)
      .map((c) => c.name)
      .sort();
    return listing(req, names, {
      'X-Account-Container-Count': String(names.length),
      'X-Account-Object-Count': '0',
      'X-Account-Bytes-Used': '0',
      'X-Timestamp': (state.startedAt / 1000).toFixed(5),
      'X-Trans-Id': transId(),
    });
  });
  routes.add('PUT', '/v1/:account/:container', (req) => {
    const projectId = account(req);
    const key = `${projectId}/${req.params.container}`;
    const existed = state.containers.has(key);
    if (!existed)
      state.containers.set(key, { name: req.params.container as string, projectId, createdAt: state.now() });
    return {
      status: existed ? 202 : 201,
      body: '',
      contentType: 'text/html; charset=UTF-8',
      headers: { 'X-Trans-Id': transId() },
    };
  });
  routes.add('GET', '/v1/:account/:container', (req) => {
    const projectId = account(req);
    if (!state.containers.has(`${projectId}/${req.params.container}`)) throw new ApiError(404, 'Not Found');
    return listing(req, [], {
      'X-Container-Object-Count': '0',
      'X-Container-Bytes-Used': '0',
      'X-Trans-Id': transId(),
    });
  });
  routes.add('DELETE', '/v1/:account/:container', (req) => {
    const projectId = account(req);
    if (!state.containers.delete(`${projectId}/${req.params.container}`))
      throw new ApiError(404, 'Not Found');
    return { status: 204, headers: { 'X-Trans-Id': transId() } };
  });
  return {
    name: 'object-store',
    prefix: '/object-store',
    routes,
    formatError: (err) => swiftError(err.status, err.opts.headers),
    unauthorized: () => swiftError(401, { 'Www-Authenticate': 'Swift realm="unknown"' }),
  };
}

function s3AccessKey(req: DemoRequest): string | undefined {
  const auth = req.header('authorization') ?? '';
  const v4 = /Credential=([^/,\s]+)/.exec(auth);
  if (v4) return v4[1];
  const v2 = /^AWS ([^:]+):/.exec(auth);
  if (v2) return v2[1];
  return req.query.get('X-Amz-Credential')?.split('/')[0] ?? req.query.get('AWSAccessKeyId') ?? undefined;
}

function s3Error(code: string, message: string, status: number, extra: Record<string, string>): DemoResponse {
  const reqId = randomBytes(8).toString('hex').toUpperCase();
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k}>`)
    .join('');
  return {
    status,
    headers: { 'x-amz-request-id': reqId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${fields}<RequestId>${reqId}</RequestId><HostId>${randomBytes(16).toString('hex')}</HostId></Error>`,
    contentType: 'application/xml',
  };
}

/**
 * Requests to the bare host: S3 calls (recognised by their AWS signature) get S3's XML errors, as an RGW-style
 * S3 endpoint answers an unknown key; with the S3 API off the host answers like a Swift proxy without s3api.
 * A plain `GET /` gets a small JSON index of the demo cloud.
 */
export function createRootHandler(ctx: ServiceContext): (req: DemoRequest) => DemoResponse | undefined {
  const { state } = ctx;
  return (req) => {
    const key = s3AccessKey(req);
    const signed = key !== undefined || (req.header('authorization') ?? '').startsWith('AWS');
    if (signed) {
      if (!state.behaviour.s3Api) return swiftError(req.path === '/' ? 404 : 401);
      return s3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
        {
          AWSAccessKeyId: key ?? '',
        },
      );
    }
    if (req.path === '/' && req.method === 'GET') return json(200, indexDoc(state, ctx.baseUrl));
    return undefined;
  };
}

function indexDoc(state: CloudState, baseUrl: string) {
  return {
    name: 'scs-cert embedded reference cloud',
    note: 'A local demo of the OpenStack APIs the SCS checks use; not a substitute for a real OpenStack.',
    auth_url: `${baseUrl}/identity/v3`,
    region: state.region,
    services: state.catalog.map((s) => ({
      type: s.type,
      name: s.name,
      url: catalogUrl(baseUrl, s.path, '{project_id}'),
    })),
  };
}
