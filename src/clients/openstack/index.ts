// Entry point of the OpenStack client: resolve the cloud, pick live/recording/replay transport, authenticate.
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import type { Logger } from '../../core/logger.js';
import { OpenStackClient } from './client.js';
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
  RecordingTransport,
  ReplayTransport,
  SecretScrubber,
  readManifest,
  type RecordingManifest,
} from './recording.js';
import { HttpTransport, type Transport } from './transport.js';

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
  /** Authenticate right away so credential problems surface at connect (default true). */
  authenticate?: boolean;
  /** Injected wait (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected clock (tests). */
  now?: () => number;
}

/** Connects to the cloud (or a recording of it) and returns a ready client. */
export async function connectOpenStack(opts: ConnectOptions = {}): Promise<OpenStackClient> {
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
    transport = new HttpTransport({
      verify: config.verify,
      cacert: config.cacert,
      cert: config.cert,
      key: config.key,
      cloud: config.name,
    });
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
  const client = new OpenStackClient({
    config,
    transport,
    scrubber,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    retryBaseMs: opts.retryBaseMs,
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

export { OpenStackClient, defaultSleep, pickVersion, retryAfterMs } from './client.js';
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
