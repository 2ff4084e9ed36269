// Builds tempest.conf and the pre-provisioned accounts file for the certification identity from the cloud itself
// (catalog, a public image, two flavors, the member's networks), with overrides from an INI file the user gives.
import { resolve } from 'node:path';
import type { CloudConfig } from '../clients/openstack/config.js';
import type { CatalogService, Flavor, Image } from '../artifacts/iaas.js';

export type IniSections = Record<string, Record<string, string>>;

/** What tempest.conf is generated from; gathered by the TempestRun gatherer. */
export interface TempestFacts {
  cloud: CloudConfig;
  catalog: CatalogService[];
  images: Image[];
  flavors: Flavor[];
  /** External networks the member sees (the first default one becomes public_network_id). */
  externalNetworks: Array<{ id: string; name: string | null; is_default?: boolean | null }>;
  /** Networks of the member's own project. */
  projectNetworks: Array<{ id: string; name: string | null }>;
  networkExtensions: string[];
  /** Microversion ranges the cloud's version documents announce (Tempest skips tests outside the configured range). */
  microversions?: { compute?: MicroversionRange; volume?: MicroversionRange; placement?: MicroversionRange };
  /** Available compute and volume availability zones the member sees. */
  zones?: { compute: string[]; volume: string[] };
  workspace: string;
}

export interface MicroversionRange {
  min: string;
  max: string;
}

/** Minimal INI reader for override files (`[section]`, `key = value`, `#`/`;` comments). */
export function parseIni(text: string, file: string): IniSections {
  const out: IniSections = {};
  let section: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s?.[1] !== undefined) {
      section = s[1].trim();
      out[section] ??= {};
      return;
    }
    const [, key, value] = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line) ?? [];
    if (key === undefined || value === undefined || !section)
      throw new Error(`${file}:${i + 1}: expected "[section]" or "key = value", got "${line}"`);
    (out[section] ??= {})[key] = value;
  });
  return out;
}

export function renderIni(sections: IniSections): string {
  return Object.entries(sections)
    .map(
      ([name, kv]) =>
        `[${name}]\n${Object.entries(kv)
          .map(([k, v]) => `${k} = ${v}`)
          .join('\n')}\n`,
    )
    .join('\n');
}

/** Smallest public active image (a small image keeps the run fast), and the next one as the alternative. */
function pickImages(images: Image[]): Image[] {
  return images
    .filter((i) => i.visibility === 'public' && (i.status ?? 'active') === 'active' && !i.os_hidden)
    .sort(
      (a, b) => (a.size ?? Infinity) - (b.size ?? Infinity) || String(a.name).localeCompare(String(b.name)),
    );
}

/** Two public flavors with a root disk, smallest first (tempest boots servers on flavor_ref). */
function pickFlavors(flavors: Flavor[]): Flavor[] {
  return flavors
    .filter((f) => f['os-flavor-access:is_public'] !== false && f.disk > 0)
    .sort((a, b) => a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk || a.name.localeCompare(b.name));
}

const SERVICE_AVAILABLE: Record<string, string[]> = {
  nova: ['compute'],
  neutron: ['network'],
  glance: ['image'],
  cinder: ['block-storage', 'volumev3', 'volume'],
  swift: ['object-store'],
  barbican: ['key-manager'],
  octavia: ['load-balancer'],
  designate: ['dns'],
  heat: ['orchestration'],
};

/** Tempest runs a microversioned test only inside [min_microversion, max_microversion]; unset, it skips them all. */
function range(r: MicroversionRange | undefined): Record<string, string> {
  return r ? { min_microversion: r.min, max_microversion: r.max } : {};
}

