// Service types (with the Service Types Authority's aliases), endpoint choice and each API's URL layout.
import { OpenStackCatalogError } from './errors.js';
import type { EndpointInterface } from './config.js';

/** One catalog entry as Keystone v3 returns it in `token.catalog`. */
export interface RawCatalogEntry {
  type: string;
  name?: string;
  id?: string;
  endpoints: Array<{
    interface: string;
    region?: string | null;
    region_id?: string | null;
    url: string;
    id?: string;
  }>;
}

/** How the client talks to one API. */
export interface ServiceSpec {
  type: string;
  /** Aliases from the OpenStack Service Types Authority, in its order of preference. */
  aliases: string[];
  /** Path segment naming the API version the client's paths are relative to, and what to add if absent. */
  version?: { match: RegExp; append: string };
  /** Cinder wants `/v3/{project_id}`. */
  projectInPath?: boolean;
  /** Microversioned APIs: the name in `OpenStack-API-Version` and the version entry to read. */
  microversion?: { name: string; entry: RegExp; legacyNovaHeader?: boolean };
}

// Aliases as published by the OpenStack Service Types Authority (service-types.yaml).
const SPECS: ServiceSpec[] = [
  { type: 'identity', aliases: [], version: { match: /^v3(\.\d+)?$/, append: 'v3' } },
  {
    type: 'compute',
    aliases: [],
    version: { match: /^v2(\.\d+)?$/, append: 'v2.1' },
    microversion: { name: 'compute', entry: /^v2\.1$/, legacyNovaHeader: true },
  },
  { type: 'image', aliases: [], version: { match: /^v2(\.\d+)?$/, append: 'v2' } },
  { type: 'network', aliases: [], version: { match: /^v2\.0$/, append: 'v2.0' } },
  {
    type: 'block-storage',
    aliases: ['volumev3', 'volumev2', 'volume', 'block-store'],
    version: { match: /^v[123](\.\d+)?$/, append: 'v3' },
    projectInPath: true,
    microversion: { name: 'volume', entry: /^v3(\.\d+)?$/ },
  },
  { type: 'placement', aliases: [], microversion: { name: 'placement', entry: /^v1(\.\d+)?$/ } },
  { type: 'key-manager', aliases: [], version: { match: /^v1$/, append: 'v1' } },
  { type: 'load-balancer', aliases: [], version: { match: /^v2(\.0)?$/, append: 'v2' } },
  { type: 'object-store', aliases: [] },
  { type: 'dns', aliases: [] },
  { type: 'orchestration', aliases: [] },
  { type: 'shared-file-system', aliases: ['sharev2', 'share'] },
  { type: 'baremetal', aliases: ['bare-metal'] },
  { type: 'container-infrastructure-management', aliases: ['container-infrastructure', 'container-infra'] },
  { type: 'clustering', aliases: ['resource-cluster', 'cluster'] },
  { type: 'workflow', aliases: ['workflowv2'] },
  { type: 'instance-ha', aliases: ['ha'] },
  { type: 'message', aliases: ['messaging'] },
  { type: 'alarm', aliases: ['alarming'] },
  { type: 'meter', aliases: ['metering', 'telemetry'] },
  { type: 'application-container', aliases: ['container'] },
  { type: 'resource-optimization', aliases: ['infra-optim'] },
];

/** The spec for a service type or any of its aliases (unknown types get a bare spec). */
export function serviceSpec(typeOrAlias: string): ServiceSpec {
  const t = typeOrAlias.toLowerCase();
  return SPECS.find((s) => s.type === t || s.aliases.includes(t)) ?? { type: t, aliases: [] };
}

/** The official type for a catalog type (`volumev3` -> `block-storage`); unknown types stay as they are. */
export function canonicalServiceType(type: string): string {
  return serviceSpec(type).type;
}

/** All catalog types that mean this service, canonical first. */
export function serviceTypeCandidates(typeOrAlias: string): string[] {
  const spec = serviceSpec(typeOrAlias);
  return [spec.type, ...spec.aliases];
}

