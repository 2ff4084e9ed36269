// Neutron of the embedded cloud: versions, external networks, the entropy test's network/router dance, SGs, default rules.
import { afterEach, describe, expect, it } from 'vitest';
import { call, session, type Session } from './helpers.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

type Rule = Record<string, unknown> & {
  direction: string;
  ethertype: string;
  remote_group_id: string | null;
  remote_ip_prefix: string | null;
};

describe('Neutron', () => {
  it('serves the version list without a token and the v2.0 resources with one', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/networking/`);
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual({
      versions: [
        { id: 'v2.0', status: 'CURRENT', links: [{ href: `${s.cloud.url}/networking/v2.0/`, rel: 'self' }] },
      ],
    });
    const res = await call<{ resources: Array<{ collection: string }> }>(s, 'GET', '/networking/v2.0/');
    expect(res.body.resources.map((r) => r.collection)).toContain('networks');
    const ext = await call<{ extensions: Array<{ alias: string }> }>(s, 'GET', '/networking/v2.0/extensions');
    expect(ext.body.extensions.map((e) => e.alias)).toEqual(
      expect.arrayContaining(['router', 'external-net', 'security-group', 'security-groups-default-rules']),
    );
  });

  it('finds the external network with router:external=True (as the SDK sends it) and =true', async () => {
    s = await session();
    for (const v of ['True', 'true']) {
      const res = await call<{ networks: Array<{ name: string; 'router:external': boolean }> }>(
        s,
        'GET',
        `/networking/v2.0/networks?router:external=${v}`,
      );
      expect(res.body.networks.map((n) => n.name)).toEqual(['public']);
    }
    const internal = await call<{ networks: unknown[] }>(
      s,
      'GET',
      '/networking/v2.0/networks?router:external=False',
    );
    expect(internal.body.networks).toEqual([]);
  });

  it("creates and tears down the entropy test's network, subnet and router, with Neutron's conflicts on the way", async () => {
    s = await session();
    const v = '/networking/v2.0';
    const net = await call<{ network: { id: string; status: string } }>(s, 'POST', `${v}/networks`, {
      network: { name: '_scs-0101-net' },
    });
    expect(net.status).toBe(201);
    expect(net.body.network.status).toBe('ACTIVE');
    const subnet = await call<{ subnet: Record<string, unknown> & { id: string } }>(
      s,
      'POST',
      `${v}/subnets`,
      {
        subnet: {
          network_id: net.body.network.id,
          cidr: '10.1.0.0/24',
          ip_version: 4,
          gateway_ip: '10.1.0.1',
          enable_dhcp: true,
          allocation_pools: [{ start: '10.1.0.100', end: '10.1.0.199' }],
          dns_nameservers: ['9.9.9.9'],
          name: '_scs-0101-subnet',
        },
      },
    );
    expect(subnet.status).toBe(201);
    expect(subnet.body.subnet).toMatchObject({
      cidr: '10.1.0.0/24',
      gateway_ip: '10.1.0.1',
      allocation_pools: [{ start: '10.1.0.100', end: '10.1.0.199' }],
    });
    const ext = (
      await call<{ networks: Array<{ id: string }> }>(s, 'GET', `${v}/networks?router:external=True`)
    ).body.networks[0]?.id;
    const router = await call<{
      router: { id: string; external_gateway_info: { network_id: string; external_fixed_ips: unknown[] } };
    }>(s, 'POST', `${v}/routers`, {
      router: { name: '_scs-0101-router', external_gateway_info: { network_id: ext } },
    });
    expect(router.status).toBe(201);
    expect(router.body.router.external_gateway_info.network_id).toBe(ext);
    expect(router.body.router.external_gateway_info.external_fixed_ips).toHaveLength(1);
    const rid = router.body.router.id;
    const add = await call<Record<string, unknown>>(s, 'PUT', `${v}/routers/${rid}/add_router_interface`, {
      subnet_id: subnet.body.subnet.id,
    });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({
      id: rid,
      subnet_id: subnet.body.subnet.id,
      network_id: net.body.network.id,
    });

    const inUse = await call(s, 'DELETE', `${v}/networks/${net.body.network.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ NeutronError: { type: 'NetworkInUse', detail: '' } });
    const routerInUse = await call(s, 'DELETE', `${v}/routers/${rid}`);
    expect(routerInUse.status).toBe(409);
    expect(routerInUse.body).toMatchObject({ NeutronError: { type: 'RouterInUse' } });

    expect(
      (
        await call(s, 'PUT', `${v}/routers/${rid}/remove_router_interface`, {
          subnet_id: subnet.body.subnet.id,
        })
      ).status,
    ).toBe(200);
    expect((await call(s, 'DELETE', `${v}/routers/${rid}`)).status).toBe(204);
    expect((await call(s, 'DELETE', `${v}/subnets/${subnet.body.subnet.id}`)).status).toBe(204);
    expect((await call(s, 'DELETE', `${v}/networks/${net.body.network.id}`)).status).toBe(204);
    const gone = await call(s, 'GET', `${v}/networks/${net.body.network.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      NeutronError: {
        type: 'NetworkNotFound',
        message: `Network ${net.body.network.id} could not be found.`,
        detail: '',
      },
    });
  });

  it('gives the default group ingress from itself plus egress, and a new group only the two egress rules', async () => {
    s = await session();
    const v = '/networking/v2.0';
    const groups = await call<{
      security_groups: Array<{ id: string; name: string; security_group_rules: Rule[] }>;
    }>(s, 'GET', `${v}/security-groups`);
    const dflt = groups.body.security_groups.find((g) => g.name === 'default');
    expect(dflt?.security_group_rules).toHaveLength(4);
    const ingress = dflt?.security_group_rules.filter((r) => r.direction === 'ingress') ?? [];
    expect(ingress.map((r) => r.remote_group_id)).toEqual([dflt?.id, dflt?.id]);
    const created = await call<{ security_group: { id: string; security_group_rules: Rule[] } }>(
      s,
      'POST',
      `${v}/security-groups`,
      { security_group: { name: 'scs-test-default-sg', description: 'scs-test-default-sg' } },
    );
    expect(created.status).toBe(201);
    const rules = created.body.security_group.security_group_rules;
    expect(rules.map((r) => `${r.direction}/${r.ethertype}/${r.remote_ip_prefix}`).sort()).toEqual([
      'egress/IPv4/null',
      'egress/IPv6/null',
    ]);
    expect((await call(s, 'DELETE', `${v}/security-groups/${created.body.security_group.id}`)).status).toBe(
      204,
    );
    expect((await call(s, 'GET', `${v}/security-groups/${created.body.security_group.id}`)).status).toBe(404);
  });

  it('serves /v2.0/default-security-group-rules with used_in_default_sg / used_in_non_default_sg', async () => {
    s = await session();
    const res = await call<{ default_security_group_rules: Array<Record<string, unknown>> }>(
      s,
      'GET',
      '/networking/v2.0/default-security-group-rules',
    );
    expect(res.status).toBe(200);
    const rules = res.body.default_security_group_rules.map((r) => [
      r.direction,
      r.ethertype,
      r.remote_group_id,
      r.remote_ip_prefix,
      r.used_in_default_sg,
      r.used_in_non_default_sg,
    ]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['egress', 'IPv4', null, null, true, true],
        ['egress', 'IPv6', null, null, true, true],
        ['ingress', 'IPv4', 'PARENT', null, true, false],
        ['ingress', 'IPv6', 'PARENT', null, true, false],
      ]),
    );
    expect(rules).toHaveLength(4);
    const create = await call(s, 'POST', '/networking/v2.0/default-security-group-rules', {
      default_security_group_rule: { direction: 'ingress' },
    });
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ NeutronError: { type: 'PolicyNotAuthorized' } });
  });

  it('pages lists when asked with limit, with next and previous links', async () => {
    s = await session();
    for (const name of ['a', 'b', 'c'])
      await call(s, 'POST', '/networking/v2.0/networks', { network: { name } });
    const first = await call<{
      networks: Array<{ id: string }>;
      networks_links: Array<{ rel: string; href: string }>;
    }>(s, 'GET', '/networking/v2.0/networks?limit=2');
    expect(first.body.networks).toHaveLength(2);
    const next = first.body.networks_links.find((l) => l.rel === 'next')?.href as string;
    expect(next).toContain('marker=');
    const second = await call<{ networks: Array<{ id: string }>; networks_links: Array<{ rel: string }> }>(
      s,
      'GET',
      next,
    );
    expect(second.body.networks).toHaveLength(2);
    expect(second.body.networks_links.map((l) => l.rel)).toEqual(['next', 'previous']);
    const fields = await call<{ networks: Array<Record<string, unknown>> }>(
      s,
      'GET',
      '/networking/v2.0/networks?fields=id&fields=name&name=a',
    );
    expect(fields.body.networks).toEqual([{ id: expect.any(String), name: 'a' }]);
  });
});
