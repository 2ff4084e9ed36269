// Maps a public Glance image and its scs-0102 properties to a gx:VMImage subject (25.11 shapes).
import type { Image } from '../artifacts/iaas.js';
import type { ImageOverride, ParticipantConfig, SoftwareResource } from './participant.js';
import { softwareNode } from './flavor.js';
import {
  compact,
  licenseValue,
  memorySize,
  plainString,
  UNIT,
  xsdDate,
  xsdDateTime,
  type JsonLdNode,
} from './vocab.js';

/** Glance disk_format -> gx:vmImageDiskFormat (others have no value in the shapes' list and are left out). */
export const DISK_FORMAT: Record<string, string> = {
  raw: 'RAW',
  qcow2: 'QCOW2',
  vhd: 'VHD',
  vhdx: 'VHD',
  vmdk: 'VMDK',
  iso: 'ISO',
};

/** Glance hypervisor_type -> gx:hypervisorType ("quemu" is the shapes' own spelling). */
export const IMAGE_HYPERVISOR: Record<string, string> = {
  kvm: 'KVM',
  qemu: 'quemu',
  xen: 'Xen',
  vmware: 'ESXi',
  hyperv: 'Hyper-V',
  'hyper-v': 'Hyper-V',
  esxi: 'ESXi',
};

/** Glance architecture -> gx:cpuArchitecture. */
export const IMAGE_ARCHITECTURE: Record<string, string> = {
  x86_64: 'x86-64',
  i686: 'x86-32',
  aarch64: 'AArch-64',
  armv7l: 'AArch-32',
  riscv64: 'RISC-V',
};

/** Glance os_distro (OpenStack's useful-image-properties list) -> gx:osDistribution (libosinfo names). */
export const OS_DISTRIBUTION: Record<string, string> = {
  arch: 'Arch Linux',
  centos: 'CentOS Linux',
  debian: 'Debian',
  fedora: 'Fedora',
  freebsd: 'FreeBSD',
  gentoo: 'Gentoo Linux',
  mandrake: 'Mandrakelinux',
  mandriva: 'Mandriva Linux',
  mes: 'Mandriva Enterprise Server',
  msdos: 'MS-DOS',
  netbsd: 'NetBSD',
  netware: 'Novell NetWare',
  openbsd: 'OpenBSD',
  opensolaris: 'OpenSolaris',
  opensuse: 'openSUSE',
  rocky: 'Rocky Linux',
  rhel: 'Red Hat Enterprise Linux',
  sled: 'SUSE Linux Enterprise Server',
  sles: 'SUSE Linux Enterprise Server',
  ubuntu: 'Ubuntu',
  windows: 'Microsoft Windows',
  alpine: 'Alpine Linux',
  almalinux: 'AlmaLinux',
  cirros: 'CirrOS',
};

/** os_hash_algo / img_signature_hash_method -> the shapes' hash algorithm names. */
export const HASH_ALGORITHM: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha-1',
  'sha-1': 'sha-1',
  sha256: 'sha-256',
  'sha-256': 'sha-256',
  sha384: 'sha-384',
  'sha-384': 'sha-384',
  sha512: 'sha-512',
  'sha-512': 'sha-512',
};

const FIRMWARE: Record<string, string> = { bios: 'BIOS', uefi: 'UEFI' };
const WATCHDOG = new Set(['disabled', 'reset', 'poweroff', 'pause']);

export interface ImageMapping {
  /** Undefined when the image was skipped (`skipped` says why). */
  subject?: JsonLdNode;
  skipped?: string;
  warnings: string[];
}

/** Images a provider offers to everyone: public and not hidden (rotated-out images are hidden, scs-0102). */
export function isOfferedImage(image: Image): boolean {
  return image.visibility === 'public' && image.os_hidden !== true;
}

