// Create-then-ledger for every resource an active gatherer makes: intent first, the create, and reconciliation by
// the run-prefixed name when the answer was lost, so nothing the cloud made is ever missing from the ledger.
import type { LedgerEntry } from '../../core/ledger.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import { OpenStackHttpError, isInconclusive } from '../../clients/openstack/errors.js';
import type { GatherContext } from '../types.js';
import type { Ledger } from '../../core/ledger.js';
import {
  StepLog,
  deleteIfPresent,
  errorText,
  getOrGone,
  isDeletedBody,
  statusOf,
  waitFor,
  type WaitPace,
} from './common.js';

/** The kinds of resources the active gatherers create, and how to find one by its exact name. */
export type TrackedKind =
  | 'server'
  | 'volume'
  | 'backup'
  | 'network'
  | 'subnet'
  | 'router'
  | 'security-group'
  | 'secret'
  | 'keypair'
  | 'floating-ip';

/** Keystone resources (scs-0302 checks): names are unique per domain, so a look-up needs the domain. */
export type IdentityKind =
  'identity-user' | 'identity-project' | 'identity-group' | 'identity-role' | 'identity-domain';

/** Ids of the resources named exactly like the one a create was meant to make (a look-up of its own). */
export type FindByName = (signal: AbortSignal) => Promise<string[]>;

interface Named {
  id?: string;
  name?: string | null;
  secret_ref?: string;
  description?: string | null;
  domain_id?: string | null;
}

/** The secret's UUID is the last path segment of its href. */
export function secretIdFromRef(ref: string): string | undefined {
  const seg = ref.replace(/\/+$/, '').split('/').pop();
  return seg || undefined;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Ids of the resources of a kind named exactly `name`. The name filters are the APIs' own (Nova's is a
 * regular expression, the others exact); the exact comparison is made here again, as some clouds ignore filters.
 */
export async function findByName(
  c: OpenStackClient,
  kind: TrackedKind,
  name: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const exact = (items: Named[]) =>
    items.filter((i) => i.name === name && typeof i.id === 'string').map((i) => i.id as string);
  switch (kind) {
    case 'server':
      return exact(
        await c.list<Named>('compute', '/servers', 'servers', {
          query: { name: `^${escapeRegex(name)}$` },
          signal,
        }),
      );
    case 'volume':
    case 'backup':
      return exact(
        await c.list<Named>('block-storage', `/${kind}s`, `${kind}s`, { query: { name }, signal }),
      );
    case 'network':
    case 'subnet':
    case 'router':
      return exact(await c.list<Named>('network', `/${kind}s`, `${kind}s`, { query: { name }, signal }));
    case 'security-group':
      return exact(
        await c.list<Named>('network', '/security-groups', 'security_groups', { query: { name }, signal }),
      );
    case 'secret': {
      const secrets = await c.list<Named>('key-manager', '/secrets', 'secrets', { query: { name }, signal });
      return secrets
        .filter((s) => s.name === name && typeof s.secret_ref === 'string')
        .map((s) => secretIdFromRef(s.secret_ref as string))
        .filter((id): id is string => Boolean(id));
    }
    case 'keypair': {
      const kp = await getOrGone(c, 'compute', '/os-keypairs/{name}', { name }, signal);
      return kp === undefined ? [] : [name];
    }
    case 'floating-ip': {
      // A floating IP has no name: the run-prefixed name is its description (Neutron filters on it).
      const fips = await c.list<Named>('network', '/floatingips', 'floatingips', {
        query: { description: name },
        signal,
      });
      return fips
        .filter((f) => f.description === name && typeof f.id === 'string')
        .map((f) => f.id as string);
    }
    default:
      throw new Error(`no look-up by name for resources of kind ${String(kind)}`);
  }
}

const IDENTITY_COLLECTIONS: Record<IdentityKind, [string, string]> = {
  'identity-user': ['/users', 'users'],
  'identity-project': ['/projects', 'projects'],
  'identity-group': ['/groups', 'groups'],
  'identity-role': ['/roles', 'roles'],
  'identity-domain': ['/domains', 'domains'],
};

