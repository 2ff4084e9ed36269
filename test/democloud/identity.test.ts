// Keystone of the embedded cloud: token issue by password and application credential, 401 paths, catalog, expiry.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS as C } from '../../src/democloud/index.js';
import { call, issueToken, passwordAuth, session, startWithClock, type Session } from './helpers.js';

let current: Session | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await current?.cloud.stop();
  current = undefined;
  while (stops.length) await stops.pop()?.();
});

describe('Keystone token issue', () => {
  it('issues a project-scoped token by password with X-Subject-Token, roles and catalog', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const res = await issueToken(cloud, passwordAuth(C.user, C.password));
    expect(res.status).toBe(201);
    const tokenId = res.headers.get('x-subject-token');
    expect(tokenId).toMatch(/^gAAAAA[A-Za-z0-9_-]{150,}$/);
    const body = (await res.json()) as {
      token: Record<string, unknown> & { roles: Array<{ name: string }>; catalog: unknown[] };
    };
    expect(body.token.methods).toEqual(['password']);
    expect(body.token.project).toMatchObject({ name: 'demo', domain: { id: 'default', name: 'Default' } });
    expect(body.token.user).toMatchObject({ name: C.user, domain: { id: 'default' } });
    expect(body.token.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    expect(body.token.expires_at).toBe('2026-08-21T11:00:00.000000Z');
    expect(body.token.issued_at).toBe('2026-08-21T10:00:00.000000Z');
    expect(Array.isArray(body.token.audit_ids)).toBe(true);
    expect(body.token.catalog.length).toBeGreaterThan(5);
  });

  it('scopes to the default project when no scope is given, and omits the catalog with ?nocatalog', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const auth = passwordAuth(C.user, C.password) as { auth: Record<string, unknown> };
    delete auth.auth.scope;
    const res = await fetch(`${cloud.authUrl}/auth/tokens?nocatalog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(auth),
    });
    const body = (await res.json()) as { token: Record<string, unknown> };
    expect(res.status).toBe(201);
    expect((body.token.project as { name: string }).name).toBe('demo');
    expect(body.token.catalog).toBeUndefined();
  });

  it('issues a token by application credential (name + user, or id) scoped to its project, no scope allowed', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const byName = await issueToken(cloud, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: {
            name: C.appCredentialName,
            secret: C.appCredentialSecret,
            user: { name: C.user, domain: { id: 'default' } },
          },
        },
      },
    });
    expect(byName.status).toBe(201);
    const body = (await byName.json()) as {
      token: {
        methods: string[];
        project: { name: string };
        roles: Array<{ name: string }>;
        application_credential: { id: string; restricted: boolean };
      };
    };
    expect(body.token.methods).toEqual(['application_credential']);
    expect(body.token.project.name).toBe('demo');
    expect(body.token.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    expect(body.token.application_credential.restricted).toBe(true);

    const byId = await issueToken(cloud, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: body.token.application_credential.id, secret: C.appCredentialSecret },
        },
      },
    });
    expect(byId.status).toBe(201);

    const wrong = await issueToken(cloud, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: body.token.application_credential.id, secret: 'nope' },
        },
      },
    });
    expect(wrong.status).toBe(401);

    const scoped = await issueToken(cloud, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: body.token.application_credential.id, secret: C.appCredentialSecret },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
    expect(scoped.status).toBe(401);
  });

  it('answers wrong passwords with 401 in Keystone error format and WWW-Authenticate', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const res = await issueToken(cloud, passwordAuth(C.user, 'wrong'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Keystone uri="${cloud.url}/identity"`);
    expect(await res.json()).toEqual({
      error: {
        code: 401,
        message: 'The request you have made requires authentication.',
        title: 'Unauthorized',
      },
    });
  });

  it('rejects malformed auth bodies with 400 and unknown users or projects with 401', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const noIdentity = await issueToken(cloud, { auth: {} });
    expect(noIdentity.status).toBe(400);
    expect(((await noIdentity.json()) as { error: { title: string } }).error.title).toBe('Bad Request');
    expect((await issueToken(cloud, passwordAuth('nobody', 'x'))).status).toBe(401);
    expect((await issueToken(cloud, passwordAuth(C.user, C.password, 'admin'))).status).toBe(401);
    const notJson = await fetch(`${cloud.authUrl}/auth/tokens`, {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('validates, revokes and expires tokens; every service answers 401 the way keystonemiddleware does', async () => {
    current = await session();
    const s = current;
    const check = await call(s, 'GET', '/identity/v3/auth/tokens', undefined, { 'x-subject-token': s.token });
    expect(check.status).toBe(200);
    expect(check.headers.get('x-subject-token')).toBe(s.token);

    const paths = [
      '/compute/v2.1/flavors',
      '/image/v2/images',
      `/volume/v3/${s.projectId}/types`,
      '/networking/v2.0/networks',
      '/key-manager/v1/secrets',
      '/load-balancer/v2/lbaas/loadbalancers',
      '/placement/resource_providers',
    ];
    for (const p of paths) {
      const none = await fetch(`${s.cloud.url}${p}`);
      expect(none.status, p).toBe(401);
      expect(none.headers.get('www-authenticate'), p).toBe(`Keystone uri="${s.cloud.url}/identity"`);
      expect(await none.json(), p).toEqual({
        error: {
          code: 401,
          title: 'Unauthorized',
          message: 'The request you have made requires authentication.',
        },
      });
      const bad = await fetch(`${s.cloud.url}${p}`, { headers: { 'x-auth-token': 'gAAAAAbogus' } });
      expect(bad.status, p).toBe(401);
    }

    s.clock.advance(3600 * 1000);
    expect((await call(s, 'GET', '/compute/v2.1/flavors')).status).toBe(401);
    const expired = await call(s, 'GET', '/identity/v3/auth/tokens', undefined, {
      'x-subject-token': s.token,
    });
    expect(expired.status).toBe(401);
  });

  it('revokes a token on DELETE /v3/auth/tokens', async () => {
    current = await session();
    const s = current;
    expect(
      (await call(s, 'DELETE', '/identity/v3/auth/tokens', undefined, { 'x-subject-token': s.token })).status,
    ).toBe(204);
    expect((await call(s, 'GET', '/image/v2/images')).status).toBe(401);
  });

  it('serves a catalog with public and internal endpoints for every service the SCS checks look up', async () => {
    current = await session();
    const s = current;
    const types = s.catalog.map((c) => c.type).sort();
    expect(types).toEqual(
      [
        'block-storage',
        'compute',
        'identity',
        'image',
        'key-manager',
        'load-balancer',
        'network',
        'object-store',
        'object-store-s3',
        'placement',
        'volumev3',
      ].sort(),
    );
    for (const svc of s.catalog)
      expect(svc.endpoints.map((e) => e.interface).sort()).toEqual(['internal', 'public']);
    const volume = s.catalog.find((c) => c.type === 'volumev3')?.endpoints[0]?.url;
    expect(volume).toBe(`${s.cloud.url}/volume/v3/${s.projectId}`);
    const swift = s.catalog.find((c) => c.type === 'object-store')?.endpoints[0]?.url;
    expect(swift).toBe(`${s.cloud.url}/object-store/v1/AUTH_${s.projectId}`);
    const listed = await call<{ catalog: unknown[] }>(s, 'GET', '/identity/v3/auth/catalog');
    expect(listed.body.catalog).toHaveLength(s.catalog.length);
  });

  it('serves the v3 version documents without a token', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const root = await fetch(`${cloud.url}/identity`);
    expect(root.status).toBe(300);
    expect(
      ((await root.json()) as { versions: { values: Array<{ id: string }> } }).versions.values[0]?.id,
    ).toBe('v3.14');
    const v3 = await fetch(cloud.authUrl);
    expect(v3.status).toBe(200);
    expect(await v3.json()).toMatchObject({
      version: { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${cloud.url}/identity/v3/` }] },
    });
  });

  it('lets personas carry the roles the pre-flight check looks at (admin implies member and reader)', async () => {
    const { cloud } = await startWithClock();
    stops.push(() => cloud.stop());
    const roles = async (user: string) => {
      const res = await issueToken(cloud, passwordAuth(user, C.password));
      const body = (await res.json()) as { token: { roles: Array<{ name: string }> } };
      return body.token.roles.map((r) => r.name).sort();
    };
    expect(await roles(C.demoAdmin)).toEqual(['admin', 'member', 'reader']);
    expect(await roles(C.demoReader)).toEqual(['reader']);
    expect(await roles(C.demoManager)).toEqual(['manager', 'member', 'reader']);
  });

  it('creates application credentials for the user itself, refuses duplicates and restricted tokens', async () => {
    current = await session();
    const s = current;
    const created = await call<{
      application_credential: { secret: string; roles: Array<{ name: string }> };
    }>(s, 'POST', `/identity/v3/users/${s.userId}/application_credentials`, {
      application_credential: { name: 'ci', secret: 'ci-secret' },
    });
    expect(created.status).toBe(201);
    expect(created.body.application_credential.secret).toBe('ci-secret');
    expect(created.body.application_credential.roles.map((r) => r.name).sort()).toEqual(['member', 'reader']);
    const dup = await call(s, 'POST', `/identity/v3/users/${s.userId}/application_credentials`, {
      application_credential: { name: 'ci' },
    });
    expect(dup.status).toBe(409);
    const listed = await call<{ application_credentials: Array<{ name: string; secret?: string }> }>(
      s,
      'GET',
      `/identity/v3/users/${s.userId}/application_credentials?name=ci`,
    );
    expect(listed.body.application_credentials).toHaveLength(1);
    expect(listed.body.application_credentials[0]?.secret).toBeUndefined();

    const acToken = await issueToken(s.cloud, {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci', secret: 'ci-secret', user: { id: s.userId } },
        },
      },
    });
    const restricted = { ...s, token: acToken.headers.get('x-subject-token') as string };
    const refused = await call(restricted, 'POST', `/identity/v3/users/${s.userId}/application_credentials`, {
      application_credential: { name: 'again' },
    });
    expect(refused.status).toBe(403);
  });

  it('keeps identity administration admin-only (403 in Keystone format for a member)', async () => {
    current = await session();
    const res = await call<{ error: { code: number; title: string } }>(current, 'GET', '/identity/v3/users');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 403, title: 'Forbidden' });
  });
});
