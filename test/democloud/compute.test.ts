// Nova of the embedded cloud: version documents, microversions, flavors + extra specs, paging, servers, console output.
import { afterEach, describe, expect, it } from 'vitest';
import { call, session, type Session } from './helpers.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  extra_specs?: Record<string, string>;
}

const V261 = { 'openstack-api-version': 'compute 2.61' };

describe('Nova version documents and microversions', () => {
  it('serves the root list (200), redirects /v2.1 and serves the v2.1 document with 2.1-2.93', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/compute/`);
    expect(root.status).toBe(200);
    const versions = (
      (await root.json()) as {
        versions: Array<{ id: string; status: string; version: string; min_version: string }>;
      }
    ).versions;
    expect(versions.map((v) => [v.id, v.status])).toEqual([
      ['v2.0', 'SUPPORTED'],
      ['v2.1', 'CURRENT'],
    ]);
    const redirect = await fetch(`${s.cloud.url}/compute/v2.1`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`${s.cloud.url}/compute/v2.1/`);
    const doc = (await (await fetch(`${s.cloud.url}/compute/v2.1/`)).json()) as {
      version: Record<string, unknown>;
    };
    expect(doc.version).toMatchObject({ id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' });
  });

  it('echoes the negotiated microversion in both headers, defaults to 2.1, accepts latest and the legacy header', async () => {
    s = await session();
    const dflt = await call(s, 'GET', '/compute/v2.1/flavors');
    expect(dflt.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect(dflt.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    expect(dflt.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    const latest = await call(s, 'GET', '/compute/v2.1/flavors', undefined, {
      'openstack-api-version': 'compute latest',
    });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.93');
    const legacy = await call(s, 'GET', '/compute/v2.1/flavors', undefined, {
      'x-openstack-nova-api-version': '2.60',
    });
    expect(legacy.headers.get('x-openstack-nova-api-version')).toBe('2.60');
  });

  it('refuses unsupported (406) and malformed (400) microversions', async () => {
    s = await session();
    const high = await call<Record<string, { code: number; message: string }>>(
      s,
      'GET',
      '/compute/v2.1/flavors',
      undefined,
      { 'openstack-api-version': 'compute 2.999' },
    );
    expect(high.status).toBe(406);
    expect(high.body.computeFault?.message).toBe(
      'Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.93.',
    );
    const bad = await call<Record<string, { code: number }>>(s, 'GET', '/compute/v2.1/flavors', undefined, {
      'openstack-api-version': 'compute two',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest?.code).toBe(400);
  });
});

describe('Nova flavors', () => {
  it('inlines extra_specs in /flavors/detail only from 2.61 on, as numbers and strings Nova uses', async () => {
    s = await session();
    const old = await call<{ flavors: Flavor[] }>(s, 'GET', '/compute/v2.1/flavors/detail');
    expect(old.body.flavors[0]?.extra_specs).toBeUndefined();
    const res = await call<{ flavors: Array<Flavor & Record<string, unknown>> }>(
      s,
      'GET',
      '/compute/v2.1/flavors/detail',
      undefined,
      V261,
    );
    const f = res.body.flavors.find((x) => x.name === 'SCS-2V-4-20s');
    expect(f).toMatchObject({
      vcpus: 2,
      ram: 4096,
      disk: 20,
      swap: '',
      'OS-FLV-EXT-DATA:ephemeral': 0,
      'os-flavor-access:is_public': true,
    });
    expect(f?.extra_specs).toEqual({
      'scs:cpu-type': 'shared-core',
      'scs:disk0-type': 'ssd',
      'scs:name-v1': 'SCS-2V:4:20s',
      'scs:name-v2': 'SCS-2V-4-20s',
    });
    const specs = await call<{ extra_specs: Record<string, string> }>(
      s,
      'GET',
      `/compute/v2.1/flavors/${f?.id}/os-extra_specs`,
    );
    expect(specs.body.extra_specs).toEqual(f?.extra_specs);
    const swap = await call<{ flavor: Record<string, unknown> }>(
      s,
      'GET',
      `/compute/v2.1/flavors/${f?.id}`,
      undefined,
      { 'openstack-api-version': 'compute 2.75' },
    );
    expect(swap.body.flavor.swap).toBe(0);
  });

  it('pages with limit and marker, emitting a next link whenever a page is full (also the last one)', async () => {
    s = await session();
    const all = (await call<{ flavors: Flavor[] }>(s, 'GET', '/compute/v2.1/flavors')).body.flavors;
    expect(all.length).toBeGreaterThan(30);
    const seen: string[] = [];
    let url: string | undefined = '/compute/v2.1/flavors/detail?limit=7';
    let pages = 0;
    while (url && pages < 20) {
      const page: { body: { flavors: Flavor[]; flavors_links?: Array<{ rel: string; href: string }> } } =
        await call(s, 'GET', url);
      seen.push(...page.body.flavors.map((f) => f.id));
      url = page.body.flavors_links?.find((l) => l.rel === 'next')?.href;
      if (url) expect(url).toContain('/compute/v2.1/flavors/detail?limit=7&marker=');
      pages += 1;
    }
    expect(seen).toEqual(all.map((f) => f.id));
    const exact = await call<{ flavors: Flavor[]; flavors_links?: unknown[] }>(
      s,
      'GET',
      `/compute/v2.1/flavors?limit=${all.length}`,
    );
    expect(exact.body.flavors_links).toHaveLength(1);
    const bad = await call<{ badRequest: { message: string } }>(
      s,
      'GET',
      '/compute/v2.1/flavors?marker=nope',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe('marker [nope] not found');
  });

  it('answers missing flavors with itemNotFound and flavor management by a member with forbidden', async () => {
    s = await session();
    const missing = await call(s, 'GET', '/compute/v2.1/flavors/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      itemNotFound: { code: 404, message: 'Flavor does-not-exist could not be found.' },
    });
    const create = await call(s, 'POST', '/compute/v2.1/flavors', {
      flavor: { name: 'x', vcpus: 1, ram: 512, disk: 1 },
    });
    expect(create.status).toBe(403);
    expect(create.body).toEqual({
      forbidden: {
        code: 403,
        message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.",
      },
    });
  });
});

describe('Nova servers', () => {
  async function network(sess: Session) {
    const net = await call<{ network: { id: string } }>(sess, 'POST', '/networking/v2.0/networks', {
      network: { name: 'n' },
    });
    await call(sess, 'POST', '/networking/v2.0/subnets', {
      subnet: { network_id: net.body.network.id, cidr: '10.1.0.0/24', ip_version: 4 },
    });
    return net.body.network.id;
  }
  async function ids(sess: Session) {
    const flavors = (await call<{ flavors: Flavor[] }>(sess, 'GET', '/compute/v2.1/flavors/detail')).body
      .flavors;
    const images = (
      await call<{ images: Array<{ id: string; name: string }> }>(
        sess,
        'GET',
        '/image/v2/images?name=Debian%2013',
      )
    ).body.images;
    return {
      tiny: flavors.find((f) => f.name === 'SCS-1L-1') as Flavor,
      disk: flavors.find((f) => f.name === 'SCS-2V-4-20s') as Flavor,
      image: images[0]?.id as string,
    };
  }

  it('boots from a volume: 202 + Location, BUILD -> ACTIVE, addresses, console output of the cloud-config, delete', async () => {
    s = await session();
    const netId = await network(s);
    const { tiny, image } = await ids(s);
    const userData = [
      '#cloud-config',
      'runcmd:',
      '  - cat /proc/sys/kernel/random/entropy_avail | awk \'$0="_scs-test-entropy-avail: "$0\'',
      '  - cat /dev/random | rngtest -c 1000 2>&1 | awk \'$0="_scs-test-fips-test: "$0\'',
      "  - echo '_scs-test-end'",
      'final_message: "_scs-test-end"',
    ].join('\n');
    const created = await call<{ server: { id: string; adminPass: string; links: unknown[] } }>(
      s,
      'POST',
      '/compute/v2.1/servers',
      {
        server: {
          name: '_scs-0101-server',
          flavorRef: tiny.id,
          imageRef: '',
          networks: [{ uuid: netId }],
          user_data: Buffer.from(userData).toString('base64'),
          block_device_mapping_v2: [
            {
              boot_index: '0',
              uuid: image,
              source_type: 'image',
              destination_type: 'volume',
              volume_size: '8',
              delete_on_termination: true,
            },
          ],
        },
      },
    );
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    expect(created.headers.get('location')).toBe(`${s.cloud.url}/compute/v2.1/servers/${id}`);
    expect(typeof created.body.server.adminPass).toBe('string');

    const building = await call<{ server: Record<string, unknown> }>(s, 'GET', `/compute/v2.1/servers/${id}`);
    expect(building.body.server.status).toBe('BUILD');
    expect(building.body.server.image).toBe('');
    const early = await call<{ conflictingRequest: { message: string } }>(
      s,
      'POST',
      `/compute/v2.1/servers/${id}/action`,
      { 'os-getConsoleOutput': {} },
    );
    expect(early.status).toBe(409);

    s.clock.advance(s.cloud.state.timings.serverBuildMs);
    const active = await call<{
      server: Record<string, unknown> & {
        addresses: Record<string, Array<{ addr: string }>>;
        'os-extended-volumes:volumes_attached': unknown[];
      };
    }>(s, 'GET', `/compute/v2.1/servers/${id}`);
    expect(active.body.server.status).toBe('ACTIVE');
    expect(active.body.server['OS-EXT-STS:vm_state']).toBe('active');
    expect(active.body.server.addresses.n?.[0]?.addr).toBe('10.1.0.2');
    expect(active.body.server['os-extended-volumes:volumes_attached']).toHaveLength(1);

    const boot = await call<{ output: string }>(s, 'POST', `/compute/v2.1/servers/${id}/action`, {
      'os-getConsoleOutput': { length: null },
    });
    expect(boot.status).toBe(200);
    expect(boot.body.output).toContain('Linux version');
    expect(boot.body.output).not.toContain('_scs-test-end');

    s.clock.advance(s.cloud.state.timings.consoleMs);
    const out = (
      await call<{ output: string }>(s, 'POST', `/compute/v2.1/servers/${id}/action`, {
        'os-getConsoleOutput': {},
      })
    ).body.output;
    const lines = out.split('\n').filter((l) => l.includes('_scs-test-'));
    expect(lines.some((l) => l.endsWith('_scs-test-entropy-avail: 256'))).toBe(true);
    const fips = lines.filter((l) => l.includes('_scs-test-fips-test: '));
    expect(fips.length).toBeGreaterThan(10);
    expect(fips.some((l) => l.endsWith('_scs-test-fips-test: rngtest: FIPS 140-2 failures: 0'))).toBe(true);
    expect(lines.at(-1)).toMatch(/_scs-test-end$/);
    const tail = await call<{ output: string }>(s, 'POST', `/compute/v2.1/servers/${id}/action`, {
      'os-getConsoleOutput': { length: 2 },
    });
    expect(tail.body.output.trimEnd().split('\n')).toHaveLength(2);

    expect((await call(s, 'DELETE', `/compute/v2.1/servers/${id}`)).status).toBe(204);
    s.clock.advance(s.cloud.state.timings.serverDeleteMs);
    const gone = await call(s, 'GET', `/compute/v2.1/servers/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
  });

  it('refuses image boots on zero-disk flavors (403), too little RAM (400) and missing networks at >= 2.37', async () => {
    s = await session();
    const netId = await network(s);
    const { tiny, image } = await ids(s);
    const zero = await call(s, 'POST', '/compute/v2.1/servers', {
      server: { name: 'x', flavorRef: tiny.id, imageRef: image, networks: [{ uuid: netId }] },
    });
    expect(zero.status).toBe(403);
    expect(zero.body).toEqual({
      forbidden: { code: 403, message: 'Only volume-backed servers are allowed for flavors with zero disk.' },
    });
    const noNet = await call(
      s,
      'POST',
      '/compute/v2.1/servers',
      { server: { name: 'x', flavorRef: tiny.id, imageRef: image } },
      { 'openstack-api-version': 'compute 2.37' },
    );
    expect(noNet.status).toBe(400);
    const badData = await call(s, 'POST', '/compute/v2.1/servers', {
      server: { name: 'x', flavorRef: tiny.id, imageRef: image, networks: 'none', user_data: '%%%' },
    });
    expect(badData.status).toBe(400);
  });

  it('lists servers (name regex filter, detail) and keypairs, and shows the availability zone', async () => {
    s = await session();
    const netId = await network(s);
    const { disk, image } = await ids(s);
    for (const name of ['web-1', 'web-2', 'db-1']) {
      const r = await call(s, 'POST', '/compute/v2.1/servers', {
        server: { name, flavorRef: disk.id, imageRef: image, networks: [{ uuid: netId }] },
      });
      expect(r.status).toBe(202);
    }
    const web = await call<{ servers: Array<{ name: string }> }>(
      s,
      'GET',
      '/compute/v2.1/servers/detail?name=^web',
    );
    expect(web.body.servers.map((x) => x.name).sort()).toEqual(['web-1', 'web-2']);
    const az = await call<{ availabilityZoneInfo: Array<{ zoneName: string }> }>(
      s,
      'GET',
      '/compute/v2.1/os-availability-zone',
    );
    expect(az.body.availabilityZoneInfo.map((z) => z.zoneName)).toEqual(['nova']);
    expect((await call(s, 'GET', '/compute/v2.1/os-availability-zone/detail')).status).toBe(403);
    const kp = await call(
      s,
      'POST',
      '/compute/v2.1/os-keypairs',
      { keypair: { name: 'k1', public_key: 'ssh-ed25519 AAAA test' } },
      { 'openstack-api-version': 'compute 2.2' },
    );
    expect(kp.status).toBe(201);
    const kps = await call<{ keypairs: Array<{ keypair: { name: string } }> }>(
      s,
      'GET',
      '/compute/v2.1/os-keypairs',
    );
    expect(kps.body.keypairs.map((k) => k.keypair.name)).toEqual(['k1']);
  });
});
