// The embedded reference cloud: starts an in-process OpenStack API server (Keystone, Nova, Glance, Cinder, Neutron, …).
import type { AddressInfo } from 'node:net';
import { FaultEngine, type FaultSpec } from './faults.js';
import { applyProfiles } from './profiles.js';
import { applyScale } from './scale.js';
import { DEMO_CREDENTIALS, defaultSeed } from './seed.js';
import { DemoHttpServer, type CallStats } from './server.js';
import { CloudState } from './state.js';
import type { ServiceContext } from './services/common.js';
import { createIdentity } from './services/identity.js';
import { createCompute } from './services/compute.js';
import { createImage } from './services/image.js';
import { createVolumeService } from './services/volume.js';
import { createNetwork } from './services/network.js';
import { createPlacement } from './services/placement.js';
import { createKeyManager } from './services/key-manager.js';
import { createLoadBalancer } from './services/load-balancer.js';
import { createObjectStore, createRootHandler } from './services/object-store.js';
import type { CallRecord, DemoSeed, SeedOverrides } from './types.js';

export type { FaultSpec, FaultRule, FaultKind } from './faults.js';
export { parseFaultSpec } from './faults.js';
export type {
  DemoSeed,
  SeedOverrides,
  CallRecord,
  Profile,
  Behaviour,
  Timings,
  Limits,
  ConsoleBehaviour,
} from './types.js';
export { PROFILES, profileNames, applyProfiles } from './profiles.js';
export { DEMO_CREDENTIALS, STANDARD_FLAVORS, defaultSeed } from './seed.js';
export type { CallStats } from './server.js';
export type { CloudState } from './state.js';

/** A clouds.yaml cloud entry (openstacksdk / openstackclient format). */
export interface CloudEntry {
  auth_type?: 'password' | 'v3applicationcredential';
  auth: Record<string, string>;
  region_name: string;
  interface: 'public';
  identity_api_version: 3;
}

export interface DemoCloudOptions {
  /** TCP port, 0 (default) = a free random port. */
  port?: number;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Base URL the catalog advertises, default `http://<host>:<port>` (127.0.0.1 when listening on 0.0.0.0). */
  publicUrl?: string;
  /** Profile names, comma separated (`a,b`), applied in order to the fresh seed. */
  profile?: string;
  faults?: FaultSpec;
  /** Changes to the default seed, applied before profiles: lists replace, settings (timings, …) merge. */
  seed?: SeedOverrides;
  /** Large-cloud seed: this many units of 50 images, 20 flavors and 5 volume types added (see scale.ts). */
  scale?: number;
  /** Reference date of the seed (image build dates etc.); default: the clock's now. */
  now?: Date;
  /** The cloud's clock (state transitions, token expiry); default: wall clock. Tests inject one to step time. */
  clock?: () => number;
  /** Called after every call (request logs of `scs-cert demo-cloud --log-requests`). */
  onCall?: (call: CallRecord) => void;
}

export interface DemoCloud {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Keystone v3 URL (`<url>/identity/v3`). */
  authUrl: string;
  /** Password entry for the member test user (`demo-user`, roles member + reader). */
  cloudConfig: CloudEntry;
  /** Application-credential entry for the same user. */
  appCredentialCloudConfig: CloudEntry;
  /** Every persona by clouds.yaml name: demo, demo-appcred, demo-admin, demo-reader, demo-manager, admin. */
  clouds: Record<string, CloudEntry>;
  /** Names of the profiles applied. */
  profiles: string[];
  /** The two test domains and their managers (scs-0302 checks), in the shape `--domain-managers` files give. */
  domainManagers: Array<{ domain: string; username: string; password: string; memberRole: string }>;
  stats: CallStats;
  resetStats(): void;
  /** The live state (tests and demos inspect it; changing it changes the cloud). */
  state: CloudState;
  stop(): Promise<void>;
}