/** tempest.conf sections for the facts; `overrides` (from --tempest-config) win key by key. */
export function tempestConf(f: TempestFacts, overrides: IniSections = {}): IniSections {
  const auth = f.cloud.auth;
  const types = new Set(f.catalog.map((s) => s.type));
  const [image, imageAlt = image] = pickImages(f.images);
  const [flavor, flavorAlt = flavor] = pickFlavors(f.flavors);
  if (!image || !imageAlt)
    throw new Error(
      'Tempest needs a public active image: the member sees none (set [compute] image_ref in --tempest-config)',
    );
  if (!flavor || !flavorAlt)
    throw new Error(
      'Tempest needs a public flavor with a root disk: the member sees none (set [compute] flavor_ref in --tempest-config)',
    );
  const fixed = [...f.projectNetworks].sort((a, b) =>
    String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)),
  )[0];
  // With several zones, a server and a volume Tempest makes without a zone may land in different ones, and a cloud
  // that refuses cross-zone attachments (scs-0121: SHOULD NOT) fails the attach tests at random: Tempest's
  // compute_volume_common_az puts both in the first zone that compute and storage share.
  const zones = f.zones;
  const commonZone =
    zones && (zones.compute.length > 1 || zones.volume.length > 1)
      ? [...zones.compute].sort().find((z) => zones.volume.includes(z))
      : undefined;
  const external = f.externalNetworks.find((n) => n.is_default === true) ?? f.externalNetworks[0];
  const authUrl = auth.auth_url.replace(/\/+$/, '');
  const conf: IniSections = {
    DEFAULT: { log_dir: `${f.workspace}/logs`, log_file: 'tempest.log' },
    // Tempest marks a pre-provisioned account in use with a file under lock_path, by default the machine-wide
    // /tmp/tempest-lock: a run killed mid-test would leave the member "allocated" for every later run.
    oslo_concurrency: { lock_path: `${f.workspace}/tempest_lock` },
    auth: {
      use_dynamic_credentials: 'false',
      test_accounts_file: `${f.workspace}/etc/accounts.yaml`,
      default_credentials_domain_name: auth.user_domain_name ?? auth.project_domain_name ?? 'Default',
      create_isolated_networks: 'false',
    },
    identity: {
      uri_v3: /\/v3$/.test(authUrl) ? authUrl : `${authUrl}/v3`,
      auth_version: 'v3',
      v3_endpoint_type: f.cloud.interface,
      ...(f.cloud.regionName && { region: f.cloud.regionName }),
      // Tempest's clients take TLS settings from [identity] for every service: the cloud's cacert / insecure,
      // as an absolute path (Tempest runs in its workspace, not where clouds.yaml was read).
      disable_ssl_certificate_validation: f.cloud.verify ? 'false' : 'true',
      ...(f.cloud.verify && f.cloud.cacert && { ca_certificates_file: resolve(f.cloud.cacert) }),
    },
    'identity-feature-enabled': { api_v2: 'false', api_v3: 'true' },
    compute: {
      image_ref: image.id,
      image_ref_alt: imageAlt.id,
      flavor_ref: flavor.id,
      flavor_ref_alt: flavorAlt.id,
      endpoint_type: f.cloud.interface,
      // Without a named network Nova refuses to pick one of several, and a server on none has no port (tests
      // that add security groups or filter by IP need one): the member's first network by name.
      ...(fixed && { fixed_network_name: fixed.name ?? fixed.id }),
      ...range(f.microversions?.compute),
      ...(commonZone && { compute_volume_common_az: commonZone }),
    },
    'compute-feature-enabled': { console_output: 'true', resize: 'true', snapshot: 'true' },
    image: { endpoint_type: f.cloud.interface },
    network: {
      endpoint_type: f.cloud.interface,
      ...(external && {
        public_network_id: external.id,
        floating_network_name: external.name ?? external.id,
      }),
    },
    'network-feature-enabled': {
      ipv6: 'true',
      // ipv6_ra_mode / ipv6_address_mode are core Neutron subnet attributes (since Juno); Tempest's default
      // (false) would skip every DHCPv6 test of the list.
      ipv6_subnet_attributes: 'true',
      api_extensions: f.networkExtensions.join(',') || 'all',
    },
    volume: { endpoint_type: f.cloud.interface, ...range(f.microversions?.volume) },
    ...(f.microversions?.placement && { placement: range(f.microversions.placement) }),
    'volume-feature-enabled': { backup: String(types.has('block-storage') || types.has('volumev3')) },
    validation: { run_validation: 'false' },
    service_available: Object.fromEntries(
      Object.entries(SERVICE_AVAILABLE).map(([svc, t]) => [svc, String(t.some((x) => types.has(x)))]),
    ),
  };
  if (f.cloud.regionName) {
    for (const s of ['compute', 'image', 'network', 'volume']) (conf[s] ??= {}).region = f.cloud.regionName;
  }
  for (const [section, kv] of Object.entries(overrides)) conf[section] = { ...(conf[section] ?? {}), ...kv };
  return conf;
}

/** Tempest's pre-provisioned accounts file for the member (user name and password: Tempest cannot use app creds). */
export function accountsYaml(cloud: CloudConfig): string {
  const a = cloud.auth;
  if (cloud.authType !== 'password' || !a.username || !a.password) {
    throw new Error(
      'Tempest needs a user name and password for its pre-provisioned account; this cloud authenticates with an application credential — use a password entry of clouds.yaml for --tempest, or run Tempest yourself and give --tempest-results',
    );
  }
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = [`- username: ${q(a.username)}`, `  password: ${q(a.password)}`];
  if (a.project_name) lines.push(`  project_name: ${q(a.project_name)}`);
  else if (a.project_id) lines.push(`  project_id: ${q(a.project_id)}`);
  const domain = a.user_domain_name ?? a.project_domain_name;
  if (domain) lines.push(`  domain_name: ${q(domain)}`);
  return `${lines.join('\n')}\n`;
}
