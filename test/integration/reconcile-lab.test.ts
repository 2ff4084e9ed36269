// Against real OpenStack: a create whose answer was lost is found by its exact name through each API's own
// filter (Nova's regular expression, Cinder's, Neutron's and Barbican's exact name), adopted and deleted; and
// `cleanup` reads each service's creation time to protect young resources of unknown runs.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { OpenStackConnectionError } from '../../src/clients/openstack/errors.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import { getOrGone, waitFor } from '../../src/gatherers/openstack/common.js';
import {
  createTracked,
  deleteTracked,
  findByName,
  type TrackedKind,
} from '../../src/gatherers/openstack/tracked.js';
import { gatherContext } from '../helpers/gather-context.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labEnv, seed } from './lab.js';

const state = tempDir('scs-cert-lab-state-');
let c: OpenStackClient;
const prefix = `scs-cert-${randomBytes(3).toString('hex')}-`;

beforeAll(async () => {
  seed('baseline');
  c = await connectOpenStack({ cloud: 'lab-member', env: labEnv() });
});
afterAll(async () => {
  await c?.close();
});

const context = (ledger: RunLedger) => gatherContext(c, ledger);

/** The create reaches the cloud, then the answer is "lost": the helper must find the resource by name. */
function lostAnswer(send: () => Promise<unknown>) {
  return async (): Promise<string | undefined> => {
    await send();
    throw new OpenStackConnectionError('answer lost (test)', 'connection', 'test', 'POST', 'x', 'ECONNRESET');
  };
}

describe('reconcile by name on real APIs', () => {
  const cases: Array<[TrackedKind, string, string, (name: string) => Record<string, unknown>]> = [
    ['network', 'network', '/networks', (name) => ({ network: { name } })],
    ['security-group', 'network', '/security-groups', (name) => ({ security_group: { name } })],
    ['router', 'network', '/routers', (name) => ({ router: { name } })],
    ['volume', 'block-storage', '/volumes', (name) => ({ volume: { name, size: 1 } })],
    [
      'secret',
      'key-manager',
      '/secrets',
      (name) => ({ name, payload: 'x', payload_content_type: 'text/plain' }),
    ],
  ];
  it.each(cases)('%s', async (kind, service, path, body) => {
    const ledger = new RunLedger(prefix);
    const ctx = context(ledger);
    const name = `${prefix}${kind}-reconcile`;
    // a decoy whose name only starts the same must not be taken
    const decoy = `${name}-decoy`;
    await c.post(service, path, body(decoy));
    const decoyIds = await findByName(c, kind, decoy);
    expect(decoyIds).toHaveLength(1);
    const entry = await createTracked(c, ctx, {
      kind,
      name,
      createdBy: 'lab',
      create: lostAnswer(() => c.post(service, path, body(name))),
    });
    expect(entry.id).toMatch(/\S/);
    expect(entry.id).not.toBe(decoyIds[0]);
    const deletePath = `${path}/{id}`;
    if (kind === 'volume') {
      // Cinder refuses to delete a volume while it is being created
      for (const id of [entry.id, decoyIds[0]!]) {
        await waitFor(c, {
          what: `volume ${id} settled`,
          poll: () => getOrGone<{ volume?: { status?: string } }>(c, service, '/volumes/{id}', { id }),
          done: (v) => v?.volume?.status !== 'creating',
          timeoutMs: 120_000,
        });
      }
    }
    const getPath = kind === 'volume' ? '/volumes/{id}' : undefined;
    expect(
      await deleteTracked(c, ctx, entry, { service, path: deletePath, ...(getPath && { getPath }) }),
    ).toBe(true);
    expect(await findByName(c, kind, name)).toEqual([]);
    await c.request(service, 'DELETE', deletePath, { params: { id: decoyIds[0]! }, expect: [404] });
  });
});

