// Leftover cleanup of the scs-0302 check: prefixed users, projects, groups, roles and domains in the two test
// domains, deleted as their domain managers (a member identity cannot see them).
import type { OpenStackClient } from '../../clients/openstack/client.js';
import type { CleanupItem, CleanupReport } from './cleanup.js';
import type { DomainManagerIdentity } from './domain-manager-check.js';
import { errorText } from './common.js';

interface Named {
  id: string;
  name?: string;
  domain_id?: string;
}

/**
 * Logs in as each domain manager (domain-scoped) and deletes, in its domain, every group, project and user whose
 * name starts with the prefix; the managers themselves are never touched. Roles and domains the check could only
 * have created where the policy wrongly allowed it are deleted when they are visible and deletable.
 */
export async function cleanupIdentityLeftovers(
  client: OpenStackClient,
  identities: DomainManagerIdentity[],
  opts: { prefix: string; dryRun?: boolean; signal?: AbortSignal },
): Promise<CleanupReport> {
  const report: CleanupReport = { prefix: opts.prefix, found: [], deleted: [], failed: [], skipped: [] };
  const ours = (items: Named[], skip: string[] = []) =>
    items.filter(
      (i) => typeof i.name === 'string' && i.name.startsWith(opts.prefix) && !skip.includes(i.name),
    );
  for (const [n, idn] of identities.entries()) {
    const dm = client.asIdentity(`domain-manager-${n + 1}`, {
      username: idn.username,
      password: idn.password,
      userDomainName: idn.domain,
      scopeDomainName: idn.domain,
    });
    const token = (await dm.keystoneToken(opts.signal)) as { domain?: { id?: string } };
    const domainId = token.domain?.id;
    if (!domainId) throw new Error(`the token of ${idn.username} is not scoped to domain '${idn.domain}'`);
    const list = (path: string, key: string) =>
      dm.list<Named>('identity', path, key, { query: { domain_id: domainId }, signal: opts.signal });
    // Roles and domains exist only where the policy wrongly let a manager create them; a manager that may not
    // list them (the conforming case) has none to delete.
    const visible = async (path: string, key: string) => {
      try {
        return ours(await dm.list<Named>('identity', path, key, { signal: opts.signal }));
      } catch {
        return [];
      }
    };
    const kinds: Array<[string, string, string, Named[]]> = [
      ['identity-group', '/groups/{id}', 'groups', ours(await list('/groups', 'groups'))],
      ['identity-project', '/projects/{id}', 'projects', ours(await list('/projects', 'projects'))],
      ['identity-user', '/users/{id}', 'users', ours(await list('/users', 'users'), [idn.username])],
      ['identity-role', '/roles/{id}', 'roles', await visible('/roles', 'roles')],
      ['identity-domain', '/domains/{id}', 'domains', await visible('/domains', 'domains')],
    ];
    for (const [kind, path, , items] of kinds) {
      for (const item of items) {
        if (report.found.some((f) => f.kind === kind && f.id === item.id)) continue; // seen by the other manager
        const ci: CleanupItem = { kind, id: item.id, name: item.name ?? '' };
        report.found.push(ci);
        if (opts.dryRun) continue;
        try {
          if (kind === 'identity-domain') {
            // Keystone deletes only disabled domains
            await dm.request('identity', 'PATCH', path, {
              params: { id: item.id },
              body: { domain: { enabled: false } },
              expect: [404],
              signal: opts.signal,
            });
          }
          await dm.request('identity', 'DELETE', path, {
            params: { id: item.id },
            expect: [404],
            signal: opts.signal,
          });
          report.deleted.push(ci);
        } catch (err) {
          report.failed.push({ ...ci, error: errorText(err) });
        }
      }
    }
  }
  return report;
}
