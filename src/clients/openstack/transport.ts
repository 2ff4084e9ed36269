// The HTTP layer under the client: one exchange at a time over undici, with TLS options and classified failures.
import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import { ProxyRoutingAgent, type ProxySettings } from '../../core/http-proxy.js';
import { OpenStackConfigError, OpenStackTransportError, transportError } from './errors.js';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Service type (or `s3`), for messages and recordings. */
  service: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Stop reading and fail when the answer's body exceeds this many bytes (default: no bound). */
  maxBytes?: number;
}

export interface TransportResponse {
  status: number;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** Sends one exchange. Live, recording and replaying transports all look like this. */
export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
  /** True when no network is used (replay): waits are skipped and token expiry ignored. */
  readonly offline: boolean;
}

export interface TlsOptions {
  /** false: accept any certificate (verify: false / insecure: true). */
  verify: boolean;
  /** CA bundle file (PEM). */
  cacert?: string;
  cert?: string;
  key?: string;
  /** Cloud name, for messages. */
  cloud?: string;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

function readPem(path: string, what: string, cloud?: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new OpenStackConfigError(
      `cannot read ${what} file ${path}${cloud ? ` of cloud "${cloud}"` : ''}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; fix the path in clouds.yaml`,
    );
  }
}

/** Live HTTP over undici with one connection pool per run (through the environment's proxy, if any). */
export class HttpTransport implements Transport {
  readonly offline = false;
  private readonly agent: Dispatcher;

  constructor(
    private readonly tls: TlsOptions = { verify: true },
    proxy?: ProxySettings,
  ) {
    const connect: Record<string, unknown> = { rejectUnauthorized: tls.verify };
    if (tls.cacert) connect.ca = readPem(tls.cacert, 'cacert', tls.cloud);
    if (tls.cert) connect.cert = readPem(tls.cert, 'cert', tls.cloud);
    if (tls.key) connect.key = readPem(tls.key, 'key', tls.cloud);
    const pool = { keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 };
    this.agent = proxy
      ? // requestTls carries the cloud's TLS settings through the CONNECT tunnel.
        new ProxyRoutingAgent(proxy, { ...pool, connect, requestTls: connect })
      : new Agent({ connect, ...pool });
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const res = await request(req.url, {
        method: req.method as 'GET',
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const body = await readBounded(res, req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      return { status: res.statusCode, headers, body };
    } catch (err) {
      if (err instanceof OpenStackTransportError) throw err;
      throw this.classify(err, req, timeout.aborted && !req.signal?.aborted);
    }
  }

  private classify(err: unknown, req: TransportRequest, timedOut: boolean) {
    const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = e?.code ?? e?.cause?.code;
    const what = `${req.service} ${req.method} ${req.url}`;
    if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return transportError(
        'timeout',
        `timeout after ${req.timeoutMs} ms: ${what}; the API is slow or unreachable (raise the timeout or check the endpoint)`,
        req.service,
        req.method,
        req.url,
        code ?? 'TIMEOUT',
      );
    }
    if (req.signal?.aborted || e?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
      return transportError('aborted', `aborted: ${what}`, req.service, req.method, req.url, code);
    }
    const msg = e?.message ?? String(err);
    if (
      (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) ||
      /certificate|SSL|TLS/i.test(msg)
    ) {
      const host = safeOrigin(req.url);
      return transportError(
        'tls',
        `TLS verification failed for ${host}${this.tls.cloud ? ` (cloud "${this.tls.cloud}")` : ''}: ${msg}${code ? ` [${code}]` : ''}; set cacert: /path/to/ca.pem in clouds.yaml (verify: false only for tests)`,
        req.service,
        req.method,
        req.url,
        code,
      );
    }
    return transportError(
      'connection',
      `cannot reach ${safeOrigin(req.url)} for ${what}: ${msg}${code ? ` [${code}]` : ''}; check the endpoint URL and the network`,
      req.service,
      req.method,
      req.url,
      code,
    );
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * Reads a body chunk by chunk and stops at `maxBytes` (a declared Content-Length over the bound fails before
 * reading anything), so a hostile or broken cloud cannot fill the memory with one answer.
 */
async function readBounded(res: Dispatcher.ResponseData, req: TransportRequest): Promise<string> {
  const max = req.maxBytes;
  if (max === undefined) return res.body.text();
  const tooLarge = (seen: string) => {
    res.body.destroy();
    return transportError(
      'too-large',
      `the answer to ${req.service} ${req.method} ${req.url} is larger than the limit of ${max} bytes (${seen}); ` +
        'the cloud sent far more than such a call should return — raise SCS_CERT_MAX_RESPONSE_BYTES if it is genuine',
      req.service,
      req.method,
      req.url,
      'RESPONSE_TOO_LARGE',
    );
  };
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(`Content-Length ${declared}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge(`more than ${max} bytes received`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function safeOrigin(u: string): string {
  try {
    return new URL(u).origin;
  } catch {
    return u;
  }
}
