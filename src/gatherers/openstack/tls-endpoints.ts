// TlsEndpoints: every endpoint of the catalog (all interfaces the member sees), scanned handshake by handshake.
import { readFileSync } from 'node:fs';
import type { ServiceCatalog } from '../../artifacts/iaas.js';
import type { TlsEndpoint, TlsEndpoints, TlsScan } from '../../artifacts/tls-endpoints.js';
import { scanTls } from '../../tls/scan.js';
import type { GatherContext, Gatherer } from '../types.js';
import { openstackClient } from './common.js';

const DEFAULT_PORTS: Record<string, number> = { https: 443, http: 80 };

/** `--tls-ignore` rules: `host` (any port) or `host:port`, comma-separated or repeated. */
export function ignoreRules(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The rule that matches host:port (exactly the host, or exactly host:port), if any. */
export function matchIgnore(rules: string[], host: string, port: number): string | undefined {
  const h = host.toLowerCase();
  return rules.find((r) => r === h || r === `${h}:${port}` || r === `[${h}]:${port}`);
}

/** Catalog endpoints by URL, with the services and interfaces each serves. */
export function catalogEndpoints(catalog: ServiceCatalog, rules: string[]): TlsEndpoint[] {
  const byUrl = new Map<string, TlsEndpoint>();
  for (const svc of catalog) {
    for (const ep of svc.endpoints) {
      let u: URL;
      try {
        u = new URL(ep.url);
      } catch {
        continue;
      }
      const scheme = u.protocol.replace(/:$/, '');
      const host = u.hostname.replace(/^\[|\]$/g, '');
      const port = u.port ? Number(u.port) : (DEFAULT_PORTS[scheme] ?? 0);
      let entry = byUrl.get(ep.url);
      if (!entry) {
        entry = { url: ep.url, scheme, host, port, uses: [] };
        const rule = matchIgnore(rules, host, port);
        if (rule) entry.ignoredBy = rule;
        else if (scheme === 'https') entry.scanKey = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        byUrl.set(ep.url, entry);
      }
      entry.uses.push({
        service: svc.type,
        ...(svc.name !== undefined && { name: svc.name }),
        interface: ep.interface,
        region: ep.region ?? ep.region_id ?? null,
      });
    }
  }
  return [...byUrl.values()].sort((a, b) => a.url.localeCompare(b.url));
}

/**
 * Scans one endpoint; a scan that lost handshakes to the network (timeouts, refused connections) after the
 * endpoint answered is repeated, as such a loss would read as "version or suite not offered"; so is a scan of an
 * endpoint that could not be reached. When the repeat loses handshakes too, the scan is inconclusive: thrown, so
 * the testcase ABORTs naming the endpoint. An endpoint unreachable twice stays in the artifact as unreachable
 * (the probe judges that).
 */
async function scanSteadily(
  ctx: GatherContext,
  key: string,
  ep: TlsEndpoint,
  ca: string | undefined,
): Promise<TlsScan> {
  for (let attempt = 1; ; attempt++) {
    const lost: string[] = [];
    const scan = await scanTls(ep.host, ep.port, {
      ...(ca !== undefined && { ca }),
      url: ep.url,
      signal: ctx.signal,
      onNetworkError: (e) => lost.push(e),
    });
    if (ctx.signal.aborted) throw new Error(`the TLS scan of ${key} was interrupted`);
    if (lost.length === 0 || (attempt === 2 && !scan.reachable)) return scan;
    if (attempt === 2) {
      throw new Error(
        `the TLS scan of ${key} lost ${lost.length} handshake(s) to the network twice (${lost[0]}): no certain answer on its protocol versions and ciphers`,
      );
    }
    ctx.log.warn(
      `TLS scan of ${key}: ${lost.length} handshake(s) lost to the network (${lost[0]}); scanning again`,
    );
  }
}

async function scanAll(
  ctx: GatherContext,
  endpoints: TlsEndpoint[],
  ca: string | undefined,
): Promise<Record<string, TlsScan>> {
  const todo = new Map<string, TlsEndpoint>();
  for (const e of endpoints) if (e.scanKey && !todo.has(e.scanKey)) todo.set(e.scanKey, e);
  const queue = [...todo];
  const scans: Record<string, TlsScan> = {};
  let next = 0;
  let done = 0;
  // A few servers at a time: each scan is a sequence of short handshakes.
  const worker = async () => {
    for (let item = queue[next++]; item; item = queue[next++]) {
      const [key, ep] = item;
      ctx.progress(`scs-0125: TLS handshakes with ${key} (${done}/${queue.length} endpoints done)`);
      scans[key] = await scanSteadily(ctx, key, ep, ca);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  return Object.fromEntries(Object.entries(scans).sort(([a], [b]) => a.localeCompare(b)));
}

export const tlsEndpointsGatherer: Gatherer<TlsEndpoints> = {
  artifact: 'TlsEndpoints',
  description: 'TLS protocol versions, cipher suites, groups and certificates of every catalog endpoint',
  dependsOn: ['ServiceCatalog'],
  async gather(ctx, deps) {
    const client = openstackClient(ctx);
    if (client.offline) {
      throw new Error(
        'TLS handshakes need the live endpoints: a recording holds no handshakes (evaluate saved TlsEndpoints artifacts instead)',
      );
    }
    const catalog = (deps.ServiceCatalog ?? []) as ServiceCatalog;
    const rules = ignoreRules(ctx.options.tlsIgnore);
    const endpoints = catalogEndpoints(catalog, rules);
    const cacert = client.config.cacert;
    let ca: string | undefined;
    if (cacert) {
      try {
        ca = readFileSync(cacert, 'utf8');
      } catch (err) {
        throw new Error(
          `cannot read the cloud's cacert ${cacert}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        );
      }
    }
    const level = ctx.options.tlsProfileLevel;
    return {
      ignore: rules,
      ...(typeof level === 'string' && level && { profileLevel: level }),
      ...(cacert && { cacert }),
      endpoints,
      scans: await scanAll(ctx, endpoints, ca),
    };
  },
};
