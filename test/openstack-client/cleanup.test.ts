// Ledger and leftover cleanup: only prefixed resources go, in an order the cloud accepts.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { RunLedger, newRunPrefix } from '../../src/gatherers/ledger.js';
import { cleanupLeftovers } from '../../src/gatherers/openstack/index.js';
import { MiniCloud } from './mini-cloud.js';

const clouds: MiniCloud[] = [];
const clients: OpenStackClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const m of clouds.splice(0)) await m.close();
});

async function setup() {
  const m = await new MiniCloud().start();
  clouds.push(m);
  const c = await connectOpenStack({
    config: {
      auth: {
        auth_url: `${m.url}/identity/v3`,
        username: 'demo',
        password: 'S3cr3t-Pa55word!',
        project_name: 'demo',
      },
    },
    sleep: async () => {},
  });
  clients.push(c);
  return { m, c };
}

/** Leftovers of a killed run (prefix P) next to a neighbour's resources that must survive. */
function seedLeftovers(m: MiniCloud, P: string) {
  const net = m.add('network', { name: `${P}entropy-net` });
  const sub = m.add('subnet', { name: `${P}entropy-subnet`, network_id: net.id });
  const router = m.add('router', {
    name: `${P}entropy-router`,
    external_gateway_info: { network_id: 'ext-net' },
  });
  m.add('port', {
    name: '',
    device_owner: 'network:router_interface',
    device_id: router.id,
    subnet_id: sub.id,
    network_id: net.id,
  });
  m.add('port', { name: '', device_owner: 'network:dhcp', device_id: 'dhcp', network_id: net.id });
  const srv = m.add('server', { name: `${P}entropy-server`, status: 'ACTIVE' });
  m.add('port', { name: '', device_owner: 'compute:nova', device_id: srv.id, network_id: net.id });
  m.add('volume', { name: `${P}volume`, status: 'available' });
  m.add('volume', { name: `${P}restored-backup`, status: 'available' });
  m.add('backup', { name: `${P}volume-backup`, status: 'available' });
  m.add('sg', { name: `${P}default-sg` });
  m.add('secret', { name: `${P}secret` });
  m.add('keypair', { name: `${P}key` });
  m.add('fip', { name: undefined, description: `${P}fip` });
  // the neighbours
  const theirNet = m.add('network', { name: 'prod-net' });
  m.add('subnet', { name: 'prod-subnet', network_id: theirNet.id });
  m.add('router', { name: 'prod-router', external_gateway_info: { network_id: 'ext-net' } });
  m.add('server', { name: 'prod-web', status: 'ACTIVE' });
  m.add('volume', { name: 'prod-data', status: 'in-use' });
  m.add('volume', { name: `x${P}`, status: 'available' });
  m.add('backup', { name: 'nightly', status: 'available' });
  m.add('sg', { name: 'default' });
  m.add('secret', { name: 'db-password' });
  m.add('secret', { name: null });
  m.add('keypair', { name: 'ops' });
  m.add('fip', { name: undefined, description: 'web frontend' });
  m.add('fip', { name: undefined, description: null });
}

describe('ledger', () => {
  it('makes a unique, safe prefix per run', () => {
    const a = newRunPrefix();
    expect(a).toMatch(/^scs-cert-[0-9a-f]{6}-$/);
    expect(new Set(Array.from({ length: 20 }, () => newRunPrefix())).size).toBeGreaterThan(15);
    expect(new RunLedger().prefix).toMatch(/^scs-cert-[0-9a-f]{6}-$/);
    expect(() => new RunLedger('')).toThrow(/unsafe/);
    expect(() => new RunLedger('a b')).toThrow(/unsafe/);
  });

  it('tracks created, deleted and leaked entries', () => {
    const l = new RunLedger('scs-cert-000000-');
    const a = l.record({ kind: 'volume', id: 'v1', name: 'scs-cert-000000-volume', createdBy: 'X' });
    const b = l.record({ kind: 'backup', id: 'b1', name: 'scs-cert-000000-volume-backup', createdBy: 'X' });
    const c = l.record({ kind: 'server', id: 's1', name: 'scs-cert-000000-server', createdBy: 'Y' });
    l.markDeleted(a);
    l.markLeaked(b, 'HTTP 500');
    expect(l.entries().map((e) => [e.id, e.state, e.detail])).toEqual([
      ['v1', 'deleted', undefined],
      ['b1', 'leaked', 'HTTP 500'],
      ['s1', 'created', undefined],
    ]);
    expect(l.outstanding().map((e) => e.id)).toEqual(['b1', 's1']);
    l.markDeleted(c);
    // copies: callers cannot change the ledger through entries()
    const copy = l.entries()[0];
    if (copy) copy.state = 'leaked';
    expect(l.entries()[0]?.state).toBe('deleted');
  });
});

