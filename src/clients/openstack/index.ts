// Entry point of the OpenStack client: resolve the cloud, pick live/recording/replay transport, authenticate.
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import type { Logger } from '../../core/logger.js';
import { CLIENT_LIMITS, OpenStackClient, type OpenStackClientOptions } from './client.js';
import {
  type CloudConfig,
  type RawCloudEntry,
  cloudSecrets,
  describeCloud,
  normalizeCloud,
  resolveCloudConfig,
} from './config.js';
import { OpenStackConfigError } from './errors.js';
import {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  ObservingTransport,
  RecordingTransport,
  ReplayTransport,
  SecretScrubber,
  readManifest,
  type RecordingManifest,
} from './recording.js';
import { HttpTransport, type Transport, type TransportResponse } from './transport.js';
import { proxyPasswords, proxySettings } from '../../core/http-proxy.js';

export interface ConnectOptions {
  /** Cloud name in clouds.yaml (else OS_CLOUD, else the OS_* `envvars` cloud, else the only cloud). */
  cloud?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  homeDir?: string;
  /** Site config directories instead of XDG_CONFIG_DIRS/openstack and /etc/openstack (tests). */
  siteDirs?: string[];
  /** An explicit cloud (clouds.yaml entry shape) instead of searching files, e.g. the demo cloud's. */
  config?: RawCloudEntry & { name?: string };
  /** Per-request timeout in ms (default: cloud's api_timeout, else 60 s). */
  timeoutMs?: number;
  /** Retries of idempotent calls (default 4). */
  maxRetries?: number;
  /** First backoff delay in ms (default 500). */
  retryBaseMs?: number;
  /** Save every exchange, redacted, into this directory. */
  record?: string;
  /** Extra facts stored in the recording's manifest under `meta` (e.g. the run's ledger prefix). */
  recordMeta?: Record<string, unknown>;
  /** Serve exchanges from a recording in this directory; no network, no credentials needed. */
  replay?: string;
  log?: Logger;
  /** Shown every answer (live, recorded or replayed), e.g. to notice the embedded demo cloud's marker. */
  onResponse?: (res: TransportResponse) => void;
  /** Authenticate right away so credential problems surface at connect (default true). */
  authenticate?: boolean;
  /** Bounds of the client (defaults in CLIENT_LIMITS; else SCS_CERT_MAX_RESPONSE_BYTES, SCS_CERT_MAX_PAGES, …). */
  limits?: Partial<ClientLimits>;
  /**
   * Honour HTTP(S)_PROXY / NO_PROXY from `env` (default true). The embedded demo cloud, in this very process,
   * is never reached through a proxy.
   */
  useProxy?: boolean;
  /** Injected wait (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected clock (tests). */
  now?: () => number;
}

/** Connects to the cloud (or a recording of it) and returns a ready client. */
export async function connectOpenStack(opts: ConnectOptions = {}): Promise<OpenStackClient> {
  const limits = { ...limitsFromEnv(opts.env ?? process.env), ...opts.limits };
  const scrubber = new SecretScrubber();
  let config: CloudConfig;
  let transport: Transport;
  let manifest: RecordingManifest | undefined;
  if (opts.replay) {
    if (opts.record) throw new OpenStackConfigError('record and replay cannot be combined; choose one');
    manifest = readManifest(opts.replay);
    config = configFromManifest(manifest.cloud, opts.replay);
    transport = ReplayTransport.fromDir(opts.replay);
  } else {
    config = opts.config
      ? normalizeCloud(opts.config.name ?? 'explicit', opts.config, 'explicit configuration', opts.homeDir)
      : resolveCloudConfig(opts);
    for (const s of cloudSecrets(config)) scrubber.add(s);
    const proxy = opts.useProxy === false ? undefined : proxySettings(opts.env ?? process.env);
    transport = new HttpTransport(
      {
        verify: config.verify,
        cacert: config.cacert,
        cert: config.cert,
        key: config.key,
        cloud: config.name,
      },
      proxy,
    );
    if (proxy) {
      // credentials in a proxy URL are secrets like the cloud's own
      for (const password of proxyPasswords(proxy)) scrubber.add(password);
      opts.log?.debug(
        `openstack: through proxy ${[proxy.httpsProxy && 'https', proxy.httpProxy && 'http'].filter(Boolean).join('+')}${proxy.noProxy ? `, except ${proxy.noProxy}` : ''}`,
      );
    }
    if (opts.record) {
      const rec = new RecordingTransport(transport, opts.record, scrubber);
      rec.writeManifest({
        format: RECORDING_FORMAT,
        formatVersion: RECORDING_FORMAT_VERSION,
        tool: `${TOOL_NAME}/${TOOL_VERSION}`,
        createdAt: new Date().toISOString(),
        cloud: describeCloud(config),
        ...(opts.recordMeta ? { meta: opts.recordMeta } : {}),
      });
      transport = rec;
    }
  }
  if (opts.onResponse) transport = new ObservingTransport(transport, opts.onResponse);
  const client = new OpenStackClient({
    config,
    transport,
    scrubber,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    retryBaseMs: opts.retryBaseMs,
    ...limits,
    log: opts.log,
    sleep: opts.sleep,
    now: opts.now,
    replayManifest: manifest,
  });
  opts.log?.debug(`openstack: cloud ${config.name} from ${config.source}${opts.replay ? ' (replay)' : ''}`);
  if (opts.authenticate !== false) {
    try {
      await client.keystoneToken();
    } catch (err) {
      await client.close();
      throw err;
    }
  }
  return client;
}

