// The default seed: a fully SCS-compatible small cloud (scs-compatible-iaas v5.1 and next), relative to `now`.
import type { DemoSeed, SeedDefaultRule, SeedFlavor, SeedImage, SeedService } from './types.js';
import { DEFAULT_PROVIDER_NETWORKING } from './services/network-provider.js';

/** Public, fixed demo credentials: the embedded cloud is a local demo, nothing here protects anything. */
export const DEMO_CREDENTIALS = {
  domain: 'Default',
  project: 'demo',
  adminProject: 'admin',
  user: 'demo-user',
  password: 'scs-demo-password',
  appCredentialName: 'demo-user-ac',
  appCredentialSecret: 'scs-demo-appcred-secret',
  adminUser: 'admin',
  adminPassword: 'scs-demo-admin-password',
  /** Other personas of project `demo` (same password as demo-user): admin, reader only, manager. */
  demoAdmin: 'demo-admin',
  demoReader: 'demo-reader',
  demoManager: 'demo-manager',
} as const;

/** The 15 mandatory + 16 recommended standard flavors of scs-0103 v1: [name, vcpus, GiB RAM, disk GB]. */
export const STANDARD_FLAVORS: ReadonlyArray<{
  name: string;
  vcpus: number;
  ramGiB: number;
  disk: number;
  mandatory: boolean;
}> = [
  ['SCS-1V-4', 1, 4, 0],
  ['SCS-2V-8', 2, 8, 0],
  ['SCS-4V-16', 4, 16, 0],
  ['SCS-8V-32', 8, 32, 0],
  ['SCS-1V-2', 1, 2, 0],
  ['SCS-2V-4', 2, 4, 0],
  ['SCS-4V-8', 4, 8, 0],
  ['SCS-8V-16', 8, 16, 0],
  ['SCS-16V-32', 16, 32, 0],
  ['SCS-1V-8', 1, 8, 0],
  ['SCS-2V-16', 2, 16, 0],
  ['SCS-4V-32', 4, 32, 0],
  ['SCS-1L-1', 1, 1, 0],
  ['SCS-2V-4-20s', 2, 4, 20],
  ['SCS-4V-16-100s', 4, 16, 100],
]
  .map(([name, vcpus, ramGiB, disk]) => ({
    name: name as string,
    vcpus: vcpus as number,
    ramGiB: ramGiB as number,
    disk: disk as number,
    mandatory: true,
  }))
  .concat(
    [
      ['SCS-1V-4-10', 1, 4, 10],
      ['SCS-2V-8-20', 2, 8, 20],
      ['SCS-4V-16-50', 4, 16, 50],
      ['SCS-8V-32-100', 8, 32, 100],
      ['SCS-1V-2-5', 1, 2, 5],
      ['SCS-2V-4-10', 2, 4, 10],
      ['SCS-4V-8-20', 4, 8, 20],
      ['SCS-8V-16-50', 8, 16, 50],
      ['SCS-16V-32-100', 16, 32, 100],
      ['SCS-1V-8-20', 1, 8, 20],
      ['SCS-2V-16-50', 2, 16, 50],
      ['SCS-4V-32-100', 4, 32, 100],
      ['SCS-1L-1-5', 1, 1, 5],
      ['SCS-16V-64', 16, 64, 0],
      ['SCS-8V-64', 8, 64, 0],
      ['SCS-16V-128', 16, 128, 0],
    ].map(([name, vcpus, ramGiB, disk]) => ({
      name: name as string,
      vcpus: vcpus as number,
      ramGiB: ramGiB as number,
      disk: disk as number,
      mandatory: false,
    })),
  );

const CPU_TYPES: Record<string, string> = {
  L: 'crowded-core',
  V: 'shared-core',
  T: 'dedicated-thread',
  C: 'dedicated-core',
};
const DISK_TYPES: Record<string, string> = { n: 'network', h: 'hdd', s: 'ssd', p: 'nvme' };

/** v1 spelling of an SCS name: every dash after the `SCS-` prefix becomes a colon (scs-0103). */
export function scsNameV1(name: string): string {
  return 'SCS-' + name.slice(4).replace(/-/g, ':');
}

