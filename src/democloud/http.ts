// HTTP plumbing of the embedded cloud: requests, responses, route tables and the API error type.
import type { IncomingHttpHeaders } from 'node:http';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** Who is calling, resolved from a valid X-Auth-Token. */
export interface AuthContext {
  tokenId: string;
  userId: string;
  userName: string;
  projectId: string | undefined;
  projectName: string | undefined;
  /** Effective role names (implied roles included), lower case as Keystone stores them. */
  roles: string[];
  isAdmin: boolean;
}

export interface DemoRequest {
  method: string;
  /** Path inside the service (after its mount prefix), without query, never empty (at least `/`). */
  path: string;
  /** Full request path as received (without query). */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON body (undefined when empty; parse errors surface when a handler calls `json()`). */
  params: Record<string, string>;
  /** Scheme + host + port the client used, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** `req-<uuid>`, sent back as x-openstack-request-id. */
  requestId: string;
  /** Set by a service's auth step. */
  auth?: AuthContext;
  /** Microversion negotiated for this request (services with microversions). */
  microversion?: [number, number];
  /** Parse the body as JSON; throws a 400 ApiError when it is not JSON. */
  json(): unknown;
  header(name: string): string | undefined;
}

export interface DemoResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  contentType?: string;
}

/** An error answered in the owning service's own error format. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly opts: { type?: string; headers?: Record<string, string>; detail?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Handler = (req: DemoRequest) => DemoResponse | Promise<DemoResponse>;

export interface Route {
  method: string;
  /** Path pattern inside the service, `:name` matches one segment. */
  pattern: string;
  /** Whether an X-Auth-Token is required (default true). */
  auth?: boolean;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class RouteTable {
  private readonly routes: CompiledRoute[] = [];

  /** `trailingSlash`: `/x/` matches route `/x` (pecan-based services such as Barbican, Neutron, Octavia). */
  constructor(private readonly opts: { trailingSlash?: boolean } = {}) {}

  add(method: string, pattern: string, handler: Handler, opts: { auth?: boolean } = {}): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({
      method,
      pattern,
      handler,
      auth: opts.auth ?? true,
      regex: new RegExp(`^${source}$`),
      names,
    });
    return this;
  }

  /** Finds the route for a method and path; `methodMismatch` tells a 405 from a 404. */
  match(
    method: string,
    path: string,
  ): { route: CompiledRoute; params: Record<string, string> } | { methodMismatch: boolean } {
    const found = this.matchExact(method, path);
    if ('route' in found || !this.opts.trailingSlash || path.length < 2 || !path.endsWith('/')) return found;
    const again = this.matchExact(method, path.slice(0, -1));
    return 'route' in again ? again : { methodMismatch: found.methodMismatch || again.methodMismatch };
  }

  private matchExact(
    method: string,
    path: string,
  ): { route: CompiledRoute; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false;
    const lookup = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const m of lookup) {
      for (const route of this.routes) {
        const found = route.regex.exec(path);
        if (!found) continue;
        if (route.method !== m) {
          methodMismatch = true;
          continue;
        }
        const params: Record<string, string> = {};
        route.names.forEach((n, i) => {
          params[n] = decodeURIComponent(found[i + 1] ?? '');
        });
        return { route, params };
      }
    }
    return { methodMismatch };
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): DemoResponse {
  return { status, body, headers };
}

export function noContent(status = 204, headers?: Record<string, string>): DemoResponse {
  return { status, headers };
}

/** Standard reason phrases used in error bodies. */
export const STATUS_TEXT: Record<number, string> = {
  300: 'Multiple Choices',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

/** Reads a query parameter as a non-negative integer, or throws a 400. */
export function intParam(req: DemoRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new ApiError(400, `Invalid ${name} parameter: ${raw}`);
  return Number(raw);
}

/** Truthiness as the Python services parse query booleans (`True`, `true`, `1`, `yes`, `on`). */
export function boolParam(raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
  return undefined;
}

/** Reads an object member of a parsed body, or throws a 400 naming the missing key. */
export function bodyObject(body: unknown, key: string, message?: string): Record<string, unknown> {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const inner = (body as Record<string, unknown>)[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Record<string, unknown>;
  }
  throw new ApiError(400, message ?? `Missing '${key}' object in request body.`);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
