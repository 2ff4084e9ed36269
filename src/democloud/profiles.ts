// Named profiles: each one bends the fresh seed so that exactly one standard breaks (or one code path is taken).
import { scsExtraSpecs } from './seed.js';
import { DEFAULT_PROVIDER_NETWORKING, type ProviderNetworking } from './services/network-provider.js';
import type { DemoSeed, Profile, SeedImage } from './types.js';

function imageNamed(seed: DemoSeed, name: string): SeedImage {
  const img = seed.images.find((i) => i.name === name);
  if (!img) throw new Error(`profile: the seed has no image named '${name}'`);
  return img;
}

function dropService(seed: DemoSeed, type: string): void {
  seed.catalog = seed.catalog.filter((s) => s.type !== type);
}

/** The seed's provider networking, to bend in place; a seed without it gets the default first (as the state would). */
function providerNetworkingOf(seed: DemoSeed): ProviderNetworking {
  return (seed.providerNetworking ??= structuredClone(DEFAULT_PROVIDER_NETWORKING));
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const PROFILES: readonly Profile[] = [
  {
    name: 'misnamed-flavor',
    summary: "adds a public flavor 'SCS-2Q-4' whose name does not parse ('Q' is no CPU type)",
    breaks: 'scs-0100 flavor naming',
    testcases: ['scs-0100-syntax-check'],
    apply(seed) {
      seed.flavors.push({ name: 'SCS-2Q-4', vcpus: 2, ram: 4096, disk: 0, extraSpecs: {} });
    },
  },
  {
    name: 'flavor-overpromise',
    summary: "adds 'SCS-4V-64' with only 32 GiB RAM: the name promises more than the flavor has",
    breaks: 'scs-0100 flavor naming',
    testcases: ['scs-0100-semantics-check'],
    apply(seed) {
      seed.flavors.push({
        name: 'SCS-4V-64',
        vcpus: 4,
        ram: 32768,
        disk: 0,
        extraSpecs: scsExtraSpecs('SCS-4V-64'),
      });
    },
  },
  {
    name: 'missing-standard-flavor',
    summary: "removes the mandatory standard flavor 'SCS-2V-4'",
    breaks: 'scs-0103 standard flavors',
    testcases: ['scs-0103-flavor-2v-4'],
    apply(seed) {
      seed.flavors = seed.flavors.filter((f) => f.name !== 'SCS-2V-4');
    },
  },
  {
    name: 'wrong-extra-spec',
    summary: "'SCS-4V-16' declares scs:cpu-type crowded-core instead of shared-core",
    breaks: 'scs-0103 standard flavors',
    testcases: ['scs-0103-flavor-4v-16'],
    apply(seed) {
      const f = seed.flavors.find((x) => x.name === 'SCS-4V-16');
      if (!f) throw new Error("profile: the seed has no flavor 'SCS-4V-16'");
      f.extraSpecs['scs:cpu-type'] = 'crowded-core';
    },
  },
  {
    name: 'missing-image-property',
    summary: "drops os_distro from the public image 'Debian 12'",
    breaks: 'scs-0102 image metadata',
    testcases: ['scs-0102-prop-os_distro'],
    apply(seed) {
      delete imageNamed(seed, 'Debian 12').properties.os_distro;
    },
  },
  {
    name: 'bad-architecture',
    summary: "'Ubuntu 22.04' declares architecture 'amd64' (Glance's value is x86_64)",
    breaks: 'scs-0102 image metadata',
    testcases: ['scs-0102-prop-architecture'],
    apply(seed) {
      imageNamed(seed, 'Ubuntu 22.04').properties.architecture = 'amd64';
    },
  },
  {
    name: 'outdated-image',
    summary:
      "'Ubuntu 22.04' was built 200 days ago although replaced monthly, is promised until next year, not hidden, no replacement",
    breaks: 'scs-0102 image metadata',
    testcases: ['scs-0102-image-recency'],
    apply(seed, { now }) {
      const img = imageNamed(seed, 'Ubuntu 22.04');
      const built = new Date(now.getTime() - 200 * 86_400_000);
      img.properties.image_build_date = isoDay(built);
      img.properties.replace_frequency = 'monthly';
      img.properties.provided_until = isoDay(new Date(now.getTime() + 365 * 86_400_000));
      img.createdAt = new Date(built.getTime() + 5 * 3_600_000);
      // Without dated siblings named 'Ubuntu 22.04 <date>' nothing else changes.
    },
  },
  {
    name: 'duplicate-generic-image',
    summary: "adds a second public generic image 'Ubuntu 24.04 Server' for ubuntu 24.04 x86_64",
    breaks: 'scs-0102 image metadata (v2: os_purpose uniqueness)',
    testcases: ['scs-0102-os_purpose-uniqueness'],
    apply(seed) {
      const base = imageNamed(seed, 'Ubuntu 24.04');
      seed.images.push({
        ...base,
        name: 'Ubuntu 24.04 Server',
        properties: { ...base.properties },
        tags: [...(base.tags ?? [])],
      });
    },
  },
  {
    name: 'missing-ubuntu-2404',
    summary: "removes the mandatory standard image 'Ubuntu 24.04'",
    breaks: 'scs-0104 standard images',
    testcases: ['scs-0104-image-ubuntu-2404'],
    apply(seed) {
      seed.images = seed.images.filter((i) => i.name !== 'Ubuntu 24.04');
    },
  },
  {
    name: 'bad-image-source',
    summary: "'Debian 12' names a mirror outside the prefixes the image spec allows as image_source",
    breaks: 'scs-0104 standard images',
    testcases: ['scs-0104-source-debian-12'],
    apply(seed) {
      imageNamed(seed, 'Debian 12').properties.image_source =
        'https://mirror.example.net/debian/bookworm/debian-12-genericcloud-amd64.qcow2';
    },
  },
  {
    name: 'bad-volume-type-syntax',
    summary: "a volume type described '[scs:replicated, encrypted] ...' (aspects not sorted)",
    breaks: 'scs-0114 volume types',
    testcases: ['scs-0114-syntax-check'],
    apply(seed) {
      const t = seed.volumeTypes.find((v) => v.name === 'encrypted-replicated');
      if (!t) throw new Error("profile: the seed has no volume type 'encrypted-replicated'");
      t.description = '[scs:replicated, encrypted] LUKS-encrypted, three replicas across racks';
    },
  },
  {
    name: 'permissive-default-rules',
    summary: 'adds a default security-group rule allowing SSH ingress from 0.0.0.0/0 in every group',
    breaks: 'scs-0115 default security group rules',
    testcases: ['scs-0115-default-rules'],
    apply(seed) {
      seed.defaultSecurityGroupRules.push({
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        portRangeMin: 22,
        portRangeMax: 22,
        remoteIpPrefix: '0.0.0.0/0',
        usedInDefaultSg: true,
        usedInNonDefaultSg: true,
      });
    },
  },
  {
    name: 'no-default-rules-api',
    summary:
      'Neutron without /v2.0/default-security-group-rules (404, as before 2023.2): the check takes its fallback',
    breaks: 'none (exercises the scs-0115 fallback path)',
    testcases: ['scs-0115-default-rules'],
    apply(seed) {
      seed.behaviour.defaultSecurityGroupRulesApi = false;
    },
  },
  {
    name: 'no-key-manager',
    summary: 'no key-manager service in the catalog',
    breaks: 'none in the versions (scs-0116 permissions passes by absence; presence is only recommended)',
    testcases: ['scs-0116-permissions'],
    apply(seed) {
      dropService(seed, 'key-manager');
    },
  },
  {
    name: 'key-manager-forbidden',
    summary: "Barbican on its legacy policy: a plain member gets 403 on secrets (needs 'creator')",
    breaks: 'scs-0116 key manager',
    testcases: ['scs-0116-permissions'],
    apply(seed) {
      seed.behaviour.keyManagerPolicy = 'legacy';
    },
  },
  {
    name: 'backup-broken',
    summary: "volume backups end in status 'error'",
    breaks: 'scs-0117 volume backup',
    testcases: ['scs-0117-test-backup'],
    apply(seed) {
      seed.behaviour.backupOutcome = 'error';
    },
  },
  {
    name: 'missing-load-balancer',
    summary: 'no load-balancer service in the catalog',
    breaks: 'scs-0123 mandatory services',
    testcases: ['scs-0123-service-load-balancer'],
    apply(seed) {
      dropService(seed, 'load-balancer');
    },
  },
  {
    name: 'no-s3',
    summary:
      'Swift without s3api: no object-store-s3 in the catalog, and the object-store host does not speak S3',
    breaks: 'scs-0123 mandatory services',
    testcases: ['scs-0123-swift-s3', 'scs-0123-service-s3'],
    apply(seed) {
      dropService(seed, 'object-store-s3');
      seed.behaviour.s3Api = false;
    },
  },
  {
    name: 'admin-user',
    summary: "the test user 'demo-user' also has the admin role: the pre-flight check refuses it",
    breaks: 'all (every testcase aborts)',
    testcases: [],
    apply(seed) {
      const u = seed.users.find((x) => x.name === 'demo-user');
      if (!u) throw new Error("profile: the seed has no user 'demo-user'");
      u.roles = [...u.roles, 'admin'];
    },
  },
  {
    name: 'low-entropy',
    summary: 'the guest reports entropy_avail 128',
    breaks: 'scs-0101 entropy',
    testcases: ['scs-0101-entropy-avail'],
    apply(seed) {
      seed.behaviour.console.entropyAvail = 128;
    },
  },
  {
    name: 'fips-failures',
    summary: 'rngtest in the guest reports 12 FIPS 140-2 failures out of 1000 blocks',
    breaks: 'scs-0101 entropy',
    testcases: ['scs-0101-fips-test'],
    apply(seed) {
      seed.behaviour.console.fipsFailures = 12;
    },
  },
  {
    name: 'zed',
    summary:
      "behaves like the Debian Zed lab: no default-rules API, no object storage, Nova's fake console, no external network",
    breaks: 'scs-0123 (no object-store-s3 in next); scs-0101 aborts (no external network)',
    testcases: ['scs-0123-service-s3', 'scs-0101-entropy-avail', 'scs-0101-fips-test'],
    apply(seed) {
      seed.behaviour.defaultSecurityGroupRulesApi = false;
      seed.behaviour.s3Api = false;
      seed.behaviour.console.mode = 'fake';
      dropService(seed, 'object-store');
      dropService(seed, 'object-store-s3');
      seed.externalNetworks = [];
    },
  },
  // scs-cert advisory testcases (scs-0126/0127): they break no testcase of the scope.
  {
    name: 'no-default-network',
    summary: "the external network 'public' is not marked is_default",
    breaks: 'scs-0126 standard provider network (advisory)',
    testcases: [],
    apply(seed) {
      for (const n of seed.externalNetworks) n.isDefault = false;
    },
  },
  {
    name: 'no-ipv6-pool',
    summary: 'no shared default IPv6 subnet pool',
    breaks: 'scs-0126 IPv6 allocation (advisory)',
    testcases: [],
    apply(seed) {
      const net = providerNetworkingOf(seed);
      net.subnetPools = net.subnetPools.filter((p) => p.ipVersion !== 6);
    },
  },
  {
    name: 'no-floating-ip',
    summary: 'floating IP quota 0: no project can allocate a floating IP',
    breaks: 'scs-0126 IPv4 allocation (advisory)',
    testcases: [],
    apply(seed) {
      providerNetworkingOf(seed).floatingIpQuota = 0;
    },
  },
  {
    name: 'rbac-allowed',
    summary: "Neutron's default policy: members may create network RBAC policies",
    breaks: 'scs-0126 RBAC restriction (advisory, SHOULD: a warning)',
    testcases: [],
    apply(seed) {
      providerNetworkingOf(seed).rbacCreate = 'owner';
    },
  },
  {
    name: 'no-dns-extensions',
    summary: 'Neutron without the dns-integration and dns-domain-ports extensions',
    breaks: 'scs-0127 DNS extensions (advisory, SHOULD: a warning)',
    testcases: [],
    apply(seed) {
      providerNetworkingOf(seed).dnsExtensions = false;
    },
  },
  {
    name: 'no-domain-manager-policy',
    summary: "Keystone without the scs-0302 policy: the 'manager' role grants a domain manager nothing",
    breaks: 'scs-0302 domain manager',
    testcases: ['scs-0302-v1-domain-manager'],
    apply(seed) {
      seed.domainManager.policy = 'none';
    },
  },
  {
    name: 'native-domain-manager',
    summary:
      'the native domain manager of Keystone 2024.2+ (enforce_scope): as the policy, but managers cannot list domains',
    breaks: 'nothing (the other implementation scs-0302 allows)',
    testcases: [],
    apply(seed) {
      seed.domainManager.policy = 'native';
    },
  },
  {
    name: 'domain-manager-unscoped',
    summary: 'the policy forgets the token.domain.id checks: a domain manager acts in every domain',
    breaks: 'scs-0302 domain manager',
    testcases: ['scs-0302-v1-domain-manager'],
    apply(seed) {
      seed.domainManager.scopeChecks = false;
    },
  },
  {
    name: 'domain-manager-assigns-admin',
    summary: "is_domain_managed_role includes 'admin': a domain manager can hand out admin",
    breaks: 'scs-0302 domain manager',
    testcases: ['scs-0302-v1-domain-manager'],
    apply(seed) {
      seed.domainManager.managedRoles.push('admin');
    },
  },
  {
    name: 'domain-manager-lists-all',
    summary:
      'listings ignore the domain: a domain manager sees the users, projects and groups of every domain',
    breaks: 'scs-0302 domain manager',
    testcases: ['scs-0302-v1-domain-manager'],
    apply(seed) {
      seed.domainManager.filterListings = false;
    },
  },
  {
    name: 'multi-az',
    summary:
      "two compute, storage and network AZs (az1, az2) and Nova's cross_az_attach = False: the cross-attach check runs and passes",
    breaks: 'nothing (scs-0121 with several AZs)',
    testcases: [],
    apply(seed) {
      seed.availabilityZones = {
        compute: ['az1', 'az2'],
        volume: ['az1', 'az2'],
        network: ['az1', 'az2'],
        crossAzAttach: false,
      };
    },
  },
  {
    name: 'cross-az-attach',
    summary:
      'two compute and storage AZs, and a volume of one attaches to a server of the other (cross_az_attach = True)',
    breaks: 'scs-0121 availability zones (a SHOULD NOT: a warning)',
    testcases: ['scs-0121-v1-availability-zones'],
    apply(seed) {
      seed.availabilityZones = {
        compute: ['az1', 'az2'],
        volume: ['az1', 'az2'],
        network: ['az1', 'az2'],
        crossAzAttach: true,
      };
    },
  },
];

export function profileNames(): string[] {
  return PROFILES.map((p) => p.name);
}

/** Applies `a,b,...` to the seed in order; unknown names are an error naming the known ones. */
export function applyProfiles(seed: DemoSeed, spec: string | undefined, now: Date): string[] {
  if (!spec) return [];
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'default');
  for (const name of names) {
    const p = PROFILES.find((x) => x.name === name);
    if (!p) throw new Error(`unknown demo-cloud profile '${name}' (known: ${profileNames().join(', ')})`);
    p.apply(seed, { now });
  }
  return names;
}
