// The state model of the embedded cloud: every resource of every service, plus a scheduler for state transitions.
import { DEFAULT_PROVIDER_NETWORKING, type ProviderNetworking } from './services/network-provider.js';
import { createHash } from 'node:crypto';
import { IdSource } from './ids.js';
import { attachIam } from './iam.js';
import { attachZones } from './zones.js';
import type { Behaviour, DemoSeed, Limits, SeedDefaultRule, Timings } from './types.js';

export interface Project {
  id: string;
  name: string;
  description: string;
  domainId: string;
}
export interface User {
  id: string;
  name: string;
  password: string;
  domainId: string;
  defaultProjectId: string;
}
export interface Role {
  id: string;
  name: string;
}
export interface Assignment {
  userId: string;
  /** project id, or `domain:<id>` for domain assignments */
  target: string;
  roleId: string;
}
export interface AppCredential {
  id: string;
  name: string;
  userId: string;
  projectId: string;
  secret: string;
  description: string | null;
  roleIds: string[];
  unrestricted: boolean;
  expiresAt: number | null;
}
export interface Token {
  id: string;
  userId: string;
  projectId?: string;
  domainScope?: string;
  methods: string[];
  roleIds: string[];
  appCredentialId?: string;
  issuedAt: number;
  expiresAt: number;
  auditId: string;
  revoked: boolean;
}
export interface CatalogService {
  id: string;
  type: string;
  name: string;
  path: string;
  interfaces: string[];
  endpointIds: Record<string, string>;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  isPublic: boolean;
  disabled: boolean;
  rxtxFactor: number;
  description: string | null;
  extraSpecs: Record<string, string>;
  access: string[];
}

export interface ServerPort {
  portId: string;
  networkId: string;
}
export interface Server {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  status: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  flavorId: string;
  imageId: string;
  keyName: string | null;
  userData: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  ports: ServerPort[];
  volumes: Array<{ id: string; deleteOnTermination: boolean }>;
  createdAt: number;
  updatedAt: number;
  launchedAt: number | null;
  adminPass: string;
  consoleLines: string[];
  fault?: { code: number; message: string; created: number };
  description: string | null;
}
export interface Keypair {
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: string;
  createdAt: number;
  id: number;
}

export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  hidden: boolean;
  owner: string;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  size: number | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  properties: Record<string, string>;
  data?: Buffer;
}

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}
export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  projectId: string;
  userId: string;
  size: number;
  status: string;
  typeId: string;
  bootable: boolean;
  attachments: Array<{ serverId: string; attachmentId: string; device: string; attachedAt: number }>;
  metadata: Record<string, string>;
  imageMetadata?: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}
export interface Backup {
  id: string;
  name: string | null;
  description: string | null;
  projectId: string;
  userId: string;
  volumeId: string;
  size: number;
  status: string;
  failReason: string | null;
  objectCount: number;
  createdAt: number;
  updatedAt: number;
  dataTimestamp: number;
}

export interface Network {
  id: string;
  name: string;
  projectId: string;
  shared: boolean;
  external: boolean;
  /** is_default (scs-0126 standard provider network). */
  isDefault?: boolean;
  description: string;
  mtu: number;
  networkType: string;
  createdAt: number;
  updatedAt: number;
  revision: number;
}
export interface Subnet {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  cidr: string;
  ipVersion: number;
  gatewayIp: string | null;
  enableDhcp: boolean;
  allocationPools: Array<{ start: string; end: string }>;
  dnsNameservers: string[];
  description: string;
  createdAt: number;
  updatedAt: number;
  revision: number;
  nextHost: number;
}
export interface Port {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  deviceId: string;
  deviceOwner: string;
  fixedIps: Array<{ subnet_id: string; ip_address: string }>;
  mac: string;
  status: string;
  securityGroups: string[];
  createdAt: number;
  updatedAt: number;
  revision: number;
}
export interface Router {
  id: string;
  name: string;
  projectId: string;
  gateway: { networkId: string; subnetId: string | null; ip: string | null } | null;
  description: string;
  createdAt: number;
  updatedAt: number;
  revision: number;
}
export interface SecurityGroupRule {
  id: string;
  groupId: string;
  projectId: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  portRangeMin: number | null;
  portRangeMax: number | null;
  remoteIpPrefix: string | null;
  remoteGroupId: string | null;
  description: string;
  createdAt: number;
  updatedAt: number;
}
export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  projectId: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
  revision: number;
}
export interface DefaultRule extends SeedDefaultRule {
  id: string;
}

