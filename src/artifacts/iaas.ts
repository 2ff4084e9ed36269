// Shapes of the IaaS artifacts: what OpenStack gatherers produce and IaaS probes judge.
// Kept close to the APIs' own JSON (field names as the APIs spell them) so recordings and
// saved artifact files (`evaluate --artifacts DIR`) stay readable by anyone who knows OpenStack.

/** Token facts (Keystone `GET/POST /v3/auth/tokens`): who we are and what we may do. */
export interface TokenInfo {
  roles: string[];
  projectId?: string;
  projectName?: string;
  userId?: string;
  userName?: string;
  /** `password` or `application_credential`. */
  method?: string;
}

/** One service of the Keystone catalog (`token.catalog[]`), endpoints reduced to what matters. */
export interface CatalogService {
  type: string;
  name?: string;
  id?: string;
  endpoints: Array<{ interface: string; region?: string | null; region_id?: string | null; url: string }>;
}
export type ServiceCatalog = CatalogService[];

/** Nova flavor (`GET /flavors/detail`) with its extra specs merged in. */
export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GB (0 = no root disk) */
  disk: number;
  ephemeral?: number;
  swap?: number | string;
  'os-flavor-access:is_public'?: boolean;
  extra_specs: Record<string, string>;
  description?: string | null;
}
export type Flavors = Flavor[];

/**
 * Glance v2 image as the API returns it (`GET /v2/images?member_status=all`), all images the project
 * sees; custom properties are top-level keys. Probes filter by visibility themselves.
 */
export interface Image {
  id: string;
  name: string | null;
  visibility: 'public' | 'community' | 'shared' | 'private' | string;
  os_hidden?: boolean;
  status?: string;
  created_at?: string;
  updated_at?: string;
  size?: number | null;
  min_disk?: number;
  min_ram?: number;
  [property: string]: unknown;
}
export type Images = Image[];

/** Cinder volume type (`GET /v3/{project}/types`). */
export interface VolumeType {
  id: string;
  name: string;
  description?: string | null;
  is_public?: boolean;
  extra_specs?: Record<string, string>;
}
export type VolumeTypes = VolumeType[];

/** Neutron default security-group rule (`GET /v2.0/default-security-group-rules`). */
export interface DefaultSecurityGroupRule {
  id?: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  remote_address_group_id?: string | null;
  used_in_default_sg?: boolean;
  used_in_non_default_sg?: boolean;
  description?: string | null;
}

/** Neutron security-group rule as attached to a real group (`GET /v2.0/security-groups/{id}`). */
export interface SecurityGroupRule {
  id?: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
}

/**
 * scs-0115 input: the default-rules API when the cloud has it (OpenStack >= 2023.2), otherwise the
 * rules a freshly created security group received (the fallback of the standard's test).
 */
export type DefaultSecurityGroupRules =
  | { api: 'default-security-group-rules'; rules: DefaultSecurityGroupRule[] }
  | { api: 'fallback-new-group'; groupName: string; rules: SecurityGroupRule[] };

/** One step of an active check (create/find/delete, …) as it happened. */
export interface ActionStep {
  step: string;
  ok: boolean;
  /** HTTP status of the failing call, if any. */
  status?: number;
  detail?: string;
  durationMs?: number;
  /** For a wait: how long we waited, how many polls, and how late we noticed the end (ms). */
  wait?: {
    waitedMs: number;
    polls: number;
    /** From the cloud's own timestamps when it gives them, else at most the pause before the last poll. */
    lateMs: number;
    /** What the cloud itself took (its timestamps), when known. */
    cloudMs?: number;
  };
}

/** scs-0116: result of creating, listing and deleting a secret as the test identity. */
export interface KeyManagerCheck {
  /** Whether the catalog has a `key-manager` service at all. */
  present: boolean;
  steps: ActionStep[];
  /** Whether the created secret was found again by listing. */
  foundByListing?: boolean;
}

/** scs-0117: volume -> backup -> restore round trip. */
export interface VolumeBackupCheck {
  steps: ActionStep[];
  /** Final states seen, for evidence. */
  volumeStatus?: string;
  backupStatus?: string;
  restoredStatus?: string;
}

/** scs-0101: what the entropy VM printed on its console, parsed into sections. */
export interface EntropyConsole {
  image: { id: string; name: string | null; os_distro?: unknown; os_version?: unknown };
  flavor: { id: string; name: string };
  steps: ActionStep[];
  /** Every `_scs-test-<section>: payload` line, in order. */
  lines: Array<{ section: string; payload: string }>;
  /** Whether the `_scs-test-end` marker was seen. */
  finished: boolean;
}

/** scs-0123 swift-s3 (v1): the answer of an S3 ListBuckets with a bogus key against the object-store host. */
export interface S3Check {
  /** object-store endpoint from the catalog, if any */
  objectStoreEndpoint?: string;
  /** scheme+host the S3 call went to */
  s3Endpoint?: string;
  httpStatus?: number;
  /** S3 error code from the XML body (e.g. InvalidAccessKeyId) */
  errorCode?: string;
  errorMessage?: string;
  /** transport-level failure (DNS, TLS, timeout) */
  transportError?: string;
}

/** Resources an active gatherer created during the run (for the report's ledger). */
export interface LedgerEntry {
  kind: string;
  id?: string;
  name: string;
  createdBy: string;
  state: 'created' | 'deleted' | 'leaked';
  detail?: string;
}
