// OpenStackClient against a fake cloud: tokens, catalog, URL layout, microversions, pagination, retries, errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  OpenStackAuthError,
  OpenStackCatalogError,
  OpenStackHttpError,
  OpenStackMalformedResponseError,
  OpenStackTimeoutError,
  OpenStackTlsError,
  OpenStackConnectionError,
  connectOpenStack,
  serviceBaseUrl,
  serviceRootUrl,
  RETRY_AFTER_SANITY_MS,
  type ConnectOptions,
} from '../../src/clients/openstack/index.js';
import type { OpenStackClient } from '../../src/clients/openstack/client.js';
import { USER_AGENT } from '../../src/core/version.js';
import { retryAfterMs } from '../../src/core/retry.js';
import {
  APP_SECRET,
  FakeServer,
  PROJECT_ID,
  TLS_DIR,
  demoCloud,
  installKeystone,
  requireToken,
} from './fake-server.js';

let s: FakeServer;
let ks: ReturnType<typeof installKeystone>;
let sleeps: number[];
const clients: OpenStackClient[] = [];

async function connect(extra: Partial<ConnectOptions> = {}, cloudExtra: Record<string, unknown> = {}) {
  const c = await connectOpenStack({
    config: { name: 'fake', ...demoCloud(s, cloudExtra) },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  s = await new FakeServer().start();
  ks = installKeystone(s);
  sleeps = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await s.close();
});

describe('authentication', () => {
  it('issues one token per run and reuses it', async () => {
    s.on('GET', '/compute/v2.1/servers', (req) => requireToken(ks, req) ?? { json: { servers: [] } });
    const c = await connect();
    await c.get('compute', '/servers');
    await c.get('compute', '/servers');
    await c.get('compute', '/servers');
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(1);
    const tokenReq = s.requests.find((r) => r.path === '/identity/v3/auth/tokens');
    expect(tokenReq?.json).toMatchObject({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' } } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
    expect(s.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
  });

  it('concurrent first calls share one token request', async () => {
    s.on('GET', '/compute/v2.1/servers', (req) => requireToken(ks, req) ?? { json: { servers: [] } });
    const c = await connect({ authenticate: false });
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(0);
    await Promise.all(Array.from({ length: 6 }, () => c.get('compute', '/servers')));
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(1);
  });

  it('re-issues the token once on 401 and then succeeds', async () => {
    s.on(
      'GET',
      '/compute/v2.1/servers',
      (req) => requireToken(ks, req) ?? { json: { servers: [{ id: 'x' }] } },
    );
    const c = await connect();
    await c.get('compute', '/servers');
    ks.valid.clear(); // Keystone revoked every token
    const body = await c.get<{ servers: unknown[] }>('compute', '/servers');
    expect(body.servers).toHaveLength(1);
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(2);
  });

  it('gives up after one re-issue when the API keeps answering 401', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({ status: 401, json: { error: { message: 'nope' } } }));
    const c = await connect();
    const err = await c.get('compute', '/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackHttpError);
    expect((err as OpenStackHttpError).status).toBe(401);
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(2);
    expect(s.count('GET', '/compute/v2.1/servers')).toBe(2);
  });

  it('re-issues a token that is about to expire', async () => {
    let clock = Date.now();
    s.on('GET', '/image/v2/images', () => ({ json: { images: [] } }));
    const c = await connect({ now: () => clock });
    await c.get('image', '/images');
    clock += 50 * 60_000; // 10 minutes left of the hour: still fine
    await c.get('image', '/images');
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(1);
    clock += 9 * 60_000; // one minute left: inside the safety margin
    await c.get('image', '/images');
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(2);
  });

  it('wrong credentials give one line naming the cloud and what to check', async () => {
    const err = await connectOpenStack({
      config: { name: 'fake', ...demoCloud(s), auth: { ...demoCloud(s).auth, password: 'wrong' } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackAuthError);
    expect((err as Error).message).toMatch(
      /^wrong credentials for cloud "fake" .*401.*check username, password/,
    );
    expect((err as Error).message).not.toContain('wrong"');
  });

  it('application credentials', async () => {
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
    });
    clients.push(c);
    expect((await c.keystoneToken()).methods).toEqual(['application_credential']);
    expect(s.requests[0]?.json).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: 'ac-1', secret: APP_SECRET },
        },
      },
    });
  });

  it('auth_url without /v3 gets it', async () => {
    const c = await connectOpenStack({
      config: { ...demoCloud(s), auth: { ...demoCloud(s).auth, auth_url: `${s.url}/identity` } },
    });
    clients.push(c);
    expect(s.count('POST', '/identity/v3/auth/tokens')).toBe(1);
  });
});