export interface Secret {
  id: string;
  name: string | null;
  projectId: string;
  creatorId: string;
  payload: string | null;
  contentType: string | null;
  secretType: string;
  algorithm: string | null;
  bitLength: number | null;
  mode: string | null;
  expiration: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface LoadBalancer {
  id: string;
  name: string;
  description: string;
  projectId: string;
  vipSubnetId: string | null;
  vipNetworkId: string | null;
  vipPortId: string;
  vipAddress: string;
  provisioningStatus: string;
  operatingStatus: string;
  provider: string;
  createdAt: number;
  updatedAt: number;
}

export interface Container {
  name: string;
  projectId: string;
  createdAt: number;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

/** Everything the cloud knows; services read and mutate it, the scheduler moves resources between states. */
export class CloudState {
  readonly ids: IdSource;
  readonly behaviour: Behaviour;
  readonly timings: Timings;
  readonly limits: Limits;
  readonly region: string;
  readonly tokenTtlMs: number;

  readonly projects = new Map<string, Project>();
  readonly users = new Map<string, User>();
  readonly roles = new Map<string, Role>();
  /** role id -> implied role ids (admin -> member -> reader). */
  readonly implications = new Map<string, string[]>();
  readonly assignments: Assignment[] = [];
  readonly appCredentials = new Map<string, AppCredential>();
  readonly tokens = new Map<string, Token>();
  readonly catalog: CatalogService[] = [];

  readonly flavors = new Map<string, Flavor>();
  readonly servers = new Map<string, Server>();
  readonly keypairs = new Map<string, Keypair>();
  readonly images = new Map<string, Image>();
  readonly volumeTypes = new Map<string, VolumeType>();
  readonly volumes = new Map<string, Volume>();
  readonly backups = new Map<string, Backup>();
  readonly networks = new Map<string, Network>();
  readonly subnets = new Map<string, Subnet>();
  readonly ports = new Map<string, Port>();
  readonly routers = new Map<string, Router>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly securityGroupRules = new Map<string, SecurityGroupRule>();
  readonly defaultRules: DefaultRule[] = [];
  readonly secrets = new Map<string, Secret>();
  readonly loadBalancers = new Map<string, LoadBalancer>();
  readonly containers = new Map<string, Container>();
  readonly providerNetworking: ProviderNetworking;

  private readonly queue: Scheduled[] = [];
  private seq = 0;
  /** While a scheduled transition runs: its due time, so follow-ups and timestamps count from it. */
  private cursor: number | undefined;

  constructor(
    seed: DemoSeed,
    readonly clock: () => number,
    readonly startedAt: number,
  ) {
    this.ids = new IdSource('scs-democloud');
    this.behaviour = seed.behaviour;
    this.timings = seed.timings;
    this.limits = seed.limits;
    this.region = seed.region;
    this.providerNetworking = seed.providerNetworking ?? DEFAULT_PROVIDER_NETWORKING;
    this.tokenTtlMs = seed.tokenTtlSeconds * 1000;
    this.load(seed);
    attachIam(this, seed.domainManager);
    attachZones(this, seed.availabilityZones);
  }

  now(): number {
    return this.cursor ?? this.clock();
  }