/**
 * Look-up by name for a Keystone resource, as the identity that can see it. Users, projects and groups are
 * unique by name within their domain (`domainId`); roles (global ones) and domains by name alone.
 */
export function identityFinder(
  c: OpenStackClient,
  kind: IdentityKind,
  name: string,
  domainId?: string,
): FindByName {
  const [path, key] = IDENTITY_COLLECTIONS[kind];
  const scoped = domainId !== undefined && kind !== 'identity-role' && kind !== 'identity-domain';
  return async (signal) =>
    (
      await c.list<Named>('identity', path, key, {
        query: { name, ...(scoped && { domain_id: domainId }) },
        signal,
      })
    )
      .filter((i) => i.name === name && typeof i.id === 'string' && (!scoped || i.domain_id === domainId))
      .map((i) => i.id as string);
}

/** Resources found under an entry's name besides the one adopted: deleted together with it. */
const duplicates = new WeakMap<LedgerEntry, LedgerEntry[]>();

/** Look-ups of their own, by entry (Keystone resources, RBAC policies): used again before deleting. */
const finders = new WeakMap<LedgerEntry, FindByName>();

/** Entries whose create went wrong ambiguously: reconciled by name again before they are deleted. */
const uncertain = new WeakSet<LedgerEntry>();
/** Intents the cloud refused: nothing to delete. */
const discarded = new WeakSet<LedgerEntry>();
/** Intents without id that a successful look-up by name did not find: never carried out. */
const confirmedAbsent = new WeakSet<LedgerEntry>();

function discard(ledger: Ledger, entry: LedgerEntry): void {
  discarded.add(entry);
  ledger.discard?.(entry);
}

function identify(ledger: Ledger, entry: LedgerEntry, id: string): void {
  if (ledger.identify) ledger.identify(entry, id);
  else entry.id = id;
}

export type CreateTrackedOptions = CreateTrackedBase &
  (
    | { kind: TrackedKind; find?: FindByName }
    | {
        /** A kind `findByName` does not know (Keystone resources, RBAC policies): `find` says how to look. */
        kind: IdentityKind | 'rbac-policy';
        find: FindByName;
      }
  );

interface CreateTrackedBase {
  /** The full, run-prefixed name the resource is created with. */
  name: string;
  /** Gatherer name for the ledger. */
  createdBy: string;
  /** The check's step log (absent: the create is not a step of its own). */
  steps?: StepLog;
  /** Step name in the check's log (default `create-<kind>`). */
  step?: string;
  /** Sends the create call; returns the id the cloud named (undefined when the answer lacks one). */
  create: () => Promise<string | undefined>;
  /** Step detail for the log. */
  detail?: () => string | undefined;
  /** A bounded signal for looking resources up after a failure (the run's may already be aborted). */
  reconcileSignal?: AbortSignal;
  /**
   * Told the ledger entry as soon as the intent is recorded, so the caller's clean-up holds it even when the
   * create throws (an entry the cloud refused is skipped by deleteTracked).
   */
  onIntent?: (entry: LedgerEntry) => void;
}

/**
 * The one way active gatherers create cloud resources:
 * 1. record the intent (kind + prefixed name, no id) in the ledger, before anything is sent;
 * 2. send the create; a clear refusal (4xx) drops the intent: nothing was made;
 * 3. when the outcome is unknown (reset, timeout, 5xx, an answer without id), look the name up: found, the
 *    resource is the one we made (recorded, and the check goes on); not found after a transient fault, the
 *    create is sent once more (a duplicate it might cause is caught by the name look-up before deletion);
 *    the look-up failing too leaves the intent in the ledger, so cleanup searches for it again.
 * Returns the ledger entry (with its id). Throws the create's error when no resource could be confirmed.
 */
