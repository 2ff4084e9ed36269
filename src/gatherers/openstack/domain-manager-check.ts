// DomainManagerCheck (scs-0302): acts as the managers of two test domains and records which Keystone operations
// the cloud allowed or refused: everything inside the own domain, nothing in the other, never `admin`.
import type {
  DomainManagerCheck,
  DomainManagerOperation,
} from '../../artifacts/iaas/domain-manager-check.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { OpenStackAuthError, OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';
import type { GatherContext, Gatherer } from '../types.js';
import { cleanupSignal, errorText, openstackClient } from './common.js';
import {
  domainManagerOperations,
  listOf,
  type CallRow,
  type Key,
  type Label,
  type Records,
  type Resolve,
  type Row,
  type SeenInListing,
} from './domain-manager-operations.js';
import { createTracked, deleteTracked, identityFinder, type IdentityKind } from './tracked.js';

/** One test domain and the password identity holding `manager` on it. Holds a secret: never put it in artifacts. */
export interface DomainManagerIdentity {
  domain: string;
  username: string;
  password: string;
  memberRole: string;
}

/** Option key under which the identities travel to the gatherers (`ctx.options`). */
export const DOMAIN_MANAGERS_OPTION = 'domainManagers';

/** What to give when no identities are configured (one line: cause and fix). */
export const DOMAIN_MANAGERS_MISSING =
  'no domain-manager identities: give --domain-managers FILE naming two test domains and a user with the `manager` role on each (schema schemas/domain-managers.schema.json)';

interface Actor {
  label: Label;
  client: OpenStackClient;
  identity: DomainManagerIdentity;
  domainId: string;
  userId?: string;
}

/** 403 and 404 are Keystone's refusals (404 where it hides what the caller may not see). */
const REFUSED = new Set([403, 404]);

const DELETE_PATHS: Record<IdentityKind, string> = {
  'identity-user': '/users/{id}',
  'identity-project': '/projects/{id}',
  'identity-group': '/groups/{id}',
  'identity-role': '/roles/{id}',
  'identity-domain': '/domains/{id}',
};

function idOf(body: unknown, key: string): string | undefined {
  const o = (body as Record<string, unknown> | undefined)?.[key] as Record<string, unknown> | undefined;
  return typeof o?.id === 'string' ? o.id : undefined;
}

/** A created resource and the manager that made it (who deletes it first). */
interface Created {
  entry: LedgerEntry;
  owner: Actor;
}

/** Runs the table row by row: one call each, the answer judged against the row's expectation and recorded. */
class Executor {
  readonly ops: DomainManagerOperation[] = [];
  readonly created: Created[] = [];
  private readonly ids: Partial<Record<Key, string>>;
  private readonly kept = new Map<string, unknown>();

  constructor(
    private readonly ctx: GatherContext,
    private readonly actors: Record<Label, Actor>,
  ) {
    const { A, B } = actors;
    this.ids = { domainA: A.domainId, domainB: B.domainId, ...(A.userId && { selfA: A.userId }) };
  }

  private readonly resolve: Resolve = (key) => this.ids[key] ?? '';

  async run(rows: Row[]): Promise<void> {
    for (const row of rows) {
      if ('listing' in row) this.observe(row);
      else await this.call(row);
    }
  }

  /** A's own listing showed items of another domain (or B's test item): recorded as allowed. */
  private observe(row: SeenInListing): void {
    const body = this.kept.get(row.listing);
    if (body === undefined) return;
    const other = this.ids[row.other];
    const domainA = this.ids.domainA;
    const foreign = listOf(body, row.collection).filter(
      (x) => x.domain_id !== domainA || (other && x.id === other),
    );
    this.ops.push({
      id: row.id,
      description: row.description,
      actor: 'A',
      expect: 'refused',
      observed: foreign.length ? 'allowed' : 'refused',
      call: row.call,
      ...(foreign.length && {
        detail: `listed: ${foreign
          .map((x) => String(x.name))
          .slice(0, 5)
          .join(', ')}`,
      }),
      inScript: row.inScript,
      byText: true,
    });
  }

  private async call(row: CallRow): Promise<void> {
    if (row.onlyIf && !this.ids[row.onlyIf]) return;
    const call = `${row.method} /v3${row.path}`;
    const inScript = row.inScript ?? true;
    const byText = row.byText ?? true;
    const head = { id: row.id, description: row.description, actor: row.actor, expect: row.expect };
    const missing = (row.needs ?? []).filter(([k]) => !this.ids[k]).map(([, what]) => what);
    if (missing.length) {
      const detail = `needs ${missing.join(' and ')}, which could not be created or found`;
      this.ops.push({ ...head, observed: 'skipped', call, detail, inScript, byText });
      return;
    }
    const op: DomainManagerOperation = { ...head, observed: 'error', call, inScript, byText };
    this.ops.push(op);
    if (this.ctx.signal.aborted) {
      op.observed = 'skipped';
      op.detail = 'the run was interrupted';
      return;
    }
    try {
      if (row.records && 'creates' in row.records) await this.create(row, row.records, op);
      else {
        const body = await this.send(row, op);
        if (body !== undefined) this.record(row, body);
      }
    } catch (err) {
      if (err instanceof OpenStackHttpError && REFUSED.has(err.status)) {
        // a create the cloud refused (createTracked throws it, having dropped the intent)
        op.observed = 'refused';
        op.status = err.status;
        return;
      }
      op.observed = 'error';
      op.detail = errorText(err);
      if (err instanceof OpenStackHttpError) op.status = err.status;
      if (isInconclusive(err)) op.transient = true;
      this.ctx.log.debug(`domain-manager check ${row.id}: ${op.detail}`);
    }
  }

