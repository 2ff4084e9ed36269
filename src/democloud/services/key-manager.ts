// Barbican v1 (key-manager): version documents, secrets create/list/get/payload/delete with limit/offset paging, policy modes.
import {
  ApiError,
  RouteTable,
  json,
  noContent,
  statusText,
  str,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoMicrosNaive } from '../ids.js';
import type { Secret } from '../state.js';
import { requireAuth, requireProject, type ServiceContext, type ServiceModule } from './common.js';

function versionEntry(origin: string) {
  return {
    id: 'v1',
    status: 'stable',
    min_version: '1.0',
    max_version: '1.1',
    links: [
      { rel: 'self', href: `${origin}/key-manager/v1/` },
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.key-manager-v1+json' }],
  };
}

function barbicanError(err: ApiError): DemoResponse {
  return {
    status: err.status,
    headers: err.opts.headers,
    body: { code: err.status, title: statusText(err.status), description: err.message },
    contentType: 'application/json; charset=UTF-8',
  };
}

type Action = 'creation' | 'retrieval' | 'deletion';
const ACTION_TEXT: Record<Action, string> = {
  creation: 'Secret creation attempt not allowed - please review your user/project privileges',
  retrieval: 'Secret(s) retrieval attempt not allowed - please review your user/project privileges',
  deletion: 'Secret deletion attempt not allowed - please review your user/project privileges',
};

export function createKeyManager(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable({ trailingSlash: true });

  const authorize = (req: DemoRequest, action: Action) => {
    const auth = requireAuth(req);
    const allowed =
      state.behaviour.keyManagerPolicy === 'member'
        ? auth.roles.includes('member') || auth.isAdmin
        : auth.isAdmin ||
          auth.roles.includes('creator') ||
          (action === 'retrieval' && auth.roles.includes('observer'));
    if (!allowed) throw new ApiError(403, ACTION_TEXT[action]);
  };
  const secretRef = (req: DemoRequest, s: Secret) => `${req.origin}/key-manager/v1/secrets/${s.id}`;
  const render = (req: DemoRequest, s: Secret) => ({
    status: 'ACTIVE',
    created: isoMicrosNaive(s.createdAt),
    updated: isoMicrosNaive(s.updatedAt),
    expiration: s.expiration,
    algorithm: s.algorithm,
    bit_length: s.bitLength,
    mode: s.mode,
    name: s.name,
    secret_ref: secretRef(req, s),
    secret_type: s.secretType,
    content_types: s.contentType ? { default: s.contentType } : {},
    creator_id: s.creatorId,
  });
  const getSecret = (req: DemoRequest, id: string) => {
    const s = state.secrets.get(id);
    const auth = requireAuth(req);
    if (!s || (s.projectId !== auth.projectId && !auth.isAdmin)) throw new ApiError(404, 'Secret not found.');
    return s;
  };

  routes.add('GET', '/', (req) => json(300, { versions: { values: [versionEntry(req.origin)] } }), {
    auth: false,
  });
  routes.add('GET', '/v1', (req) => json(200, { version: versionEntry(req.origin) }));
  routes.add('GET', '/v1/', (req) => json(200, { version: versionEntry(req.origin) }));
  routes.add('POST', '/v1/secrets', (req) => {
    authorize(req, 'creation');
    const auth = requireAuth(req);
    const projectId = requireProject(req);
    const body = req.json();
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new ApiError(400, "Provided object does not match schema 'Secret': Invalid JSON.");
    const spec = body as Record<string, unknown>;
    const payload = spec.payload;
    const ctype = str(spec.payload_content_type);
    if (payload !== undefined && payload !== null) {
      if (typeof payload !== 'string' || payload === '')
        throw new ApiError(
          400,
          "Provided object does not match schema 'Secret': If 'payload' is supplied, 'payload_content_type' must also be supplied. Invalid property: 'payload'",
        );
      if (!ctype)
        throw new ApiError(
          400,
          "Provided object does not match schema 'Secret': If 'payload' is supplied, 'payload_content_type' must also be supplied. Invalid property: 'payload_content_type'",
        );
      const base = ctype.split(';')[0]?.trim();
      if (base !== 'text/plain' && base !== 'application/octet-stream')
        throw new ApiError(
          400,
          `Provided object does not match schema 'Secret': payload_content_type ${ctype} is not one of the supported types.`,
        );
    }
    const secretType = str(spec.secret_type) ?? 'opaque';
    if (!['symmetric', 'public', 'private', 'passphrase', 'certificate', 'opaque'].includes(secretType)) {
      throw new ApiError(
        400,
        `Provided object does not match schema 'Secret': '${secretType}' is not one of ['symmetric', 'public', 'private', 'passphrase', 'certificate', 'opaque'] Invalid property: 'secret_type'`,
      );
    }
    const now = state.now();
    const s: Secret = {
      id: state.ids.uuid('secret'),
      name: str(spec.name) ?? null,
      projectId,
      creatorId: auth.userId,
      payload: typeof payload === 'string' ? payload : null,
      contentType: ctype ? (ctype.startsWith('text/plain') ? 'text/plain' : ctype) : null,
      secretType,
      algorithm: str(spec.algorithm) ?? null,
      bitLength: typeof spec.bit_length === 'number' ? spec.bit_length : null,
      mode: str(spec.mode) ?? null,
      expiration: str(spec.expiration) ?? null,
      createdAt: now,
      updatedAt: now,
    };
    state.secrets.set(s.id, s);
    return json(201, { secret_ref: secretRef(req, s) }, { Location: secretRef(req, s) });
  });
  routes.add('GET', '/v1/secrets', (req) => {
    authorize(req, 'retrieval');
    const auth = requireAuth(req);
    const name = req.query.get('name');
    const secretType = req.query.get('secret_type');
    const all = [...state.secrets.values()]
      .filter(
        (s) =>
          s.projectId === auth.projectId &&
          (name === null || s.name === name) &&
          (secretType === null || s.secretType === secretType),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
    const limit = Math.min(
      Math.max(
        Number(req.query.get('limit') ?? state.limits.barbicanDefaultLimit) ||
          state.limits.barbicanDefaultLimit,
        1,
      ),
      state.limits.barbicanMaxLimit,
    );
    const offset = Math.max(Number(req.query.get('offset') ?? 0) || 0, 0);
    const page = all.slice(offset, offset + limit);
    const body: Record<string, unknown> = { secrets: page.map((s) => render(req, s)), total: all.length };
    const link = (off: number) => {
      const q = new URLSearchParams(req.query);
      q.set('limit', String(limit));
      q.set('offset', String(off));
      return `${req.origin}/key-manager/v1/secrets?${q.toString()}`;
    };
    if (offset + limit < all.length) body.next = link(offset + limit);
    if (offset > 0) body.previous = link(Math.max(offset - limit, 0));
    return json(200, body);
  });
  routes.add('GET', '/v1/secrets/:id', (req) => {
    authorize(req, 'retrieval');
    const s = getSecret(req, req.params.id as string);
    const accept = req.header('accept') ?? '';
    if (accept.startsWith('text/plain') || accept.startsWith('application/octet-stream')) {
      if (s.payload === null) throw new ApiError(404, 'Not Found. Sorry but your secret has no payload.');
      return { status: 200, body: s.payload, contentType: s.contentType ?? 'text/plain' };
    }
    return json(200, render(req, s));
  });
  routes.add('GET', '/v1/secrets/:id/payload', (req) => {
    authorize(req, 'retrieval');
    const s = getSecret(req, req.params.id as string);
    if (s.payload === null) throw new ApiError(404, 'Not Found. Sorry but your secret has no payload.');
    return { status: 200, body: s.payload, contentType: s.contentType ?? 'text/plain' };
  });
  routes.add('DELETE', '/v1/secrets/:id', (req) => {
    authorize(req, 'deletion');
    const s = getSecret(req, req.params.id as string);
    state.secrets.delete(s.id);
    return noContent();
  });
  routes.add('GET', '/v1/containers', (req) => {
    authorize(req, 'retrieval');
    return json(200, { containers: [], total: 0 });
  });
  return { name: 'key-manager', prefix: '/key-manager', routes, formatError: barbicanError };
}
