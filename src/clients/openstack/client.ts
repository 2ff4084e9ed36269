// OpenStackClient: Keystone token, catalog, URL layout, microversions, pagination, retries, call counting.
import { USER_AGENT } from '../../core/version.js';
import { retryAfterMs } from '../../core/retry.js';
import { sleep } from '../../core/sleep.js';
import type { Logger } from '../../core/logger.js';
import type { CloudConfig } from './config.js';
import { describeCloud } from './config.js';
import {
  OpenStackAbortError,
  OpenStackAuthError,
  OpenStackHttpError,
  OpenStackLimitError,
  OpenStackMalformedResponseError,
  apiErrorMessage,
  isRetryableTransportError,
  neverSent,
  transportError,
} from './errors.js';
import type { RecordingManifest, SecretScrubber } from './recording.js';
import {
  type RawCatalogEntry,
  chooseEndpoint,
  compareMicroversions,
  missingServiceError,
  serviceBaseUrl,
  serviceRootUrl,
  serviceSpec,
} from './services.js';
import type { Transport, TransportResponse } from './transport.js';

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;
export type QueryInput = Record<string, QueryValue> | URLSearchParams;

export interface RequestOptions {
  /** Values for `{name}` placeholders in the path template (URL-encoded here). */
  params?: Record<string, string | number>;
  query?: QueryInput;
  /** JSON body (serialised here). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Exact microversion to send (see `chooseMicroversion`). */
  microversion?: string;
  /**
   * Override: may this call be retried after an ambiguous failure — 502/503/504, reset, timeout (default:
   * GET/HEAD/PUT/DELETE/OPTIONS yes, POST/PATCH no). 429 and failures before any connection are retried always.
   */
  idempotent?: boolean;
  /** Non-2xx statuses that are answers, not errors (e.g. 404 when probing for an API). */
  expect?: number[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** The URL actually requested (with query). */
  url: string;
}

export interface RawRequest {
  /** Label for counting and recordings (`s3`). */
  service: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  idempotent?: boolean;
}

export interface ApiVersionRange {
  min: string;
  max: string;
}

export interface CallStats {
  /** HTTP exchanges sent (retries included). */
  total: number;
  /** of which retries */
  retries: number;
  /** `service METHOD /path/{template}` -> exchanges */
  byCall: Record<string, number>;
}

export interface OpenStackClientOptions {
  config: CloudConfig;
  transport: Transport;
  scrubber: SecretScrubber;
  /** Per-request timeout (default: cloud's api_timeout, else 60 s). */
  timeoutMs?: number;
  /** Retries of idempotent calls on 429/502/503/504 and connection resets (default 4). */
  maxRetries?: number;
  /** First backoff delay (default 500 ms), doubled each retry, capped at `retryMaxDelayMs` (default 20 s). */
  retryBaseMs?: number;
  retryMaxDelayMs?: number;
  /**
   * Most time one call may spend waiting between its retries (default 120 s): a `Retry-After` beyond what is
   * left ends the retries at once (the answer then stands: ABORT, not a wait of an hour).
   */
  retryBudgetMs?: number;
  /** Largest body one answer may have (default 32 MiB); read streaming and cut off there. */
  maxResponseBytes?: number;
  /** Most pages one listing may take (default 1000). */
  maxPages?: number;
  /** Most items one listing may return (default 200 000). */
  maxListItems?: number;
  log?: Logger;
  /** Injected for tests; waits are skipped anyway when the transport is offline (replay). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** When replaying: the recording's manifest (its `meta` holds what the recording run stored). */
  replayManifest?: RecordingManifest;
}

/** Keystone v3 token body, the parts we read. */
export interface KeystoneToken {
  expires_at?: string;
  methods?: string[];
  roles?: Array<{ id?: string; name: string }>;
  project?: { id: string; name?: string; domain?: { id?: string; name?: string } };
  user?: { id?: string; name?: string; domain?: { id?: string; name?: string } };
  catalog?: RawCatalogEntry[];
  application_credential?: { id?: string; name?: string };
}

interface IssuedToken {
  value: string;
  issuedAt: number;
  expiresAt?: number;
  token: KeystoneToken;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** Re-issue a token this long before Keystone says it expires. */
const TOKEN_MARGIN_MS = 120_000;
/**
 * Retry-After is not capped to a short wait here (the client weighs it against its retry budget and gives up
 * when it is too long); this bound only keeps timers finite.
 */
export const RETRY_AFTER_SANITY_MS = 120_000_000;

/** Defaults of the client's bounds (docs/fault-model.md). */
export const CLIENT_LIMITS = {
  maxResponseBytes: 32 * 1024 * 1024,
  maxPages: 1000,
  maxListItems: 200_000,
  retryBudgetMs: 120_000,
} as const;

const NOOP_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export class OpenStackClient {
  readonly config: CloudConfig;
  readonly log: Logger;
  /** The manifest of the recording being replayed (undefined on live runs). */
  readonly replayManifest?: RecordingManifest;
  private readonly transport: Transport;
  private readonly scrubber: SecretScrubber;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly retryBudgetMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxPages: number;
  private readonly maxListItems: number;
  private readonly sleepImpl: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private tokenState?: { promise: Promise<IssuedToken>; issued?: IssuedToken };
  private readonly bases = new Map<string, string>();
  private readonly versions = new Map<string, Promise<ApiVersionRange | undefined>>();
  private readonly counts = new Map<string, number>();
  private total = 0;
  private retries = 0;
  /** Set on clients made by asIdentity: where their calls are counted. */
  private tallyOwner?: OpenStackClient;

  constructor(opts: OpenStackClientOptions) {
    this.config = opts.config;
    this.replayManifest = opts.replayManifest;
    this.transport = opts.transport;
    this.scrubber = opts.scrubber;
    this.timeoutMs =
      opts.timeoutMs ?? (opts.config.apiTimeoutSeconds ? opts.config.apiTimeoutSeconds * 1000 : 60_000);
    this.maxRetries = opts.maxRetries ?? 4;
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.retryMaxDelayMs = opts.retryMaxDelayMs ?? 20_000;
    this.retryBudgetMs = opts.retryBudgetMs ?? CLIENT_LIMITS.retryBudgetMs;
    this.maxResponseBytes = opts.maxResponseBytes ?? CLIENT_LIMITS.maxResponseBytes;
    this.maxPages = opts.maxPages ?? CLIENT_LIMITS.maxPages;
    this.maxListItems = opts.maxListItems ?? CLIENT_LIMITS.maxListItems;
    this.log = opts.log ?? NOOP_LOGGER;
    this.sleepImpl = opts.sleep ?? sleep;
    this.now = opts.now ?? Date.now;
  }

  /**
   * The same cloud under another identity (a domain-scoped password user, e.g. a domain manager): shares this
   * client's transport (recording, replay, TLS) and secret scrubber, issues its own token. Never close it; close
   * the client it came from.
   */
  asIdentity(
    label: string,
    who: { username: string; password: string; userDomainName: string; scopeDomainName: string },
  ): OpenStackClient {
    this.scrubber.add(who.password);
    const derived = new OpenStackClient({
      config: {
        ...this.config,
        name: `${this.config.name}/${label}`,
        authType: 'password',
        auth: {
          auth_url: this.config.auth.auth_url,
          username: who.username,
          password: who.password,
          user_domain_name: who.userDomainName,
          scope_domain_name: who.scopeDomainName,
        },
      },
      transport: this.transport,
      scrubber: this.scrubber,
      timeoutMs: this.timeoutMs,
      maxRetries: this.maxRetries,
      retryBaseMs: this.retryBaseMs,
      retryMaxDelayMs: this.retryMaxDelayMs,
      log: this.log,
      sleep: this.sleepImpl,
      now: this.now,
      ...(this.replayManifest && { replayManifest: this.replayManifest }),
    });
    derived.tallyOwner = this.tallyOwner ?? this;
    return derived;
  }

  /** Cloud name as configured. */
  get cloudName(): string {
    return this.config.name;
  }

  /** True when replaying a recording: no network, no real waiting. */
  get offline(): boolean {
    return this.transport.offline;
  }

  /** The configuration without secrets (for reports and logs). */
  describe(): Record<string, unknown> {
    return describeCloud(this.config);
  }

  /** Waits (or not, offline); rejects when the signal aborts. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.offline) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      return;
    }
    await this.sleepImpl(ms, signal);
  }

  // ---- authentication ----------------------------------------------------------------------

  /** The current token (issued once per run; re-issued shortly before it expires). */
  private async token(_signal?: AbortSignal): Promise<IssuedToken> {
    const st = this.tokenState;
    if (st) {
      if (!st.issued) return st.promise;
      const t = st.issued;
      // Margin: 2 minutes, or a quarter of the lifetime for short-lived tokens.
      const margin = Math.min(TOKEN_MARGIN_MS, Math.max(0, ((t.expiresAt ?? 0) - t.issuedAt) / 4));
      if (this.offline || t.expiresAt === undefined || t.expiresAt - this.now() > margin) return t;
      this.log.debug(`token of cloud ${this.config.name} expires soon; issuing a new one`);
      this.tokenState = undefined;
    }
    // Not tied to the caller's signal: the token is shared by every concurrent request.
    const state: { promise: Promise<IssuedToken>; issued?: IssuedToken } = { promise: this.issueToken() };
    this.tokenState = state;
    state.promise.then(
      (t) => {
        state.issued = t;
      },
      () => {
        if (this.tokenState === state) this.tokenState = undefined;
      },
    );
    return state.promise;
  }

  /** Forgets a token the cloud refused (only if no newer one was issued meanwhile). */
  private invalidate(t: IssuedToken): void {
    if (this.tokenState?.issued === t) this.tokenState = undefined;
  }

  private authBody(): unknown {
    const a = this.config.auth;
    const domain = (name?: string, id?: string) => (id ? { id } : name ? { name } : undefined);
    if (this.config.authType === 'v3applicationcredential') {
      const cred: Record<string, unknown> = { secret: a.application_credential_secret };
      if (a.application_credential_id) cred.id = a.application_credential_id;
      else {
        cred.name = a.application_credential_name;
        cred.user = a.user_id
          ? { id: a.user_id }
          : { name: a.username, domain: domain(a.user_domain_name, a.user_domain_id) };
      }
      return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
    }
    const user = a.user_id
      ? { id: a.user_id, password: a.password }
      : { name: a.username, domain: domain(a.user_domain_name, a.user_domain_id), password: a.password };
    const scopeDomain = domain(a.scope_domain_name, a.scope_domain_id);
    if (scopeDomain) {
      return {
        auth: { identity: { methods: ['password'], password: { user } }, scope: { domain: scopeDomain } },
      };
    }
    const project = a.project_id
      ? { id: a.project_id }
      : { name: a.project_name, domain: domain(a.project_domain_name, a.project_domain_id) };
    return {
      auth: {
        identity: { methods: ['password'], password: { user } },
        scope: { project },
      },
    };
  }

  private async issueToken(): Promise<IssuedToken> {
    const base = serviceBaseUrl('identity', this.config.auth.auth_url);
    const url = `${base}/auth/tokens`;
    const res = await this.exchange(
      {
        service: 'identity',
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(this.authBody()),
        idempotent: true,
      },
      '/auth/tokens',
    );
    const where = `cloud "${this.config.name}" (${this.config.source})`;
    if (res.status === 401) {
      const what =
        this.config.authType === 'password'
          ? 'username, password, user/project domain and project'
          : 'application_credential_id and application_credential_secret (and that the credential has not expired)';
      throw new OpenStackAuthError(
        `wrong credentials for ${where}: Keystone at ${base} answered 401${apiMsg(res)}; check ${what}`,
        401,
      );
    }
    if (res.status < 200 || res.status >= 300) {
      const msg = apiErrorMessage(res.body);
      if (res.status === 403 || res.status === 400) {
        throw new OpenStackAuthError(
          `Keystone at ${base} refused a token for ${where} (HTTP ${res.status}${msg ? `: ${msg}` : ''}); check the project/domain settings`,
          res.status,
        );
      }
      throw new OpenStackHttpError(
        res.status,
        'identity',
        'POST',
        '/auth/tokens',
        msg,
        res.headers['x-openstack-request-id'],
      );
    }
    const value = res.headers['x-subject-token'];
    if (!value) {
      throw new OpenStackMalformedResponseError(
        `malformed answer from identity POST /auth/tokens: no X-Subject-Token header`,
        'identity',
        '/auth/tokens',
      );
    }
    this.scrubber.add(value);
    const body = parseJson(res.body, 'identity', '/auth/tokens') as { token?: KeystoneToken };
    if (!body || typeof body !== 'object' || !body.token || typeof body.token !== 'object') {
      throw new OpenStackMalformedResponseError(
        `malformed JSON from identity /auth/tokens: no "token" object`,
        'identity',
        '/auth/tokens',
      );
    }
    const expires = body.token.expires_at ? Date.parse(body.token.expires_at) : Number.NaN;
    this.log.debug(
      `token issued for cloud ${this.config.name}${body.token.expires_at ? `, expires ${body.token.expires_at}` : ''}`,
    );
    return {
      value,
      token: body.token,
      issuedAt: this.now(),
      expiresAt: Number.isFinite(expires) ? expires : undefined,
    };
  }

  /** The token body (roles, project, user, catalog) — issues the token if needed. */
  async keystoneToken(signal?: AbortSignal): Promise<KeystoneToken> {
    return (await this.token(signal)).token;
  }

  async catalog(signal?: AbortSignal): Promise<RawCatalogEntry[]> {
    const c = (await this.token(signal)).token.catalog;
    return Array.isArray(c) ? c : [];
  }

  async projectId(signal?: AbortSignal): Promise<string | undefined> {
    return (await this.token(signal)).token.project?.id;
  }

  /** Whether the catalog has the service (by official type or any alias) for our interface and region. */
  async hasService(type: string, signal?: AbortSignal): Promise<boolean> {
    return (
      chooseEndpoint(await this.catalog(signal), type, this.config.interface, this.config.regionName) !==
      undefined
    );
  }

  /** The catalog URL of a service as Keystone lists it (interface + region applied). */
  async endpointUrl(type: string, signal?: AbortSignal): Promise<string> {
    const catalog = await this.catalog(signal);
    const ep = chooseEndpoint(catalog, type, this.config.interface, this.config.regionName);
    if (!ep)
      throw missingServiceError(
        catalog,
        type,
        this.config.name,
        this.config.interface,
        this.config.regionName,
      );
    return ep.url;
  }

  /** Base URL our relative paths hang off (see serviceBaseUrl). */
  async baseUrl(type: string, signal?: AbortSignal): Promise<string> {
    const spec = serviceSpec(type);
    const cached = this.bases.get(spec.type);
    if (cached) return cached;
    let base: string;
    if (spec.type === 'identity') {
      base = serviceBaseUrl('identity', this.config.auth.auth_url);
    } else {
      const url = await this.endpointUrl(spec.type, signal);
      base = serviceBaseUrl(spec.type, url, await this.projectId(signal));
    }
    this.bases.set(spec.type, base);
    return base;
  }

  // ---- microversions -----------------------------------------------------------------------

  /** Min/max microversion of a microversioned API (compute, block-storage, placement), read once. */
  async apiVersions(type: string, signal?: AbortSignal): Promise<ApiVersionRange | undefined> {
    const spec = serviceSpec(type);
    if (!spec.microversion) return undefined;
    let p = this.versions.get(spec.type);
    if (!p) {
      p = this.discoverVersions(spec.type, signal);
      this.versions.set(spec.type, p);
    }
    return p;
  }

  private async discoverVersions(type: string, signal?: AbortSignal): Promise<ApiVersionRange | undefined> {
    const spec = serviceSpec(type);
    const mv = spec.microversion;
    if (!mv) return undefined;
    const base = await this.baseUrl(type, signal);
    const root = serviceRootUrl(type, base);
    // Nova answers its single version at /v2.1/; Cinder only at the root (HTTP 300); Placement at its root.
    const candidates = spec.projectInPath ? [root] : [...new Set([`${base}/`, root])];
    for (const url of candidates) {
      let res: TransportResponse;
      try {
        res = await this.authedRaw(type, 'GET', url, '/ (version document)', { expect: [300], signal });
      } catch (err) {
        if (err instanceof OpenStackAuthError || err instanceof OpenStackAbortError || signal?.aborted)
          throw err;
        this.log.debug(`version discovery ${type} ${url}: ${(err as Error).message}`);
        continue;
      }
      if (res.status >= 400) continue;
      const range = pickVersion(res.body, mv.entry);
      if (range) {
        this.log.debug(`${type} microversions ${range.min} – ${range.max}`);
        return range;
      }
    }
    this.log.warn(`${type}: no microversion range found in the version document; using the base version`);
    return undefined;
  }

  /**
   * The microversion to send for a feature that needs `wanted`: `wanted` itself when the API offers
   * it, else the API's maximum (the caller then knows the feature is absent), undefined without
   * microversions. `'max'` asks for the maximum.
   */
  async chooseMicroversion(type: string, wanted: string, signal?: AbortSignal): Promise<string | undefined> {
    const range = await this.apiVersions(type, signal);
    if (!range) return undefined;
    if (wanted === 'max') return range.max;
    if (compareMicroversions(range.max, wanted) >= 0) {
      return compareMicroversions(wanted, range.min) >= 0 ? wanted : range.min;
    }
    return range.max;
  }

  // ---- requests ----------------------------------------------------------------------------

  /** One API call relative to the service's base URL; throws OpenStackHttpError on unexpected statuses. */
  async request<T = unknown>(
    type: string,
    method: string,
    pathTemplate: string,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const spec = serviceSpec(type);
    const base = await this.baseUrl(spec.type, opts.signal);
    const path = fillPath(pathTemplate, opts.params);
    const url = buildUrl(base, path, opts.query);
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    if (opts.microversion && spec.microversion) {
      headers['OpenStack-API-Version'] = `${spec.microversion.name} ${opts.microversion}`;
      if (spec.microversion.legacyNovaHeader) headers['X-OpenStack-Nova-API-Version'] = opts.microversion;
    }
    const res = await this.authedRaw(spec.type, method, url, pathTemplate, {
      headers,
      body,
      idempotent: opts.idempotent,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      expect: opts.expect,
    });
    const ok = (res.status >= 200 && res.status < 300) || (opts.expect ?? []).includes(res.status);
    if (!ok) {
      throw new OpenStackHttpError(
        res.status,
        spec.type,
        method,
        path,
        apiErrorMessage(res.body),
        res.headers['x-openstack-request-id'] ?? res.headers['x-compute-request-id'],
      );
    }
    const parsed =
      res.status >= 200 && res.status < 300 ? parseBody(res, spec.type, path) : parseLenient(res.body);
    return { status: res.status, headers: res.headers, body: parsed as T, url };
  }

  async get<T = unknown>(type: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(type, 'GET', path, opts)).body;
  }
  async post<T = unknown>(type: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(type, 'POST', path, { ...opts, body })).body;
  }
  async put<T = unknown>(type: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(type, 'PUT', path, { ...opts, body })).body;
  }
  async delete(type: string, path: string, opts: RequestOptions = {}): Promise<number> {
    return (await this.request(type, 'DELETE', path, opts)).status;
  }

  /**
   * All items of a list, following every pagination style OpenStack has: `<key>_links` rel=next
   * (Nova, Cinder, Neutron, Octavia) and a top-level `next` (Glance, Barbican). The next link's
   * query is applied to our own endpoint (links often name internal hosts).
   *
   * Bounded against clouds that paginate forever: a next link seen before ends the listing, items seen
   * before (same id) are not added twice and a page that brings nothing new ends it; more than `maxPages`
   * pages or `maxListItems` items is an OpenStackLimitError (the listing cannot be trusted to be complete).
   */
  async list<T = unknown>(
    type: string,
    pathTemplate: string,
    key: string,
    opts: RequestOptions & { maxPages?: number } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    const ids = new Set<string>();
    let query: URLSearchParams = toSearchParams(opts.query);
    const seen = new Set<string>([query.toString()]);
    const maxPages = opts.maxPages ?? this.maxPages;
    const service = serviceSpec(type).type;
    const where = () => `${service} GET ${fillPath(pathTemplate, opts.params)}`;
    for (let page = 1; ; page++) {
      const res = await this.request<Record<string, unknown>>(type, 'GET', pathTemplate, { ...opts, query });
      const body = res.body;
      const list = body && typeof body === 'object' ? body[key] : undefined;
      if (!Array.isArray(list)) {
        throw new OpenStackMalformedResponseError(
          `malformed JSON from ${service} ${fillPath(pathTemplate, opts.params)}: no "${key}" list`,
          service,
          pathTemplate,
        );
      }
      let fresh = 0;
      for (const item of list as T[]) {
        const id = itemKey(item);
        if (id !== undefined) {
          if (ids.has(id)) continue;
          ids.add(id);
        }
        items.push(item);
        fresh++;
      }
      if (items.length > this.maxListItems) {
        throw new OpenStackLimitError(
          `${where()} listed more than ${this.maxListItems} items; the listing was stopped there — ` +
            'raise SCS_CERT_MAX_LIST_ITEMS if the cloud really has that many',
          service,
          res.url,
          'maxListItems',
        );
      }
      const next = nextLink(body, key);
      if (!next || list.length === 0) break;
      if (fresh === 0) {
        this.log.warn(
          `${where()}: page ${page} repeats only items listed before; the listing ends here (the cloud's next link loops)`,
        );
        break;
      }
      let nextQuery: URLSearchParams;
      try {
        nextQuery = new URL(next, res.url).searchParams;
      } catch {
        // stopping here would judge a partial listing as if it were complete
        throw new OpenStackMalformedResponseError(
          `malformed next link from ${where()} on page ${page}: ${JSON.stringify(next.slice(0, 200))} is not a URL`,
          service,
          pathTemplate,
        );
      }
      const sig = nextQuery.toString();
      if (seen.has(sig)) break;
      seen.add(sig);
      if (page >= maxPages) {
        throw new OpenStackLimitError(
          `${where()} still had a next page after ${maxPages} pages (${items.length} items); the listing was stopped ` +
            'there — raise SCS_CERT_MAX_PAGES if the cloud really has that many',
          service,
          res.url,
          'maxPages',
        );
      }
      query = nextQuery;
    }
    return items;
  }

  /** A request outside the OpenStack APIs (S3 on the object-store host): no token, no error mapping. */
  async rawRequest(req: RawRequest): Promise<ApiResponse<string>> {
    const headers = { 'User-Agent': USER_AGENT, ...req.headers };
    const res = await this.exchange({ ...req, headers }, new URL(req.url).pathname || '/');
    return { status: res.status, headers: res.headers, body: res.body, url: req.url };
  }

  /** Counts of HTTP exchanges so far (token and version documents included). */
  stats(): CallStats {
    return { total: this.total, retries: this.retries, byCall: Object.fromEntries(this.counts) };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Sends with the token, re-issuing it once on 401. */
  private async authedRaw(
    type: string,
    method: string,
    url: string,
    template: string,
    opts: {
      headers?: Record<string, string>;
      body?: string;
      idempotent?: boolean;
      timeoutMs?: number;
      signal?: AbortSignal;
      expect?: number[];
    },
  ): Promise<TransportResponse & { body: string }> {
    let reissued = false;
    for (;;) {
      const t = await this.token(opts.signal);
      const res = await this.exchange(
        {
          service: type,
          method,
          url,
          headers: { Accept: 'application/json', ...opts.headers, 'X-Auth-Token': t.value },
          body: opts.body,
          timeoutMs: opts.timeoutMs,
          signal: opts.signal,
          idempotent: opts.idempotent,
        },
        template,
      );
      if (res.status === 401 && !reissued && !(opts.expect ?? []).includes(401)) {
        this.log.debug(`${type} ${method} ${template}: 401, re-issuing the token once`);
        this.invalidate(t);
        reissued = true;
        continue;
      }
      return res;
    }
  }

  /**
   * One exchange with retries, counting and logging. Retried: 429 for every method (the request was not
   * processed), honouring Retry-After; failures before any connection for every method; 502/503/504,
   * resets and timeouts only for idempotent calls (a POST may have been processed: the caller reconciles).
   * The waits of one call stay within `retryBudgetMs`.
   */
  private async exchange(req: RawRequest, template: string): Promise<TransportResponse> {
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? IDEMPOTENT.has(method);
    const key = `${req.service} ${method} ${template}`;
    const headers = { 'User-Agent': USER_AGENT, ...req.headers };
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      if (req.signal?.aborted) {
        throw transportError(
          'aborted',
          `aborted: ${req.service} ${method} ${template}`,
          req.service,
          method,
          req.url,
        );
      }
      // Calls of a client made by asIdentity count with the client it came from (one run, one tally).
      const tally = this.tallyOwner ?? this;
      tally.total++;
      tally.counts.set(key, (tally.counts.get(key) ?? 0) + 1);
      if (attempt > 0) tally.retries++;
      const started = performance.now();
      let res: TransportResponse;
      try {
        res = await this.transport.send({
          method,
          url: req.url,
          headers,
          body: req.body,
          service: req.service,
          timeoutMs: req.timeoutMs ?? this.timeoutMs,
          signal: req.signal,
          maxBytes: this.maxResponseBytes,
        });
      } catch (err) {
        const retryable = (idempotent && isRetryableTransportError(err)) || neverSent(err);
        const delay = this.backoff(attempt);
        if (retryable && attempt < this.maxRetries && waited + delay <= this.retryBudgetMs) {
          this.log.warn(
            `${key}: ${(err as Error).message}; retry ${attempt + 1}/${this.maxRetries} in ${delay} ms`,
          );
          await this.sleep(delay, req.signal);
          waited += delay;
          continue;
        }
        throw err;
      }
      const ms = Math.round(performance.now() - started);
      this.log.debug(`${method} ${req.service} ${template} -> ${res.status} (${ms} ms)`);
      if (
        (res.status === 429 || (RETRY_STATUSES.has(res.status) && idempotent)) &&
        attempt < this.maxRetries
      ) {
        const asked = retryAfterMs(res.headers['retry-after'], this.now(), RETRY_AFTER_SANITY_MS);
        const delay = asked ?? this.backoff(attempt);
        if (waited + delay > this.retryBudgetMs) {
          this.log.warn(
            `${key}: HTTP ${res.status}; the cloud asks to wait ${Math.round(delay / 1000)} s, beyond the retry budget of ${Math.round(this.retryBudgetMs / 1000)} s: giving up`,
          );
          return res;
        }
        this.log.warn(`${key}: HTTP ${res.status}; retry ${attempt + 1}/${this.maxRetries} in ${delay} ms`);
        await this.sleep(delay, req.signal);
        waited += delay;
        continue;
      }
      return res;
    }
  }

  /** Exponential backoff with jitter: a random delay in [d/2, d], d = base·2^attempt, capped. */
  private backoff(attempt: number): number {
    const d = Math.min(this.retryMaxDelayMs, this.retryBaseMs * 2 ** attempt);
    return Math.round(d / 2 + Math.random() * (d / 2));
  }
}