  /** Runs `run` once the clock reaches `now + delayMs` (checked on every request). */
  after(delayMs: number, run: () => void): void {
    this.queue.push({ at: this.now() + Math.max(0, delayMs), seq: this.seq++, run });
    this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Applies every transition that is due; a transition may schedule further ones. */
  advance(): void {
    for (;;) {
      const head = this.queue[0];
      if (!head || head.at > this.clock()) return;
      this.queue.shift();
      this.cursor = head.at;
      try {
        head.run();
      } finally {
        this.cursor = undefined;
      }
    }
  }

  roleByName(name: string): Role | undefined {
    for (const r of this.roles.values()) if (r.name === name) return r;
    return undefined;
  }

  projectByName(name: string): Project | undefined {
    for (const p of this.projects.values()) if (p.name === name) return p;
    return undefined;
  }

  userByName(name: string): User | undefined {
    for (const u of this.users.values()) if (u.name === name) return u;
    return undefined;
  }

  /** Role ids assigned to a user on a target, closed under implication. */
  effectiveRoleIds(userId: string, target: string): string[] {
    const direct = this.assignments
      .filter((a) => a.userId === userId && a.target === target)
      .map((a) => a.roleId);
    return this.closeRoles(direct);
  }

  closeRoles(roleIds: string[]): string[] {
    const out = new Set<string>();
    const todo = [...roleIds];
    while (todo.length) {
      const r = todo.pop() as string;
      if (out.has(r)) continue;
      out.add(r);
      todo.push(...(this.implications.get(r) ?? []));
    }
    return [...out];
  }

  defaultSecurityGroup(projectId: string): SecurityGroup {
    for (const sg of this.securityGroups.values()) if (sg.projectId === projectId && sg.isDefault) return sg;
    return this.createSecurityGroup(projectId, 'default', 'Default security group', true);
  }

  /** Creates a group and copies the default rule templates into it, as Neutron does. */
  createSecurityGroup(
    projectId: string,
    name: string,
    description: string,
    isDefault: boolean,
  ): SecurityGroup {
    const now = this.now();
    const sg: SecurityGroup = {
      id: this.ids.uuid('sg'),
      name,
      description,
      projectId,
      isDefault,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    this.securityGroups.set(sg.id, sg);
    for (const t of this.defaultRules) {
      if (isDefault ? !t.usedInDefaultSg : !t.usedInNonDefaultSg) continue;
      this.addRule(sg, {
        direction: t.direction,
        ethertype: t.ethertype,
        protocol: t.protocol ?? null,
        portRangeMin: t.portRangeMin ?? null,
        portRangeMax: t.portRangeMax ?? null,
        remoteIpPrefix: t.remoteIpPrefix ?? null,
        remoteGroupId: t.remoteGroupId === 'PARENT' ? sg.id : (t.remoteGroupId ?? null),
        description: '',
      });
    }
    return sg;
  }

  addRule(
    sg: SecurityGroup,
    r: Omit<SecurityGroupRule, 'id' | 'groupId' | 'projectId' | 'createdAt' | 'updatedAt'>,
  ): SecurityGroupRule {
    const now = this.now();
    const rule: SecurityGroupRule = {
      ...r,
      id: this.ids.uuid('sgr'),
      groupId: sg.id,
      projectId: sg.projectId,
      createdAt: now,
      updatedAt: now,
    };
    this.securityGroupRules.set(rule.id, rule);
    return rule;
  }

  private load(seed: DemoSeed): void {
    const t0 = this.startedAt;
    for (const p of seed.projects) {
      const id = this.ids.hex('project');
      this.projects.set(id, { id, name: p.name, description: p.description, domainId: 'default' });
    }
    const roleNames = new Set(['admin', 'member', 'reader', 'manager', 'service', 'creator']);
    for (const u of seed.users) for (const r of [...u.roles, ...(u.domainRoles ?? [])]) roleNames.add(r);
    for (const name of roleNames) {
      const id = this.ids.hex('role');
      this.roles.set(id, { id, name });
    }
    const rid = (n: string) => (this.roleByName(n) as Role).id;
    this.implications.set(rid('admin'), [rid('member')]);
    this.implications.set(rid('member'), [rid('reader')]);

    for (const u of seed.users) {
      const project = this.projectByName(u.project);
      if (!project) throw new Error(`seed: user ${u.name} names unknown project ${u.project}`);
      const id = this.ids.hex('user');
      this.users.set(id, {
        id,
        name: u.name,
        password: u.password,
        domainId: 'default',
        defaultProjectId: project.id,
      });
      for (const r of u.roles) this.assignments.push({ userId: id, target: project.id, roleId: rid(r) });
      for (const r of u.domainRoles ?? [])
        this.assignments.push({ userId: id, target: 'domain:default', roleId: rid(r) });
      for (const ac of u.applicationCredentials ?? []) {
        const acId = this.ids.hex('appcred');
        this.appCredentials.set(acId, {
          id: acId,
          name: ac.name,
          userId: id,
          projectId: project.id,
          secret: ac.secret,
          description: ac.description ?? null,
          roleIds: this.assignments
            .filter((a) => a.userId === id && a.target === project.id)
            .map((a) => a.roleId),
          unrestricted: false,
          expiresAt: null,
        });
      }
    }
    for (const s of seed.catalog) {
      const interfaces = s.interfaces ?? ['public', 'internal'];
      const endpointIds: Record<string, string> = {};
      for (const i of interfaces) endpointIds[i] = this.ids.hex('endpoint');
      this.catalog.push({
        id: this.ids.hex('service'),
        type: s.type,
        name: s.name,
        path: s.path,
        interfaces,
        endpointIds,
      });
    }

    const adminProject = [...this.projects.values()][0] as Project;
    for (const f of seed.flavors) {
      const id = this.ids.uuid('flavor');
      this.flavors.set(id, {
        id,
        name: f.name,
        vcpus: f.vcpus,
        ram: f.ram,
        disk: f.disk,
        ephemeral: f.ephemeral ?? 0,
        swap: f.swap ?? 0,
        isPublic: f.isPublic ?? true,
        disabled: false,
        rxtxFactor: 1.0,
        description: f.description ?? null,
        extraSpecs: { ...f.extraSpecs },
        access: [],
      });
    }
    for (const img of seed.images) {
      const id = this.ids.uuid('image');
      const owner = img.owner ? this.projectByName(img.owner) : adminProject;
      if (!owner) throw new Error(`seed: image ${img.name} names unknown owner ${img.owner}`);
      const digest = (alg: string) => createHash(alg).update(`${img.name}:${img.size}`).digest('hex');
      this.images.set(id, {
        id,
        name: img.name,
        status: 'active',
        visibility: img.visibility,
        protected: false,
        hidden: img.hidden ?? false,
        owner: owner.id,
        diskFormat: img.diskFormat,
        containerFormat: img.containerFormat,
        minDisk: img.minDisk,
        minRam: img.minRam,
        size: img.size,
        checksum: digest('md5'),
        hashAlgo: 'sha512',
        hashValue: digest('sha512'),
        createdAt: img.createdAt.getTime(),
        updatedAt: img.createdAt.getTime() + 30_000,
        tags: [...(img.tags ?? [])],
        properties: { ...img.properties },
      });
    }
    for (const vt of seed.volumeTypes) {
      const id = this.ids.uuid('voltype');
      this.volumeTypes.set(id, {
        id,
        name: vt.name,
        description: vt.description,
        isPublic: vt.isPublic ?? true,
        extraSpecs: { ...(vt.extraSpecs ?? {}) },
      });
    }
    for (const r of seed.defaultSecurityGroupRules)
      this.defaultRules.push({ ...r, id: this.ids.uuid('dsgr') });
    for (const p of this.projects.values()) this.defaultSecurityGroup(p.id);
    for (const ext of seed.externalNetworks) {
      const netId = this.ids.uuid('net');
      this.networks.set(netId, {
        id: netId,
        name: ext.name,
        projectId: adminProject.id,
        shared: false,
        external: true,
        isDefault: ext.isDefault === true,
        description: '',
        mtu: 1500,
        networkType: 'flat',
        createdAt: t0,
        updatedAt: t0,
        revision: 2,
      });
      const subnetId = this.ids.uuid('subnet');
      this.subnets.set(subnetId, {
        id: subnetId,
        name: `${ext.name}-subnet`,
        networkId: netId,
        projectId: adminProject.id,
        cidr: ext.cidr,
        ipVersion: 4,
        gatewayIp: ext.gateway,
        enableDhcp: false,
        allocationPools: [poolOf(ext.cidr, ext.gateway)],
        dnsNameservers: [],
        description: '',
        createdAt: t0,
        updatedAt: t0,
        revision: 0,
        nextHost: 10,
      });
    }
  }
}

/** Allocation pool of a /24 (or other IPv4) CIDR: everything but network, gateway and broadcast. */
export function poolOf(cidr: string, gateway: string | null): { start: string; end: string } {
  const [base, bitsRaw] = cidr.split('/');
  const bits = Number(bitsRaw ?? '24');
  const n = ipToInt(base ?? '0.0.0.0');
  const size = 2 ** (32 - bits);
  const gw = gateway ? ipToInt(gateway) : -1;
  let start = n + 1;
  if (start === gw) start += 1;
  let end = n + size - 2;
  if (end === gw) end -= 1;
  return { start: intToIp(start), end: intToIp(end) };
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