/** The client's bounds a user may set, with the environment variables that set them. */
export type ClientLimits = Pick<
  Required<OpenStackClientOptions>,
  'maxResponseBytes' | 'maxPages' | 'maxListItems' | 'retryBudgetMs'
>;

const LIMIT_VARS: Array<[keyof ClientLimits, string, number]> = [
  ['maxResponseBytes', 'SCS_CERT_MAX_RESPONSE_BYTES', 1],
  ['maxPages', 'SCS_CERT_MAX_PAGES', 1],
  ['maxListItems', 'SCS_CERT_MAX_LIST_ITEMS', 1],
  ['retryBudgetMs', 'SCS_CERT_RETRY_BUDGET_SECONDS', 1000],
];

/** Bounds from SCS_CERT_* variables; a value that is not a positive integer is a configuration error. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<ClientLimits> {
  const out: Partial<ClientLimits> = {};
  for (const [key, name, scale] of LIMIT_VARS) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0) {
      throw new OpenStackConfigError(
        `${name}="${raw}" is not a positive whole number; set it to e.g. ${key === 'retryBudgetMs' ? 120 : CLIENT_LIMITS[key]} or unset it`,
      );
    }
    out[key] = Number(raw) * scale;
  }
  return out;
}

/** Rebuilds the (secret-free) cloud config a recording was made with. */
function configFromManifest(cloud: Record<string, unknown>, dir: string): CloudConfig {
  const auth = (cloud.auth ?? {}) as Record<string, unknown>;
  const authUrl = typeof auth.auth_url === 'string' ? auth.auth_url : undefined;
  if (!authUrl) throw new OpenStackConfigError(`the recording in ${dir} names no auth_url; re-record`);
  const iface = cloud.interface === 'internal' || cloud.interface === 'admin' ? cloud.interface : 'public';
  const cfg: CloudConfig = {
    name: typeof cloud.name === 'string' ? cloud.name : 'recorded',
    source: `recording ${dir}`,
    authType: cloud.authType === 'v3applicationcredential' ? 'v3applicationcredential' : 'password',
    auth: { ...(auth as object), auth_url: authUrl },
    interface: iface,
    verify: cloud.verify !== false,
  };
  if (typeof cloud.regionName === 'string') cfg.regionName = cloud.regionName;
  return cfg;
}

export { CLIENT_LIMITS, OpenStackClient, RETRY_AFTER_SANITY_MS, pickVersion } from './client.js';
export type {
  ApiResponse,
  ApiVersionRange,
  CallStats,
  KeystoneToken,
  OpenStackClientOptions,
  QueryInput,
  RawRequest,
  RequestOptions,
} from './client.js';
export {
  configSearchDirs,
  loadCloudFiles,
  resolveCloudConfig,
  normalizeCloud,
  cloudFromEnv,
  describeCloud,
  deepMerge,
} from './config.js';
export type {
  AuthType,
  CloudAuth,
  CloudConfig,
  EndpointInterface,
  RawCloudEntry,
  ResolveOptions,
} from './config.js';
export * from './errors.js';
export {
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  REDACTED,
  RecordingTransport,
  ReplayTransport,
  SecretScrubber,
  readExchanges,
  readManifest,
  redactHeaders,
  redactJson,
} from './recording.js';
export type { RecordedExchange, RecordingManifest } from './recording.js';
export {
  canonicalServiceType,
  chooseEndpoint,
  serviceBaseUrl,
  serviceRootUrl,
  serviceSpec,
  serviceTypeCandidates,
  compareMicroversions,
} from './services.js';
export type { RawCatalogEntry, ServiceSpec } from './services.js';
export { HttpTransport } from './transport.js';
export type { TlsOptions, Transport, TransportRequest, TransportResponse } from './transport.js';
export { signV4, parseS3Error } from './sigv4.js';
