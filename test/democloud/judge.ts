// A compact, independent reading of the SCS IaaS testcases (from the standards' texts, reference §3) used to show
// that the default seed passes them all and that each profile makes exactly its own testcases fail.
import { call, endpoint, type Session } from './helpers.js';

/** scs-0103 v1 standard flavors, from the standard's table: name, vCPUs, RAM GiB, disk GB, disk type. */
export const SCS_0103: ReadonlyArray<[string, number, number, number, string | null]> = [
  ['SCS-1V-4', 1, 4, 0, null],
  ['SCS-2V-8', 2, 8, 0, null],
  ['SCS-4V-16', 4, 16, 0, null],
  ['SCS-8V-32', 8, 32, 0, null],
  ['SCS-1V-2', 1, 2, 0, null],
  ['SCS-2V-4', 2, 4, 0, null],
  ['SCS-4V-8', 4, 8, 0, null],
  ['SCS-8V-16', 8, 16, 0, null],
  ['SCS-16V-32', 16, 32, 0, null],
  ['SCS-1V-8', 1, 8, 0, null],
  ['SCS-2V-16', 2, 16, 0, null],
  ['SCS-4V-32', 4, 32, 0, null],
  ['SCS-1L-1', 1, 1, 0, null],
  ['SCS-2V-4-20s', 2, 4, 20, 'ssd'],
  ['SCS-4V-16-100s', 4, 16, 100, 'ssd'],
  ['SCS-1V-4-10', 1, 4, 10, 'network'],
  ['SCS-2V-8-20', 2, 8, 20, 'network'],
  ['SCS-4V-16-50', 4, 16, 50, 'network'],
  ['SCS-8V-32-100', 8, 32, 100, 'network'],
  ['SCS-1V-2-5', 1, 2, 5, 'network'],
  ['SCS-2V-4-10', 2, 4, 10, 'network'],
  ['SCS-4V-8-20', 4, 8, 20, 'network'],
  ['SCS-8V-16-50', 8, 16, 50, 'network'],
  ['SCS-16V-32-100', 16, 32, 100, 'network'],
  ['SCS-1V-8-20', 1, 8, 20, 'network'],
  ['SCS-2V-16-50', 2, 16, 50, 'network'],
  ['SCS-4V-32-100', 4, 32, 100, 'network'],
  ['SCS-1L-1-5', 1, 1, 5, 'network'],
  ['SCS-16V-64', 16, 64, 0, null],
  ['SCS-8V-64', 8, 64, 0, null],
  ['SCS-16V-128', 16, 128, 0, null],
];

/** scs-0104 image spec v5 (+ the v4 CAPI scheme the v5.1 module also checks): testcase -> [name or scheme, prefixes]. */
const UBU = 'https://cloud-images.ubuntu.com/';
const DEB = ['https://cloud.debian.org/images/cloud/', 'https://cdimage.debian.org/cdimage/cloud/'];
const CAPI = [
  'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/',
  'https://swift.services.a.regiocloud.tech/swift/v1/AUTH_b182637428444b9aa302bb8d5a5a418c/openstack-k8s-capi-images/ubuntu-2404-kube',
  'https://swift.services.a.regiocloud.tech/swift/v1/AUTH_b182637428444b9aa302bb8d5a5a418c/openstack-k8s-capi-images/ubuntu-2204-kube',
];
const SCS_0104: Record<string, [string | RegExp, string[]]> = {
  'scs-0104-source-capi-1': [/^ubuntu-capi-image v[0-9]\.[0-9]+(\.[0-9]+)?/, CAPI],
  'scs-0104-source-capi-2': [/^ubuntu-capi-image-v[0-9]\.[0-9]+(\.[0-9]+)?/, CAPI],
  'scs-0104-source-ubuntu-2404': ['Ubuntu 24.04', [`${UBU}releases/noble/`, `${UBU}noble/`]],
  'scs-0104-source-ubuntu-2204': ['Ubuntu 22.04', [`${UBU}releases/jammy/`, `${UBU}jammy/`]],
  'scs-0104-source-ubuntu-2004': ['Ubuntu 20.04', [`${UBU}releases/focal/`, `${UBU}focal/`]],
  'scs-0104-source-debian-13': ['Debian 13', DEB.map((p) => `${p}trixie/`)],
  'scs-0104-source-debian-12': ['Debian 12', DEB.map((p) => `${p}bookworm/`)],
  'scs-0104-source-debian-11': ['Debian 11', DEB.map((p) => `${p}bullseye/`)],
};

