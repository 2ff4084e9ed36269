// Placement, Barbican, Octavia, Swift and the S3 front of the embedded cloud.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS as C } from '../../src/democloud/index.js';
import { call, session, type Session } from './helpers.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

describe('Placement', () => {
  it('serves its root document without a token and refuses a member with its own error format', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/placement/`);
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual({
      versions: [
        {
          id: 'v1.0',
          max_version: '1.39',
          min_version: '1.0',
          status: 'CURRENT',
          links: [{ rel: 'self', href: '' }],
        },
      ],
    });
    const rp = await call<{ errors: Array<Record<string, unknown>> }>(
      s,
      'GET',
      '/placement/resource_providers',
      undefined,
      { 'openstack-api-version': 'placement 1.39' },
    );
    expect(rp.status).toBe(403);
    expect(rp.headers.get('openstack-api-version')).toBe('placement 1.39');
    expect(rp.body.errors[0]).toMatchObject({
      status: 403,
      title: 'Forbidden',
      code: 'placement.undefined_code',
    });
    expect(rp.body.errors[0]?.request_id).toBe(rp.headers.get('x-openstack-request-id'));
  });

  it('lists the resource provider for an admin', async () => {
    s = await session({}, C.adminUser, C.adminPassword, C.adminProject);
    const rp = await call<{ resource_providers: Array<{ name: string }> }>(
      s,
      'GET',
      '/placement/resource_providers',
    );
    expect(rp.body.resource_providers.map((r) => r.name)).toEqual(['demo-compute']);
  });
});

describe('Barbican', () => {
  it('answers / with 300 without a token, /v1/ only with one', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/key-manager/`);
    expect(root.status).toBe(300);
    expect(
      ((await root.json()) as { versions: { values: Array<{ id: string }> } }).versions.values[0]?.id,
    ).toBe('v1');
    expect((await fetch(`${s.cloud.url}/key-manager/v1/`)).status).toBe(401);
    expect((await call(s, 'GET', '/key-manager/v1/')).status).toBe(200);
  });

  it('creates, lists (limit/offset with next), reads and deletes secrets as scs-0116 does', async () => {
    s = await session();
    const created = await call<{ secret_ref: string }>(s, 'POST', '/key-manager/v1/secrets/', {
      name: 'scs-member-role-test-secret',
      payload: 'foo',
      payload_content_type: 'text/plain',
      secret_type: 'opaque',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret_ref).toMatch(
      new RegExp(`^${s.cloud.url}/key-manager/v1/secrets/[0-9a-f-]{36}$`),
    );
    expect(created.headers.get('location')).toBe(created.body.secret_ref);
    for (let i = 0; i < 11; i++) await call(s, 'POST', '/key-manager/v1/secrets', { name: `s${i}` });
    const page = await call<{
      secrets: Array<{ name: string; secret_ref: string }>;
      total: number;
      next?: string;
    }>(s, 'GET', '/key-manager/v1/secrets');
    expect(page.body.total).toBe(12);
    expect(page.body.secrets).toHaveLength(10);
    expect(page.body.next).toBe(`${s.cloud.url}/key-manager/v1/secrets?limit=10&offset=10`);
    const found = await call<{ secrets: Array<{ secret_ref: string; name: string }> }>(
      s,
      'GET',
      '/key-manager/v1/secrets?name=scs-member-role-test-secret',
    );
    expect(found.body.secrets.map((x) => x.name)).toEqual(['scs-member-role-test-secret']);
    const uuid = created.body.secret_ref.split('/').at(-1) as string;
    const payload = await fetch(`${created.body.secret_ref}/payload`, {
      headers: { 'x-auth-token': s.token },
    });
    expect(await payload.text()).toBe('foo');
    expect((await call(s, 'DELETE', `/key-manager/v1/secrets/${uuid}`)).status).toBe(204);
    const gone = await call(s, 'GET', `/key-manager/v1/secrets/${uuid}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 404, title: 'Not Found', description: 'Secret not found.' });
  });

  it('refuses a reader (new defaults need member) with Barbican 403 text', async () => {
    s = await session({}, C.demoReader, C.password);
    const res = await call(s, 'GET', '/key-manager/v1/secrets');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      code: 403,
      title: 'Forbidden',
      description: 'Secret(s) retrieval attempt not allowed - please review your user/project privileges',
    });
  });
});

describe('Octavia', () => {
  it('lists versions v2.0..v2.26 and runs a load balancer PENDING_CREATE -> ACTIVE -> deleted, on /v2 and /v2.0', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/load-balancer/`);
    const versions = ((await root.json()) as { versions: Array<{ id: string; status: string }> }).versions;
    expect(versions).toHaveLength(27);
    expect(versions.at(-1)).toMatchObject({ id: 'v2.26', status: 'CURRENT' });
    const net = await call<{ network: { id: string } }>(s, 'POST', '/networking/v2.0/networks', {
      network: { name: 'lb' },
    });
    const sub = await call<{ subnet: { id: string } }>(s, 'POST', '/networking/v2.0/subnets', {
      subnet: { network_id: net.body.network.id, cidr: '10.66.0.0/24', ip_version: 4 },
    });
    const lb = await call<{ loadbalancer: { id: string; provisioning_status: string; vip_address: string } }>(
      s,
      'POST',
      '/load-balancer/v2/lbaas/loadbalancers',
      { loadbalancer: { name: 'lb1', vip_subnet_id: sub.body.subnet.id } },
    );
    expect(lb.status).toBe(201);
    expect(lb.body.loadbalancer.provisioning_status).toBe('PENDING_CREATE');
    expect(lb.body.loadbalancer.vip_address).toMatch(/^10\.66\.0\./);
    const busy = await call(s, 'DELETE', `/load-balancer/v2/lbaas/loadbalancers/${lb.body.loadbalancer.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ faultcode: 'Client', debuginfo: null });
    s.clock.advance(s.cloud.state.timings.loadBalancerMs);
    const active = await call<{ loadbalancer: { provisioning_status: string } }>(
      s,
      'GET',
      `/load-balancer/v2.0/lbaas/loadbalancers/${lb.body.loadbalancer.id}`,
    );
    expect(active.body.loadbalancer.provisioning_status).toBe('ACTIVE');
    expect(
      (
        await call(
          s,
          'DELETE',
          `/load-balancer/v2/lbaas/loadbalancers/${lb.body.loadbalancer.id}?cascade=true`,
        )
      ).status,
    ).toBe(204);
    s.clock.advance(s.cloud.state.timings.loadBalancerMs);
    const list = await call<{ loadbalancers: unknown[]; loadbalancers_links: unknown[] }>(
      s,
      'GET',
      '/load-balancer/v2/lbaas/loadbalancers',
    );
    expect(list.body).toEqual({ loadbalancers: [], loadbalancers_links: [] });
  });
});

describe('Object storage and S3', () => {
  it('answers an S3 ListBuckets with an unknown key with 403 InvalidAccessKeyId XML at the object-store host', async () => {
    s = await session();
    const swift = s.catalog.find((c) => c.type === 'object-store')?.endpoints[0]?.url as string;
    const host = /^(https*:\/\/[^/]*)\//.exec(swift)?.[1];
    expect(host).toBe(s.cloud.url);
    const res = await fetch(`${host}/`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=doesnotexist/20260821/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00',
        'x-amz-date': '20260821T100000Z',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const xml = await res.text();
    expect(xml).toMatch(
      /<Error><Code>InvalidAccessKeyId<\/Code><Message>The AWS Access Key Id you provided does not exist in our records.<\/Message><AWSAccessKeyId>doesnotexist<\/AWSAccessKeyId>/,
    );
    const s3 = s.catalog.find((c) => c.type === 'object-store-s3')?.endpoints[0]?.url;
    expect(s3).toBe(s.cloud.url);
  });

  it('serves a Swift account listing for the token project and /info without a token', async () => {
    s = await session();
    const info = await fetch(`${s.cloud.url}/object-store/info`);
    expect(((await info.json()) as { swift: { version: string } }).swift.version).toBe('2.30.1');
    const acct = `/object-store/v1/AUTH_${s.projectId}`;
    const empty = await call(s, 'GET', acct);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('x-account-container-count')).toBe('0');
    expect((await call(s, 'PUT', `${acct}/c1`)).status).toBe(201);
    const listed = await call<Array<{ name: string }>>(s, 'GET', `${acct}?format=json`);
    expect(listed.body.map((c) => c.name)).toEqual(['c1']);
    const other = await call(s, 'GET', '/object-store/v1/AUTH_someoneelse');
    expect(other.status).toBe(403);
    expect(other.text).toBe('<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>');
  });
});