function entries(authUrl: string, region: string): Record<string, CloudEntry> {
  const c = DEMO_CREDENTIALS;
  const password = (username: string, pw: string, project: string): CloudEntry => ({
    auth: {
      auth_url: authUrl,
      username,
      password: pw,
      project_name: project,
      user_domain_name: c.domain,
      project_domain_name: c.domain,
    },
    region_name: region,
    interface: 'public',
    identity_api_version: 3,
  });
  return {
    demo: password(c.user, c.password, c.project),
    'demo-appcred': {
      auth_type: 'v3applicationcredential',
      auth: {
        auth_url: authUrl,
        application_credential_name: c.appCredentialName,
        application_credential_secret: c.appCredentialSecret,
        username: c.user,
        user_domain_name: c.domain,
      },
      region_name: region,
      interface: 'public',
      identity_api_version: 3,
    },
    'demo-admin': password(c.demoAdmin, c.password, c.project),
    'demo-reader': password(c.demoReader, c.password, c.project),
    'demo-manager': password(c.demoManager, c.password, c.project),
    admin: password(c.adminUser, c.adminPassword, c.adminProject),
  };
}

/** Builds the seed a cloud starts from: defaults, then `seed` overrides, then profiles. */
export function buildSeed(
  opts: Pick<DemoCloudOptions, 'profile' | 'seed' | 'scale'>,
  now: Date,
): { seed: DemoSeed; profiles: string[] } {
  const base = defaultSeed(now);
  const over = opts.seed ?? {};
  // Lists replace the default's; the settings objects merge key by key, so `{ timings: { backupMs: 5 } }` works.
  const seed: DemoSeed = {
    ...base,
    ...over,
    behaviour: {
      ...base.behaviour,
      ...(over.behaviour ?? {}),
      console: { ...base.behaviour.console, ...(over.behaviour?.console ?? {}) },
    },
    timings: { ...base.timings, ...(over.timings ?? {}) },
    limits: { ...base.limits, ...(over.limits ?? {}) },
  };
  if (opts.scale) applyScale(seed, opts.scale);
  const profiles = applyProfiles(seed, opts.profile, now);
  return { seed, profiles };
}

export async function startDemoCloud(opts: DemoCloudOptions = {}): Promise<DemoCloud> {
  const clock = opts.clock ?? (() => Date.now());
  const now = opts.now ?? new Date(clock());
  const { seed, profiles } = buildSeed(opts, now);
  const faults = new FaultEngine(opts.faults);
  const host = opts.host ?? '127.0.0.1';
  const state = new CloudState(seed, clock, clock());
  const ctx: ServiceContext = { state, baseUrl: '' };
  const services = [
    createIdentity(ctx),
    createCompute(ctx),
    createImage(ctx),
    createVolumeService(ctx),
    createNetwork(ctx),
    createPlacement(ctx),
    createKeyManager(ctx),
    createLoadBalancer(ctx),
    createObjectStore(ctx),
  ];
  const http = new DemoHttpServer(state, services, createRootHandler(ctx), faults, opts.onCall);
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(opts.port ?? 0, host, () => {
      http.server.off('error', reject);
      resolve();
    });
  });
  const port = (http.server.address() as AddressInfo).port;
  const advertisedHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = (opts.publicUrl ?? `http://${advertisedHost}:${port}`).replace(/\/+$/, '');
  ctx.baseUrl = url;
  const authUrl = `${url}/identity/v3`;
  const clouds = entries(authUrl, seed.region);
  return {
    url,
    authUrl,
    cloudConfig: clouds.demo as CloudEntry,
    appCredentialCloudConfig: clouds['demo-appcred'] as CloudEntry,
    clouds,
    profiles,
    domainManagers: seed.domainManager.domains.map((d) => ({
      domain: d.name,
      username: d.manager.username,
      password: d.manager.password,
      memberRole: 'member',
    })),
    stats: http.stats,
    resetStats() {
      http.stats.calls = 0;
      for (const k of Object.keys(http.stats.byRoute)) delete http.stats.byRoute[k];
    },
    state,
    stop: () => http.close(),
  };
}
