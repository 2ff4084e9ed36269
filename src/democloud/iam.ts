// Keystone domains, groups and the domain-manager policy of the embedded cloud (scs-0302-w1 semantics).
import type { CloudState, Role } from './state.js';
import type { SeedDomainManager } from './types.js';

export interface Domain {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
}
export interface Group {
  id: string;
  name: string;
  description: string;
  domainId: string;
}
export interface GroupAssignment {
  groupId: string;
  /** project id, or `domain:<id>` */
  target: string;
  roleId: string;
}

/** The Keystone directory beyond the Default domain, and how the cloud's policy treats domain managers. */
export class Iam {
  readonly domains = new Map<string, Domain>();
  readonly groups = new Map<string, Group>();
  /** `<groupId> <userId>` */
  readonly members = new Set<string>();
  readonly groupAssignments: GroupAssignment[] = [];
  readonly userEmails = new Map<string, string>();
  readonly policy: SeedDomainManager['policy'];
  readonly managedRoles: string[];
  readonly scopeChecks: boolean;
  readonly filterListings: boolean;

  constructor(
    readonly state: CloudState,
    seed: SeedDomainManager,
  ) {
    this.policy = seed.policy;
    this.managedRoles = seed.managedRoles;
    this.scopeChecks = seed.scopeChecks;
    this.filterListings = seed.filterListings;
    for (const r of seed.managedRoles) this.roleId(r);
    this.domains.set('default', {
      id: 'default',
      name: 'Default',
      description: 'The default domain',
      enabled: true,
    });
    for (const d of seed.domains) {
      const id = state.ids.hex('domain');
      this.domains.set(id, { id, name: d.name, description: '', enabled: true });
      const userId = state.ids.hex('user');
      state.users.set(userId, {
        id: userId,
        name: d.manager.username,
        password: d.manager.password,
        domainId: id,
        defaultProjectId: '',
      });
      state.assignments.push({ userId, target: `domain:${id}`, roleId: this.roleId('manager') });
    }
  }

  roleId(name: string): string {
    const r = this.state.roleByName(name);
    if (r) return r.id;
    const id = this.state.ids.hex('role');
    this.state.roles.set(id, { id, name });
    return id;
  }

  domainByRef(ref: { id?: unknown; name?: unknown }): Domain | undefined {
    if (typeof ref.id === 'string') return this.domains.get(ref.id);
    if (typeof ref.name === 'string') return [...this.domains.values()].find((d) => d.name === ref.name);
    return undefined;
  }

  /** Domain of an assignment target (`domain:<id>` or a project id). */
  domainOfTarget(target: string): string | undefined {
    if (target.startsWith('domain:')) return target.slice('domain:'.length);
    return this.state.projects.get(target)?.domainId;
  }

  /** Is the token a domain manager's under the cloud's policy (role `manager`, domain-scoped, policy applied)? */
  isManager(roles: string[], domainScope: string | undefined): boolean {
    return this.policy !== 'none' && domainScope !== undefined && roles.includes('manager');
  }

  /** May a domain manager act on resources of these domains? (`token.domain.id:%(target.…domain_id)s`) */
  inScope(domainScope: string, ...domainIds: Array<string | undefined>): boolean {
    if (!this.scopeChecks) return true;
    return domainIds.every((d) => d === domainScope);
  }

  /** `is_domain_managed_role`. */
  isManagedRole(role: Role | undefined): boolean {
    return role !== undefined && this.managedRoles.includes(role.name);
  }
}

const registry = new WeakMap<CloudState, Iam>();

export function attachIam(state: CloudState, seed: SeedDomainManager): Iam {
  const iam = new Iam(state, seed);
  registry.set(state, iam);
  return iam;
}

export function iamOf(state: CloudState): Iam {
  const iam = registry.get(state);
  if (!iam) throw new Error('the embedded cloud has no Keystone directory attached');
  return iam;
}