describe('catalog', () => {
  it('finds block-storage under its alias volumev3 and builds /v3/{project}', async () => {
    s.on('GET', `/volume/v3/${PROJECT_ID}/types`, () => ({
      json: { volume_types: [{ id: 't', name: 'ssd' }] },
    }));
    const c = await connect();
    expect(await c.hasService('block-storage')).toBe(true);
    expect(await c.hasService('volume')).toBe(true);
    expect(await c.hasService('object-store')).toBe(false);
    expect(await c.baseUrl('block-storage')).toBe(`${s.url}/volume/v3/${PROJECT_ID}`);
    expect(await c.list('block-storage', '/types', 'volume_types')).toHaveLength(1);
  });

  it('chooses the endpoint by interface', async () => {
    const c = await connect({}, { interface: 'internal' });
    expect(await c.endpointUrl('compute')).toBe('http://internal.invalid/compute/v2.1');
  });

  it('a missing service names what the catalog has', async () => {
    const c = await connect();
    const err = await c.baseUrl('object-store').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackCatalogError);
    expect((err as Error).message).toMatch(
      /no object-store endpoint for interface public in region RegionOne \(catalog: identity\[/,
    );
  });

  it('a region the catalog lacks is not silently replaced', async () => {
    const c = await connect({}, { region_name: 'Elsewhere' });
    await expect(c.baseUrl('compute')).rejects.toThrow(
      /no compute endpoint for interface public in region Elsewhere/,
    );
  });
});

describe('URL layout', () => {
  const p = 'p123';
  const table: Array<[string, string, string]> = [
    ['compute', 'https://nova.example:8774/v2.1', 'https://nova.example:8774/v2.1'],
    ['compute', 'https://nova.example:8774/v2.1/p123', 'https://nova.example:8774/v2.1'],
    ['compute', 'https://api.example/compute/v2.1/%(tenant_id)s', 'https://api.example/compute/v2.1'],
    ['compute', 'https://api.example/compute', 'https://api.example/compute/v2.1'],
    ['block-storage', 'https://c.example:8776/v3/p123', 'https://c.example:8776/v3/p123'],
    ['block-storage', 'https://c.example:8776/v3/$(project_id)s', 'https://c.example:8776/v3/p123'],
    ['block-storage', 'https://c.example:8776/v3', 'https://c.example:8776/v3/p123'],
    ['volumev2', 'https://c.example:8776/v2/p123', 'https://c.example:8776/v3/p123'],
    ['block-storage', 'https://c.example:8776/', 'https://c.example:8776/v3/p123'],
    ['image', 'https://glance.example:9292', 'https://glance.example:9292/v2'],
    ['image', 'https://glance.example:9292/v2/', 'https://glance.example:9292/v2'],
    ['network', 'https://neutron.example:9696/', 'https://neutron.example:9696/v2.0'],
    ['network', 'https://api.example/network/v2.0', 'https://api.example/network/v2.0'],
    ['key-manager', 'https://b.example:9311', 'https://b.example:9311/v1'],
    ['placement', 'https://api.example/placement', 'https://api.example/placement'],
    ['identity', 'https://k.example:5000', 'https://k.example:5000/v3'],
    ['identity', 'https://k.example:5000/v3/', 'https://k.example:5000/v3'],
    ['object-store', 'https://s.example/v1/AUTH_p123', 'https://s.example/v1/AUTH_p123'],
  ];
  for (const [type, url, want] of table) {
    it(`${type} ${url}`, () => expect(serviceBaseUrl(type, url, p)).toBe(want));
  }
  it('version documents live at the root', () => {
    expect(serviceRootUrl('block-storage', 'https://c.example:8776/v3/p123')).toBe('https://c.example:8776/');
    expect(serviceRootUrl('compute', 'https://api.example/compute/v2.1')).toBe(
      'https://api.example/compute/',
    );
    expect(serviceRootUrl('placement', 'https://api.example/placement')).toBe(
      'https://api.example/placement/',
    );
  });
});

describe('microversions', () => {
  it('reads Nova max from /v2.1/ and sends both headers', async () => {
    s.on('GET', '/compute/v2.1/', () => ({
      json: { version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' } },
    }));
    s.on('GET', '/compute/v2.1/flavors/detail', () => ({ json: { flavors: [] } }));
    const c = await connect();
    expect(await c.apiVersions('compute')).toEqual({ min: '2.1', max: '2.93' });
    const mv = await c.chooseMicroversion('compute', '2.61');
    expect(mv).toBe('2.61');
    await c.list('compute', '/flavors/detail', 'flavors', { microversion: mv });
    const req = s.requests.find((r) => r.path === '/compute/v2.1/flavors/detail');
    expect(req?.headers['openstack-api-version']).toBe('compute 2.61');
    expect(req?.headers['x-openstack-nova-api-version']).toBe('2.61');
    await c.chooseMicroversion('compute', 'max');
    expect(s.count('GET', '/compute/v2.1/')).toBe(1);
  });

  it('an older Nova yields its maximum, which the caller can compare', async () => {
    s.on('GET', '/compute/v2.1/', () => ({
      json: { version: { id: 'v2.1', version: '2.53', min_version: '2.1' } },
    }));
    const c = await connect();
    expect(await c.chooseMicroversion('compute', '2.61')).toBe('2.53');
  });

  it('reads Cinder from the root version list answered with HTTP 300', async () => {
    s.on('GET', '/volume/', () => ({
      status: 300,
      json: {
        versions: [
          { id: 'v2.0', status: 'DEPRECATED', version: '', min_version: '' },
          { id: 'v3.0', status: 'CURRENT', version: '3.70', min_version: '3.0' },
        ],
      },
    }));
    const c = await connect();
    expect(await c.apiVersions('block-storage')).toEqual({ min: '3.0', max: '3.70' });
    expect(await c.chooseMicroversion('volume', '3.9')).toBe('3.9');
  });

  it('a service without a readable version document gets no microversion', async () => {
    const c = await connect();
    expect(await c.chooseMicroversion('placement', '1.10')).toBeUndefined();
  });
});

describe('pagination', () => {
  it('follows Glance next links to the end', async () => {
    s.on('GET', '/image/v2/images', (req) => {
      const marker = req.query.get('marker');
      expect(req.query.get('member_status')).toBe('all');
      const pages: Record<string, { images: Array<{ id: string }>; next?: string }> = {
        '': { images: [{ id: 'a' }, { id: 'b' }], next: '/v2/images?member_status=all&marker=b' },
        b: { images: [{ id: 'c' }, { id: 'd' }], next: '/v2/images?member_status=all&marker=d' },
        d: { images: [{ id: 'e' }] },
      };
      return { json: { ...pages[marker ?? ''], first: '/v2/images', schema: '/v2/schemas/images' } };
    });
    const c = await connect();
    const imgs = await c.list<{ id: string }>('image', '/images', 'images', {
      query: { member_status: 'all' },
    });
    expect(imgs.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.count('GET', '/image/v2/images')).toBe(3);
  });

  it('follows Nova *_links markers even when they name an internal host', async () => {
    s.on('GET', '/compute/v2.1/flavors/detail', (req) => {
      const marker = req.query.get('marker');
      if (!marker)
        return {
          json: {
            flavors: [{ id: '1' }, { id: '2' }],
            flavors_links: [{ rel: 'next', href: 'http://nova-internal:8774/v2.1/flavors/detail?marker=2' }],
          },
        };
      return { json: { flavors: [{ id: '3' }] } };
    });
    const c = await connect();
    const f = await c.list<{ id: string }>('compute', '/flavors/detail', 'flavors');
    expect(f.map((x) => x.id)).toEqual(['1', '2', '3']);
  });

  it('stops on a next link that loops, without listing an item twice', async () => {
    s.on('GET', '/network/v2.0/networks', () => ({
      json: { networks: [{ id: 'n' }], networks_links: [{ rel: 'next', href: '/v2.0/networks?marker=n' }] },
    }));
    const c = await connect();
    expect(await c.list('network', '/networks', 'networks')).toHaveLength(1);
    expect(s.count('GET', '/network/v2.0/networks')).toBe(2);
  });

  it('a list without its key is malformed', async () => {
    s.on('GET', '/network/v2.0/routers', () => ({ json: { nets: [] } }));
    const c = await connect();
    await expect(c.list('network', '/routers', 'routers')).rejects.toThrow(
      /malformed JSON from network \/routers: no "routers" list/,
    );
  });
});

describe('retries', () => {
  it('honours Retry-After on 429', async () => {
    let n = 0;
    s.on('GET', '/compute/v2.1/servers', () =>
      ++n === 1
        ? { status: 429, headers: { 'Retry-After': '7' }, json: { message: 'slow down' } }
        : { json: { servers: [] } },
    );
    const c = await connect();
    await c.get('compute', '/servers');
    expect(sleeps).toEqual([7000]);
    expect(c.stats().retries).toBe(1);
  });

  it('rides out a burst of 503 with growing backoff', async () => {
    let n = 0;
    s.on('GET', '/compute/v2.1/servers', () =>
      ++n <= 3 ? { status: 503, body: 'busy' } : { json: { servers: [] } },
    );
    const c = await connect({ retryBaseMs: 100 });
    await c.get('compute', '/servers');
    expect(sleeps).toHaveLength(3);
    // jitter keeps each delay within [d/2, d] for d = 100, 200, 400
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[2]).toBeGreaterThanOrEqual(200);
    expect(sleeps[2]).toBeLessThanOrEqual(400);
  });

  it('gives up after maxRetries and reports the status', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
    }));
    const c = await connect({ maxRetries: 2 });
    const err = await c.get('compute', '/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackHttpError);
    expect((err as Error).message).toBe('compute GET /servers answered HTTP 502: Bad Gateway');
    expect(s.count('GET', '/compute/v2.1/servers')).toBe(3);
  });

  it('never retries a POST', async () => {
    s.on('POST', '/compute/v2.1/servers', () => ({ status: 503, json: { message: 'busy' } }));
    const c = await connect();
    await expect(c.post('compute', '/servers', { server: {} })).rejects.toBeInstanceOf(OpenStackHttpError);
    expect(s.count('POST', '/compute/v2.1/servers')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a GET whose connection was reset', async () => {
    let n = 0;
    s.on('GET', '/compute/v2.1/servers', () => (++n === 1 ? { destroy: true } : { json: { servers: [] } }));
    const c = await connect();
    await c.get('compute', '/servers');
    expect(n).toBe(2);
  });

  it('reads Retry-After dates, with no short cap (the client weighs the wait against its retry budget)', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:03 GMT', now, RETRY_AFTER_SANITY_MS)).toBe(3000);
    expect(retryAfterMs('9999', now, RETRY_AFTER_SANITY_MS)).toBe(9_999_000);
    expect(retryAfterMs('soon', now, RETRY_AFTER_SANITY_MS)).toBeUndefined();
  });
});

