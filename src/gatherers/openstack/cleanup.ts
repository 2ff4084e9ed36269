// Leftover cleanup: delete every resource whose NAME starts with a run prefix, in a safe order; touch nothing else.
import type { Logger, ProgressFn } from '../../core/logger.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { BLOCK_STORAGE_TRANSIENT, errorText, getOrGone, statusOf, waitFor } from './common.js';

export interface CleanupOptions {
  /** Name prefix of the resources to delete, e.g. `scs-cert-1a2b3c-` (one run) or `scs-cert-` (all runs). */
  prefix: string;
  log?: Logger;
  progress?: ProgressFn;
  signal?: AbortSignal;
  /** Only list what would be deleted. */
  dryRun?: boolean;
  /** Bound for each wait (server/volume/backup gone), default 5 minutes. */
  waitTimeoutMs?: number;
  /**
   * Why a matching resource must be left alone (it belongs to a run that is still alive, it is too young),
   * or undefined to delete it. Protected resources are listed in `skipped`, and nothing of theirs is touched
   * (a protected network's ports stay too).
   */
  protect?: (item: { kind: string; name: string; createdAt?: string }) => string | undefined;
  /** Delete only these (`kind:id`, as confirmed from a dry run); others found meanwhile are skipped. */
  only?: ReadonlySet<string>;
}

export interface CleanupItem {
  kind: string;
  id: string;
  name: string;
  error?: string;
  /** Why it was left alone (see `protect`). */
  reason?: string;
}

export interface CleanupReport {
  prefix: string;
  found: CleanupItem[];
  deleted: CleanupItem[];
  failed: CleanupItem[];
  /** Matching resources left alone: of a live run, too young, or not confirmed. */
  skipped: CleanupItem[];
}

interface Named {
  id: string;
  name?: string | null;
  status?: string;
  created_at?: string;
  created?: string;
}

/** `kind:id`, the key of `only`. */
export function cleanupKey(item: { kind: string; id: string }): string {
  return `${item.kind}:${item.id}`;
}

const SAFE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{3,}$/;
/**
 * Deletes leftovers of earlier runs by name prefix: servers (and waits), keypairs, volume backups,
 * volumes, routers (interfaces and gateway removed first), stray ports on our networks, subnets,
 * networks, security groups, secrets; floating IPs by their description (they have no name).
 */
export async function cleanupLeftovers(
  client: OpenStackClient,
  opts: CleanupOptions,
): Promise<CleanupReport> {
  const prefix = opts.prefix;
  if (!SAFE_PREFIX.test(prefix)) {
    throw new Error(
      `refusing to clean up with prefix "${prefix}": it must be at least 4 characters of letters, digits, ".", "-" or "_" (e.g. scs-cert-1a2b3c-)`,
    );
  }
  const report: CleanupReport = { prefix, found: [], deleted: [], failed: [], skipped: [] };
  const sweep = createSweep(client, opts, report);
  const has = async (t: string) => client.hasService(t, opts.signal);
  if (await has('compute')) await sweepCompute(sweep);
  if (await has('block-storage')) await sweepBlockStorage(sweep);
  if (await has('network')) {
    await sweepFloatingIps(sweep);
    await sweepRouters(sweep);
    await sweepNetworks(sweep);
    await sweepSecurityGroups(sweep);
  }
  if (await has('key-manager')) await sweepSecrets(sweep);
  return report;
}

/** What every step of a cleanup shares: the client, the options, the report being filled and its helpers. */
interface Sweep {
  client: OpenStackClient;
  signal: AbortSignal | undefined;
  /** Ours: named with the prefix, and not protected (those are reported as skipped). */
  ours<T extends Named>(items: T[], kind: string): T[];
  /** Records the item as found and, unless a dry run, deletes it with `fn`, recording the outcome. */
  attempt(kind: string, item: Named, fn: () => Promise<void>): Promise<void>;
  del(service: string, path: string, params: Record<string, string>): Promise<void>;
  /** Waits until the resource is gone (404, or a deleted status). */
  gone(what: string, service: string, path: string, id: string): Promise<void>;
  /** Waits until the resource is in no transient status, so that it can be deleted. */
  settle(service: string, path: string, key: string, id: string): Promise<void>;
  /** The listing, or none (recorded as failed) when it cannot be listed. */
  listOrSkip<T>(what: string, fn: () => Promise<T[]>): Promise<T[]>;
}