function apiMsg(res: TransportResponse): string {
  const m = apiErrorMessage(res.body);
  return m ? ` (${m})` : '';
}

/** Identity of a listed item for de-duplication: `id`, Barbican's `secret_ref`, a keypair's name. */
function itemKey(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const rec = item as Record<string, unknown>;
  if (typeof rec.id === 'string' || typeof rec.id === 'number') return `id:${rec.id}`;
  if (typeof rec.secret_ref === 'string') return `ref:${rec.secret_ref}`;
  const kp = rec.keypair as { name?: unknown } | undefined;
  if (kp && typeof kp.name === 'string') return `keypair:${kp.name}`;
  return undefined;
}

export function fillPath(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`path ${template}: no value for {${name}}`);
    return encodeURIComponent(String(v));
  });
}

export function toSearchParams(q?: QueryInput): URLSearchParams {
  if (!q) return new URLSearchParams();
  if (q instanceof URLSearchParams) return new URLSearchParams(q);
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) sp.append(k, String(item));
    else sp.append(k, String(v));
  }
  return sp;
}

function buildUrl(base: string, path: string, query?: QueryInput): string {
  const qs = toSearchParams(query).toString();
  const p = path === '' || path.startsWith('/') ? path : `/${path}`;
  return `${base}${p}${qs ? `?${qs}` : ''}`;
}