  /**
   * Sends the call; returns the body (null when empty) when the cloud carried it out, else undefined.
   * A DELETE is sent by the client once (a retry after a lost answer would read 404, "refused", for a delete the
   * first attempt did): re-sent here once after an inconclusive failure, and a 404 then stays inconclusive.
   */
  private async send(row: CallRow, op: DomainManagerOperation): Promise<unknown> {
    const client = this.actors[row.actor].client;
    const params =
      row.params && Object.fromEntries(Object.entries(row.params).map(([k, v]) => [k, this.resolve(v)]));
    const query = row.query?.(this.resolve);
    const body = row.body?.(this.resolve);
    const isDelete = row.method === 'DELETE';
    const once = () =>
      client.request<unknown>('identity', row.method, row.path, {
        ...(params && { params }),
        ...(query && { query }),
        ...(body !== undefined && { body }),
        // Keystone's PATCH sets the fields given: sending it again is harmless.
        ...(row.method === 'PATCH' && { idempotent: true }),
        ...(isDelete && { idempotent: false }),
        expect: [...REFUSED],
        signal: this.ctx.signal,
      });
    let res;
    try {
      res = await once();
    } catch (err) {
      if (!isDelete || !isInconclusive(err) || this.ctx.signal.aborted) throw err;
      this.ctx.log.warn(`domain-manager check ${row.id}: ${errorText(err)}; sending the DELETE once more`);
      res = await once();
      if (res.status === 404) {
        op.status = 404;
        op.transient = true;
        op.detail = `HTTP 404 after the first DELETE failed (${errorText(err)}): that attempt may have carried it out`;
        return undefined;
      }
    }
    op.status = res.status;
    if (REFUSED.has(res.status)) {
      op.observed = 'refused';
      return undefined;
    }
    if (row.judge2xx) {
      const j = row.judge2xx(res.body, this.resolve);
      op.observed = j.observed;
      if (j.detail) op.detail = j.detail;
      return j.observed === 'allowed' ? res.body : undefined;
    }
    op.observed = 'allowed';
    // null, not undefined, for an empty answer (204): "carried out" told from "refused".
    return res.body ?? null;
  }

  /**
   * A create through createTracked: the intent is in the ledger before the POST; a lost answer is reconciled by
   * the exact name in the domain it lands in, as the manager that can see it there.
   */
  private async create(
    row: CallRow,
    rec: Extract<Records, { creates: IdentityKind }>,
    op: DomainManagerOperation,
  ): Promise<void> {
    const actor = this.actors[row.actor];
    const finder = this.actors[rec.lookupAs].client;
    const key = rec.creates.replace('identity-', '');
    let answered: number | undefined;
    const entry = await createTracked(actor.client, this.ctx, {
      kind: rec.creates,
      name: rec.name,
      createdBy: 'DomainManagerCheck',
      find: identityFinder(finder, rec.creates, rec.name, rec.lookupIn && this.ids[rec.lookupIn]),
      onIntent: (e) => this.created.push({ entry: e, owner: actor }),
      create: async () => {
        const res = await actor.client.request<unknown>('identity', row.method, row.path, {
          body: row.body?.(this.resolve),
          signal: this.ctx.signal,
        });
        answered = res.status;
        return idOf(res.body, key);
      },
    });
    op.observed = 'allowed';
    if (answered !== undefined) op.status = answered;
    else op.detail = `the answer was lost; found by its name ${rec.name}`;
    this.ids[rec.into] = entry.id;
  }

  /** What a carried-out row leaves for the later rows. */
  private record(row: CallRow, body: unknown): void {
    const rec = row.records;
    if (!rec) return;
    if ('roles' in rec) {
      const roles = listOf(body, 'roles');
      const roleId = (name: string) => roles.find((r) => r.name === name)?.id as string | undefined;
      const member = roleId(this.actors.A.identity.memberRole);
      const admin = roleId('admin');
      if (member) this.ids.memberRole = member;
      if (admin) this.ids.adminRole = admin;
    } else if ('keep' in rec) {
      this.kept.set(rec.keep, body);
    } else if ('deletes' in rec) {
      const id = this.ids[rec.deletes];
      const c = this.created.find((x) => x.entry.id === id && x.entry.state === 'created');
      if (c) this.ctx.ledger.markDeleted(c.entry);
    }
  }