const NAME_V2 =
  /^SCS-(\d+)([LVTC])i?-(\d+(?:\.\d+)?)u?o?(?:-(?:\d+x)?(\d*)[nhsp]?)?(?:_(?:kvm|xen|vmw|hyv|bms|chy))?(?:_hwv)?(?:_[izar]\d*h*)?(?:_[gG][NAI][^\-h_]*(?:-\d+h*(?:-\d+h*)?)?)?(?:_ib)?$/;

type Flavor = {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  extra_specs: Record<string, string>;
};
type Image = Record<string, unknown> & { name: string; visibility: string; os_hidden: boolean };

async function allImages(s: Session): Promise<Image[]> {
  const base = endpoint(s, 'image');
  const out: Image[] = [];
  let next: string | undefined = '/v2/images?member_status=all';
  for (let i = 0; next && i < 20; i++) {
    const page: { body: { images: Image[]; next?: string } } = await call(s, 'GET', `${base}${next}`);
    out.push(...page.body.images);
    next = page.body.next;
  }
  return out.filter((i) => i.visibility === 'public' || i.visibility === 'community');
}

function parseDate(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)Z?)?$/.exec(v);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00'}Z`);
  return Number.isNaN(t) ? undefined : t;
}

const FREQ_HOURS: Record<string, number> = {
  yearly: 365 * 24,
  quarterly: 92 * 24,
  monthly: 31 * 24,
  weekly: 175,
  daily: 25,
};

