// KeyManagerCheck: can the test identity create, find (by listing) and delete a Barbican secret?
import type { KeyManagerCheck } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { GathererOf } from '../types.js';
import { StepLog, cleanupSignal, openstackClient } from './common.js';
import { createTracked, deleteTracked, secretIdFromRef } from './tracked.js';

interface RawSecret {
  name?: string | null;
  secret_ref?: string;
}

export const keyManagerCheckGatherer: GathererOf<'KeyManagerCheck'> = {
  artifact: 'KeyManagerCheck',
  description:
    'Creates a secret in Barbican (when the catalog has key-manager), finds it by listing, deletes it',
  active: true,
  async gather(ctx) {
    const c = openstackClient(ctx);
    if (!(await c.hasService('key-manager', ctx.signal))) return { present: false, steps: [] };
    const log = new StepLog(ctx.signal);
    const name = `${ctx.ledger.prefix}secret`;
    let entry: LedgerEntry | undefined;
    let foundByListing: boolean | undefined;
    try {
      const { id } = await createTracked(c, ctx, {
        kind: 'secret',
        name,
        createdBy: 'KeyManagerCheck',
        steps: log,
        onIntent: (e) => (entry = e),
        create: async () => {
          const created = await c.post<{ secret_ref?: string }>(
            'key-manager',
            '/secrets',
            { name, payload: 'foo', payload_content_type: 'text/plain', secret_type: 'opaque' },
            { signal: ctx.signal },
          );
          return created?.secret_ref ? secretIdFromRef(created.secret_ref) : undefined;
        },
      });
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
        (s) => s.name === name || (s.secret_ref !== undefined && secretIdFromRef(s.secret_ref) === id),
      );
      if (!foundByListing) log.fail('find-secret', `secret ${name} was created but is not in the listing`);
    } catch {
      // the failing step is in the log; the probe judges it
    } finally {
      if (entry) {
        await deleteTracked(c, ctx, entry, {
          service: 'key-manager',
          path: '/secrets/{id}',
          steps: log,
          signal: cleanupSignal(120_000),
        });
      }
    }
    const result: KeyManagerCheck = { present: true, steps: log.steps };
    if (foundByListing !== undefined) result.foundByListing = foundByListing;
    return result;
  },
};