function createSweep(client: OpenStackClient, opts: CleanupOptions, report: CleanupReport): Sweep {
  const { log, signal } = opts;
  const waitMs = opts.waitTimeoutMs ?? 300_000;
  return {
    client,
    signal,
    ours: (items, kind) => items.filter((i) => isOurs(i, kind, opts, report)),
    async attempt(kind, item, fn) {
      const ci: CleanupItem = { kind, id: item.id, name: item.name ?? '' };
      report.found.push(ci);
      if (opts.dryRun) return;
      opts.progress?.(`deleting ${kind} ${ci.name}`);
      try {
        await fn();
        report.deleted.push(ci);
        log?.info(`deleted ${kind} ${ci.name} (${ci.id})`);
      } catch (err) {
        const failed = { ...ci, error: errorText(err) };
        report.failed.push(failed);
        log?.warn(`could not delete ${kind} ${ci.name} (${ci.id}): ${failed.error}`);
      }
    },
    del: (service, path, params) =>
      client.request(service, 'DELETE', path, { params, expect: [404], signal }).then(() => undefined),
    gone: (what, service, path, id) =>
      waitFor(client, {
        what,
        poll: () => getOrGone<Record<string, unknown>>(client, service, path, { id }, signal),
        done: (v) =>
          v === undefined || ['deleted', 'soft_deleted'].includes(statusOf(v)?.toLowerCase() ?? ''),
        failed: (v) =>
          statusOf(v)?.toLowerCase() === 'error_deleting' ? 'status error_deleting' : undefined,
        timeoutMs: waitMs,
        signal,
        progress: opts.progress,
      }).then(() => undefined),
    settle: (service, path, key, id) =>
      waitFor(client, {
        what: `${key} ${id} settled`,
        poll: () => getOrGone<Record<string, Named>>(client, service, path, { id }, signal),
        done: (v) => v === undefined || !BLOCK_STORAGE_TRANSIENT.has(v[key]?.status ?? ''),
        timeoutMs: waitMs,
        signal,
        progress: opts.progress,
      }).then(() => undefined),
    async listOrSkip(what, fn) {
      try {
        return await fn();
      } catch (err) {
        log?.warn(`cannot list ${what}: ${errorText(err)}`);
        report.failed.push({ kind: what, id: '', name: '', error: `listing failed: ${errorText(err)}` });
        return [];
      }
    },
  };
}

/** Named with the prefix and not protected; a protected one is recorded as skipped. */
function isOurs(item: Named, kind: string, opts: CleanupOptions, report: CleanupReport): boolean {
  if (typeof item.name !== 'string' || !item.name.startsWith(opts.prefix)) return false;
  const createdAt = item.created_at ?? item.created;
  const reason =
    opts.protect?.({ kind, name: item.name, ...(createdAt && { createdAt }) }) ??
    (opts.only && !opts.only.has(cleanupKey({ kind, id: item.id }))
      ? 'not in the list confirmed for deletion'
      : undefined);
  if (reason) {
    report.skipped.push({ kind, id: item.id, name: item.name, reason });
    opts.log?.info(`leaving ${kind} ${item.name} (${item.id}) alone: ${reason}`);
    return false;
  }
  return true;
}

/** The resources of a collection that are ours (see `Sweep.ours`); none when it cannot be listed. */
async function listOurs<T extends Named>(
  sw: Sweep,
  kind: string,
  what: string,
  service: string,
  path: string,
  key: string,
): Promise<T[]> {
  return sw.ours(
    await sw.listOrSkip(what, () => sw.client.list<T>(service, path, key, { signal: sw.signal })),
    kind,
  );
}

/** 1. servers first (they hold ports, volumes and security groups), then keypairs. */
async function sweepCompute(sw: Sweep): Promise<void> {
  const { client, signal } = sw;
  const servers = await listOurs(sw, 'server', 'servers', 'compute', '/servers/detail', 'servers');
  for (const s of servers) {
    await sw.attempt('server', s, async () => {
      await sw.del('compute', '/servers/{id}', { id: s.id });
      await sw.gone(`server ${s.name} deleted`, 'compute', '/servers/{id}', s.id);
    });
  }
  const keypairs = await sw.listOrSkip('keypairs', () =>
    client.list<{ keypair: { name: string } }>('compute', '/os-keypairs', 'keypairs', { signal }),
  );
  for (const k of sw.ours(
    keypairs.map((kp) => ({ id: kp.keypair?.name ?? '', name: kp.keypair?.name })),
    'keypair',
  )) {
    await sw.attempt('keypair', k, () => sw.del('compute', '/os-keypairs/{name}', { name: k.id }));
  }
}

