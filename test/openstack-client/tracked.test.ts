// createTracked / deleteTracked: intent before create, refusals dropped, lost answers reconciled by name,
// duplicates of a repeated create found and deleted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import { StepLog } from '../../src/gatherers/openstack/common.js';
import { createTracked, deleteTracked } from '../../src/gatherers/openstack/tracked.js';
import { gatherContext } from '../helpers/gather-context.js';
import type { LedgerEntry } from '../../src/core/ledger.js';
import { FakeServer, demoCloud, installKeystone } from './fake-server.js';

let s: FakeServer;
let c: OpenStackClient;
const NAME = 'scs-cert-abcdef-entropy-net';

const context = (ledger: RunLedger) => gatherContext(c, ledger);

const create = () => async () =>
  (await c.post<{ network?: { id?: string } }>('network', '/networks', { network: { name: NAME } }))?.network
    ?.id;

/** Neutron's network listing (by name) and deletion over `nets`; returns the ids deleted, in order. */
function serveNetworks(nets: Array<{ id: string; name: string }>): string[] {
  s.on('GET', '/network/v2.0/networks', (req) => ({
    json: { networks: nets.filter((n) => n.name === req.query.get('name')) },
  }));
  const deleted: string[] = [];
  s.on('DELETE', /^\/network\/v2\.0\/networks\/([^/]+)$/, (_r, m) => {
    deleted.push(m[1]!);
    return { status: 204 };
  });
  return deleted;
}

beforeEach(async () => {
  s = await new FakeServer().start();
  installKeystone(s);
  c = await connectOpenStack({ config: { name: 'fake', ...demoCloud(s) }, env: {}, sleep: async () => {} });
});
afterEach(async () => {
  await c.close();
  await s.close();
});