export async function createTracked(
  c: OpenStackClient,
  ctx: GatherContext,
  o: CreateTrackedOptions,
): Promise<LedgerEntry & { id: string }> {
  const entry = ctx.ledger.record({ kind: o.kind, name: o.name, createdBy: o.createdBy });
  if (o.find) finders.set(entry, o.find);
  o.onIntent?.(entry);
  const find = (signal: AbortSignal) =>
    o.find ? o.find(signal) : findByName(c, o.kind as TrackedKind, o.name, signal);
  const lookup = async (): Promise<string[] | undefined> => {
    try {
      return await find(o.reconcileSignal ?? AbortSignal.timeout(120_000));
    } catch (err) {
      ctx.log.warn(`could not look up ${o.kind} ${o.name} after its create failed: ${errorText(err)}`);
      return undefined;
    }
  };
  const adopt = (ids: string[]): string => {
    const [first, ...extra] = ids as [string, ...string[]];
    identify(ctx.ledger, entry, first);
    const dups = extra.map((id) => {
      const dup = ctx.ledger.record({ kind: o.kind, id, name: o.name, createdBy: o.createdBy });
      uncertain.add(dup);
      if (o.find) finders.set(dup, o.find);
      return dup;
    });
    if (dups.length) duplicates.set(entry, dups);
    return first;
  };
  const run = async (): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      let id: string | undefined;
      try {
        id = await o.create();
      } catch (err) {
        const refused =
          err instanceof OpenStackHttpError && err.status >= 400 && err.status < 500 && !isInconclusive(err);
        if (refused) {
          discard(ctx.ledger, entry);
          throw err;
        }
        uncertain.add(entry);
        const found = await lookup();
        if (found === undefined) throw err;
        if (found.length > 0) {
          ctx.log.warn(
            `${o.kind} ${o.name}: the create call failed (${errorText(err)}) but the cloud made it; going on with it`,
          );
          return adopt(found);
        }
        if (!isInconclusive(err)) {
          // the cloud answered with an error and made nothing
          discard(ctx.ledger, entry);
          throw err;
        }
        if (attempt === 0 && !ctx.signal.aborted) {
          ctx.log.warn(
            `${o.kind} ${o.name}: the create call failed (${errorText(err)}) and made nothing so far; once more`,
          );
          continue;
        }
        // a create still in flight may appear later: the intent stays, deleteTracked looks again
        throw err;
      }
      if (id) {
        identify(ctx.ledger, entry, id);
        return id;
      }
      uncertain.add(entry);
      const found = await lookup();
      if (found && found.length > 0) return adopt(found);
      throw new Error(`the cloud accepted the ${o.kind} create but named no ${o.kind} id`);
    }
  };
  if (o.steps) await o.steps.run(o.step ?? `create-${o.kind}`, run, o.detail);
  else await run();
  return entry as LedgerEntry & { id: string };
}

/**
 * Before deleting an entry whose create went wrong: find it (and any duplicate a repeated create made) by name.
 * Returns the extra entries it recorded, which must be deleted as well.
 */
export async function reconcileBeforeDelete(
  c: OpenStackClient,
  ctx: GatherContext,
  entry: LedgerEntry,
  signal: AbortSignal,
): Promise<LedgerEntry[]> {
  // duplicates recorded when the entry was adopted go with it
  const recorded = (duplicates.get(entry) ?? []).filter((d) => d.state === 'created');
  duplicates.delete(entry);
  if (entry.id && !uncertain.has(entry)) return recorded;
  const find = finders.get(entry);
  let ids: string[];
  try {
    ids = find ? await find(signal) : await findByName(c, entry.kind as TrackedKind, entry.name, signal);
  } catch (err) {
    ctx.log.warn(`could not look up ${entry.kind} ${entry.name} before deleting it: ${errorText(err)}`);
    return recorded;
  }
  const known = new Set(
    ctx.ledger
      .entries()
      .filter((e) => e.kind === entry.kind && e.id)
      .map((e) => e.id),
  );
  if (!entry.id && ids.length === 0) confirmedAbsent.add(entry);
  const extra: LedgerEntry[] = [...recorded];
  for (const id of ids) {
    if (known.has(id)) continue;
    if (!entry.id) {
      identify(ctx.ledger, entry, id);
      known.add(id);
      continue;
    }
    const dup = ctx.ledger.record({ kind: entry.kind, id, name: entry.name, createdBy: entry.createdBy });
    if (find) finders.set(dup, find);
    extra.push(dup);
    known.add(id);
  }
  uncertain.delete(entry);
  return extra;
}