/** 2. backups before volumes, volumes before networks; each settles before it is deleted. */
async function sweepBlockStorage(sw: Sweep): Promise<void> {
  for (const [kind, collection] of [
    ['backup', 'backups'],
    ['volume', 'volumes'],
  ] as const) {
    const items = await listOurs(sw, kind, collection, 'block-storage', `/${collection}/detail`, collection);
    const path = `/${collection}/{id}`;
    for (const item of items) {
      await sw.attempt(kind, item, async () => {
        await sw.settle('block-storage', path, kind, item.id);
        await sw.del('block-storage', path, { id: item.id });
        await sw.gone(`${kind} ${item.name} deleted`, 'block-storage', path, item.id);
      });
    }
  }
}

/** 3. floating IPs: nameless, they carry the prefixed name as their description. */
async function sweepFloatingIps(sw: Sweep): Promise<void> {
  const fips = await sw.listOrSkip('floating IPs', () =>
    sw.client.list<Named & { description?: string | null }>('network', '/floatingips', 'floatingips', {
      signal: sw.signal,
    }),
  );
  for (const f of sw.ours(
    fips.map((x) => ({ ...x, name: x.description ?? null })),
    'floating-ip',
  ))
    await sw.attempt('floating-ip', f, () => sw.del('network', '/floatingips/{id}', { id: f.id }));
}

interface Router extends Named {
  external_gateway_info?: unknown;
}
interface Port extends Named {
  device_owner?: string;
  device_id?: string;
  network_id?: string;
}

/** Routers: detach our subnets' interfaces and the gateway, then delete. */
async function sweepRouters(sw: Sweep): Promise<void> {
  const { client, signal } = sw;
  const routers = await listOurs<Router>(sw, 'router', 'routers', 'network', '/routers', 'routers');
  for (const r of routers) {
    await sw.attempt('router', r, async () => {
      const ports = await client.list<Port>('network', '/ports', 'ports', {
        query: { device_id: r.id },
        signal,
      });
      for (const p of ports.filter((x) => (x.device_owner ?? '').startsWith('network:router_interface'))) {
        await client.request('network', 'PUT', '/routers/{id}/remove_router_interface', {
          params: { id: r.id },
          body: { port_id: p.id },
          expect: [404],
          signal,
        });
      }
      if (r.external_gateway_info) {
        await client.request('network', 'PUT', '/routers/{id}', {
          params: { id: r.id },
          body: { router: { external_gateway_info: {} } },
          expect: [404],
          signal,
        });
      }
      await sw.del('network', '/routers/{id}', { id: r.id });
    });
  }
}

/** 4. stray ports on our networks (a server that leaked its port), then subnets, then networks. */
async function sweepNetworks(sw: Sweep): Promise<void> {
  const { client, signal } = sw;
  const networks = await listOurs(sw, 'network', 'networks', 'network', '/networks', 'networks');
  for (const n of networks) {
    const ports = await sw.listOrSkip('ports', () =>
      client.list<Port>('network', '/ports', 'ports', { query: { network_id: n.id }, signal }),
    );
    for (const p of ports) {
      const owner = p.device_owner ?? '';
      if (owner === 'network:dhcp' || owner.startsWith('network:router')) continue; // removed with the network / router
      await sw.attempt('port', { id: p.id, name: p.name || `port on ${n.name}` }, () =>
        sw.del('network', '/ports/{id}', { id: p.id }),
      );
    }
  }
  const subnets = await listOurs(sw, 'subnet', 'subnets', 'network', '/subnets', 'subnets');
  for (const s of subnets)
    await sw.attempt('subnet', s, () => sw.del('network', '/subnets/{id}', { id: s.id }));
  for (const n of networks)
    await sw.attempt('network', n, () => sw.del('network', '/networks/{id}', { id: n.id }));
}

/** 5. security groups (no longer used by deleted servers). */
async function sweepSecurityGroups(sw: Sweep): Promise<void> {
  const groups = await listOurs(
    sw,
    'security-group',
    'security groups',
    'network',
    '/security-groups',
    'security_groups',
  );
  for (const g of groups)
    await sw.attempt('security-group', g, () => sw.del('network', '/security-groups/{id}', { id: g.id }));
}

/** 6. secrets, named by the last segment of their reference. */
async function sweepSecrets(sw: Sweep): Promise<void> {
  const secrets = await sw.listOrSkip('secrets', () =>
    sw.client.list<{ name?: string | null; secret_ref?: string; created?: string }>(
      'key-manager',
      '/secrets',
      'secrets',
      {
        query: { limit: 100 },
        signal: sw.signal,
      },
    ),
  );
  const mine = secrets
    .map((s) => ({
      id: (s.secret_ref ?? '').replace(/\/+$/, '').split('/').pop() ?? '',
      name: s.name,
      ...(s.created && { created: s.created }),
    }))
    .filter((s) => s.id);
  for (const s of sw.ours(mine, 'secret'))
    await sw.attempt('secret', s, () => sw.del('key-manager', '/secrets/{id}', { id: s.id }));
}
