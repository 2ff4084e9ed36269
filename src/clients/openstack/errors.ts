// Typed errors of the OpenStack client: every message is one line naming the cause and, where we know it, the fix.

/** Base of every error this client throws; `message` is one line fit for a terminal. */
export class OpenStackError extends Error {
  override name = 'OpenStackError';
}

/** clouds.yaml / secure.yaml / OS_* problems: nothing was sent yet. */
export class OpenStackConfigError extends OpenStackError {
  override name = 'OpenStackConfigError';
}

/** Keystone refused the credentials (401 at token issue) or the token could not be used. */
export class OpenStackAuthError extends OpenStackError {
  override name = 'OpenStackAuthError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A service the caller needs is not in the token's catalog (for the chosen interface and region). */
export class OpenStackCatalogError extends OpenStackError {
  override name = 'OpenStackCatalogError';
  constructor(
    message: string,
    readonly serviceType: string,
  ) {
    super(message);
  }
}

/** The API answered with an error status. `apiMessage` is what the service's error body said. */
export class OpenStackHttpError extends OpenStackError {
  override name = 'OpenStackHttpError';
  constructor(
    readonly status: number,
    readonly service: string,
    readonly method: string,
    readonly path: string,
    readonly apiMessage: string,
    readonly requestId?: string,
  ) {
    super(
      `${service} ${method} ${path} answered HTTP ${status}${apiMessage ? `: ${apiMessage}` : ''}` +
        (requestId ? ` (request ${requestId})` : ''),
    );
  }
}

/** Kinds of failures below HTTP (and the replay miss, which stands in for the network offline). */
export type TransportErrorKind = 'tls' | 'timeout' | 'connection' | 'aborted' | 'replay-miss' | 'too-large';

/** The request never produced an HTTP answer. */
export class OpenStackTransportError extends OpenStackError {
  override name = 'OpenStackTransportError';
  constructor(
    message: string,
    readonly kind: TransportErrorKind,
    readonly service: string,
    readonly method: string,
    readonly url: string,
    /** low-level code (ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT, …) */
    readonly code?: string,
  ) {
    super(message);
  }
}

export class OpenStackTlsError extends OpenStackTransportError {
  override name = 'OpenStackTlsError';
}
export class OpenStackTimeoutError extends OpenStackTransportError {
  override name = 'OpenStackTimeoutError';
}
export class OpenStackConnectionError extends OpenStackTransportError {
  override name = 'OpenStackConnectionError';
}
export class OpenStackAbortError extends OpenStackTransportError {
  override name = 'OpenStackAbortError';
}
/** The answer was larger than the per-call byte limit; reading stopped there (the rest was never buffered). */
export class OpenStackResponseTooLargeError extends OpenStackTransportError {
  override name = 'OpenStackResponseTooLargeError';
}
/** Replay found no recorded exchange for a request (the offline run asked for something the recording lacks). */
export class OpenStackReplayMissError extends OpenStackTransportError {
  override name = 'OpenStackReplayMissError';
}

/** A 2xx answer whose JSON body could not be parsed (or lacked the expected shape). */
export class OpenStackMalformedResponseError extends OpenStackError {
  override name = 'OpenStackMalformedResponseError';
  constructor(
    message: string,
    readonly service: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Builds the transport error subclass for a kind (used by live and replayed transports alike). */
export function transportError(
  kind: TransportErrorKind,
  message: string,
  service: string,
  method: string,
  url: string,
  code?: string,
): OpenStackTransportError {
  switch (kind) {
    case 'tls':
      return new OpenStackTlsError(message, kind, service, method, url, code);
    case 'timeout':
      return new OpenStackTimeoutError(message, kind, service, method, url, code);
    case 'aborted':
      return new OpenStackAbortError(message, kind, service, method, url, code);
    case 'replay-miss':
      return new OpenStackReplayMissError(message, kind, service, method, url, code);
    case 'too-large':
      return new OpenStackResponseTooLargeError(message, kind, service, method, url, code);
    default:
      return new OpenStackConnectionError(message, kind, service, method, url, code);
  }
}

/**
 * A bound of the client was reached (pagination pages or items): the listing cannot be trusted to be complete,
 * so the gatherer ends without an artifact (ABORT), naming the URL and the limit to raise.
 */
export class OpenStackLimitError extends OpenStackError {
  override name = 'OpenStackLimitError';
  constructor(
    message: string,
    readonly service: string,
    readonly url: string,
    /** Name of the bound (`maxPages`, `maxListItems`) as in docs/fault-model.md. */
    readonly limit: string,
  ) {
    super(message);
  }
}

/** HTTP statuses that say "not now" rather than "no": after the retries they make a check inconclusive. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/**
 * True when a failure says nothing about the cloud's conformance: we could not tell (timeouts, resets,
 * refused connections, rate limits and gateway errors that outlived the retries, size and page bounds,
 * unreadable answers, an interrupted run). Such failures become ABORT with their cause; everything else
 * (the cloud answered 4xx/500, a resource ended in an error state) may be a finding.
 */
export function isInconclusive(err: unknown): boolean {
  if (err instanceof OpenStackTransportError) return true;
  if (err instanceof OpenStackLimitError) return true;
  if (err instanceof OpenStackMalformedResponseError) return true;
  if (err instanceof OpenStackHttpError) return TRANSIENT_STATUSES.has(err.status);
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * True when a failed request provably never reached the server (no connection was made), so even a
 * POST can be sent again without the risk of creating something twice.
 */
export function neverSent(err: unknown): boolean {
  return err instanceof OpenStackConnectionError && NOT_SENT_CODES.has(err.code ?? '');
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** True for errors the HTTP layer may retry for idempotent requests (resets, refused, timeouts). */
export function isRetryableTransportError(err: unknown): boolean {
  if (!(err instanceof OpenStackTransportError)) return false;
  if (err.kind === 'timeout') return true;
  if (err.kind !== 'connection') return false;
  return RETRYABLE_CODES.has(err.code ?? '');
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Pulls the human message out of an OpenStack error body. Each service has its own envelope:
 * Nova/Cinder `{"itemNotFound": {"message"}}`, Neutron `{"NeutronError": {"message"}}`, Keystone
 * `{"error": {"message"}}`, Placement `{"errors": [{"detail"}]}`, Barbican `{"description"}`,
 * Glance plain text/HTML.
 */
export function apiErrorMessage(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const parsed: unknown = JSON.parse(text);
    const found = findMessage(parsed, 0);
    if (found) return oneLine(found);
  } catch {
    // not JSON: fall through to text handling
  }
  const stripped = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine(stripped);
}

function findMessage(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => findMessage(v, depth + 1)).filter((v): v is string => Boolean(v));
    return parts.length ? parts.join('; ') : undefined;
  }
  const rec = value as Record<string, unknown>;
  for (const key of ['message', 'detail', 'description', 'faultstring', 'title']) {
    const v = rec[key];
    if (typeof v === 'string' && v.trim()) return v;
  }
  for (const key of ['errors', 'error', 'NeutronError']) {
    const inner = findMessage(rec[key], depth + 1);
    if (inner) return inner;
  }
  for (const v of Object.values(rec)) {
    const inner = findMessage(v, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
