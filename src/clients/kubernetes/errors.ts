// Turns Kubernetes client failures (kubeconfig, network, TLS, HTTP status) into one-line errors that name cause and fix.

export type KubeErrorKind =
  | 'kubeconfig'
  | 'context'
  | 'unreachable'
  | 'tls'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'server'
  | 'aborted'
  | 'other';

/** A Kubernetes access failure with a one-line message (cause + fix) and a machine-readable kind. */
export class KubeAccessError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeAccessError';
  }
}

/** What a call was trying to do, for error messages (`list nodes`, `create persistentvolumeclaims in ns`). */
export interface CallSite {
  verb: string;
  /** Resource as RBAC names it, e.g. `nodes`, `storageclasses.storage.k8s.io`, or a non-resource URL `/version`. */
  resource: string;
  namespace?: string;
  name?: string;
}

/** Connection facts for messages. */
export interface ConnectionFacts {
  server: string;
  context: string;
  cluster?: string;
  user?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  type?: unknown;
  name?: unknown;
  message?: unknown;
  body?: unknown;
  headers?: unknown;
  cause?: unknown;
}

/** The HTTP status of a client-node ApiException, if it is one. */
export function httpStatusOf(err: unknown): number | undefined {
  const e = err as ErrorLike | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.name === 'KubeAccessError') return (err as KubeAccessError).status;
  return typeof e.code === 'number' ? e.code : undefined;
}

/** A Kubernetes `Status` object's message/reason out of an ApiException body (string or object). */
export function statusOf(err: unknown): { message?: string; reason?: string } {
  const body = (err as ErrorLike | null)?.body;
  let obj: unknown = body;
  if (typeof body === 'string') {
    try {
      obj = JSON.parse(body);
    } catch {
      return body.trim() ? { message: oneLine(body) } : {};
    }
  }
  if (obj && typeof obj === 'object') {
    const s = obj as { message?: unknown; reason?: unknown };
    return {
      message: typeof s.message === 'string' ? s.message : undefined,
      reason: typeof s.reason === 'string' ? s.reason : undefined,
    };
  }
  return {};
}

/** The Retry-After header of an ApiException, as sent; read with core/retry.ts `retryAfterMs`. */
export function retryAfterHeader(err: unknown): string | undefined {
  const headers = (err as ErrorLike | null)?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const v = (headers as Record<string, unknown>)['retry-after'];
  return typeof v === 'string' ? v : undefined;
}

function networkCode(err: unknown): string | undefined {
  // node-fetch wraps socket errors (FetchError with code/errno); undici puts them in `cause`.
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as ErrorLike).code;
    if (typeof c === 'string' && (NETWORK_CODES.has(c) || TLS_CODES.has(c))) return c;
    const errno = (e as ErrorLike).errno;
    if (typeof errno === 'string' && (NETWORK_CODES.has(errno) || TLS_CODES.has(errno))) return errno;
    e = (e as ErrorLike).cause;
  }
  return undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function what(site: CallSite): string {
  const target = site.resource.startsWith('/')
    ? site.resource
    : `${site.resource}${site.name ? ` '${site.name}'` : ''}`;
  return `${site.verb} ${target}${site.namespace ? ` in namespace '${site.namespace}'` : ''}`;
}

/** Classify any error of a Kubernetes call into a KubeAccessError with a one-line cause + fix. */
export function toKubeError(err: unknown, site: CallSite, conn: ConnectionFacts): KubeAccessError {
  if (err instanceof KubeAccessError) return err;
  const e = (err ?? {}) as ErrorLike;
  const status = httpStatusOf(err);
  const who = conn.user ? `user '${conn.user}'` : 'the kubeconfig user';
  if (typeof status === 'number') {
    const st = statusOf(err);
    const detail = st.message ? `: ${oneLine(st.message)}` : '';
    if (status === 401)
      return new KubeAccessError(
        'unauthorized',
        `the API server ${conn.server} rejected the credentials of ${who} in context '${conn.context}' (401 Unauthorized) — renew the token or client certificate in the kubeconfig`,
        401,
      );
    if (status === 403) {
      const rbacResource = site.resource.startsWith('/')
        ? `non-resource URL ${site.resource}`
        : `'${site.resource}'`;
      return new KubeAccessError(
        'forbidden',
        `${who} may not ${what(site)} (403 Forbidden) — grant the '${site.verb}' permission on ${rbacResource}${site.namespace ? ` in namespace '${site.namespace}'` : ' (cluster-wide)'} via RBAC`,
        403,
      );
    }
    if (status === 404)
      return new KubeAccessError('not-found', `${what(site)}: not found (404)${detail}`, 404);
    if (status === 409) return new KubeAccessError('conflict', `${what(site)}: conflict (409)${detail}`, 409);
    if (status === 429)
      return new KubeAccessError(
        'throttled',
        `${what(site)}: the API server kept throttling requests (429 Too Many Requests)${detail} — retry later`,
        429,
      );
    return new KubeAccessError('server', `${what(site)} failed with HTTP ${status}${detail}`, status);
  }
  const code = networkCode(err);
  if (code && TLS_CODES.has(code)) {
    const msg = typeof e.message === 'string' ? `: ${oneLine(e.message)}` : '';
    return new KubeAccessError(
      'tls',
      `TLS connection to ${conn.server} failed (${code}${msg}) — check certificate-authority(-data) of cluster '${conn.cluster ?? conn.context}' in the kubeconfig, or the server address`,
    );
  }
  if (code)
    return new KubeAccessError(
      'unreachable',
      `cannot reach the Kubernetes API server ${conn.server} of context '${conn.context}' (${code}) — check that the cluster is up and the server address in the kubeconfig`,
    );
  if (e.name === 'AbortError' || e.type === 'aborted' || e.name === 'TimeoutError') {
    return new KubeAccessError(
      'timeout',
      `${what(site)} on ${conn.server}: no answer in time (request timed out or was aborted)`,
    );
  }
  const msg = typeof e.message === 'string' ? oneLine(e.message) : String(err);
  if (/HTTP protocol is not allowed/i.test(msg))
    return new KubeAccessError(
      'tls',
      `server ${conn.server} of cluster '${conn.cluster ?? conn.context}' is plain HTTP — use an https:// server address, or set insecure-skip-tls-verify: true for that cluster in the kubeconfig if plain HTTP is really intended`,
    );
  return new KubeAccessError('other', `${what(site)} on ${conn.server} failed: ${msg}`);
}