/**
 * Deletes a ledgered resource and waits until it is gone; marks the entry deleted or leaked. An entry whose
 * create went wrong is first looked up by name (its id, and any duplicate, which is deleted as well).
 * Never throws: cleanup must go on with the next resource.
 */
export async function deleteTracked(
  client: OpenStackClient,
  ctx: GatherContext,
  entry: LedgerEntry,
  o: DeleteOptions,
): Promise<boolean> {
  if (discarded.has(entry)) return true;
  const extra = await reconcileBeforeDelete(client, ctx, entry, o.signal ?? AbortSignal.timeout(120_000));
  if (!entry.id && confirmedAbsent.has(entry)) {
    // an intent the cloud never carried out: nothing to delete, nothing to report
    discard(ctx.ledger, entry);
    return true;
  }
  let ok = await deleteOne(client, ctx, entry, o);
  for (const e of extra) ok = (await deleteOne(client, ctx, e, o)) && ok;
  return ok;
}

export type DeleteOptions = DeleteBase &
  (
    | { service: string; path: string; remove?: never }
    | {
        /** Deletes the resource its own way (Keystone: as the owning manager, a domain disabled first). */
        remove: (id: string, signal?: AbortSignal) => Promise<void>;
        service?: never;
        path?: never;
      }
  );

interface DeleteBase {
  /** GET path to confirm the resource is gone (skip the wait when absent). */
  getPath?: string;
  timeoutMs?: number;
  steps?: StepLog;
  /** Step name (default `delete-<kind>`). */
  stepName?: string;
  /** Signal for the cleanup (the run's signal may already be aborted; cleanup still runs). */
  signal?: AbortSignal;
  /** Poll pacing of the wait for the resource to be gone. */
  pace?: WaitPace;
}

async function deleteOne(
  client: OpenStackClient,
  ctx: GatherContext,
  entry: LedgerEntry,
  o: DeleteOptions,
): Promise<boolean> {
  const id = entry.id;
  if (!id) {
    ctx.ledger.markLeaked(entry, 'no id known, cannot delete');
    return false;
  }
  const run = async () => {
    if (o.remove) await o.remove(id, o.signal);
    else await deleteIfPresent(client, o.service, o.path, { id }, o.signal);
    if (o.getPath && o.service) {
      await waitFor(client, {
        what: `${entry.kind} ${entry.name} deleted`,
        poll: () =>
          getOrGone<Record<string, unknown>>(
            client,
            o.service as string,
            o.getPath as string,
            { id },
            o.signal,
          ),
        done: (v) => v === undefined || isDeletedBody(v),
        failed: (v) =>
          statusOf(v)?.toLowerCase() === 'error_deleting' ? 'status error_deleting' : undefined,
        timeoutMs: o.timeoutMs ?? 300_000,
        signal: o.signal,
        progress: ctx.progress,
        ...(o.pace && { pace: o.pace }),
      });
    }
  };
  try {
    if (o.steps) await o.steps.run(o.stepName ?? `delete-${entry.kind}`, run);
    else await run();
    ctx.ledger.markDeleted(entry);
    return true;
  } catch (err) {
    const msg = errorText(err);
    ctx.log.warn(`could not delete ${entry.kind} ${entry.name} (${id}): ${msg}`);
    ctx.ledger.markLeaked(entry, msg);
    return false;
  }
}
