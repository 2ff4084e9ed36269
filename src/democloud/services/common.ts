// What every service module shares: the service contract, token checks, microversions, marker paging, error shapes.
import {
  ApiError,
  RouteTable,
  statusText,
  type AuthContext,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import type { CloudState } from '../state.js';

export interface ServiceModule {
  /** Catalog-ish name used in stats keys (`compute`, `image`, …). */
  name: string;
  /** Mount prefix below the origin, e.g. `/compute`. */
  prefix: string;
  routes: RouteTable;
  /** Renders an ApiError the way this service's real implementation does. */
  formatError(err: ApiError, req: DemoRequest): DemoResponse;
  /** Runs before the handler (after auth): microversion negotiation and the like. */
  before?(req: DemoRequest): void;
  /** Adds service-specific headers to every answer. */
  after?(req: DemoRequest, res: DemoResponse): void;
  /** Answer for requests without a valid token (default: keystonemiddleware's 401). */
  unauthorized?(req: DemoRequest): DemoResponse;
}

/** Resolves X-Auth-Token into an AuthContext; undefined when missing, unknown, revoked or expired. */
export function authenticate(state: CloudState, req: DemoRequest): AuthContext | undefined {
  const tokenId = req.header('x-auth-token');
  if (!tokenId) return undefined;
  const token = state.tokens.get(tokenId);
  if (!token || token.revoked || token.expiresAt <= state.now()) return undefined;
  const user = state.users.get(token.userId);
  if (!user) return undefined;
  const project = token.projectId ? state.projects.get(token.projectId) : undefined;
  const roles = token.roleIds.map((id) => state.roles.get(id)?.name).filter((n): n is string => Boolean(n));
  return {
    tokenId,
    userId: user.id,
    userName: user.name,
    projectId: project?.id,
    projectName: project?.name,
    roles,
    isAdmin: roles.includes('admin'),
  };
}

/** keystonemiddleware's answer for a missing or invalid token (identical for every service it protects). */
export function keystoneMiddleware401(req: DemoRequest): DemoResponse {
  return {
    status: 401,
    headers: { 'WWW-Authenticate': `Keystone uri="${req.origin}/identity"` },
    body: {
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    },
  };
}

export function requireAuth(req: DemoRequest): AuthContext {
  if (!req.auth) throw new ApiError(401, 'The request you have made requires authentication.');
  return req.auth;
}

/** The project of a project-scoped token, or a 403 for unscoped/domain tokens. */
export function requireProject(req: DemoRequest): string {
  const auth = requireAuth(req);
  if (!auth.projectId) throw new ApiError(403, 'A project-scoped token is required.');
  return auth.projectId;
}

/** Nova/Cinder fault names keyed by status (`{"itemNotFound": {"code": 404, "message": …}}`). */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function novaStyleError(err: ApiError): DemoResponse {
  const name = FAULT_NAMES[err.status] ?? 'computeFault';
  return {
    status: err.status,
    headers: err.opts.headers,
    body: { [name]: { code: err.status, message: err.message } },
  };
}

export function keystoneStyleError(err: ApiError): DemoResponse {
  return {
    status: err.status,
    headers: err.opts.headers,
    body: { error: { code: err.status, message: err.message, title: statusText(err.status) } },
  };
}

/** Parses `OpenStack-API-Version: <service> X.Y` (or a legacy header); undefined when absent. */
export function requestedMicroversion(
  req: DemoRequest,
  service: string,
  legacyHeader?: string,
): string | undefined {
  const header = req.header('openstack-api-version');
  if (header) {
    for (const part of header.split(',')) {
      const [svc, ver] = part.trim().split(/\s+/);
      if (svc?.toLowerCase() === service && ver) return ver;
    }
  }
  if (legacyHeader) {
    const legacy = req.header(legacyHeader);
    if (legacy) return legacy.trim();
  }
  return undefined;
}

/** Negotiates a microversion the way oslo-based services do: `latest`, bounds check, format check. */
export function negotiateMicroversion(
  requested: string | undefined,
  min: [number, number],
  max: [number, number],
): [number, number] {
  if (requested === undefined) return min;
  if (requested.toLowerCase() === 'latest') return max;
  const m = /^(\d+)\.(\d+)$/.exec(requested);
  if (!m) {
    throw new ApiError(
      400,
      `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  const v: [number, number] = [Number(m[1]), Number(m[2])];
  if (cmpVersion(v, min) < 0 || cmpVersion(v, max) > 0) {
    throw new ApiError(
      406,
      `Version ${requested} is not supported by the API. Minimum is ${min.join('.')} and maximum is ${max.join('.')}.`,
    );
  }
  return v;
}

export function cmpVersion(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function atLeast(req: DemoRequest, major: number, minor: number): boolean {
  const v = req.microversion ?? [0, 0];
  return cmpVersion(v, [major, minor]) >= 0;
}

/**
 * Marker paging as Nova, Cinder, Glance and Neutron do it: items after the marker, at most `limit`.
 * An unknown marker is a 400 (the caller supplies the service's wording).
 */
export function pageAfterMarker<T>(
  items: T[],
  idOf: (item: T) => string,
  marker: string | null,
  limit: number,
  unknownMarker: (marker: string) => ApiError,
): T[] {
  let start = 0;
  if (marker) {
    const idx = items.findIndex((i) => idOf(i) === marker);
    if (idx < 0) throw unknownMarker(marker);
    start = idx + 1;
  }
  return items.slice(start, start + limit);
}

/** Rebuilds a URL's query with one parameter replaced (next links keep every other parameter). */
export function withParam(query: URLSearchParams, key: string, value: string): string {
  const q = new URLSearchParams(query);
  q.delete(key);
  q.append(key, value);
  return q.toString();
}

/** What a service module is built from. */
export interface ServiceContext {
  state: CloudState;
  /** Base URL the catalog advertises (scheme + host + port, no trailing slash). */
  baseUrl: string;
}

/** Substitutes `%(project_id)s` (and Keystone's legacy `$(project_id)s`) in a catalog URL. */
export function catalogUrl(baseUrl: string, path: string, projectId: string | undefined): string | undefined {
  const needsProject = /[%$]\(project_id\)s/.test(path);
  if (needsProject && !projectId) return undefined;
  const p = path.replace(/[%$]\(project_id\)s/g, projectId ?? '');
  return p === '' ? baseUrl : `${baseUrl}${p}`;
}
