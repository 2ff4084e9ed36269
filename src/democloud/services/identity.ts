// Keystone v3 (identity): version documents, token issue/validate/revoke, catalog, application credentials, a few reads.
import {
  ApiError,
  RouteTable,
  bodyObject,
  json,
  noContent,
  str,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoMicrosZ, newTokenId } from '../ids.js';
import type { AppCredential, CloudState, Project, Token, User } from '../state.js';
import { iamOf } from '../iam.js';
import { addDirectoryRoutes, listLinks, renderProject } from './identity-directory.js';
import {
  catalogUrl,
  keystoneStyleError,
  requireAuth,
  type ServiceContext,
  type ServiceModule,
} from './common.js';

const UNAUTHORIZED = 'The request you have made requires authentication.';

function versionEntry(origin: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${origin}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

function domainOf(state: CloudState, id: string) {
  return { id, name: iamOf(state).domains.get(id)?.name ?? id };
}

function unauthorized(origin: string, message = UNAUTHORIZED): ApiError {
  return new ApiError(401, message, { headers: { 'WWW-Authenticate': `Keystone uri="${origin}/identity"` } });
}

/** The domain a request names (by id or name); 401 for an unknown one, as Keystone answers. */
function resolveDomain(state: CloudState, domain: unknown, origin: string): string {
  if (domain === undefined) return 'default';
  if (!domain || typeof domain !== 'object') throw new ApiError(400, 'Invalid domain in request.');
  const d = iamOf(state).domainByRef(domain as Record<string, unknown>);
  if (!d) throw unauthorized(origin);
  return d.id;
}

function findUser(state: CloudState, spec: Record<string, unknown>, origin: string): User {
  if (typeof spec.id === 'string') {
    const u = state.users.get(spec.id);
    if (!u) throw unauthorized(origin);
    return u;
  }
  if (typeof spec.name === 'string') {
    if (spec.domain === undefined) {
      throw new ApiError(
        400,
        'Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
      );
    }
    const domainId = resolveDomain(state, spec.domain, origin);
    const u = [...state.users.values()].find((x) => x.name === spec.name && x.domainId === domainId);
    if (!u) throw unauthorized(origin);
    return u;
  }
  throw new ApiError(
    400,
    'Expecting to find id or name in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
}

function findProject(state: CloudState, spec: Record<string, unknown>, origin: string): Project {
  if (typeof spec.id === 'string') {
    const p = state.projects.get(spec.id);
    if (!p) throw unauthorized(origin);
    return p;
  }
  if (typeof spec.name === 'string') {
    if (spec.domain === undefined) {
      throw new ApiError(
        400,
        'Expecting to find domain in project. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
      );
    }
    const domainId = resolveDomain(state, spec.domain, origin);
    const p = [...state.projects.values()].find((x) => x.name === spec.name && x.domainId === domainId);
    if (!p) throw unauthorized(origin);
    return p;
  }
  throw new ApiError(400, 'Expecting to find id or name in project.');
}

export function renderCatalog(ctx: ServiceContext, projectId: string | undefined) {
  const { state } = ctx;
  return state.catalog
    .map((s) => ({
      endpoints: s.interfaces
        .map((i) => {
          const url = catalogUrl(ctx.baseUrl, s.path, projectId);
          return url === undefined
            ? undefined
            : {
                id: s.endpointIds[i] as string,
                interface: i,
                region_id: state.region,
                url,
                region: state.region,
              };
        })
        .filter((e) => e !== undefined),
      id: s.id,
      type: s.type,
      name: s.name,
    }))
    .filter((s) => s.endpoints.length > 0);
}

function tokenBody(ctx: ServiceContext, token: Token, withCatalog: boolean) {
  const { state } = ctx;
  const user = state.users.get(token.userId) as User;
  const body: Record<string, unknown> = {
    methods: token.methods,
    user: { domain: domainOf(state, user.domainId), id: user.id, name: user.name, password_expires_at: null },
    audit_ids: [token.auditId],
    expires_at: isoMicrosZ(token.expiresAt),
    issued_at: isoMicrosZ(token.issuedAt),
  };
  if (token.projectId) {
    const p = state.projects.get(token.projectId) as Project;
    body.project = { domain: domainOf(state, p.domainId), id: p.id, name: p.name };
    body.is_domain = false;
  } else if (token.domainScope) {
    body.domain = domainOf(state, token.domainScope);
  }
  if (token.projectId || token.domainScope) {
    body.roles = token.roleIds.map((id) => ({ id, name: state.roles.get(id)?.name ?? id }));
    if (withCatalog) body.catalog = renderCatalog(ctx, token.projectId);
  }
  if (token.appCredentialId) {
    const ac = state.appCredentials.get(token.appCredentialId);
    body.application_credential = {
      id: token.appCredentialId,
      name: ac?.name ?? '',
      restricted: !ac?.unrestricted,
    };
  }
  return { token: body };
}

function issue(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const origin = req.origin;
  const auth = bodyObject(
    req.json(),
    'auth',
    'Expecting to find auth in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  );
  const identity = auth.identity as Record<string, unknown> | undefined;
  if (!identity || typeof identity !== 'object') {
    throw new ApiError(
      400,
      'Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  }
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new ApiError(
      400,
      "'methods' is a required property. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
    );
  }
  const method = String(methods[0]);
  let user: User;
  let appCred: AppCredential | undefined;
  let inheritedProject: string | undefined;
  let inheritedRoles: string[] | undefined;
  if (method === 'password') {
    const pw = (identity.password as Record<string, unknown> | undefined)?.user as
      Record<string, unknown> | undefined;
    if (!pw) throw new ApiError(400, 'Expecting to find user in password.');
    user = findUser(state, pw, origin);
    if (pw.password !== user.password) throw unauthorized(origin);
  } else if (method === 'application_credential') {
    const spec = identity.application_credential as Record<string, unknown> | undefined;
    if (!spec || typeof spec.secret !== 'string')
      throw new ApiError(400, 'Expecting to find secret in application_credential.');
    if (typeof spec.id === 'string') {
      appCred = state.appCredentials.get(spec.id);
    } else if (typeof spec.name === 'string') {
      const owner = spec.user ? findUser(state, spec.user as Record<string, unknown>, origin) : undefined;
      if (!owner)
        throw new ApiError(
          400,
          'Could not find user for application credential. An application credential name requires the user.',
        );
      appCred = [...state.appCredentials.values()].find((a) => a.name === spec.name && a.userId === owner.id);
    }
    if (!appCred || appCred.secret !== spec.secret) throw unauthorized(origin);
    if (appCred.expiresAt !== null && appCred.expiresAt <= state.now()) throw unauthorized(origin);
    if (auth.scope !== undefined)
      throw unauthorized(origin, 'Application credentials cannot request a scope.');
    user = state.users.get(appCred.userId) as User;
    inheritedProject = appCred.projectId;
    inheritedRoles = state.closeRoles(appCred.roleIds);
  } else if (method === 'token') {
    const id = (identity.token as Record<string, unknown> | undefined)?.id;
    const t = typeof id === 'string' ? state.tokens.get(id) : undefined;
    if (!t || t.revoked || t.expiresAt <= state.now()) throw unauthorized(origin);
    if (t.appCredentialId) throw unauthorized(origin);
    user = state.users.get(t.userId) as User;
  } else {
    throw unauthorized(origin, `Attempted to authenticate with an unsupported method.`);
  }

  let projectId = inheritedProject;
  let domainScope: string | undefined;
  let roleIds = inheritedRoles ?? [];
  if (!appCred) {
    const scope = auth.scope;
    if (scope === 'unscoped') {
      // explicitly unscoped
    } else if (scope && typeof scope === 'object') {
      const s = scope as Record<string, unknown>;
      if (s.project) {
        projectId = findProject(state, s.project as Record<string, unknown>, origin).id;
      } else if (s.domain) {
        domainScope = resolveDomain(state, s.domain, origin);
      } else if (s.system) {
        throw unauthorized(origin);
      }
    } else if (state.effectiveRoleIds(user.id, user.defaultProjectId).length > 0) {
      projectId = user.defaultProjectId;
    }
    if (projectId) {
      roleIds = state.effectiveRoleIds(user.id, projectId);
      if (roleIds.length === 0) throw unauthorized(origin);
    } else if (domainScope) {
      roleIds = state.effectiveRoleIds(user.id, `domain:${domainScope}`);
      for (const g of iamOf(state).groups.values()) {
        if (!iamOf(state).members.has(`${g.id} ${user.id}`)) continue;
        for (const a of iamOf(state).groupAssignments)
          if (a.groupId === g.id && a.target === `domain:${domainScope}`) roleIds.push(a.roleId);
      }
      roleIds = state.closeRoles(roleIds);
      if (roleIds.length === 0) throw unauthorized(origin);
    }
  }
  const now = state.now();
  const token: Token = {
    id: newTokenId(),
    userId: user.id,
    projectId,
    domainScope,
    methods: [method],
    roleIds,
    appCredentialId: appCred?.id,
    issuedAt: now,
    expiresAt: now + state.tokenTtlMs,
    auditId: Buffer.from(state.ids.hex('audit').slice(0, 16), 'hex').toString('base64url'),
    revoked: false,
  };
  state.tokens.set(token.id, token);
  const withCatalog = !req.query.has('nocatalog');
  return json(201, tokenBody(ctx, token, withCatalog), { 'X-Subject-Token': token.id });
}

function subjectToken(ctx: ServiceContext, req: DemoRequest): Token {
  const id = req.header('x-subject-token');
  if (!id) throw new ApiError(400, 'Expecting to find X-Subject-Token in request.');
  const t = ctx.state.tokens.get(id);
  const allowExpired = req.query.get('allow_expired')?.toLowerCase() === 'true';
  if (!t || t.revoked || (!allowExpired && t.expiresAt <= ctx.state.now())) {
    throw new ApiError(404, `Could not find token: ${id}.`);
  }
  return t;
}

function selfOrAdmin(req: DemoRequest, userId: string, action: string): void {
  const auth = requireAuth(req);
  if (auth.userId !== userId && !auth.isAdmin) {
    throw new ApiError(403, `You are not authorized to perform the requested action: ${action}.`);
  }
}

function adminOnly(req: DemoRequest, action: string): void {
  if (!requireAuth(req).isAdmin) {
    throw new ApiError(403, `You are not authorized to perform the requested action: ${action}.`);
  }
}

function renderAppCred(ctx: ServiceContext, req: DemoRequest, ac: AppCredential, withSecret: boolean) {
  const body: Record<string, unknown> = {
    id: ac.id,
    name: ac.name,
    description: ac.description,
    user_id: ac.userId,
    project_id: ac.projectId,
    roles: ac.roleIds.map((id) => ({ id, name: ctx.state.roles.get(id)?.name, domain_id: null })),
    expires_at: ac.expiresAt === null ? null : isoMicrosZ(ac.expiresAt),
    unrestricted: ac.unrestricted,
    access_rules: [],
    links: { self: `${req.origin}/identity/v3/application_credentials/${ac.id}` },
  };
  if (withSecret) body.secret = ac.secret;
  return body;
}

export function createIdentity(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  const versions = (req: DemoRequest): DemoResponse =>
    json(300, { versions: { values: [versionEntry(req.origin)] } });
  routes.add('GET', '/', versions, { auth: false });
  routes.add('GET', '/v3', (req) => json(200, { version: versionEntry(req.origin) }), { auth: false });
  routes.add('GET', '/v3/', (req) => json(200, { version: versionEntry(req.origin) }), { auth: false });
  routes.add('POST', '/v3/auth/tokens', (req) => issue(ctx, req), { auth: false });
  addDirectoryRoutes(routes, ctx);
  routes.add('GET', '/v3/auth/tokens', (req) => {
    const t = subjectToken(ctx, req);
    return json(200, tokenBody(ctx, t, !req.query.has('nocatalog')), { 'X-Subject-Token': t.id });
  });
  routes.add('HEAD', '/v3/auth/tokens', (req) => {
    const t = subjectToken(ctx, req);
    return noContent(200, { 'X-Subject-Token': t.id });
  });
  routes.add('DELETE', '/v3/auth/tokens', (req) => {
    subjectToken(ctx, req).revoked = true;
    return noContent();
  });
  routes.add('GET', '/v3/auth/catalog', (req) => {
    const auth = requireAuth(req);
    if (!auth.projectId) throw new ApiError(403, 'A scoped token is required to list the catalog.');
    return json(200, { catalog: renderCatalog(ctx, auth.projectId), links: listLinks(req) });
  });
  routes.add('GET', '/v3/auth/projects', (req) => {
    const auth = requireAuth(req);
    const ids = new Set(state.assignments.filter((a) => a.userId === auth.userId).map((a) => a.target));
    const projects = [...state.projects.values()]
      .filter((p) => ids.has(p.id))
      .map((p) => renderProject(req, p));
    return json(200, { projects, links: listLinks(req) });
  });
  routes.add('GET', '/v3/auth/domains', (req) => {
    const auth = requireAuth(req);
    const has = state.assignments.some((a) => a.userId === auth.userId && a.target === 'domain:default');
    const domains = has
      ? [
          {
            id: 'default',
            name: 'Default',
            description: 'The default domain',
            enabled: true,
            tags: [],
            options: {},
            links: { self: `${req.origin}/identity/v3/domains/default` },
          },
        ]
      : [];
    return json(200, { domains, links: listLinks(req) });
  });
  routes.add('GET', '/v3/users/:id/application_credentials', (req) => {
    const id = req.params.id as string;
    selfOrAdmin(req, id, 'identity:list_application_credentials');
    const name = req.query.get('name');
    const list = [...state.appCredentials.values()]
      .filter((a) => a.userId === id && (name === null || a.name === name))
      .map((a) => renderAppCred(ctx, req, a, false));
    return json(200, { application_credentials: list, links: listLinks(req) });
  });
  routes.add('GET', '/v3/users/:id/application_credentials/:acid', (req) => {
    const id = req.params.id as string;
    selfOrAdmin(req, id, 'identity:get_application_credential');
    const ac = state.appCredentials.get(req.params.acid as string);
    if (!ac || ac.userId !== id)
      throw new ApiError(404, `Could not find Application Credential: ${req.params.acid}.`);
    return json(200, { application_credential: renderAppCred(ctx, req, ac, false) });
  });
  routes.add('POST', '/v3/users/:id/application_credentials', (req) => {
    const auth = requireAuth(req);
    const id = req.params.id as string;
    if (auth.userId !== id) {
      throw new ApiError(
        403,
        'You are not authorized to perform the requested action: identity:create_application_credential.',
      );
    }
    const token = state.tokens.get(auth.tokenId) as Token;
    if (token.appCredentialId && !state.appCredentials.get(token.appCredentialId)?.unrestricted) {
      throw new ApiError(
        403,
        "Using method 'application_credential' is not allowed for managing additional application credentials.",
      );
    }
    if (!auth.projectId) throw new ApiError(403, 'A project-scoped token is required.');
    const spec = bodyObject(req.json(), 'application_credential');
    const name = str(spec.name);
    if (!name) throw new ApiError(400, "'name' is a required property");
    if ([...state.appCredentials.values()].some((a) => a.userId === id && a.name === name)) {
      throw new ApiError(
        409,
        `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${name}.`,
      );
    }
    let roleIds = token.roleIds;
    if (Array.isArray(spec.roles)) {
      roleIds = spec.roles.map((r) => {
        const o = r as Record<string, unknown>;
        const role = typeof o.id === 'string' ? state.roles.get(o.id) : state.roleByName(String(o.name));
        if (!role || !token.roleIds.includes(role.id))
          throw new ApiError(403, 'Application credential roles must be a subset of the token roles.');
        return role.id;
      });
    }
    const ac: AppCredential = {
      id: state.ids.hex('appcred'),
      name,
      userId: id,
      projectId: auth.projectId,
      secret: str(spec.secret) ?? Buffer.from(state.ids.hex('acsecret'), 'hex').toString('base64url'),
      description: str(spec.description) ?? null,
      roleIds,
      unrestricted: spec.unrestricted === true,
      expiresAt: typeof spec.expires_at === 'string' ? Date.parse(spec.expires_at) : null,
    };
    state.appCredentials.set(ac.id, ac);
    return json(201, { application_credential: renderAppCred(ctx, req, ac, true) });
  });
  routes.add('DELETE', '/v3/users/:id/application_credentials/:acid', (req) => {
    const id = req.params.id as string;
    selfOrAdmin(req, id, 'identity:delete_application_credential');
    const ac = state.appCredentials.get(req.params.acid as string);
    if (!ac || ac.userId !== id)
      throw new ApiError(404, `Could not find Application Credential: ${req.params.acid}.`);
    state.appCredentials.delete(ac.id);
    for (const t of state.tokens.values()) if (t.appCredentialId === ac.id) t.revoked = true;
    return noContent();
  });
  routes.add('GET', '/v3/regions', (req) =>
    json(200, {
      regions: [
        {
          id: state.region,
          description: '',
          parent_region_id: null,
          links: { self: `${req.origin}/identity/v3/regions/${state.region}` },
        },
      ],
      links: listLinks(req),
    }),
  );
  routes.add('GET', '/v3/services', (req) => {
    adminOnly(req, 'identity:list_services');
    const services = state.catalog.map((s) => ({
      id: s.id,
      type: s.type,
      name: s.name,
      enabled: true,
      description: null,
      links: { self: `${req.origin}/identity/v3/services/${s.id}` },
    }));
    return json(200, { services, links: listLinks(req) });
  });
  routes.add('GET', '/v3/endpoints', (req) => {
    adminOnly(req, 'identity:list_endpoints');
    const endpoints = state.catalog.flatMap((s) =>
      s.interfaces.map((i) => ({
        id: s.endpointIds[i],
        interface: i,
        region_id: state.region,
        region: state.region,
        service_id: s.id,
        url: s.path === '' ? ctx.baseUrl : `${ctx.baseUrl}${s.path}`,
        enabled: true,
        links: { self: `${req.origin}/identity/v3/endpoints/${s.endpointIds[i]}` },
      })),
    );
    return json(200, { endpoints, links: listLinks(req) });
  });
  return {
    name: 'identity',
    prefix: '/identity',
    routes,
    formatError: (err) => keystoneStyleError(err),
    unauthorized: (req) =>
      keystoneStyleError(
        new ApiError(401, UNAUTHORIZED, {
          headers: { 'WWW-Authenticate': `Keystone uri="${req.origin}/identity"` },
        }),
      ),
  };
}
