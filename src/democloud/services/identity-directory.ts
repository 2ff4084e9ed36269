// Keystone's directory API of the embedded cloud: domains, users, projects, groups, roles and grants, with the
// policy Keystone applies to admins, domain managers (scs-0302-w1) and everyone else.
import { ApiError, bodyObject, json, noContent, str, type DemoRequest, type RouteTable } from '../http.js';
import { iamOf, type Group, type Iam } from '../iam.js';
import type { CloudState, Project, User } from '../state.js';
import { requireAuth, type ServiceContext } from './common.js';

export function listLinks(req: DemoRequest) {
  const q = req.query.toString();
  return { self: `${req.origin}${req.fullPath}${q ? `?${q}` : ''}`, previous: null, next: null };
}

export function renderProject(req: DemoRequest, p: Project) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    domain_id: p.domainId,
    enabled: true,
    is_domain: false,
    parent_id: p.domainId,
    tags: [],
    options: {},
    links: { self: `${req.origin}/identity/v3/projects/${p.id}` },
  };
}

function renderUser(req: DemoRequest, u: User, iam: Iam) {
  const email = iam.userEmails.get(u.id);
  return {
    id: u.id,
    name: u.name,
    domain_id: u.domainId,
    default_project_id: u.defaultProjectId || undefined,
    enabled: true,
    password_expires_at: null,
    options: {},
    ...(email !== undefined && { email }),
    links: { self: `${req.origin}/identity/v3/users/${u.id}` },
  };
}

function renderGroup(req: DemoRequest, g: Group) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    domain_id: g.domainId,
    links: { self: `${req.origin}/identity/v3/groups/${g.id}` },
  };
}

/** Who is asking: admin, a domain manager (with its domain), or a plain user. */
interface Caller {
  userId: string;
  admin: boolean;
  /** The domain a manager's token is scoped to, when the policy makes it a domain manager. */
  managerOf?: string;
  /** Any domain scope of the token. */
  domainScope?: string;
}

function caller(state: CloudState, req: DemoRequest): Caller {
  const auth = requireAuth(req);
  const token = state.tokens.get(auth.tokenId);
  const domainScope = token?.domainScope;
  const iam = iamOf(state);
  const managerOf = iam.isManager(auth.roles, domainScope) ? domainScope : undefined;
  return {
    userId: auth.userId,
    admin: auth.isAdmin,
    ...(managerOf !== undefined && { managerOf }),
    ...(domainScope !== undefined && { domainScope }),
  };
}

function forbidden(action: string): ApiError {
  return new ApiError(403, `You are not authorized to perform the requested action: ${action}.`);
}

/** Admin, or a domain manager whose domain is every one of `domains`. */
function authorize(iam: Iam, c: Caller, action: string, ...domains: Array<string | undefined>): void {
  if (c.admin) return;
  if (c.managerOf !== undefined && iam.inScope(c.managerOf, ...domains)) return;
  throw forbidden(action);
}

/** The domain a listing is for: the filter, else a domain-scoped token's domain (as Keystone does). */
function listDomain(req: DemoRequest, c: Caller): string | undefined {
  return req.query.get('domain_id') ?? c.domainScope;
}

