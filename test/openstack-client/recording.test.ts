// Record/replay: recordings carry no secrets, and a replay answers the same calls offline.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OpenStackReplayMissError,
  REDACTED,
  connectOpenStack,
  readExchanges,
  redactJson,
  type OpenStackClient,
} from '../../src/clients/openstack/index.js';
import { APP_SECRET, FakeServer, PASSWORD, demoCloud, installKeystone } from './fake-server.js';

let s: FakeServer;
let dir: string;

function allText(d: string): string {
  const files = [
    join(d, 'recording.json'),
    ...readdirSync(join(d, 'exchanges')).map((f) => join(d, 'exchanges', f)),
  ];
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

beforeEach(async () => {
  s = await new FakeServer().start();
  installKeystone(s);
  dir = mkdtempSync(join(tmpdir(), 'scs-cert-rec-'));
  s.on('GET', '/compute/v2.1/flavors/detail', () => ({
    json: { flavors: [{ id: 'f1', name: 'SCS-1V-4' }] },
  }));
  s.on('POST', '/compute/v2.1/servers', () => ({
    status: 202,
    json: { server: { id: 'srv1', adminPass: 'Gener4tedAdminPass' } },
  }));
  s.on('POST', '/key-manager/v1/secrets', () => ({
    status: 201,
    json: { secret_ref: `${s.url}/key-manager/v1/secrets/0000-1111` },
  }));
  s.on('GET', '/image/v2/images', (req) =>
    req.query.get('marker')
      ? { json: { images: [{ id: 'i2' }] } }
      : { json: { images: [{ id: 'i1' }], next: '/v2/images?marker=i1' } },
  );
});
afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function session(c: OpenStackClient) {
  const flavors = await c.list('compute', '/flavors/detail', 'flavors');
  const server = await c.post('compute', '/servers', {
    server: { name: 'x', adminPass: 'MyChosenPassw0rd', user_data: 'I2Nsb3Vk' },
  });
  const secret = await c.post('key-manager', '/secrets', {
    name: 'scs-cert-abc123-secret',
    payload: 'foo',
    payload_content_type: 'text/plain',
    secret_type: 'opaque',
  });
  const images = await c.list('image', '/images', 'images');
  return { flavors, server, secret, images };
}

describe('recording', () => {
  it('keeps no password, token or secret (password auth)', async () => {
    const c = await connectOpenStack({ config: { name: 'fake', ...demoCloud(s) }, record: dir });
    const live = await session(c);
    await c.close();
    const text = allText(dir);
    for (const secret of [PASSWORD, 'gAAAAABfake-token-0001-Zq9', 'Gener4tedAdminPass', 'MyChosenPassw0rd']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
    expect(live.flavors).toHaveLength(1);
    const ex = readExchanges(dir);
    expect(ex.map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual([
      'POST /identity/v3/auth/tokens',
      'GET /compute/v2.1/flavors/detail',
      'POST /compute/v2.1/servers',
      'POST /key-manager/v1/secrets',
      'GET /image/v2/images',
      'GET /image/v2/images',
    ]);
    // what the tokens looked like is gone, what they were for is kept
    expect(ex[0]?.response?.headers['x-subject-token']).toBe(REDACTED);
    expect(ex[1]?.requestHeaders['X-Auth-Token']).toBe(REDACTED);
    expect(ex[0]?.response?.body).toMatchObject({ token: { project: { name: 'demo' } } });
  });

  it('keeps no application-credential secret', async () => {
    const c = await connectOpenStack({
      config: {
        name: 'ac',
        auth_type: 'v3applicationcredential',
        auth: {
          auth_url: `${s.url}/identity/v3`,
          application_credential_id: 'ac-1',
          application_credential_secret: APP_SECRET,
        },
      },
      record: dir,
    });
    await c.list('compute', '/flavors/detail', 'flavors');
    await c.close();
    const text = allText(dir);
    expect(text).not.toContain(APP_SECRET);
    expect(text).not.toContain('gAAAAABfake-token-0001-Zq9');
    expect(text).toContain('ac-1');
  });

  it('redacts token ids, passwords and secrets by key wherever they appear', () => {
    expect(
      redactJson({
        auth: {
          identity: {
            methods: ['token'],
            token: { id: 'tok' },
            password: { user: { password: 'pw', name: 'n' } },
          },
        },
        credential: { secret: 's', access: 'a' },
        token: 'abc',
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['token'],
          token: { id: REDACTED },
          password: { user: { password: REDACTED, name: 'n' } },
        },
      },
      credential: { secret: REDACTED, access: 'a' },
      token: REDACTED,
    });
  });
});

describe('replay', () => {
  it('answers the recorded calls without a network, in order', async () => {
    const c = await connectOpenStack({
      config: { name: 'fake', ...demoCloud(s) },
      record: dir,
      recordMeta: { ledgerPrefix: 'scs-cert-abc123-' },
    });
    const live = await session(c);
    await c.close();
    await s.close();
    s = await new FakeServer().start(); // the old port is gone: anything not replayed would fail
    const r = await connectOpenStack({ replay: dir });
    expect(r.offline).toBe(true);
    expect(r.replayManifest?.meta).toEqual({ ledgerPrefix: 'scs-cert-abc123-' });
    expect(r.cloudName).toBe('fake');
    const replayed = await session(r);
    expect(replayed.flavors).toEqual(live.flavors);
    expect(replayed.images).toEqual(live.images);
    expect(replayed.secret).toEqual(live.secret);
    expect((replayed.server as { server: { id: string } }).server.id).toBe('srv1');
    // a call the recording never saw
    await expect(r.get('network', '/networks')).rejects.toBeInstanceOf(OpenStackReplayMissError);
    await r.close();
  });

  it('a directory without a recording is a one-line error', async () => {
    await expect(connectOpenStack({ replay: dir })).rejects.toThrow(
      /is not an scs-cert OpenStack recording \(no recording\.json\)/,
    );
  });
});