describe('createTracked', () => {
  it('records the intent before the create call goes out', async () => {
    const seen: LedgerEntry[][] = [];
    const ledger = new RunLedger('scs-cert-abcdef-', (e) => seen.push(e));
    s.on('POST', '/network/v2.0/networks', () => {
      // at this moment the ledger already holds the intent
      expect(seen.at(-1)).toEqual([{ kind: 'network', name: NAME, createdBy: 'T', state: 'created' }]);
      return { status: 201, json: { network: { id: 'n1' } } };
    });
    const e = await createTracked(c, context(ledger), {
      kind: 'network',
      name: NAME,
      createdBy: 'T',
      create: create(),
    });
    expect(e.id).toBe('n1');
    expect(ledger.entries()).toEqual([
      { kind: 'network', id: 'n1', name: NAME, createdBy: 'T', state: 'created' },
    ]);
  });

  it('a refusal (4xx) drops the intent and looks nothing up', async () => {
    const ledger = new RunLedger('scs-cert-abcdef-');
    s.on('POST', '/network/v2.0/networks', () => ({
      status: 409,
      json: { NeutronError: { message: 'quota' } },
    }));
    const steps = new StepLog();
    await expect(
      createTracked(c, context(ledger), {
        kind: 'network',
        name: NAME,
        createdBy: 'T',
        steps,
        create: create(),
      }),
    ).rejects.toThrow(/HTTP 409/);
    expect(ledger.entries()).toEqual([]);
    expect(s.count('GET', '/network/v2.0/networks')).toBe(0);
    expect(steps.steps).toEqual([
      expect.objectContaining({ step: 'create-network', ok: false, status: 409 }),
    ]);
    expect(steps.steps[0]!.inconclusive).toBeUndefined();
  });

  it('a lost answer whose resource exists: adopted by name, no second create', async () => {
    const ledger = new RunLedger('scs-cert-abcdef-');
    const nets: Array<{ id: string; name: string }> = [];
    s.on('POST', '/network/v2.0/networks', () => {
      nets.push({ id: 'n1', name: NAME });
      return { destroy: true };
    });
    s.on('GET', '/network/v2.0/networks', (req) => ({
      json: { networks: nets.filter((n) => n.name === req.query.get('name')) },
    }));
    const e = await createTracked(c, context(ledger), {
      kind: 'network',
      name: NAME,
      createdBy: 'T',
      create: create(),
    });
    expect(e.id).toBe('n1');
    expect(s.count('POST', '/network/v2.0/networks')).toBe(1);
  });

  it('nothing found after a transient fault: sent once more; a late duplicate is found and deleted too', async () => {
    const ledger = new RunLedger('scs-cert-abcdef-');
    const nets: Array<{ id: string; name: string }> = [];
    let posts = 0;
    s.on('POST', '/network/v2.0/networks', () => {
      posts++;
      if (posts === 1) {
        // the first create is slow: it appears only after our look-up
        setTimeout(() => nets.push({ id: 'n-late', name: NAME }), 50);
        return { status: 503, body: 'busy' };
      }
      nets.push({ id: 'n2', name: NAME });
      return { status: 201, json: { network: { id: 'n2' } } };
    });
    const deleted = serveNetworks(nets);
    const ctx = context(ledger);
    const e = await createTracked(c, ctx, { kind: 'network', name: NAME, createdBy: 'T', create: create() });
    expect(e.id).toBe('n2');
    await new Promise((r) => setTimeout(r, 100));
    expect(await deleteTracked(c, ctx, e, { service: 'network', path: '/networks/{id}' })).toBe(true);
    expect(deleted.sort()).toEqual(['n-late', 'n2']);
    expect(ledger.entries().map((x) => [x.id, x.state])).toEqual([
      ['n2', 'deleted'],
      ['n-late', 'deleted'],
    ]);
  });

  it('lost answer and failed look-up: the intent stays, and deleteTracked finds it later', async () => {
    const ledger = new RunLedger('scs-cert-abcdef-');
    const nets: Array<{ id: string; name: string }> = [];
    let lookups = 0;
    s.on('POST', '/network/v2.0/networks', () => {
      nets.push({ id: 'n1', name: NAME });
      return { destroy: true };
    });
    s.on('GET', '/network/v2.0/networks', (req) =>
      ++lookups === 1
        ? { status: 403, json: { NeutronError: { message: 'not now' } } }
        : { json: { networks: nets.filter((n) => n.name === req.query.get('name')) } },
    );
    s.on('DELETE', '/network/v2.0/networks/n1', () => ({ status: 204 }));
    const ctx = context(ledger);
    let held: LedgerEntry | undefined;
    const steps = new StepLog();
    await expect(
      createTracked(c, ctx, {
        kind: 'network',
        name: NAME,
        createdBy: 'T',
        steps,
        create: create(),
        onIntent: (x) => (held = x),
      }),
    ).rejects.toThrow(/cannot reach|socket|closed/i);
    expect(steps.steps[0]).toMatchObject({ ok: false, inconclusive: true });
    expect(ledger.entries()).toEqual([{ kind: 'network', name: NAME, createdBy: 'T', state: 'created' }]);
    expect(await deleteTracked(c, ctx, held!, { service: 'network', path: '/networks/{id}' })).toBe(true);
    expect(ledger.entries()).toEqual([
      { kind: 'network', id: 'n1', name: NAME, createdBy: 'T', state: 'deleted' },
    ]);
  });

  it('two resources found under the name after a lost answer: one adopted, the other deleted with it', async () => {
    const ledger = new RunLedger('scs-cert-abcdef-');
    // an earlier attempt of ours that the cloud carried out late, and this one
    const nets = [{ id: 'n0', name: NAME }];
    s.on('POST', '/network/v2.0/networks', () => {
      nets.push({ id: 'n1', name: NAME });
      return { destroy: true };
    });
    const deleted = serveNetworks(nets);
    const ctx = context(ledger);
    const e = await createTracked(c, ctx, { kind: 'network', name: NAME, createdBy: 'T', create: create() });
    expect(await deleteTracked(c, ctx, e, { service: 'network', path: '/networks/{id}' })).toBe(true);
    expect(deleted.sort()).toEqual(['n0', 'n1']);
    expect(ledger.outstanding()).toEqual([]);
  });
});