describe('reconcile a server by name on real Nova (its name filter is a regular expression)', () => {
  it('the VM whose create answer was lost is found, not its decoy, and deleted', async () => {
    const ledger = new RunLedger(prefix);
    const ctx = context(ledger);
    // an image, and a flavor with a root disk it fits (Nova refuses image-backed servers on diskless flavors)
    const images = await c.list<{ id: string; status?: string; min_disk?: number; min_ram?: number }>(
      'image',
      '/images',
      'images',
    );
    const image = images.find((i) => i.status === 'active')!;
    const flavors = await c.list<{ id: string; ram: number; disk: number }>(
      'compute',
      '/flavors/detail',
      'flavors',
    );
    const flavor = flavors
      .filter((f) => f.disk > 0 && f.disk >= (image.min_disk ?? 0) && f.ram >= (image.min_ram ?? 0))
      .sort((a, b) => a.disk - b.disk || a.ram - b.ram)[0]!;
    const net = await createTracked(c, ctx, {
      kind: 'network',
      name: `${prefix}server-net`,
      createdBy: 'lab',
      create: async () =>
        (
          await c.post<{ network?: { id?: string } }>('network', '/networks', {
            network: { name: `${prefix}server-net` },
          })
        )?.network?.id,
    });
    const sub = await createTracked(c, ctx, {
      kind: 'subnet',
      name: `${prefix}server-subnet`,
      createdBy: 'lab',
      create: async () =>
        (
          await c.post<{ subnet?: { id?: string } }>('network', '/subnets', {
            subnet: {
              name: `${prefix}server-subnet`,
              network_id: net.id,
              ip_version: 4,
              cidr: '10.9.0.0/24',
            },
          })
        )?.subnet?.id,
    });
    const server = (name: string) => ({
      server: { name, flavorRef: flavor.id, imageRef: image.id, networks: [{ uuid: net.id }] },
    });
    const name = `${prefix}entropy-server`;
    // decoys: a longer name, and one a regular expression without anchors would also match
    await c.post('compute', '/servers', server(`${name}-decoy`));
    await c.post('compute', '/servers', server(`x${name}`));
    const entry = await createTracked(c, ctx, {
      kind: 'server',
      name,
      createdBy: 'lab',
      create: lostAnswer(() => c.post('compute', '/servers', server(name))),
    });
    expect(await findByName(c, 'server', name)).toEqual([entry.id]);
    const gone = { service: 'compute', path: '/servers/{id}', getPath: '/servers/{id}' };
    expect(await deleteTracked(c, ctx, entry, gone)).toBe(true);
    for (const decoy of [`${name}-decoy`, `x${name}`]) {
      for (const id of await findByName(c, 'server', decoy)) {
        const e = ledger.record({ kind: 'server', id, name: decoy, createdBy: 'lab' });
        expect(await deleteTracked(c, ctx, e, gone)).toBe(true);
      }
    }
    expect(await deleteTracked(c, ctx, sub, { service: 'network', path: '/subnets/{id}' })).toBe(true);
    expect(await deleteTracked(c, ctx, net, { service: 'network', path: '/networks/{id}' })).toBe(true);
    expect(ledger.entries().every((e) => e.state === 'deleted')).toBe(true);
  });
});

describe('cleanup on real APIs', () => {
  it('a young prefixed network of no known run is left alone, and deleted when named by its run prefix', async () => {
    const name = `${prefix}cleanup-net`;
    await c.post('network', '/networks', { network: { name } });
    const env = { ...labEnv(), SCS_CERT_STATE_DIR: join(state, 's') };
    const first = await runCli(['cleanup', '--os-cloud', 'lab-member', '--prefix', 'scs-cert-', '--yes'], {
      env,
    });
    expect(first.stdout).toMatch(new RegExp(`network ${name} .*left alone: created \\d+ min ago`));
    expect(await findByName(c, 'network', name)).toHaveLength(1);
    const second = await runCli(['cleanup', '--os-cloud', 'lab-member', '--prefix', prefix, '--yes'], {
      env,
    });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await findByName(c, 'network', name)).toEqual([]);
  });
});