  /**
   * Whatever is left (refused deletes, wrongly allowed creations, an interrupted run, creates whose answer was
   * lost): looked up by name where uncertain, deleted as the manager that owns it, else as the other one; what
   * neither can delete is reported as leaked.
   */
  async cleanup(): Promise<void> {
    const signal = cleanupSignal(120_000);
    const { A, B } = this.actors;
    for (const c of [...this.created].reverse()) {
      if (c.entry.state !== 'created') continue;
      const path = DELETE_PATHS[c.entry.kind as IdentityKind];
      await deleteTracked(A.client, this.ctx, c.entry, {
        signal,
        remove: async (id) => {
          let last: unknown;
          for (const who of c.owner === A ? [A, B] : [B, A]) {
            try {
              if (c.entry.kind === 'identity-domain') {
                // Keystone deletes only disabled domains.
                await who.client.request('identity', 'PATCH', path, {
                  params: { id },
                  body: { domain: { enabled: false } },
                  expect: [404],
                  signal,
                });
              }
              await who.client.request('identity', 'DELETE', path, { params: { id }, expect: [404], signal });
              return;
            } catch (err) {
              last = err;
            }
          }
          throw last;
        },
      });
    }
  }
}

export const domainManagerCheckGatherer: Gatherer<DomainManagerCheck> = {
  artifact: 'DomainManagerCheck',
  description:
    'Acts as the managers of two test domains: creates, changes, assigns and deletes users, projects and groups ' +
    'in the own domain, tries the same in the other domain and with the admin role',
  active: true,
  async gather(ctx) {
    const identities = ctx.options[DOMAIN_MANAGERS_OPTION] as DomainManagerIdentity[] | undefined;
    const empty: DomainManagerCheck = {
      configured: false,
      missing: DOMAIN_MANAGERS_MISSING,
      domains: [],
      managedRole: 'member',
      tokenRoles: {},
      operations: [],
    };
    if (!identities || identities.length < 2) return empty;
    const base = openstackClient(ctx);
    const [ia, ib] = identities as [DomainManagerIdentity, DomainManagerIdentity];
    const result: DomainManagerCheck = {
      configured: true,
      domains: [
        { label: 'A', name: ia.domain, manager: ia.username },
        { label: 'B', name: ib.domain, manager: ib.username },
      ],
      managedRole: ia.memberRole,
      tokenRoles: {},
      operations: [],
    };
    // Logins: a domain-scoped token for each manager; its body names the domain id and the roles.
    const actors: Actor[] = [];
    for (const [label, idn] of [
      ['A', ia],
      ['B', ib],
    ] as const) {
      const client = base.asIdentity(`domain-manager-${label}`, {
        username: idn.username,
        password: idn.password,
        userDomainName: idn.domain,
        scopeDomainName: idn.domain,
      });
      try {
        const token = (await client.keystoneToken(ctx.signal)) as {
          roles?: Array<{ name: string }>;
          domain?: { id?: string; name?: string };
          user?: { id?: string };
        };
        const roles = (token.roles ?? []).map((r) => r.name).sort();
        result.tokenRoles[label] = roles;
        const domainId = token.domain?.id;
        const entry = result.domains.find((d) => d.label === label);
        if (entry && domainId) entry.id = domainId;
        if (!domainId) {
          result.aborted = `the token of ${idn.username} is not scoped to domain '${idn.domain}'`;
          return { ...result, operations: [] };
        }
        if (!roles.includes('manager')) {
          result.aborted = `${idn.username} holds no 'manager' role on domain '${idn.domain}' (its token carries ${roles.join(', ') || 'no roles'}): assign it, e.g. openstack role add --user ${idn.username} --user-domain ${idn.domain} --domain ${idn.domain} manager`;
          return result;
        }
        actors.push({
          label,
          client,
          identity: idn,
          domainId,
          ...(token.user?.id && { userId: token.user.id }),
        });
      } catch (err) {
        result.aborted =
          err instanceof OpenStackAuthError
            ? `the manager of domain '${idn.domain}' (${idn.username}) cannot log in with a domain-scoped token: check user name, password, and that the user holds the manager role on the domain (${errorText(err)})`
            : `logging in as the manager of domain '${idn.domain}' failed: ${errorText(err)}`;
        return result;
      }
    }
    const [A, B] = actors as [Actor, Actor];
    const exec = new Executor(ctx, { A, B });
    try {
      await exec.run(
        domainManagerOperations({
          dA: A.identity.domain,
          dB: B.identity.domain,
          role: A.identity.memberRole,
          prefix: ctx.ledger.prefix,
        }),
      );
    } finally {
      await exec.cleanup();
    }
    result.operations = exec.ops;
    return result;
  },
};
