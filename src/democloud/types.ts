// Data shapes of the embedded cloud: the seed (what the cloud starts with), its behaviour switches and timings.
import type { ProviderNetworking } from './services/network-provider.js';

/** One user of the demo identity service. */
export interface SeedUser {
  name: string;
  password: string;
  /** Project the user is assigned to (and scoped to by default). */
  project: string;
  /** Roles assigned on that project (implied roles are added by Keystone in tokens). */
  roles: string[];
  /** Roles assigned on the Default domain. */
  domainRoles?: string[];
  applicationCredentials?: Array<{ name: string; secret: string; description?: string }>;
}

/** One service of the catalog; `path` is appended to the cloud's base URL. */
export interface SeedService {
  type: string;
  name: string;
  /** Path below the cloud's base URL, may contain `%(project_id)s`; empty string = the bare origin. */
  path: string;
  interfaces?: Array<'public' | 'internal' | 'admin'>;
}

export interface SeedFlavor {
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GB */
  disk: number;
  ephemeral?: number;
  swap?: number;
  isPublic?: boolean;
  description?: string | null;
  extraSpecs: Record<string, string>;
}

export interface SeedImage {
  name: string;
  visibility: 'public' | 'community' | 'shared' | 'private';
  hidden?: boolean;
  /** Project name owning the image (default: the admin project). */
  owner?: string;
  diskFormat: string;
  containerFormat: string;
  minDisk: number;
  minRam: number;
  /** Bytes */
  size: number;
  /** When the image was registered (Glance `created_at`). */
  createdAt: Date;
  /** Custom properties, top-level string keys in Glance's JSON. */
  properties: Record<string, string>;
  tags?: string[];
}

export interface SeedVolumeType {
  name: string;
  description: string | null;
  isPublic?: boolean;
  extraSpecs?: Record<string, string>;
}

/** A Neutron default security-group rule template (API of OpenStack >= 2023.2). */
export interface SeedDefaultRule {
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  portRangeMin?: number | null;
  portRangeMax?: number | null;
  remoteIpPrefix?: string | null;
  /** `PARENT` = the group the rule is copied into. */
  remoteGroupId?: string | null;
  description?: string;
  usedInDefaultSg: boolean;
  usedInNonDefaultSg: boolean;
}

export interface SeedExternalNetwork {
  name: string;
  cidr: string;
  gateway: string;
  /** is_default: the standard provider network of scs-0126. */
  isDefault?: boolean;
}

/** What the guest of a booted server prints on its serial console. */
export interface ConsoleBehaviour {
  /** `guest`: a Linux guest that runs the cloud-config it was given; `fake`: Nova's fake driver text. */
  mode: 'guest' | 'fake';
  /** Content of /proc/sys/kernel/random/entropy_avail in the guest. */
  entropyAvail: number;
  /** FIPS 140-2 failures rngtest reports out of 1000 blocks. */
  fipsFailures: number;
}

export interface Behaviour {
  /** Whether Neutron serves `/v2.0/default-security-group-rules` (2023.2+); false = 404 as on Zed. */
  defaultSecurityGroupRulesApi: boolean;
  /** Barbican policy: `member` (secure-RBAC defaults) or `legacy` (needs `creator`/`admin`, member gets 403). */
  keyManagerPolicy: 'member' | 'legacy';
  /** Whether the object-store host answers S3 requests (with S3 XML errors); false = Swift without s3api. */
  s3Api: boolean;
  /** What a volume backup ends in. */
  backupOutcome: 'available' | 'error' | 'stuck';
  console: ConsoleBehaviour;
}

/** Durations of asynchronous operations, in milliseconds of the cloud's clock. */
export interface Timings {
  serverBuildMs: number;
  /** After ACTIVE, until the guest printed the output of its cloud-config. */
  consoleMs: number;
  serverDeleteMs: number;
  volumeCreateMs: number;
  volumeDeleteMs: number;
  backupMs: number;
  restoreMs: number;
  backupDeleteMs: number;
  loadBalancerMs: number;
}

/** Page sizes as the real services configure them. */
export interface Limits {
  /** Nova `[api] max_limit`. */
  novaMaxLimit: number;
  /** Glance `limit_param_default` / `api_limit_max`. */
  glanceDefaultLimit: number;
  glanceMaxLimit: number;
  /** Cinder `osapi_max_limit`. */
  cinderMaxLimit: number;
  /** Barbican default and maximum page size (`limit`/`offset` paging). */
  barbicanDefaultLimit: number;
  barbicanMaxLimit: number;
}

/** Keystone's domain-manager persona (scs-0302): the policy and the two test domains with their managers. */
export interface SeedDomainManager {
  /**
   * `scs`: Keystone ≤ 2024.1 with the scs-0302-w1 policy file; `native`: Keystone 2024.2+ defaults with
   * enforce_scope (managers do not list domains); `none`: Keystone defaults before 2024.2, manager grants nothing.
   */
  policy: 'scs' | 'native' | 'none';
  /** Roles a domain manager may assign and revoke (`is_domain_managed_role`). */
  managedRoles: string[];
  /** false = the policy forgets `token.domain.id` checks: a manager acts in any domain. */
  scopeChecks: boolean;
  /** false = listings without a domain filter show every domain's resources. */
  filterListings: boolean;
  domains: Array<{ name: string; manager: { username: string; password: string } }>;
}

/** Availability zones (scs-0121): names per service and Nova's `[cinder] cross_az_attach`. */
export interface SeedAvailabilityZones {
  compute: string[];
  volume: string[];
  network: string[];
  crossAzAttach: boolean;
}

export interface DemoSeed {
  region: string;
  /** Projects in the Default domain; the first is the admin project. */
  projects: Array<{ name: string; description: string }>;
  users: SeedUser[];
  catalog: SeedService[];
  flavors: SeedFlavor[];
  images: SeedImage[];
  volumeTypes: SeedVolumeType[];
  defaultSecurityGroupRules: SeedDefaultRule[];
  externalNetworks: SeedExternalNetwork[];
  /** Subnet pools, floating IPs, RBAC policy, DNS extensions (default: DEFAULT_PROVIDER_NETWORKING). */
  providerNetworking?: ProviderNetworking;
  behaviour: Behaviour;
  timings: Timings;
  limits: Limits;
  tokenTtlSeconds: number;
  domainManager: SeedDomainManager;
  availabilityZones: SeedAvailabilityZones;
}

/** A named way of breaking (or bending) the seed: mutates a fresh seed in place. */
export interface Profile {
  name: string;
  summary: string;
  /** Standard (and testcase ids) this profile makes fail, or `none` for path exercisers. */
  breaks: string;
  testcases: string[];
  apply(seed: DemoSeed, ctx: { now: Date }): void;
}

/** What `startDemoCloud({ seed })` accepts: lists replace the default's, settings merge key by key. */
export type SeedOverrides = Partial<Omit<DemoSeed, 'behaviour' | 'timings' | 'limits'>> & {
  behaviour?: Partial<Omit<Behaviour, 'console'>> & { console?: Partial<ConsoleBehaviour> };
  timings?: Partial<Timings>;
  limits?: Partial<Limits>;
};

/** One answered (or deliberately unanswered) call, for request logs. */
export interface CallRecord {
  method: string;
  path: string;
  /** Stats key, e.g. `compute GET /v2.1/flavors/detail`. */
  route: string;
  /** HTTP status sent; undefined for hangs and resets. */
  status?: number;
  /** The injected fault, if any. */
  fault?: string;
  durationMs: number;
}