/** Returns the ids of the testcases that fail (pre-flight failure = `preflight`). */
export async function judge(s: Session, nowMs: number): Promise<Set<string>> {
  const fail = new Set<string>();
  const token = await call<{ token: { roles: Array<{ name: string }> } }>(
    s,
    'GET',
    '/identity/v3/auth/tokens',
    undefined,
    { 'x-subject-token': s.token },
  );
  const roles = token.body.token.roles.map((r) => r.name);
  if (roles.includes('admin') || roles.includes('manager') || !roles.includes('member')) {
    fail.add('preflight');
    return fail;
  }
  const types = new Set(s.catalog.map((c) => c.type));
  for (const t of ['compute', 'identity', 'image', 'network', 'load-balancer', 'placement'])
    if (!types.has(t)) fail.add(`scs-0123-service-${t}`);
  if (!['volume', 'volumev3', 'block-storage'].some((t) => types.has(t))) fail.add('scs-0123-storage-apis');
  if (!types.has('object-store-s3')) fail.add('scs-0123-service-s3');
  if (types.has('object-store')) {
    const host = /^(https*:\/\/[^/]*)\//.exec(endpoint(s, 'object-store'))?.[1];
    const res = await fetch(`${host}/`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=doesnotexist/20260821/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    const text = await res.text();
    if (!(text.includes('InvalidAccessKeyId') || text.includes('NoSuchKey'))) fail.add('scs-0123-swift-s3');
  }

  // scs-0100 and scs-0103 over the flavor list with extra specs.
  const flavors = (
    await call<{ flavors: Flavor[] }>(s, 'GET', `${endpoint(s, 'compute')}/flavors/detail`, undefined, {
      'openstack-api-version': 'compute 2.61',
    })
  ).body.flavors;
  for (const f of flavors.filter((x) => x.name.startsWith('SCS-'))) {
    const m = NAME_V2.exec(f.name);
    if (!m) {
      fail.add('scs-0100-syntax-check');
      continue;
    }
    const ramGiB = Math.floor((f.ram + 51) / 102.4) / 10;
    if (f.vcpus < Number(m[1]) || ramGiB < Number(m[3]) || f.disk < Number(m[4] || 0))
      fail.add('scs-0100-semantics-check');
  }
  for (const [name, vcpus, ram, disk, diskType] of SCS_0103) {
    const id = `scs-0103-flavor-${name.slice(4).toLowerCase()}`;
    const f =
      flavors.find((x) => x.extra_specs['scs:name-v2'] === name) ?? flavors.find((x) => x.name === name);
    const cpuType = name.includes('L-') ? 'crowded-core' : 'shared-core';
    const expected: Record<string, string> = {
      'scs:cpu-type': cpuType,
      'scs:name-v1': 'SCS-' + name.slice(4).replace(/-/g, ':'),
      'scs:name-v2': name,
    };
    if (diskType) expected['scs:disk0-type'] = diskType;
    if (
      !f ||
      f.vcpus !== vcpus ||
      f.ram !== ram * 1024 ||
      f.disk !== disk ||
      Object.entries(expected).some(([k, v]) => f.extra_specs[k] !== v)
    )
      fail.add(id);
  }

  // scs-0102 and scs-0104 over public/community images.
  const images = await allImages(s);
  const bad = (id: string, pred: (i: Image) => boolean) => {
    if (images.some((i) => !pred(i))) fail.add(`scs-0102-${id}`);
  };
  bad('prop-architecture', (i) => ['x86_64', 'aarch64', 'risc-v'].includes(String(i.architecture)));
  bad('prop-hash_algo', (i) => ['sha256', 'sha512'].includes(String(i.os_hash_algo)));
  bad('prop-min_disk', (i) => Number(i.min_disk) > 0 && Number(i.min_disk) * 2 ** 30 >= Number(i.size));
  bad('prop-min_ram', (i) => Number(i.min_ram) > 0);
  for (const p of ['os_version', 'os_distro', 'image_original_user', 'image_description', 'provided_until'])
    bad(`prop-${p}`, (i) => typeof i[p] === 'string' && i[p] !== '');
  bad('prop-os_purpose', (i) =>
    ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom'].includes(
      String(i.os_purpose),
    ),
  );
  bad(
    'prop-hw_disk_bus',
    (i) => i.hw_disk_bus === undefined || ['virtio', 'scsi'].includes(String(i.hw_disk_bus)),
  );
  bad(
    'prop-hypervisor_type',
    (i) =>
      i.hypervisor_type === undefined ||
      ['qemu', 'kvm', 'xen', 'hyper-v', 'esxi'].includes(String(i.hypervisor_type)),
  );
  bad('prop-hw_rng_model', (i) => i.hw_rng_model === undefined || i.hw_rng_model === 'virtio');
  bad('prop-image_build_date', (i) => {
    const b = parseDate(i.image_build_date);
    const c = Date.parse(String(i.created_at));
    return b !== undefined && b <= c && b <= nowMs && c <= nowMs;
  });
  bad(
    'prop-image_source',
    (i) => i.image_source === 'private' || /^(https?|ftps?):\/\//.test(String(i.image_source)),
  );
  bad('prop-replace_frequency', (i) =>
    ['never', 'critical_bug', 'yearly', 'quarterly', 'monthly', 'weekly', 'daily'].includes(
      String(i.replace_frequency),
    ),
  );
  bad(
    'prop-uuid_validity',
    (i) =>
      i.uuid_validity === undefined ||
      /^(none|notice|forever|last-\d+)$/.test(String(i.uuid_validity)) ||
      parseDate(i.uuid_validity) !== undefined,
  );
  bad('prop-hotfix_hours', (i) => i.hotfix_hours === undefined || /^\d*$/.test(String(i.hotfix_hours)));
  const outdated = (i: Image) => {
    const limit = FREQ_HOURS[String(i.replace_frequency)];
    if (!limit) return false;
    const built = parseDate(i.image_build_date) ?? Date.parse(String(i.created_at));
    if (nowMs - built <= limit * 1.1 * 3_600_000) return false;
    if (i.provided_until === 'none' || i.provided_until === 'notice') return false;
    const until = parseDate(i.provided_until);
    return until === undefined || until > nowMs;
  };
  for (const i of images.filter(outdated)) {
    const replacement = images.find((r) => r.name === i.name.split(' ').slice(0, -1).join(' '));
    if (!replacement || outdated(replacement)) fail.add('scs-0102-image-recency');
  }
  const generic = new Map<string, number>();
  for (const i of images.filter(
    (x) =>
      x.visibility === 'public' && !x.os_hidden && x.os_distro && x.os_version && x.os_purpose === 'generic',
  )) {
    const key = `${i.architecture ?? ''}/${i.os_distro}/${i.os_version}`;
    generic.set(key, (generic.get(key) ?? 0) + 1);
  }
  if ([...generic.values()].some((n) => n > 1)) fail.add('scs-0102-os_purpose-uniqueness');
  const byName = new Map(images.map((i) => [i.name, i]));
  for (const [id, [match, prefixes]] of Object.entries(SCS_0104)) {
    const matching = [...byName.values()].filter((i) =>
      typeof match === 'string' ? i.name === match : match.test(i.name),
    );
    if (matching.some((i) => !prefixes.some((p) => String(i.image_source).startsWith(p)))) fail.add(id);
  }
  if (!byName.has('Ubuntu 24.04')) fail.add('scs-0104-image-ubuntu-2404');

  // scs-0114 volume types.
  const vtypes = (
    await call<{ volume_types: Array<{ description: string | null }> }>(
      s,
      'GET',
      `${endpoint(s, 'volumev3')}/types`,
    )
  ).body.volume_types;
  for (const t of vtypes) {
    const m = /^\[scs:([^[\]]*)\]/.exec(t.description ?? '');
    if (!m) continue;
    const aspects = (m[1] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const sorted = [...aspects].sort();
    if (
      aspects.join() !== sorted.join() ||
      new Set(aspects).size !== aspects.length ||
      aspects.some((a) => !['encrypted', 'replicated'].includes(a))
    )
      fail.add('scs-0114-syntax-check');
  }

  // scs-0115 default security group rules (primary, else fallback with a scratch group).
  const net = endpoint(s, 'network');
  const dsgr = await call<{ default_security_group_rules: Array<Record<string, unknown>> }>(
    s,
    'GET',
    `${net}/v2.0/default-security-group-rules`,
  );
  if (dsgr.status === 200) {
    const rules = dsgr.body.default_security_group_rules;
    const badIngress = rules.some(
      (r) => r.direction === 'ingress' && !(r.remote_group_id === 'PARENT' && !r.used_in_non_default_sg),
    );
    const missing = ['IPv4', 'IPv6'].some((e) => {
      const eg = rules.filter((r) => r.direction === 'egress' && r.ethertype === e && !r.remote_ip_prefix);
      return !eg.some((r) => r.used_in_default_sg) || !eg.some((r) => r.used_in_non_default_sg);
    });
    if (badIngress || missing) fail.add('scs-0115-default-rules');
  } else {
    const sg = await call<{
      security_group: { id: string; security_group_rules: Array<Record<string, unknown>> };
    }>(s, 'POST', `${net}/v2.0/security-groups`, {
      security_group: { name: 'scs-test-default-sg', description: 'scs-test-default-sg' },
    });
    const rules = sg.body.security_group.security_group_rules;
    if (
      rules.some((r) => r.direction === 'ingress') ||
      ['IPv4', 'IPv6'].some((e) => !rules.some((r) => r.direction === 'egress' && r.ethertype === e))
    )
      fail.add('scs-0115-default-rules');
    await call(s, 'DELETE', `${net}/v2.0/security-groups/${sg.body.security_group.id}`);
  }

  // scs-0116 key manager.
  if (types.has('key-manager')) {
    const km = endpoint(s, 'key-manager');
    const listed = await call(s, 'GET', `${km}/v1/secrets?name=scs-member-role-test-secret`);
    const created = await call<{ secret_ref: string }>(s, 'POST', `${km}/v1/secrets`, {
      name: 'scs-member-role-test-secret',
      payload: 'foo',
      payload_content_type: 'text/plain',
      secret_type: 'opaque',
    });
    if (listed.status !== 200 || created.status !== 201) fail.add('scs-0116-permissions');
    else await call(s, 'DELETE', `${km}/v1/secrets/${created.body.secret_ref.split('/').at(-1)}`);
  }

  // scs-0117 volume backup.
  const vol = endpoint(s, 'volumev3');
  const t = s.cloud.state.timings;
  const v = await call<{ volume: { id: string } }>(s, 'POST', `${vol}/volumes`, {
    volume: { size: 1, name: 'scs-test-volume' },
  });
  s.clock.advance(t.volumeCreateMs);
  const b = await call<{ backup: { id: string } }>(s, 'POST', `${vol}/backups`, {
    backup: { volume_id: v.body.volume.id, name: 'scs-test-volume-backup' },
  });
  s.clock.advance(t.backupMs);
  const bs = await call<{ backup: { status: string } }>(s, 'GET', `${vol}/backups/${b.body.backup.id}`);
  if (bs.body.backup.status !== 'available') fail.add('scs-0117-test-backup');
  else {
    const r = await call<{ restore: { volume_id: string } }>(
      s,
      'POST',
      `${vol}/backups/${b.body.backup.id}/restore`,
      { restore: { name: 'scs-test-restored-backup' } },
    );
    s.clock.advance(t.restoreMs);
    const rv = await call<{ volume: { status: string } }>(
      s,
      'GET',
      `${vol}/volumes/${r.body.restore.volume_id}`,
    );
    if (rv.body.volume.status !== 'available') fail.add('scs-0117-test-backup');
  }

  // scs-0101 entropy: newest Debian (else Ubuntu), smallest flavor, network + router to the external network, console.
  const rank = (i: Image) =>
    i.os_distro === 'debian'
      ? 2000 + Number(i.os_version)
      : i.os_distro === 'ubuntu'
        ? 1000 + Number(String(i.os_version).replace('.', '')) / 10
        : 0;
  const image = [...images].sort((a, c) => rank(c) - rank(a))[0] as Image;
  const flavor = flavors
    .filter((f) => f.ram >= Number(image.min_ram))
    .sort((a, c) => a.vcpus + a.ram / 3 + a.disk / 10 - (c.vcpus + c.ram / 3 + c.disk / 10))[0] as Flavor;
  const ext = (
    await call<{ networks: Array<{ id: string }> }>(s, 'GET', `${net}/v2.0/networks?router:external=True`)
  ).body.networks[0];
  if (!ext) {
    fail.add('scs-0101-entropy-avail').add('scs-0101-fips-test');
    return fail;
  }
  const n = await call<{ network: { id: string } }>(s, 'POST', `${net}/v2.0/networks`, {
    network: { name: '_scs-0101-net' },
  });
  await call(s, 'POST', `${net}/v2.0/subnets`, {
    subnet: { network_id: n.body.network.id, cidr: '10.1.0.0/24', ip_version: 4, name: '_scs-0101-subnet' },
  });
  const userData =
    '#cloud-config\nruncmd:\n  - >-\n    cat /proc/sys/kernel/random/entropy_avail | awk \'$0="_scs-test-entropy-avail: "$0\'\n  - >-\n    cat /dev/random | rngtest -c 1000 2>&1 | awk \'$0="_scs-test-fips-test: "$0\'\n  - echo \'_scs-test-end\'\nfinal_message: "_scs-test-end"\n';
  const srv = await call<{ server: { id: string } }>(s, 'POST', `${endpoint(s, 'compute')}/servers`, {
    server: {
      name: '_scs-0101-server',
      flavorRef: flavor.id,
      imageRef: '',
      networks: [{ uuid: n.body.network.id }],
      user_data: Buffer.from(userData).toString('base64'),
      block_device_mapping_v2: [
        {
          boot_index: 0,
          uuid: image.id,
          source_type: 'image',
          destination_type: 'volume',
          volume_size: Math.max(Number(image.min_disk), 8),
          delete_on_termination: true,
        },
      ],
    },
  });
  s.clock.advance(t.serverBuildMs + t.consoleMs);
  const out = (
    await call<{ output: string }>(
      s,
      'POST',
      `${endpoint(s, 'compute')}/servers/${srv.body.server.id}/action`,
      { 'os-getConsoleOutput': {} },
    )
  ).body.output;
  const sections = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const idx = line.indexOf('_scs-test-');
    if (idx < 0) continue;
    const [section, ...rest] = line.slice(idx + 10).split(':');
    if (rest.length)
      sections.set(section as string, [...(sections.get(section as string) ?? []), rest.join(':').trim()]);
  }
  if (sections.get('entropy-avail')?.[0] !== '256') fail.add('scs-0101-entropy-avail');
  const failures = /failures:\s(\d+)/.exec((sections.get('fips-test') ?? []).join('\n'))?.[1];
  if (failures === undefined || Number(failures) > 5) fail.add('scs-0101-fips-test');
  return fail;
}