function nextLink(body: Record<string, unknown>, key: string): string | undefined {
  const links = body[`${key}_links`] ?? body.links;
  if (Array.isArray(links)) {
    for (const l of links) {
      if (l && typeof l === 'object' && (l as { rel?: unknown }).rel === 'next') {
        const href = (l as { href?: unknown }).href;
        if (typeof href === 'string' && href) return href;
      }
    }
  }
  return typeof body.next === 'string' && body.next ? body.next : undefined;
}

function parseJson(text: string, service: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new OpenStackMalformedResponseError(
      `malformed JSON from ${service} ${path}: ${(err as Error).message}`,
      service,
      path,
    );
  }
}

function parseBody(res: TransportResponse, service: string, path: string): unknown {
  const text = res.body;
  if (text === '' || res.status === 204) return undefined;
  const ct = res.headers['content-type'] ?? '';
  const looksJson = /json/i.test(ct) || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  return parseJson(text, service, path);
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a version document: `{version: {...}}` (Nova /v2.1/) or `{versions: [...]}` / `{versions: {values: [...]}}`. */
export function pickVersion(text: string, entry: RegExp): ApiVersionRange | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { version?: unknown; versions?: unknown };
  let entries: unknown[] = [];
  if (d.version && typeof d.version === 'object') entries = [d.version];
  else if (Array.isArray(d.versions)) entries = d.versions;
  else if (
    d.versions &&
    typeof d.versions === 'object' &&
    Array.isArray((d.versions as { values?: unknown }).values)
  ) {
    entries = (d.versions as { values: unknown[] }).values;
  }
  const candidates = entries.filter(
    (e): e is Record<string, unknown> =>
      !!e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string',
  );
  const matching = candidates.filter((e) => entry.test(String(e.id)));
  const chosen = matching.find((e) => e.status === 'CURRENT') ?? matching[0];
  if (!chosen) return undefined;
  const max = typeof chosen.version === 'string' && chosen.version ? chosen.version : chosen.max_version;
  const min = chosen.min_version;
  if (typeof max !== 'string' || !max) return undefined;
  return { min: typeof min === 'string' && min ? min : max, max };
}