export interface ChosenEndpoint {
  /** The catalog type actually found (may be an alias). */
  catalogType: string;
  url: string;
  region?: string;
}

/** Endpoint of a service for an interface and (optional) region; canonical type beats aliases. */
export function chooseEndpoint(
  catalog: RawCatalogEntry[],
  typeOrAlias: string,
  iface: EndpointInterface,
  region?: string,
): ChosenEndpoint | undefined {
  for (const candidate of serviceTypeCandidates(typeOrAlias)) {
    for (const entry of catalog.filter((e) => e.type === candidate)) {
      const ep = (entry.endpoints ?? []).find(
        (e) =>
          normaliseInterface(e.interface) === iface &&
          (!region || e.region_id === region || e.region === region),
      );
      if (ep) return { catalogType: candidate, url: ep.url, region: ep.region_id ?? ep.region ?? undefined };
    }
  }
  return undefined;
}

function normaliseInterface(i: string): string {
  const s = (i ?? '').toLowerCase();
  return s.endsWith('url') ? s.slice(0, -3) : s;
}

/** A one-line error saying what the catalog has instead. */
export function missingServiceError(
  catalog: RawCatalogEntry[],
  typeOrAlias: string,
  cloud: string,
  iface: EndpointInterface,
  region?: string,
): OpenStackCatalogError {
  const candidates = serviceTypeCandidates(typeOrAlias);
  const have = catalog
    .map((e) => {
      const eps = (e.endpoints ?? []).map(
        (ep) => `${normaliseInterface(ep.interface)}/${ep.region_id ?? ep.region ?? '-'}`,
      );
      return `${e.type}[${[...new Set(eps)].join(',')}]`;
    })
    .join(' ');
  return new OpenStackCatalogError(
    `cloud "${cloud}" has no ${candidates.join('/')} endpoint for interface ${iface}${region ? ` in region ${region}` : ''} (catalog: ${have || 'empty'}); check region_name and interface in clouds.yaml`,
    typeOrAlias,
  );
}

/**
 * Base URL the client's relative paths hang off: the catalog URL normalised to the API version we
 * speak (Glance without `/v2` gets it; Cinder `/v2/{project}` becomes `/v3/{project}`; Nova's
 * `/v2.1/{project}` loses the project, which v2.1 does not need).
 */
export function serviceBaseUrl(typeOrAlias: string, endpointUrl: string, projectId?: string): string {
  const spec = serviceSpec(typeOrAlias);
  const url = new URL(expandTemplates(endpointUrl, projectId));
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (spec.version) {
    const idx = segments.findIndex((s) => spec.version?.match.test(s));
    let kept: string[];
    if (idx >= 0) {
      kept = segments.slice(0, idx + 1);
      if (spec.projectInPath) {
        kept[idx] = spec.version.append;
        const after = segments[idx + 1];
        const proj = after ?? projectId;
        if (proj) kept.push(proj);
      }
    } else {
      kept = [...segments, spec.version.append];
      if (spec.projectInPath && projectId) kept.push(projectId);
    }
    url.pathname = '/' + kept.join('/');
  } else {
    url.pathname = '/' + segments.join('/');
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** Where a service's version document lives: the endpoint with the version segment (and after) cut off. */
export function serviceRootUrl(typeOrAlias: string, baseUrl: string): string {
  const spec = serviceSpec(typeOrAlias);
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  const idx = spec.version ? segments.findIndex((s) => spec.version?.match.test(s)) : -1;
  const kept = idx >= 0 ? segments.slice(0, idx) : segments;
  url.pathname = '/' + kept.join('/') + (kept.length ? '/' : '');
  return url.toString();
}

function expandTemplates(u: string, projectId?: string): string {
  if (!projectId) return u;
  return u
    .replace(/%\((tenant_id|project_id)\)s/g, projectId)
    .replace(/\$\((tenant_id|project_id)\)s/g, projectId)
    .replace(/\{(tenant_id|project_id)\}/g, projectId);
}

/** Microversion strings compare numerically per part ("2.10" > "2.9"). */
export function compareMicroversions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10));
  const pb = b.split('.').map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
