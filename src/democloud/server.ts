// The node:http front of the embedded cloud: mounts the services, counts calls, injects faults, writes answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, type DemoRequest, type DemoResponse } from './http.js';
import { requestId } from './ids.js';
import { FaultEngine, type FaultRule } from './faults.js';
import { DEMO_CLOUD_HEADER } from '../core/provenance.js';
import { sleep } from '../core/sleep.js';
import type { CloudState } from './state.js';
import type { CallRecord } from './types.js';
import { authenticate, keystoneMiddleware401, type ServiceModule } from './services/common.js';

const MAX_BODY = 64 * 1024 * 1024;

export interface CallStats {
  calls: number;
  byRoute: Record<string, number>;
}

/** Answers requests that belong to no mounted service (the S3 front and the index at `/`). */
export type RootHandler = (req: DemoRequest) => DemoResponse | undefined;

export class DemoHttpServer {
  readonly server: Server;
  readonly stats: CallStats = { calls: 0, byRoute: {} };
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly state: CloudState,
    private readonly services: ServiceModule[],
    private readonly root: RootHandler,
    private readonly faults: FaultEngine,
    private readonly onCall?: (call: CallRecord) => void,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`internal error of the embedded cloud: ${(err as Error)?.message ?? String(err)}\n`);
        } else {
          res.destroy();
        }
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Ends every open connection (hung calls included) and closes the listener. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private count(key: string): void {
    this.stats.calls += 1;
    this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const host = req.headers.host ?? 'localhost';
    const method = (req.method ?? 'GET').toUpperCase();
    let parsed: { done: boolean; value?: unknown } = { done: false };
    const dreq: DemoRequest = {
      method,
      path: url.pathname,
      fullPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      params: {},
      origin: `http://${host}`,
      requestId: requestId(),
      json() {
        if (!parsed.done) {
          const text = rawBody.toString('utf8');
          if (text.trim() === '') parsed = { done: true, value: undefined };
          else {
            try {
              parsed = { done: true, value: JSON.parse(text) };
            } catch {
              throw new ApiError(400, 'Malformed request body: the body is not valid JSON.');
            }
          }
        }
        return parsed.value;
      },
      header(name: string) {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
    };
    this.state.advance();

    const service = this.services.find(
      (s) => url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`),
    );
    let key = 'root';
    let routeMatch: ReturnType<ServiceModule['routes']['match']> | undefined;
    if (service) {
      let inner = url.pathname.slice(service.prefix.length) || '/';
      if (service.name === 'network' && inner.endsWith('.json')) inner = inner.slice(0, -5);
      dreq.path = inner;
      routeMatch = service.routes.match(method, inner);
      key =
        'route' in routeMatch
          ? `${service.name} ${routeMatch.route.method} ${routeMatch.route.pattern}`
          : `${service.name} unmatched`;
    } else {
      key = `root ${method} ${url.pathname === '/' ? '/' : '*'}`;
    }
    this.count(key);

    const decision = this.faults.decide(method, url.pathname);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const action = decision.action;
    const record = (status?: number) =>
      this.onCall?.({
        method,
        path: url.pathname,
        route: key,
        status,
        fault: action?.fault,
        durationMs: Math.round(performance.now() - started),
      });
    if (action?.fault === 'hang') {
      record();
      return;
    }
    if (action?.fault === 'reset') {
      req.socket.destroy();
      record();
      return;
    }

    let answer: DemoResponse;
    if (action?.fault === 'status') {
      answer = this.faultAnswer(service, dreq, action);
    } else if (!service) {
      answer = this.root(dreq) ?? {
        status: 404,
        body: '404 Not Found\n\nThe resource could not be found.\n\n',
        contentType: 'text/plain; charset=UTF-8',
      };
    } else {
      answer = await this.serve(service, dreq, routeMatch as NonNullable<typeof routeMatch>);
    }
    this.write(res, dreq, answer, action);
    record(answer.status);
  }

  private faultAnswer(service: ServiceModule | undefined, req: DemoRequest, rule: FaultRule): DemoResponse {
    const status = rule.status ?? 503;
    const headers: Record<string, string> = {};
    if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
    const message =
      rule.message ??
      (status === 429 ? 'Rate limit exceeded, retry later.' : 'Injected fault of the embedded cloud.');
    const echoed = rule.echo
      ? ` (request was ${req.method} ${req.fullPath} with body ${req.rawBody.toString('utf8')} and headers ${JSON.stringify(req.headers)})`
      : '';
    const err = new ApiError(status, message + echoed, { headers });
    const res = service
      ? service.formatError(err, req)
      : { status, body: `${status} ${message}\n`, contentType: 'text/plain' };
    res.headers = { ...(res.headers ?? {}), ...headers };
    return res;
  }

  private async serve(
    service: ServiceModule,
    req: DemoRequest,
    match: ReturnType<ServiceModule['routes']['match']>,
  ): Promise<DemoResponse> {
    let res: DemoResponse;
    try {
      if (!('route' in match)) {
        throw match.methodMismatch
          ? new ApiError(405, 'The method is not allowed for the requested URL.')
          : new ApiError(404, 'The resource could not be found.');
      }
      req.params = match.params;
      if (match.route.auth) {
        req.auth = authenticate(this.state, req);
        if (!req.auth) {
          res = service.unauthorized ? service.unauthorized(req) : keystoneMiddleware401(req);
          service.after?.(req, res);
          return res;
        }
      }
      service.before?.(req);
      res = await match.route.handler(req);
    } catch (err) {
      if (err instanceof ApiError) res = service.formatError(err, req);
      else {
        res = service.formatError(
          new ApiError(
            500,
            `The server has either erred or is incapable of performing the requested operation. (${(err as Error)?.message ?? String(err)})`,
          ),
          req,
        );
      }
    }
    service.after?.(req, res);
    return res;
  }

  private write(
    res: ServerResponse,
    req: DemoRequest,
    answer: DemoResponse,
    action: FaultRule | undefined,
  ): void {
    const headers: Record<string, string> = {
      'x-openstack-request-id': req.requestId,
      // Says on the wire what this is, so a served demo certified under any name is still reported as a demo.
      [DEMO_CLOUD_HEADER]: 'embedded scs-cert demo cloud, not a real OpenStack',
      ...(answer.headers ?? {}),
    };
    let body: Buffer | undefined;
    if (answer.body === undefined || answer.body === null) {
      body = undefined;
    } else if (Buffer.isBuffer(answer.body)) {
      body = answer.body;
      headers['Content-Type'] ??= answer.contentType ?? 'application/octet-stream';
    } else if (typeof answer.body === 'string') {
      body = Buffer.from(answer.body, 'utf8');
      headers['Content-Type'] ??= answer.contentType ?? 'text/plain; charset=UTF-8';
    } else {
      body = Buffer.from(JSON.stringify(answer.body), 'utf8');
      headers['Content-Type'] ??= answer.contentType ?? 'application/json';
    }
    if (action?.fault === 'malformed') {
      const text = body && body.length > 1 ? body.subarray(0, Math.ceil(body.length / 2)) : Buffer.from('{"');
      body = Buffer.concat([text, Buffer.from('\u0000<<not json')]);
      headers['Content-Type'] = 'application/json';
    }
    const status = answer.status;
    const noBody = req.method === 'HEAD' || status === 204 || status === 304;
    headers['Content-Length'] = String(status === 204 || status === 304 ? 0 : (body?.length ?? 0));
    if (action?.fault === 'truncate' && (noBody || !body?.length)) {
      // nothing to cut in half: the request was carried out and the connection drops before the answer
      res.destroy();
      return;
    }
    res.writeHead(status, headers);
    if (noBody || !body) {
      res.end();
      return;
    }
    if (action?.fault === 'truncate') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    res.end(body);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
