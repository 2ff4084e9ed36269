// KeyManagerCheck: can the test identity create, find (by listing) and delete a Barbican secret?
import type { KeyManagerCheck, LedgerEntry } from '../../artifacts/iaas.js';
import type { Gatherer } from '../types.js';
import { StepLog, cleanupSignal, deleteTracked, openstackClient } from './common.js';

interface RawSecret {
  name?: string | null;
  secret_ref?: string;
}

/** The secret's UUID is the last path segment of its href. */
export function secretIdFromRef(ref: string): string | undefined {
  const seg = ref.replace(/\/+$/, '').split('/').pop();
  return seg || undefined;
}

export const keyManagerCheckGatherer: Gatherer<KeyManagerCheck> = {
  artifact: 'KeyManagerCheck',
  description:
    'Creates a secret in Barbican (when the catalog has key-manager), finds it by listing, deletes it',
  active: true,
  async gather(ctx) {
    const c = openstackClient(ctx);
    if (!(await c.hasService('key-manager', ctx.signal))) return { present: false, steps: [] };
    const log = new StepLog();
    const name = `${ctx.ledger.prefix}secret`;
    let entry: LedgerEntry | undefined;
    let foundByListing: boolean | undefined;
    try {
      const created = await log.run('create-secret', () =>
        c.post<{ secret_ref?: string }>(
          'key-manager',
          '/secrets',
          { name, payload: 'foo', payload_content_type: 'text/plain', secret_type: 'opaque' },
          { signal: ctx.signal },
        ),
      );
      const id = created?.secret_ref ? secretIdFromRef(created.secret_ref) : undefined;
      entry = ctx.ledger.record({ kind: 'secret', id, name, createdBy: 'KeyManagerCheck' });
      if (!id) {
        log.fail('create-secret-ref', 'Barbican answered without a secret_ref');
      }
      // Filtered here rather than by ?name= so the request is the same in every run (replay).
      const secrets = await log.run(
        'list-secrets',
        () =>
          c.list<RawSecret>('key-manager', '/secrets', 'secrets', {
            query: { limit: 100 },
            signal: ctx.signal,
          }),
        (all) => `${all.length} secrets listed`,
      );
      foundByListing = secrets.some(
        (s) =>
          s.name === name ||
          (id !== undefined && s.secret_ref !== undefined && secretIdFromRef(s.secret_ref) === id),
      );
      if (!foundByListing) log.fail('find-secret', `secret ${name} was created but is not in the listing`);
    } catch {
      // the failing step is in the log; the probe judges it
    } finally {
      if (entry?.id) {
        await deleteTracked(c, ctx, entry, {
          service: 'key-manager',
          path: '/secrets/{id}',
          steps: log,
          signal: cleanupSignal(120_000),
        });
      } else if (entry) {
        ctx.ledger.markLeaked(entry, 'Barbican returned no secret_ref; cannot delete by id');
      }
    }
    const result: KeyManagerCheck = { present: true, steps: log.steps };
    if (foundByListing !== undefined) result.foundByListing = foundByListing;
    return result;
  },
};