describe('errors', () => {
  it('a hanging API times out with a typed error', async () => {
    s.on('GET', '/compute/v2.1/servers', () => ({ hang: true }));
    const c = await connect({ maxRetries: 0 });
    const err = await c.get('compute', '/servers', { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackTimeoutError);
    expect((err as Error).message).toMatch(/^timeout after 150 ms: compute GET http/);
  });

  it('malformed JSON names the service and path', async () => {
    s.on('GET', '/compute/v2.1/flavors/detail', () => ({
      headers: { 'Content-Type': 'application/json' },
      body: '{"flavors": [',
    }));
    const c = await connect();
    const err = await c.get('compute', '/flavors/detail').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackMalformedResponseError);
    expect((err as Error).message).toMatch(/^malformed JSON from compute \/flavors\/detail: /);
  });

  it('API error bodies are reduced to their message', async () => {
    s.on('GET', '/network/v2.0/security-groups/sg1', () => ({
      status: 404,
      headers: { 'X-Openstack-Request-Id': 'req-1' },
      json: {
        NeutronError: {
          type: 'SecurityGroupNotFound',
          message: 'Security group sg1 does not exist',
          detail: '',
        },
      },
    }));
    const c = await connect();
    const err = (await c
      .get('network', '/security-groups/{id}', { params: { id: 'sg1' } })
      .catch((e: unknown) => e)) as OpenStackHttpError;
    expect(err).toBeInstanceOf(OpenStackHttpError);
    expect([err.status, err.service, err.method, err.path, err.apiMessage, err.requestId]).toEqual([
      404,
      'network',
      'GET',
      '/security-groups/sg1',
      'Security group sg1 does not exist',
      'req-1',
    ]);
  });

  it('expected statuses are answers, not errors', async () => {
    const c = await connect();
    const res = await c.request('network', 'GET', '/default-security-group-rules', { expect: [404] });
    expect(res.status).toBe(404);
  });

  it('an unreachable endpoint is a connection error', async () => {
    const c = await connect({ maxRetries: 0 });
    const port = new URL(s.url).port;
    await s.close();
    s = await new FakeServer().start(); // keep afterEach happy; the old port is closed now
    const err = await c
      .rawRequest({ service: 's3', method: 'GET', url: `http://127.0.0.1:${port}/` })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackConnectionError);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('counts calls by service, method and path template', async () => {
    s.on('GET', /^\/network\/v2\.0\/networks\/[^/]+$/, () => ({ json: { network: {} } }));
    const c = await connect();
    await c.get('network', '/networks/{id}', { params: { id: 'a' } });
    await c.get('network', '/networks/{id}', { params: { id: 'b' } });
    const st = c.stats();
    expect(st.byCall['network GET /networks/{id}']).toBe(2);
    expect(st.byCall['identity POST /auth/tokens']).toBe(1);
    expect(st.total).toBe(3);
  });
});

describe('TLS', () => {
  let tls: FakeServer;
  beforeEach(async () => {
    tls = await new FakeServer(true).start();
    installKeystone(tls);
  });
  afterEach(async () => tls.close());

  it('an untrusted certificate is a one-line TLS error naming the fix', async () => {
    const err = await connectOpenStack({
      config: { name: 'tlscloud', ...demoCloud(tls) },
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackTlsError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^TLS verification failed for https:\/\/127\.0\.0\.1:\d+ \(cloud "tlscloud"\): /);
    expect(msg).toContain('set cacert:');
    expect(msg).not.toContain('\n');
  });

  it('cacert makes it trusted', async () => {
    const c = await connectOpenStack({ config: { ...demoCloud(tls), cacert: join(TLS_DIR, 'server.crt') } });
    clients.push(c);
    expect((await c.keystoneToken()).project?.id).toBe(PROJECT_ID);
  });

  it('verify: false skips verification', async () => {
    const c = await connectOpenStack({ config: { ...demoCloud(tls), verify: false } });
    clients.push(c);
    expect((await c.keystoneToken()).user?.name).toBe('demo');
  });

  it('an unreadable cacert is a config error', async () => {
    await expect(
      connectOpenStack({ config: { ...demoCloud(tls), cacert: '/nonexistent/ca.pem' } }),
    ).rejects.toThrow(/cannot read cacert file \/nonexistent\/ca\.pem/);
  });
});
