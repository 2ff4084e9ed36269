// A tiny programmable HTTP(S) server on 127.0.0.1 with a fake Keystone, for the OpenStack client tests.
import {
  createServer as createHttp,
  type IncomingMessage,
  type ServerResponse,
  type Server,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo, Socket } from 'node:net';

export const TLS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'openstack-client',
  'tls',
);

export interface FakeRequest {
  method: string;
  /** path + query as received */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  json?: unknown;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  /** never answer (until the server closes) */
  hang?: boolean;
  /** drop the connection without an answer */
  destroy?: boolean;
}

export type Handler = (req: FakeRequest, match: RegExpMatchArray) => FakeReply | Promise<FakeReply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private routes: Route[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(private readonly tls = false) {}

  async start(): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = this.tls
      ? createHttps(
          { key: readFileSync(join(TLS_DIR, 'server.key')), cert: readFileSync(join(TLS_DIR, 'server.crt')) },
          listener,
        )
      : createHttp(listener);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this;
  }

  /** Adds a route; later routes win over earlier ones (tests override defaults). */
  on(method: string, pattern: string | RegExp, handler: Handler): this {
    const re =
      typeof pattern === 'string'
        ? new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : pattern;
    this.routes.unshift({ method, pattern: re, handler });
    return this;
  }

  count(method: string, pathPattern: string | RegExp): number {
    return this.requests.filter(
      (r) =>
        r.method === method &&
        (typeof pathPattern === 'string' ? r.path === pathPattern : pathPattern.test(r.path)),
    ).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://x');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const fr: FakeRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: u.pathname,
      query: u.searchParams,
      headers,
      body,
      json,
    };
    this.requests.push(fr);
    for (const r of this.routes) {
      if (r.method !== fr.method) continue;
      const m = fr.path.match(r.pattern);
      if (!m) continue;
      let reply: FakeReply;
      try {
        reply = await r.handler(fr, m);
      } catch (err) {
        reply = { status: 500, json: { error: { message: String(err) } } };
      }
      if (reply.hang) return;
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '');
      res.writeHead(reply.status ?? 200, {
        ...(reply.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(text);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ itemNotFound: { code: 404, message: `fake: no route for ${fr.method} ${fr.path}` } }),
    );
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export const PROJECT_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const PASSWORD = 'S3cr3t-Pa55word!';
export const APP_SECRET = 'app-cred-secret-value-0123456789';

export interface KeystoneOptions {
  /** catalog services: type -> path prefix on the fake server (default: a full IaaS set) */
  services?: Record<string, string>;
  roles?: string[];
  /** ms until expiry; default one hour */
  ttlMs?: number;
  region?: string;
}

/**
 * Installs a fake Keystone at /identity/v3 that accepts user `demo` / PASSWORD (project `demo`) and
 * app credential `ac-1` / APP_SECRET; issues tokens `gAAAAABfake-token-0001-Zq9`, …; the catalog points back at the server.
 */
export function installKeystone(s: FakeServer, opts: KeystoneOptions = {}) {
  const state = { issued: 0, valid: new Set<string>() };
  const services = opts.services ?? {
    identity: '/identity/v3',
    compute: '/compute/v2.1',
    image: '/image',
    network: '/network',
    volumev3: `/volume/v3/${PROJECT_ID}`,
    placement: '/placement',
    'key-manager': '/key-manager',
    'load-balancer': '/load-balancer',
  };
  const region = opts.region ?? 'RegionOne';
  s.on('POST', '/identity/v3/auth/tokens', (req) => {
    const body = req.json as {
      auth?: {
        identity?: {
          methods?: string[];
          password?: { user?: { name?: string; password?: string } };
          application_credential?: { id?: string; secret?: string };
        };
      };
    };
    const id = body?.auth?.identity;
    const okPw =
      id?.methods?.[0] === 'password' &&
      id.password?.user?.name === 'demo' &&
      id.password.user.password === PASSWORD;
    const okAc =
      id?.methods?.[0] === 'application_credential' &&
      id.application_credential?.id === 'ac-1' &&
      id.application_credential.secret === APP_SECRET;
    if (!okPw && !okAc) {
      return {
        status: 401,
        json: {
          error: {
            code: 401,
            title: 'Unauthorized',
            message: 'The request you have made requires authentication.',
          },
        },
      };
    }
    const tok = `gAAAAABfake-token-${String(++state.issued).padStart(4, '0')}-Zq9`;
    state.valid.add(tok);
    return {
      status: 201,
      headers: { 'X-Subject-Token': tok },
      json: {
        token: {
          methods: [okPw ? 'password' : 'application_credential'],
          expires_at: new Date(Date.now() + (opts.ttlMs ?? 3_600_000)).toISOString(),
          roles: (opts.roles ?? ['member', 'reader']).map((name, i) => ({ id: `r${i}`, name })),
          project: { id: PROJECT_ID, name: 'demo', domain: { id: 'default', name: 'Default' } },
          user: { id: 'u-demo', name: 'demo', domain: { id: 'default', name: 'Default' } },
          catalog: Object.entries(services).map(([type, prefix]) => ({
            type,
            id: `svc-${type}`,
            name: type,
            endpoints: [
              {
                interface: 'public',
                region_id: region,
                region,
                url: `${s.url}${prefix}`,
                id: `ep-${type}-pub`,
              },
              {
                interface: 'internal',
                region_id: region,
                region,
                url: `http://internal.invalid${prefix}`,
                id: `ep-${type}-int`,
              },
            ],
          })),
        },
      },
    };
  });
  return state;
}

/** A clouds.yaml entry pointing at the fake Keystone. */
export function demoCloud(s: FakeServer, extra: Record<string, unknown> = {}) {
  return {
    auth: {
      auth_url: `${s.url}/identity/v3`,
      username: 'demo',
      password: PASSWORD,
      project_name: 'demo',
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: 'RegionOne',
    ...extra,
  };
}

/** Rejects a request that lacks a valid token (401 like Keystone middleware). */
export function requireToken(state: { valid: Set<string> }, req: FakeRequest): FakeReply | undefined {
  const t = req.headers['x-auth-token'];
  if (!t || !state.valid.has(t))
    return { status: 401, json: { error: { code: 401, message: 'Authentication required' } } };
  return undefined;
}