function str(image: Image, key: string): string | undefined {
  const v = image[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function bool(image: Image, key: string): boolean | undefined {
  const v = image[key];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (/^(true|yes|1)$/i.test(v.trim())) return true;
    if (/^(false|no|0)$/i.test(v.trim())) return false;
  }
  return undefined;
}

function int(image: Image, key: string): number | undefined {
  const v = image[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/** image_build_date "YYYY-MM-DD[ hh:mm[:ss]]" (UTC, scs-0102) -> xsd:dateTime. */
export function buildDateTime(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}Z`;
}

/** The copyright/licence/policy for an image: its override, else its os_distro's software resource. */
function softwareFor(
  image: Image,
  override: ImageOverride | undefined,
  config: ParticipantConfig,
): { sw?: SoftwareResource; key?: string } {
  const distro = str(image, 'os_distro')?.toLowerCase();
  const base = distro ? config.softwareResources?.[distro] : undefined;
  const sw = {
    copyrightOwnedBy: override?.copyrightOwnedBy ?? base?.copyrightOwnedBy,
    license: override?.license ?? base?.license,
    resourcePolicy: override?.resourcePolicy ?? base?.resourcePolicy,
  };
  if (!sw.copyrightOwnedBy || !sw.license || !sw.resourcePolicy) return distro ? { key: distro } : {};
  return {
    sw: {
      copyrightOwnedBy: sw.copyrightOwnedBy,
      license: sw.license,
      resourcePolicy: sw.resourcePolicy,
      ...(base?.name && { name: base.name }),
    },
    ...(distro && { key: distro }),
  };
}

/** Builds the gx:VMImage subject for one image, or says why it was skipped. */
export function mapImage(image: Image, opts: { config: ParticipantConfig; id: string }): ImageMapping {
  const warnings: string[] = [];
  const name = image.name ?? image.id;
  const override = opts.config.images?.[name];
  if (override?.exclude) return { skipped: `image ${name}: excluded in the participant config`, warnings };
  const { sw, key } = softwareFor(image, override, opts.config);
  if (!sw)
    return {
      skipped: `image ${name}: no copyright owner, licence and resource policy (required by gx:VMImage); add softwareResources.${key ?? '<os_distro>'} or images.${JSON.stringify(name)} to the participant config`,
      warnings,
    };

  const subject: JsonLdNode = {
    id: opts.id,
    type: 'gx:VMImage',
    name,
    'gx:copyrightOwnedBy': sw.copyrightOwnedBy.map(plainString),
    'gx:license': sw.license.map(licenseValue),
    'gx:resourcePolicy': sw.resourcePolicy,
  };
  const description = override?.description ?? describeImage(image);
  if (description) subject.description = description;

  const format = str(image, 'disk_format')?.toLowerCase();
  if (format) {
    const f = DISK_FORMAT[format];
    if (f) subject['gx:vmImageDiskFormat'] = f;
    else warnings.push(`image ${name}: disk_format ${format} has no gx:vmImageDiskFormat value; left out`);
  }
  const secure = str(image, 'os_secure_boot')?.toLowerCase();
  if (secure === 'required') subject['gx:secureBoot'] = true;
  else if (secure === 'disabled' || secure === 'optional') subject['gx:secureBoot'] = false;
  const firmware = str(image, 'hw_firmware_type')?.toLowerCase();
  if (firmware) subject['gx:firmwareType'] = FIRMWARE[firmware] ?? 'other';
  const watchdog = str(image, 'hw_watchdog_action')?.toLowerCase();
  if (watchdog && WATCHDOG.has(watchdog)) subject['gx:watchDogAction'] = watchdog;
  const pmu = bool(image, 'hw_pmu');
  if (pmu !== undefined) subject['gx:vPMU'] = pmu;
  const mq = bool(image, 'hw_vif_multiqueue_enabled');
  if (mq !== undefined) subject['gx:multiQueues'] = mq;
  const videoRam = int(image, 'hw_video_ram');
  if (videoRam !== undefined && videoRam > 0)
    subject['gx:videoRamSize'] = memorySize(videoRam, UNIT.MebiBYTE);
  const hyp = str(image, 'hypervisor_type')?.toLowerCase();
  if (hyp) subject['gx:hypervisorType'] = IMAGE_HYPERVISOR[hyp] ?? 'other';

  const algo = str(image, 'os_hash_algo')?.toLowerCase();
  const hash = str(image, 'os_hash_value');
  if (algo && hash)
    subject['gx:checkSum'] = {
      type: 'gx:CheckSum',
      'gx:checkSumCalculation': HASH_ALGORITHM[algo] ?? 'other',
      'gx:checkSumValue': hash,
    };
  const sig = str(image, 'img_signature');
  if (sig) subject['gx:signature'] = signature(image, sig);

  if (typeof image.size === 'number' && image.size > 0)
    subject['gx:fileSize'] = memorySize(image.size, UNIT.BYTE);
  if (typeof image.min_ram === 'number' && image.min_ram > 0)
    subject['gx:ramReq'] = { type: 'gx:Memory', 'gx:memorySize': memorySize(image.min_ram, UNIT.MebiBYTE) };
  const bus = str(image, 'hw_disk_bus')?.toLowerCase();
  if ((typeof image.min_disk === 'number' && image.min_disk > 0) || bus) {
    subject['gx:rootDiskReq'] = compact({
      type: 'gx:Disk',
      // Glance's min_disk is in GiB (scs-0102: "OpenStack uses GiB").
      'gx:diskSize': memorySize(typeof image.min_disk === 'number' ? image.min_disk : 0, UNIT.GibiBYTE),
      'gx:diskBusType': bus ? diskBus(bus) : undefined,
    });
  }
  const arch = str(image, 'architecture')?.toLowerCase();
  if (arch) {
    const cpu: JsonLdNode = { type: 'gx:CPU', 'gx:cpuArchitecture': IMAGE_ARCHITECTURE[arch] ?? 'Other' };
    subject['gx:cpuReq'] = cpu;
  }
  const os = operatingSystem(image, sw, key, name, warnings);
  if (os) subject['gx:operatingSystem'] = os;

  const built = str(image, 'image_build_date');
  if (built) {
    const dt = buildDateTime(built);
    if (dt) subject['gx:buildDate'] = xsdDateTime(dt);
    else warnings.push(`image ${name}: image_build_date ${built} is not YYYY-MM-DD[ hh:mm[:ss]]; left out`);
  }
  const patch = str(image, 'patchlevel');
  if (patch) subject['gx:patchLevel'] = patch;
  const licIncluded = override?.licenseIncluded ?? bool(image, 'license_included');
  if (licIncluded !== undefined) subject['gx:licenseIncluded'] = licIncluded;
  const maintenance = maintenanceOf(image);
  if (maintenance) subject['gx:maintenance'] = maintenance;
  return { subject, warnings };
}

function diskBus(bus: string): string {
  switch (bus) {
    case 'scsi':
      return 'SCSI';
    case 'sata':
      return 'SATA';
    case 'ide':
      return 'PATA';
    case 'nvme':
      return 'NVMe';
    default:
      return 'other';
  }
}

function signature(image: Image, value: string): JsonLdNode {
  const keyType = (str(image, 'img_signature_key_type') ?? '').toUpperCase();
  const algo = keyType.startsWith('RSA')
    ? 'RSA-Signature'
    : keyType === 'DSA'
      ? 'DSA'
      : keyType.startsWith('ECC')
        ? 'ECDSA'
        : 'other';
  const hash = (str(image, 'img_signature_hash_method') ?? '').toLowerCase();
  return {
    type: 'gx:Signature',
    'gx:signatureValue': value,
    'gx:signatureAlgorithm': algo,
    'gx:hashAlgorithm': HASH_ALGORITHM[hash] ?? 'other',
  };
}

function operatingSystem(
  image: Image,
  sw: SoftwareResource,
  key: string | undefined,
  name: string,
  warnings: string[],
): JsonLdNode | undefined {
  if (!key) return undefined;
  const distribution = OS_DISTRIBUTION[key];
  if (!distribution) {
    warnings.push(`image ${name}: os_distro ${key} has no gx:osDistribution value; stated as "others"`);
  }
  const version = str(image, 'os_version');
  return softwareNode(
    'gx:OperatingSystem',
    sw,
    compact({
      'gx:osDistribution': distribution ?? 'others',
      name: sw.name ?? `${distribution ?? key}${version ? ` ${version}` : ''}`,
      'gx:version': version,
    }),
  );
}

function maintenanceOf(image: Image): JsonLdNode | undefined {
  const included = bool(image, 'subscription_included');
  const required = bool(image, 'subscription_required');
  const until = str(image, 'maintained_until');
  const day = until && /^\d{4}-\d{2}-\d{2}$/.test(until) ? until : undefined;
  if (included === undefined && required === undefined && !day) return undefined;
  return compact({
    type: 'gx:MaintenanceSubscription',
    'gx:subscriptionIncluded': included,
    'gx:subscriptionRequired': required,
    'gx:maintainedUntil': day ? xsdDate(day) : undefined,
  });
}

/** image_description, plus who manages the image (tag managed_by_VENDOR, scs-0102). */
function describeImage(image: Image): string | undefined {
  const text = str(image, 'image_description');
  const tags = Array.isArray(image.tags) ? (image.tags as unknown[]) : [];
  const vendor = tags
    .filter((t): t is string => typeof t === 'string')
    .find((t) => t.startsWith('managed_by_'))
    ?.slice('managed_by_'.length);
  if (!text && !vendor) return undefined;
  return [text, vendor ? `Managed by ${vendor}.` : undefined].filter(Boolean).join(' ');
}