describe('cleanupLeftovers', () => {
  it('deletes exactly the prefixed resources, servers and backups first, interfaces before routers', async () => {
    const { m, c } = await setup();
    const P = 'scs-cert-a1b2c3-';
    seedLeftovers(m, P);
    const report = await cleanupLeftovers(c, { prefix: P });
    expect(report.failed).toEqual([]);
    expect(m.deletions).toEqual([
      `server ${P}entropy-server`,
      `keypair ${P}key`,
      `backup ${P}volume-backup`,
      `volume ${P}volume`,
      `volume ${P}restored-backup`,
      `floating-ip ${P}fip`,
      `interface ${P}entropy-router`,
      `gateway ${P}entropy-router`,
      `router ${P}entropy-router`,
      `subnet ${P}entropy-subnet`,
      `network ${P}entropy-net`,
      `security-group ${P}default-sg`,
      `secret ${P}secret`,
    ]);
    const names = (k: string) => m.all(k).map((x) => x.name);
    expect(names('network').sort()).toEqual(['prod-net', 'public']);
    expect(names('subnet')).toEqual(['prod-subnet']);
    expect(names('router')).toEqual(['prod-router']);
    expect(names('server')).toEqual(['prod-web']);
    expect(names('volume').sort()).toEqual(['prod-data', `x${P}`]);
    expect(names('backup')).toEqual(['nightly']);
    expect(names('sg')).toEqual(['default']);
    expect(names('secret')).toEqual(['db-password', null]);
    expect(names('keypair')).toEqual(['ops']);
    // floating IPs go by their description: only ours
    expect(m.all('fip').map((f) => f.description)).toEqual(['web frontend', null]);
    expect(report.deleted.map((d) => d.kind)).toEqual([
      'server',
      'keypair',
      'backup',
      'volume',
      'volume',
      'floating-ip',
      'router',
      'subnet',
      'network',
      'security-group',
      'secret',
    ]);
  });

  it('dry run lists and deletes nothing', async () => {
    const { m, c } = await setup();
    seedLeftovers(m, 'scs-cert-a1b2c3-');
    const report = await cleanupLeftovers(c, { prefix: 'scs-cert-a1b2c3-', dryRun: true });
    // the server's port shows up too: nothing deleted the server first
    expect(report.found.map((f) => f.kind)).toEqual([
      'server',
      'keypair',
      'backup',
      'volume',
      'volume',
      'floating-ip',
      'router',
      'port',
      'subnet',
      'network',
      'security-group',
      'secret',
    ]);
    expect(report.deleted).toEqual([]);
    expect(m.deletions).toEqual([]);
    expect(m.s.requests.some((r) => r.method !== 'GET' && r.method !== 'POST')).toBe(false);
  });

  it('a failure on one resource does not stop the others', async () => {
    const { m, c } = await setup();
    const P = 'scs-cert-a1b2c3-';
    m.add('router', { name: `${P}r` });
    // an interface on a subnet of someone else's network: our router stays in use
    m.add('port', { name: '', device_owner: 'network:router_gateway', device_id: m.all('router')[0]?.id });
    m.add('sg', { name: `${P}sg` });
    const report = await cleanupLeftovers(c, { prefix: P });
    expect(report.failed.map((f) => [f.kind, f.name])).toEqual([['router', `${P}r`]]);
    expect(report.failed[0]?.error).toMatch(/HTTP 409/);
    expect(report.deleted.map((d) => d.name)).toEqual([`${P}sg`]);
  });

  it('refuses prefixes that would match too much', async () => {
    const { c } = await setup();
    for (const bad of ['', 'scs', 'a/b-', '*']) {
      await expect(cleanupLeftovers(c, { prefix: bad })).rejects.toThrow(/refusing to clean up with prefix/);
    }
  });
});