export function addDirectoryRoutes(routes: RouteTable, ctx: ServiceContext): void {
  const { state } = ctx;
  const iam = () => iamOf(state);
  const getUser = (id: string) => {
    const u = state.users.get(id);
    if (!u) throw new ApiError(404, `Could not find user: ${id}.`);
    return u;
  };
  const getProject = (id: string) => {
    const p = state.projects.get(id);
    if (!p) throw new ApiError(404, `Could not find project: ${id}.`);
    return p;
  };
  const getGroup = (id: string) => {
    const g = iam().groups.get(id);
    if (!g) throw new ApiError(404, `Could not find group: ${id}.`);
    return g;
  };
  const getRole = (id: string) => {
    const r = state.roles.get(id);
    if (!r) throw new ApiError(404, `Could not find role: ${id}.`);
    return r;
  };
  const domainOfNew = (spec: Record<string, unknown>, action: string, c: Caller) => {
    const d = str(spec.domain_id);
    // Keystone checks the policy against the request as sent: no domain_id means no match for a manager.
    authorize(iam(), c, action, d);
    const domainId = d ?? c.domainScope ?? 'default';
    if (!iam().domains.has(domainId)) throw new ApiError(404, `Could not find domain: ${domainId}.`);
    return domainId;
  };
  const listing = <T extends { domainId: string }>(req: DemoRequest, action: string, all: T[]): T[] => {
    const c = caller(state, req);
    const domain = listDomain(req, c);
    authorize(iam(), c, action, domain);
    const name = req.query.get('name');
    return all.filter(
      (x) =>
        (name === null || (x as unknown as { name: string }).name === name) &&
        (domain === undefined || !iam().filterListings ? true : x.domainId === domain),
    );
  };

  // ---- domains ----
  const renderDomain = (
    req: DemoRequest,
    d: { id: string; name: string; description: string; enabled: boolean },
  ) => ({
    ...d,
    tags: [],
    options: {},
    links: { self: `${req.origin}/identity/v3/domains/${d.id}` },
  });
  routes.add('GET', '/v3/domains', (req) => {
    const c = caller(state, req);
    // The w1 policy lets managers list domains (for look-ups by name); the native 2024.2 defaults do not.
    if (!c.admin && !(c.managerOf !== undefined && iam().policy === 'scs'))
      throw forbidden('identity:list_domains');
    const name = req.query.get('name');
    const domains = [...iam().domains.values()].filter((d) => name === null || d.name === name);
    return json(200, { domains: domains.map((d) => renderDomain(req, d)), links: listLinks(req) });
  });
  routes.add('GET', '/v3/domains/:id', (req) => {
    const c = caller(state, req);
    const id = req.params.id as string;
    if (!c.admin && c.domainScope !== id) throw forbidden('identity:get_domain');
    const d = iam().domains.get(id);
    if (!d) throw new ApiError(404, `Could not find domain: ${id}.`);
    return json(200, { domain: renderDomain(req, d) });
  });
  routes.add('POST', '/v3/domains', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:create_domain');
    const spec = bodyObject(req.json(), 'domain');
    const id = state.ids.hex('domain');
    const d = {
      id,
      name: str(spec.name) ?? id,
      description: str(spec.description) ?? '',
      enabled: spec.enabled !== false,
    };
    iam().domains.set(id, d);
    return json(201, { domain: renderDomain(req, d) });
  });
  routes.add('PATCH', '/v3/domains/:id', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:update_domain');
    const d = iam().domains.get(req.params.id as string);
    if (!d) throw new ApiError(404, `Could not find domain: ${req.params.id}.`);
    const spec = bodyObject(req.json(), 'domain');
    if (typeof spec.enabled === 'boolean') d.enabled = spec.enabled;
    return json(200, { domain: renderDomain(req, d) });
  });
  routes.add('DELETE', '/v3/domains/:id', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:delete_domain');
    const d = iam().domains.get(req.params.id as string);
    if (!d) throw new ApiError(404, `Could not find domain: ${req.params.id}.`);
    if (d.enabled)
      throw new ApiError(403, 'Cannot delete a domain that is enabled, please disable it first.');
    iam().domains.delete(d.id);
    return noContent();
  });

  // ---- roles ----
  const renderRole = (req: DemoRequest, r: { id: string; name: string }) => ({
    id: r.id,
    name: r.name,
    domain_id: null,
    description: null,
    options: {},
    links: { self: `${req.origin}/identity/v3/roles/${r.id}` },
  });
  routes.add('GET', '/v3/roles', (req) => {
    const c = caller(state, req);
    if (!c.admin && c.managerOf === undefined) throw forbidden('identity:list_roles');
    const name = req.query.get('name');
    const roles = [...state.roles.values()].filter((r) => name === null || r.name === name);
    return json(200, { roles: roles.map((r) => renderRole(req, r)), links: listLinks(req) });
  });
  routes.add('GET', '/v3/roles/:id', (req) => {
    const c = caller(state, req);
    const r = getRole(req.params.id as string);
    if (!c.admin && !(c.managerOf !== undefined && iam().isManagedRole(r)))
      throw forbidden('identity:get_role');
    return json(200, { role: renderRole(req, r) });
  });
  routes.add('POST', '/v3/roles', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:create_role');
    const spec = bodyObject(req.json(), 'role');
    const id = state.ids.hex('role');
    const r = { id, name: str(spec.name) ?? id };
    state.roles.set(id, r);
    return json(201, { role: renderRole(req, r) });
  });
  routes.add('PATCH', '/v3/roles/:id', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:update_role');
    const r = getRole(req.params.id as string);
    const spec = bodyObject(req.json(), 'role');
    if (typeof spec.name === 'string') r.name = spec.name;
    return json(200, { role: renderRole(req, r) });
  });
  routes.add('DELETE', '/v3/roles/:id', (req) => {
    if (!caller(state, req).admin) throw forbidden('identity:delete_role');
    const r = getRole(req.params.id as string);
    state.roles.delete(r.id);
    return noContent();
  });

  // ---- users ----
  routes.add('GET', '/v3/users', (req) => {
    const users = listing(req, 'identity:list_users', [...state.users.values()]);
    return json(200, { users: users.map((u) => renderUser(req, u, iam())), links: listLinks(req) });
  });
  routes.add('POST', '/v3/users', (req) => {
    const c = caller(state, req);
    const spec = bodyObject(req.json(), 'user');
    const domainId = domainOfNew(spec, 'identity:create_user', c);
    const name = str(spec.name);
    if (!name) throw new ApiError(400, "'name' is a required property");
    if ([...state.users.values()].some((u) => u.name === name && u.domainId === domainId)) {
      throw new ApiError(
        409,
        `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
      );
    }
    const id = state.ids.hex('user');
    const u: User = { id, name, password: str(spec.password) ?? '', domainId, defaultProjectId: '' };
    state.users.set(id, u);
    if (typeof spec.email === 'string') iam().userEmails.set(id, spec.email);
    return json(201, { user: renderUser(req, u, iam()) });
  });
  routes.add('GET', '/v3/users/:id', (req) => {
    const c = caller(state, req);
    const id = req.params.id as string;
    const u = state.users.get(id);
    if (c.userId !== id) authorize(iam(), c, 'identity:get_user', u?.domainId ?? '?');
    return json(200, { user: renderUser(req, getUser(id), iam()) });
  });
  routes.add('PATCH', '/v3/users/:id', (req) => {
    const c = caller(state, req);
    const u = getUser(req.params.id as string);
    authorize(iam(), c, 'identity:update_user', u.domainId);
    const spec = bodyObject(req.json(), 'user');
    if (typeof spec.email === 'string') iam().userEmails.set(u.id, spec.email);
    if (typeof spec.name === 'string') u.name = spec.name;
    return json(200, { user: renderUser(req, u, iam()) });
  });
  routes.add('DELETE', '/v3/users/:id', (req) => {
    const c = caller(state, req);
    const u = getUser(req.params.id as string);
    authorize(iam(), c, 'identity:delete_user', u.domainId);
    state.users.delete(u.id);
    for (const k of [...iam().members]) if (k.endsWith(` ${u.id}`)) iam().members.delete(k);
    for (let i = state.assignments.length - 1; i >= 0; i--)
      if (state.assignments[i]?.userId === u.id) state.assignments.splice(i, 1);
    return noContent();
  });
  routes.add('GET', '/v3/users/:id/projects', (req) => {
    const c = caller(state, req);
    const id = req.params.id as string;
    const u = state.users.get(id);
    if (c.userId !== id) authorize(iam(), c, 'identity:list_user_projects', u?.domainId ?? '?');
    const ids = new Set(state.assignments.filter((a) => a.userId === id).map((a) => a.target));
    const projects = [...state.projects.values()]
      .filter((p) => ids.has(p.id))
      .map((p) => renderProject(req, p));
    return json(200, { projects, links: listLinks(req) });
  });

  // ---- projects ----
  routes.add('GET', '/v3/projects', (req) => {
    const projects = listing(req, 'identity:list_projects', [...state.projects.values()]);
    return json(200, { projects: projects.map((p) => renderProject(req, p)), links: listLinks(req) });
  });
  routes.add('POST', '/v3/projects', (req) => {
    const c = caller(state, req);
    const spec = bodyObject(req.json(), 'project');
    const domainId = domainOfNew(spec, 'identity:create_project', c);
    const name = str(spec.name);
    if (!name) throw new ApiError(400, "'name' is a required property");
    const id = state.ids.hex('project');
    const p: Project = { id, name, description: str(spec.description) ?? '', domainId };
    state.projects.set(id, p);
    return json(201, { project: renderProject(req, p) });
  });
  routes.add('GET', '/v3/projects/:id', (req) => {
    const c = caller(state, req);
    const id = req.params.id as string;
    if (requireAuth(req).projectId !== id)
      authorize(iam(), c, 'identity:get_project', state.projects.get(id)?.domainId ?? '?');
    return json(200, { project: renderProject(req, getProject(id)) });
  });
  routes.add('PATCH', '/v3/projects/:id', (req) => {
    const c = caller(state, req);
    const p = getProject(req.params.id as string);
    authorize(iam(), c, 'identity:update_project', p.domainId);
    const spec = bodyObject(req.json(), 'project');
    if (typeof spec.description === 'string') p.description = spec.description;
    return json(200, { project: renderProject(req, p) });
  });
  routes.add('DELETE', '/v3/projects/:id', (req) => {
    const c = caller(state, req);
    const p = getProject(req.params.id as string);
    authorize(iam(), c, 'identity:delete_project', p.domainId);
    state.projects.delete(p.id);
    for (let i = state.assignments.length - 1; i >= 0; i--)
      if (state.assignments[i]?.target === p.id) state.assignments.splice(i, 1);
    const ga = iam().groupAssignments;
    for (let i = ga.length - 1; i >= 0; i--) if (ga[i]?.target === p.id) ga.splice(i, 1);
    return noContent();
  });

  // ---- groups ----
  routes.add('GET', '/v3/groups', (req) => {
    const groups = listing(req, 'identity:list_groups', [...iam().groups.values()]);
    return json(200, { groups: groups.map((g) => renderGroup(req, g)), links: listLinks(req) });
  });
  routes.add('POST', '/v3/groups', (req) => {
    const c = caller(state, req);
    const spec = bodyObject(req.json(), 'group');
    const domainId = domainOfNew(spec, 'identity:create_group', c);
    const name = str(spec.name);
    if (!name) throw new ApiError(400, "'name' is a required property");
    const id = state.ids.hex('group');
    const g: Group = { id, name, description: str(spec.description) ?? '', domainId };
    iam().groups.set(id, g);
    return json(201, { group: renderGroup(req, g) });
  });
  routes.add('GET', '/v3/groups/:id', (req) => {
    const c = caller(state, req);
    const id = req.params.id as string;
    authorize(iam(), c, 'identity:get_group', iam().groups.get(id)?.domainId ?? '?');
    return json(200, { group: renderGroup(req, getGroup(id)) });
  });
  routes.add('PATCH', '/v3/groups/:id', (req) => {
    const c = caller(state, req);
    const g = getGroup(req.params.id as string);
    authorize(iam(), c, 'identity:update_group', g.domainId);
    const spec = bodyObject(req.json(), 'group');
    if (typeof spec.description === 'string') g.description = spec.description;
    return json(200, { group: renderGroup(req, g) });
  });
  routes.add('DELETE', '/v3/groups/:id', (req) => {
    const c = caller(state, req);
    const g = getGroup(req.params.id as string);
    authorize(iam(), c, 'identity:delete_group', g.domainId);
    iam().groups.delete(g.id);
    for (const k of [...iam().members]) if (k.startsWith(`${g.id} `)) iam().members.delete(k);
    const ga = iam().groupAssignments;
    for (let i = ga.length - 1; i >= 0; i--) if (ga[i]?.groupId === g.id) ga.splice(i, 1);
    return noContent();
  });
  routes.add('GET', '/v3/groups/:id/users', (req) => {
    const c = caller(state, req);
    const g = getGroup(req.params.id as string);
    authorize(iam(), c, 'identity:list_users_in_group', g.domainId);
    const users = [...state.users.values()].filter((u) => iam().members.has(`${g.id} ${u.id}`));
    return json(200, { users: users.map((u) => renderUser(req, u, iam())), links: listLinks(req) });
  });
  const membership = (method: 'PUT' | 'HEAD' | 'DELETE', action: string) =>
    routes.add(method, '/v3/groups/:gid/users/:uid', (req) => {
      const c = caller(state, req);
      const g = getGroup(req.params.gid as string);
      const u = getUser(req.params.uid as string);
      authorize(iam(), c, action, g.domainId, u.domainId);
      const key = `${g.id} ${u.id}`;
      if (method === 'PUT') iam().members.add(key);
      else if (!iam().members.has(key))
        throw new ApiError(404, `Could not find user, ${u.id}, in group, ${g.id}.`);
      else if (method === 'DELETE') iam().members.delete(key);
      return noContent();
    });
  membership('PUT', 'identity:add_user_to_group');
  membership('HEAD', 'identity:check_user_in_group');
  membership('DELETE', 'identity:remove_user_from_group');

  // ---- grants: /v3/{domains|projects}/:t/{users|groups}/:a/roles/:r ----
  for (const scope of ['domains', 'projects'] as const) {
    for (const who of ['users', 'groups'] as const) {
      for (const method of ['PUT', 'HEAD', 'GET', 'DELETE'] as const) {
        routes.add(method, `/v3/${scope}/:t/${who}/:a/roles/:r`, (req) => {
          const c = caller(state, req);
          const t = req.params.t as string;
          const targetDomain =
            scope === 'domains' ? (iam().domains.has(t) ? t : undefined) : getProject(t).domainId;
          if (!targetDomain) throw new ApiError(404, `Could not find domain: ${t}.`);
          const actorDomain =
            who === 'users'
              ? getUser(req.params.a as string).domainId
              : getGroup(req.params.a as string).domainId;
          const role = getRole(req.params.r as string);
          const action =
            method === 'PUT'
              ? 'identity:create_grant'
              : method === 'DELETE'
                ? 'identity:revoke_grant'
                : 'identity:check_grant';
          if (!c.admin) {
            const ok =
              c.managerOf !== undefined &&
              iam().inScope(c.managerOf, targetDomain, actorDomain) &&
              (method === 'HEAD' || method === 'GET' || iam().isManagedRole(role));
            if (!ok) throw forbidden(action);
          }
          const target = scope === 'domains' ? `domain:${t}` : t;
          const a = req.params.a as string;
          if (who === 'users') {
            const i = state.assignments.findIndex(
              (x) => x.userId === a && x.target === target && x.roleId === role.id,
            );
            if (method === 'PUT') {
              if (i < 0) state.assignments.push({ userId: a, target, roleId: role.id });
            } else if (i < 0)
              throw new ApiError(404, `Could not find role assignment with role: ${role.id}.`);
            else if (method === 'DELETE') state.assignments.splice(i, 1);
          } else {
            const ga = iam().groupAssignments;
            const i = ga.findIndex((x) => x.groupId === a && x.target === target && x.roleId === role.id);
            if (method === 'PUT') {
              if (i < 0) ga.push({ groupId: a, target, roleId: role.id });
            } else if (i < 0)
              throw new ApiError(404, `Could not find role assignment with role: ${role.id}.`);
            else if (method === 'DELETE') ga.splice(i, 1);
          }
          return noContent();
        });
      }
    }
  }

  // ---- role assignments ----
  routes.add('GET', '/v3/role_assignments', (req) => {
    const c = caller(state, req);
    const scopeDomain = req.query.get('scope.domain.id') ?? undefined;
    if (!c.admin) {
      if (c.managerOf === undefined || scopeDomain === undefined || !iam().inScope(c.managerOf, scopeDomain))
        throw forbidden('identity:list_role_assignments');
    }
    const userId = req.query.get('user.id');
    const groupId = req.query.get('group.id');
    const projectId = req.query.get('scope.project.id');
    const roleId = req.query.get('role.id');
    const effective = req.query.has('effective');
    const names = req.query.has('include_names');
    const scopeOk = (target: string) =>
      (!projectId || target === projectId) && (!scopeDomain || target === `domain:${scopeDomain}`);
    const rows: Array<{ userId?: string; groupId?: string; target: string; roleId: string }> = [];
    for (const a of state.assignments) {
      if ((userId && a.userId !== userId) || groupId || !scopeOk(a.target)) continue;
      const ids = effective ? state.closeRoles([a.roleId]) : [a.roleId];
      for (const r of ids) {
        if (roleId && r !== roleId) continue;
        if (!rows.some((x) => x.userId === a.userId && x.target === a.target && x.roleId === r))
          rows.push({ userId: a.userId, target: a.target, roleId: r });
      }
    }
    for (const a of iam().groupAssignments) {
      if (userId || (groupId && a.groupId !== groupId) || !scopeOk(a.target)) continue;
      if (roleId && a.roleId !== roleId) continue;
      rows.push({ groupId: a.groupId, target: a.target, roleId: a.roleId });
    }
    const domainRef = (id: string) => ({ id, name: iam().domains.get(id)?.name ?? id });
    const role_assignments = rows.map((a) => {
      const role = state.roles.get(a.roleId);
      const isDomain = a.target.startsWith('domain:');
      const domainId = isDomain ? a.target.slice('domain:'.length) : '';
      const project = isDomain ? undefined : state.projects.get(a.target);
      const scope = isDomain
        ? { domain: names ? domainRef(domainId) : { id: domainId } }
        : {
            project: names
              ? { id: a.target, name: project?.name, domain: domainRef(project?.domainId ?? 'default') }
              : { id: a.target },
          };
      const scopePath = isDomain ? `domains/${domainId}` : `projects/${a.target}`;
      const subject = a.userId
        ? (() => {
            const user = state.users.get(a.userId);
            return {
              user: names
                ? { id: a.userId, name: user?.name, domain: domainRef(user?.domainId ?? 'default') }
                : { id: a.userId },
            };
          })()
        : { group: { id: a.groupId } };
      const subjectPath = a.userId ? `users/${a.userId}` : `groups/${a.groupId}`;
      return {
        role: names ? { id: a.roleId, name: role?.name } : { id: a.roleId },
        ...subject,
        scope,
        links: { assignment: `${req.origin}/identity/v3/${scopePath}/${subjectPath}/roles/${a.roleId}` },
      };
    });
    return json(200, { role_assignments, links: listLinks(req) });
  });
}
