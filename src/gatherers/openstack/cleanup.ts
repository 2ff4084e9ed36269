// Leftover cleanup: delete every resource whose NAME starts with a run prefix, in a safe order; touch nothing else.
import type { Logger, ProgressFn } from '../../core/logger.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { errorText, getOrGone, statusOf, waitFor } from './common.js';

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
const TRANSIENT = new Set([
  'creating',
  'backing-up',
  'restoring-backup',
  'restoring',
  'downloading',
  'attaching',
  'detaching',
  'deleting',
]);

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
  const log = opts.log;
  const signal = opts.signal;
  const waitMs = opts.waitTimeoutMs ?? 300_000;
  const report: CleanupReport = { prefix, found: [], deleted: [], failed: [], skipped: [] };
  /** Ours: named with the prefix, and not protected (those are reported as skipped). */
  const ours = <T extends Named>(items: T[], kind: string) =>
    items.filter((i) => {
      if (typeof i.name !== 'string' || !i.name.startsWith(prefix)) return false;
      const createdAt = i.created_at ?? i.created;
      const reason =
        opts.protect?.({ kind, name: i.name, ...(createdAt && { createdAt }) }) ??
        (opts.only && !opts.only.has(cleanupKey({ kind, id: i.id }))
          ? 'not in the list confirmed for deletion'
          : undefined);
      if (reason) {
        report.skipped.push({ kind, id: i.id, name: i.name, reason });
        log?.info(`leaving ${kind} ${i.name} (${i.id}) alone: ${reason}`);
        return false;
      }
      return true;
    });
  const has = async (t: string) => client.hasService(t, signal);

  const attempt = async (kind: string, item: Named, fn: () => Promise<void>) => {
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
  };
  const del = (service: string, path: string, params: Record<string, string>) =>
    client.request(service, 'DELETE', path, { params, expect: [404], signal }).then(() => undefined);
  const gone = (what: string, service: string, path: string, id: string) =>
    waitFor(client, {
      what,
      poll: () => getOrGone<Record<string, unknown>>(client, service, path, { id }, signal),
      done: (v) => v === undefined || ['deleted', 'soft_deleted'].includes(statusOf(v)?.toLowerCase() ?? ''),
      failed: (v) => (statusOf(v)?.toLowerCase() === 'error_deleting' ? 'status error_deleting' : undefined),
      timeoutMs: waitMs,
      signal,
      progress: opts.progress,
    }).then(() => undefined);
  const settle = (service: string, path: string, key: string, id: string) =>
    waitFor(client, {
      what: `${key} ${id} settled`,
      poll: () => getOrGone<Record<string, Named>>(client, service, path, { id }, signal),
      done: (v) => v === undefined || !TRANSIENT.has(v[key]?.status ?? ''),
      timeoutMs: waitMs,
      signal,
      progress: opts.progress,
    }).then(() => undefined);
  const listOrSkip = async <T>(what: string, fn: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await fn();
    } catch (err) {
      log?.warn(`cannot list ${what}: ${errorText(err)}`);
      report.failed.push({ kind: what, id: '', name: '', error: `listing failed: ${errorText(err)}` });
      return [];
    }
  };

  // 1. servers: first, they hold ports, volumes and security groups
  if (await has('compute')) {
    const servers = ours(
      await listOrSkip('servers', () =>
        client.list<Named>('compute', '/servers/detail', 'servers', { signal }),
      ),
      'server',
    );
    for (const s of servers) {
      await attempt('server', s, async () => {
        await del('compute', '/servers/{id}', { id: s.id });
        await gone(`server ${s.name} deleted`, 'compute', '/servers/{id}', s.id);
      });
    }
    const keypairs = await listOrSkip('keypairs', () =>
      client.list<{ keypair: { name: string } }>('compute', '/os-keypairs', 'keypairs', { signal }),
    );
    for (const k of ours(
      keypairs.map((kp) => ({ id: kp.keypair?.name ?? '', name: kp.keypair?.name })),
      'keypair',
    )) {
      await attempt('keypair', k, () => del('compute', '/os-keypairs/{name}', { name: k.id }));
    }
  }

  // 2. backups before volumes, volumes before networks
  if (await has('block-storage')) {
    const backups = ours(
      await listOrSkip('backups', () =>
        client.list<Named>('block-storage', '/backups/detail', 'backups', { signal }),
      ),
      'backup',
    );
    for (const b of backups) {
      await attempt('backup', b, async () => {
        await settle('block-storage', '/backups/{id}', 'backup', b.id);
        await del('block-storage', '/backups/{id}', { id: b.id });
        await gone(`backup ${b.name} deleted`, 'block-storage', '/backups/{id}', b.id);
      });
    }
    const volumes = ours(
      await listOrSkip('volumes', () =>
        client.list<Named>('block-storage', '/volumes/detail', 'volumes', { signal }),
      ),
      'volume',
    );
    for (const v of volumes) {
      await attempt('volume', v, async () => {
        await settle('block-storage', '/volumes/{id}', 'volume', v.id);
        await del('block-storage', '/volumes/{id}', { id: v.id });
        await gone(`volume ${v.name} deleted`, 'block-storage', '/volumes/{id}', v.id);
      });
    }
  }

  if (await has('network')) {
    // 3. floating IPs: nameless, they carry the prefixed name as their description
    const fips = await listOrSkip('floating IPs', () =>
      client.list<Named & { description?: string | null }>('network', '/floatingips', 'floatingips', {
        signal,
      }),
    );
    for (const f of ours(
      fips.map((x) => ({ ...x, name: x.description ?? null })),
      'floating-ip',
    ))
      await attempt('floating-ip', f, () => del('network', '/floatingips/{id}', { id: f.id }));
    // routers: detach our subnets' interfaces and the gateway, then delete
    interface Router extends Named {
      external_gateway_info?: unknown;
    }
    interface Port extends Named {
      device_owner?: string;
      device_id?: string;
      network_id?: string;
    }
    const routers = ours(
      await listOrSkip('routers', () => client.list<Router>('network', '/routers', 'routers', { signal })),
      'router',
    );
    for (const r of routers) {
      await attempt('router', r, async () => {
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
        await del('network', '/routers/{id}', { id: r.id });
      });
    }

    // 4. stray ports on our networks (a server that leaked its port), then subnets, then networks
    const networks = ours(
      await listOrSkip('networks', () => client.list<Named>('network', '/networks', 'networks', { signal })),
      'network',
    );
    for (const n of networks) {
      const ports = await listOrSkip('ports', () =>
        client.list<Port>('network', '/ports', 'ports', { query: { network_id: n.id }, signal }),
      );
      for (const p of ports) {
        const owner = p.device_owner ?? '';
        if (owner === 'network:dhcp' || owner.startsWith('network:router')) continue; // removed with the network / router
        await attempt('port', { id: p.id, name: p.name || `port on ${n.name}` }, () =>
          del('network', '/ports/{id}', { id: p.id }),
        );
      }
    }
    const subnets = ours(
      await listOrSkip('subnets', () => client.list<Named>('network', '/subnets', 'subnets', { signal })),
      'subnet',
    );
    for (const s of subnets) await attempt('subnet', s, () => del('network', '/subnets/{id}', { id: s.id }));
    for (const n of networks)
      await attempt('network', n, () => del('network', '/networks/{id}', { id: n.id }));

    // 5. security groups (no longer used by deleted servers)
    const groups = ours(
      await listOrSkip('security groups', () =>
        client.list<Named>('network', '/security-groups', 'security_groups', { signal }),
      ),
      'security-group',
    );
    for (const g of groups)
      await attempt('security-group', g, () => del('network', '/security-groups/{id}', { id: g.id }));
  }

  // 6. secrets
  if (await has('key-manager')) {
    const secrets = await listOrSkip('secrets', () =>
      client.list<{ name?: string | null; secret_ref?: string; created?: string }>(
        'key-manager',
        '/secrets',
        'secrets',
        {
          query: { limit: 100 },
          signal,
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
    for (const s of ours(mine, 'secret'))
      await attempt('secret', s, () => del('key-manager', '/secrets/{id}', { id: s.id }));
  }

  return report;
}