/** Extra specs scs-0103 expects on a (simple) SCS flavor name of the form SCS-<n><T>-<ram>[-<disk><t>]. */
export function scsExtraSpecs(name: string): Record<string, string> {
  const m = /^SCS-(\d+)([LVTC])-([\d.]+)(?:-(\d*)([nhsp]?))?(?:_.*)?$/.exec(name);
  if (!m) throw new Error(`not a simple SCS flavor name: ${name}`);
  const specs: Record<string, string> = {
    'scs:cpu-type': CPU_TYPES[m[2] ?? 'V'] ?? 'shared-core',
    'scs:name-v1': scsNameV1(name),
    'scs:name-v2': name,
  };
  if (m[4] !== undefined) specs['scs:disk0-type'] = DISK_TYPES[m[5] ?? ''] ?? 'network';
  return specs;
}

function standardFlavors(): SeedFlavor[] {
  return STANDARD_FLAVORS.map((f) => ({
    name: f.name,
    vcpus: f.vcpus,
    ram: f.ramGiB * 1024,
    disk: f.disk,
    extraSpecs: scsExtraSpecs(f.name),
  }));
}

/** A few more SCS-named flavors a real SCS cloud carries besides the standard set. */
function extraFlavors(): SeedFlavor[] {
  return [
    { name: 'SCS-2C-8-50n', vcpus: 2, ram: 8192, disk: 50, extraSpecs: scsExtraSpecs('SCS-2C-8-50n') },
    { name: 'SCS-4T-16-100p', vcpus: 4, ram: 16384, disk: 100, extraSpecs: scsExtraSpecs('SCS-4T-16-100p') },
    {
      name: 'SCS-8V-32_z3',
      vcpus: 8,
      ram: 32768,
      disk: 0,
      extraSpecs: { ...scsExtraSpecs('SCS-8V-32_z3'), 'scs:name-v1': 'SCS-8V:32-z3' },
    },
  ];
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function compactDay(d: Date): string {
  return isoDay(d).replace(/-/g, '');
}

function daysBefore(now: Date, days: number, hours = 0): Date {
  return new Date(now.getTime() - days * 86_400_000 - hours * 3_600_000);
}

interface ImageSpec {
  name: string;
  distro: string;
  version: string;
  arch?: string;
  purpose: string;
  source: string;
  description: string;
  user: string;
  /** Days before `now` the image was built. */
  builtDaysAgo: number;
  replace?: string;
  providedUntil?: string;
  uuidValidity?: string;
  hidden?: boolean;
  minDisk?: number;
  minRam?: number;
  sizeMiB?: number;
  visibility?: SeedImage['visibility'];
  owner?: string;
}

function image(now: Date, s: ImageSpec): SeedImage {
  const built = daysBefore(now, s.builtDaysAgo);
  // Registered in Glance a few hours after the build finished, never in the future.
  const created = new Date(Math.min(built.getTime() + 5 * 3_600_000, now.getTime() - 60_000));
  const arch = s.arch ?? 'x86_64';
  return {
    name: s.name,
    visibility: s.visibility ?? 'public',
    hidden: s.hidden ?? false,
    owner: s.owner,
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    minDisk: s.minDisk ?? 8,
    minRam: s.minRam ?? 512,
    size: (s.sizeMiB ?? 600) * 1024 * 1024 + ((s.name.length * 7919) % 65536),
    createdAt: created,
    properties: {
      architecture: arch,
      hypervisor_type: 'qemu',
      hw_disk_bus: 'scsi',
      hw_scsi_model: 'virtio-scsi',
      hw_rng_model: 'virtio',
      hw_qemu_guest_agent: 'yes',
      os_distro: s.distro,
      os_version: s.version,
      os_purpose: s.purpose,
      image_build_date: isoDay(built),
      image_original_user: s.user,
      image_source: s.source,
      image_description: s.description,
      replace_frequency: s.replace ?? 'monthly',
      provided_until: s.providedUntil ?? 'none',
      uuid_validity: s.uuidValidity ?? 'last-3',
      hotfix_hours: '0',
    },
    tags: ['managed_by_scs_demo', `os:${s.distro}`],
  };
}

const UBUNTU = 'https://cloud-images.ubuntu.com';
const DEBIAN = 'https://cloud.debian.org/images/cloud';
const CAPI = 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images';

function images(now: Date): SeedImage[] {
  const d = (n: number) => compactDay(daysBefore(now, n));
  const specs: ImageSpec[] = [
    // Current generic images: the standard images of scs-0104 (v5 image spec) with vendor sources.
    {
      name: 'Ubuntu 24.04',
      distro: 'ubuntu',
      version: '24.04',
      purpose: 'generic',
      source: `${UBUNTU}/releases/noble/release-${d(6)}/ubuntu-24.04-server-cloudimg-amd64.img`,
      description: 'https://ubuntu.com/server/docs/cloud-images/introduction',
      user: 'ubuntu',
      builtDaysAgo: 6,
    },
    {
      name: 'Ubuntu 24.04 aarch64',
      distro: 'ubuntu',
      version: '24.04',
      arch: 'aarch64',
      purpose: 'generic',
      source: `${UBUNTU}/releases/noble/release-${d(6)}/ubuntu-24.04-server-cloudimg-arm64.img`,
      description: 'https://ubuntu.com/server/docs/cloud-images/introduction',
      user: 'ubuntu',
      builtDaysAgo: 6,
    },
    {
      name: 'Ubuntu 22.04',
      distro: 'ubuntu',
      version: '22.04',
      purpose: 'generic',
      source: `${UBUNTU}/jammy/current/jammy-server-cloudimg-amd64.img`,
      description: 'https://ubuntu.com/server/docs/cloud-images/introduction',
      user: 'ubuntu',
      builtDaysAgo: 11,
    },
    {
      name: 'Ubuntu 20.04',
      distro: 'ubuntu',
      version: '20.04',
      purpose: 'generic',
      source: `${UBUNTU}/releases/focal/release/ubuntu-20.04-server-cloudimg-amd64.img`,
      description: 'https://ubuntu.com/server/docs/cloud-images/introduction',
      user: 'ubuntu',
      builtDaysAgo: 20,
      replace: 'quarterly',
    },
    {
      name: 'Debian 13',
      distro: 'debian',
      version: '13',
      purpose: 'generic',
      source: `${DEBIAN}/trixie/${d(3)}-2200/debian-13-genericcloud-amd64-${d(3)}-2200.qcow2`,
      description: 'https://www.debian.org/releases/trixie/',
      user: 'debian',
      builtDaysAgo: 3,
      sizeMiB: 420,
    },
    {
      name: 'Debian 12',
      distro: 'debian',
      version: '12',
      purpose: 'generic',
      source: `${DEBIAN}/bookworm/latest/debian-12-genericcloud-amd64.qcow2`,
      description: 'https://www.debian.org/releases/bookworm/',
      user: 'debian',
      builtDaysAgo: 9,
      sizeMiB: 410,
    },
    {
      name: 'Debian 11',
      distro: 'debian',
      version: '11',
      purpose: 'generic',
      source: `${DEBIAN}/bullseye/latest/debian-11-genericcloud-amd64.qcow2`,
      description: 'https://www.debian.org/releases/bullseye/',
      user: 'debian',
      builtDaysAgo: 25,
      replace: 'quarterly',
      sizeMiB: 350,
    },
    // Kubernetes node images for Cluster API (scs-0104: dash name scheme, OSISM sources).
    ...['1.33.4', '1.32.8', '1.31.12'].map((v, i): ImageSpec => ({
      name: `ubuntu-capi-image-v${v}`,
      distro: 'ubuntu',
      version: '24.04',
      purpose: 'k8snode',
      source: `${CAPI}/ubuntu-2404-kube-v${v.split('.').slice(0, 2).join('.')}/ubuntu-2404-kube-v${v}.qcow2`,
      description: 'https://github.com/osism/k8s-capi-images',
      user: 'ubuntu',
      builtDaysAgo: 4 + i * 3,
      minDisk: 20,
      minRam: 2048,
      sizeMiB: 1500,
    })),
    // Other distributions, each the only generic image of its (distro, version, architecture).
    ...(
      [
        [
          'AlmaLinux 9',
          'almalinux',
          '9',
          'https://repo.almalinux.org/almalinux/9/cloud/x86_64/images/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2',
          'almalinux',
          7,
        ],
        [
          'AlmaLinux 10',
          'almalinux',
          '10',
          'https://repo.almalinux.org/almalinux/10/cloud/x86_64/images/AlmaLinux-10-GenericCloud-latest.x86_64.qcow2',
          'almalinux',
          7,
        ],
        [
          'Rocky 9',
          'rocky',
          '9',
          'https://dl.rockylinux.org/pub/rocky/9/images/x86_64/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2',
          'rocky',
          8,
        ],
        [
          'Rocky 10',
          'rocky',
          '10',
          'https://dl.rockylinux.org/pub/rocky/10/images/x86_64/Rocky-10-GenericCloud-Base.latest.x86_64.qcow2',
          'rocky',
          8,
        ],
        [
          'Fedora 42',
          'fedora',
          '42',
          'https://download.fedoraproject.org/pub/fedora/linux/releases/42/Cloud/x86_64/images/Fedora-Cloud-Base-Generic-42-1.1.x86_64.qcow2',
          'fedora',
          12,
        ],
        [
          'openSUSE Leap 15.6',
          'opensuse',
          '15.6',
          'https://download.opensuse.org/repositories/Cloud:/Images:/Leap_15.6/images/openSUSE-Leap-15.6.x86_64-NoCloud.qcow2',
          'opensuse',
          13,
        ],
        [
          'Flatcar Container Linux',
          'flatcar',
          '4230.2.2',
          'https://stable.release.flatcar-linux.net/amd64-usr/current/flatcar_production_openstack_image.img',
          'core',
          10,
        ],
        [
          'CirrOS 0.6.3',
          'cirros',
          '0.6.3',
          'https://download.cirros-cloud.net/0.6.3/cirros-0.6.3-x86_64-disk.img',
          'cirros',
          14,
        ],
      ] as const
    ).map(([name, distro, version, source, user, age]): ImageSpec => ({
      name,
      distro,
      version,
      purpose: distro === 'cirros' ? 'minimal' : 'generic',
      source,
      description: source.replace(/\/[^/]*$/, '/'),
      user,
      builtDaysAgo: age,
      sizeMiB: distro === 'cirros' ? 21 : 700,
      minDisk: distro === 'cirros' ? 1 : 10,
      minRam: distro === 'cirros' ? 128 : 1024,
    })),
  ];
  // Replaced generic images kept visible: renamed with their build date and marked `oldgeneric` (scs-0102 v2).
  for (const [base, distro, version, srcDir, user, ages] of [
    ['Ubuntu 24.04', 'ubuntu', '24.04', `${UBUNTU}/releases/noble/`, 'ubuntu', [37, 68, 99]],
    ['Ubuntu 22.04', 'ubuntu', '22.04', `${UBUNTU}/releases/jammy/`, 'ubuntu', [42, 73]],
    ['Debian 12', 'debian', '12', `${DEBIAN}/bookworm/`, 'debian', [40, 71]],
    ['Debian 13', 'debian', '13', `${DEBIAN}/trixie/`, 'debian', [34]],
  ] as const) {
    for (const age of ages) {
      specs.push({
        name: `${base} ${d(age)}`,
        distro,
        version,
        purpose: 'oldgeneric',
        source: `${srcDir}${d(age)}/image.qcow2`,
        description: `Replaced by '${base}'`,
        user,
        builtDaysAgo: age,
      });
    }
  }
  // Older builds hidden from default listings (os_hidden), as scs-0102 recommends.
  for (const [base, distro, version, srcDir, user] of [
    ['Ubuntu 24.04', 'ubuntu', '24.04', `${UBUNTU}/releases/noble/`, 'ubuntu'],
    ['Debian 12', 'debian', '12', `${DEBIAN}/bookworm/`, 'debian'],
  ] as const) {
    specs.push({
      name: `${base} ${d(130)}`,
      distro,
      version,
      purpose: 'oldgeneric',
      source: `${srcDir}${d(130)}/image.qcow2`,
      description: `Replaced by '${base}'`,
      user,
      builtDaysAgo: 130,
      hidden: true,
    });
  }
  // A private snapshot of the demo project (visible to it, never judged by SCS checks).
  specs.push({
    name: 'demo-app-snapshot',
    distro: 'debian',
    version: '12',
    purpose: 'custom',
    source: 'private',
    description: 'application server snapshot',
    user: 'debian',
    builtDaysAgo: 2,
    visibility: 'private',
    owner: 'demo',
  });
  return specs.map((s) => image(now, s));
}

/** Neutron's own defaults since 2023.2: egress everywhere, ingress only from the group itself in `default`. */
export function neutronDefaultRules(): SeedDefaultRule[] {
  return (['IPv4', 'IPv6'] as const).flatMap((ethertype): SeedDefaultRule[] => [
    { direction: 'egress', ethertype, usedInDefaultSg: true, usedInNonDefaultSg: true },
    {
      direction: 'ingress',
      ethertype,
      remoteGroupId: 'PARENT',
      usedInDefaultSg: true,
      usedInNonDefaultSg: false,
    },
  ]);
}

export function defaultCatalog(): SeedService[] {
  return [
    { type: 'identity', name: 'keystone', path: '/identity/v3' },
    { type: 'compute', name: 'nova', path: '/compute/v2.1' },
    { type: 'image', name: 'glance', path: '/image' },
    { type: 'volumev3', name: 'cinderv3', path: '/volume/v3/%(project_id)s' },
    { type: 'block-storage', name: 'cinder', path: '/volume/v3/%(project_id)s' },
    { type: 'network', name: 'neutron', path: '/networking' },
    { type: 'placement', name: 'placement', path: '/placement' },
    { type: 'load-balancer', name: 'octavia', path: '/load-balancer' },
    { type: 'key-manager', name: 'barbican', path: '/key-manager' },
    { type: 'object-store', name: 'swift', path: '/object-store/v1/AUTH_%(project_id)s' },
    { type: 'object-store-s3', name: 's3', path: '' },
  ];
}

/** A fresh, fully SCS-compatible seed; build dates and ages are relative to `now`. */
export function defaultSeed(now: Date): DemoSeed {
  const c = DEMO_CREDENTIALS;
  return {
    region: 'RegionOne',
    projects: [
      { name: c.adminProject, description: 'Bootstrap project for initializing the cloud.' },
      { name: c.project, description: 'compliance test project' },
      { name: 'service', description: 'service users' },
    ],
    users: [
      { name: c.adminUser, password: c.adminPassword, project: c.adminProject, roles: ['admin'] },
      {
        name: c.user,
        password: c.password,
        project: c.project,
        roles: ['member', 'reader'],
        applicationCredentials: [
          { name: c.appCredentialName, secret: c.appCredentialSecret, description: 'SCS compliance checks' },
        ],
      },
      { name: c.demoAdmin, password: c.password, project: c.project, roles: ['admin'] },
      { name: c.demoReader, password: c.password, project: c.project, roles: ['reader'] },
      {
        name: c.demoManager,
        password: c.password,
        project: c.project,
        roles: ['member', 'manager'],
        domainRoles: ['manager'],
      },
    ],
    catalog: defaultCatalog(),
    flavors: [...standardFlavors(), ...extraFlavors()],
    images: images(now),
    volumeTypes: [
      { name: '__DEFAULT__', description: 'Default Volume Type' },
      {
        name: 'ssd',
        description: 'Local NVMe storage, not replicated',
        extraSpecs: { volume_backend_name: 'local-nvme' },
      },
      {
        name: 'encrypted',
        description: '[scs:encrypted] LUKS-encrypted volumes on the Ceph cluster',
        extraSpecs: { volume_backend_name: 'ceph' },
      },
      {
        name: 'encrypted-replicated',
        description: '[scs:encrypted, replicated] LUKS-encrypted, three replicas across racks',
        extraSpecs: { volume_backend_name: 'ceph' },
      },
      {
        name: 'replicated',
        description: '[scs:replicated] three replicas across racks',
        extraSpecs: { volume_backend_name: 'ceph' },
      },
    ],
    defaultSecurityGroupRules: neutronDefaultRules(),
    externalNetworks: [{ name: 'public', cidr: '203.0.113.0/24', gateway: '203.0.113.1', isDefault: true }],
    providerNetworking: structuredClone(DEFAULT_PROVIDER_NETWORKING),
    behaviour: {
      defaultSecurityGroupRulesApi: true,
      keyManagerPolicy: 'member',
      s3Api: true,
      backupOutcome: 'available',
      console: { mode: 'guest', entropyAvail: 256, fipsFailures: 0 },
    },
    timings: {
      serverBuildMs: 300,
      consoleMs: 300,
      serverDeleteMs: 100,
      volumeCreateMs: 100,
      volumeDeleteMs: 50,
      backupMs: 300,
      restoreMs: 300,
      backupDeleteMs: 50,
      loadBalancerMs: 200,
    },
    limits: {
      novaMaxLimit: 1000,
      glanceDefaultLimit: 25,
      glanceMaxLimit: 1000,
      cinderMaxLimit: 1000,
      barbicanDefaultLimit: 10,
      barbicanMaxLimit: 100,
    },
    tokenTtlSeconds: 3600,
    availabilityZones: { compute: ['nova'], volume: ['nova'], network: ['nova'], crossAzAttach: true },
    domainManager: {
      policy: 'scs',
      managedRoles: ['member', 'load-balancer_member'],
      scopeChecks: true,
      filterListings: true,
      domains: [
        {
          name: 'scs-test-domain-a',
          manager: { username: 'scs-test-domain-a-manager', password: c.password },
        },
        {
          name: 'scs-test-domain-b',
          manager: { username: 'scs-test-domain-b-manager', password: c.password },
        },
      ],
    },
  };
}
