// The advisory gatherers (scs-0302 domain manager, scs-0126 provider networks, scs-0121 zones and cross-attach)
// under injected faults on the embedded cloud: a create whose answer was lost is adopted by name, never made twice
// and never left behind; a transient fault that outlives the retries ends as ABORT, never as FAIL or PASS.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderNetworks } from '../../src/artifacts/provider-networks.js';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { isInconclusive } from '../../src/clients/openstack/errors.js';
import { iamOf } from '../../src/democloud/iam.js';
import { startDemoCloud, type DemoCloud, type FaultRule } from '../../src/democloud/index.js';
import { availabilityZonesGatherer } from '../../src/gatherers/openstack/availability-zones.js';
import { crossAzAttachCheckGatherer } from '../../src/gatherers/openstack/cross-az-attach-check.js';
import {
  DOMAIN_MANAGERS_OPTION,
  domainManagerCheckGatherer,
} from '../../src/gatherers/openstack/domain-manager-check.js';
import {
  flavorsGatherer,
  imagesGatherer,
  serviceCatalogGatherer,
} from '../../src/gatherers/openstack/index.js';
import { providerNetworksGatherer } from '../../src/gatherers/openstack/provider-networks.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import type { GatherContext } from '../../src/gatherers/types.js';
import azProbe from '../../src/probes/iaas/scs-0121-availability-zones.js';
import pnProbe from '../../src/probes/iaas/scs-0126-provider-networks.js';
import dmProbe from '../../src/probes/iaas/scs-0302-domain-manager.js';
import { gatherContext } from '../helpers/gather-context.js';
import { run } from '../probes/helpers.js';

const PREFIX = 'scs-cert-fault1-';
let cloud: DemoCloud | undefined;
let client: OpenStackClient | undefined;
afterEach(async () => {
  await client?.close();
  await cloud?.stop();
  cloud = undefined;
  client = undefined;
});

async function start(rules: FaultRule[], profile?: string) {
  // Servers build on the cloud's clock: a fast clock lets the waits finish at once.
  let t = Date.parse('2026-08-21T10:00:00Z');
  cloud = await startDemoCloud({ ...(profile && { profile }), faults: { rules }, clock: () => (t += 5_000) });
  client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' }, sleep: async () => {} });
  const ledger = new RunLedger(PREFIX);
  const ctx: GatherContext = {
    ...gatherContext(client, ledger),
    options: { [DOMAIN_MANAGERS_OPTION]: cloud.domainManagers },
  };
  return { cloud, client, ledger, ctx };
}

/** Every Keystone user, project and group of the cloud named with the run's prefix. */
function identityLeftovers(c: DemoCloud): string[] {
  const s = c.state;
  return [...s.users.values(), ...s.projects.values()].map((x) => x.name).filter((n) => n.startsWith(PREFIX));
}

describe('scs-0302: Keystone creates are tracked intent first', () => {
  const judge = (check: Awaited<ReturnType<typeof domainManagerCheckGatherer.gather>>) =>
    run(dmProbe, { DomainManagerCheck: check }, { testcaseId: 'scs-0302-v1-domain-manager' });

  it('a user whose create answer was lost is adopted by name: no duplicate, deleted, PASS', async () => {
    const { ctx, ledger } = await start([{ route: 'POST /identity/v3/users', fault: 'truncate', times: 1 }]);
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    const create = check.operations.find((o) => o.id === 'own/create-user' && o.actor === 'A');
    expect(create).toMatchObject({ observed: 'allowed' });
    expect(create?.detail).toContain('the answer was lost');
    expect(judge(check).messageId).toBe('domain-manager-scoped');
    const userA = ledger.entries().filter((e) => e.name === `${PREFIX}user-a`);
    expect(userA).toEqual([expect.objectContaining({ kind: 'identity-user', state: 'deleted' })]);
    expect(userA[0]!.id).toMatch(/\S/);
    expect(ledger.outstanding()).toEqual([]);
    expect(identityLeftovers(cloud!)).toEqual([]);
  });

  it('a wrongly allowed create in the other domain whose answer was lost is found there, FAILs and is deleted', async () => {
    // The third user create is manager A's in domain B (after both managers' own users).
    const { ctx, ledger } = await start(
      [{ route: 'POST /identity/v3/users', fault: 'truncate', skip: 2, times: 1 }],
      'domain-manager-unscoped',
    );
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    expect(check.operations.find((o) => o.id === 'foreign/create-user')).toMatchObject({
      observed: 'allowed',
    });
    const r = judge(check);
    expect(r.outcome).toBe('FAIL');
    expect(r.message).toContain('creates a user in scs-test-domain-b');
    expect(ledger.entries().filter((e) => e.name === `${PREFIX}stray-user`)).toEqual([
      expect.objectContaining({ state: 'deleted' }),
    ]);
    expect(ledger.outstanding()).toEqual([]);
    expect(identityLeftovers(cloud!)).toEqual([]);
  });

  it('a 503 on a group create that made nothing: sent once more, one group, PASS', async () => {
    const { ctx, ledger } = await start([
      { route: 'POST /identity/v3/groups', fault: 'status', status: 503, times: 1 },
    ]);
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    expect(judge(check).messageId).toBe('domain-manager-scoped');
    expect(ledger.entries().filter((e) => e.kind === 'identity-group')).toHaveLength(2);
    expect(ledger.outstanding()).toEqual([]);
    expect([...iamOf(cloud!.state).groups.values()].filter((g) => g.name.startsWith(PREFIX))).toEqual([]);
  });

  it('a role listing that keeps failing with 503 is ABORT (transient), never FAIL', async () => {
    const { ctx, ledger } = await start([{ route: 'GET /identity/v3/roles', fault: 'status', status: 503 }]);
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    expect(check.operations.find((o) => o.id === 'own/list-roles')).toMatchObject({
      observed: 'error',
      status: 503,
      transient: true,
    });
    const r = judge(check);
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('domain-manager-transient');
    expect(ledger.outstanding()).toEqual([]);
  });

  it('a reset DELETE is sent once more; a 404 then is not taken for a refusal', async () => {
    const { ctx, ledger } = await start([{ route: 'DELETE /identity/v3/users/*', fault: 'reset', times: 1 }]);
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    // the reset reached no handler: the second DELETE deletes the user
    expect(check.operations.find((o) => o.id === 'own/delete-user')).toMatchObject({
      observed: 'allowed',
      status: 204,
    });
    expect(judge(check).messageId).toBe('domain-manager-scoped');
    expect(ledger.outstanding()).toEqual([]);
  });

  it('a DELETE the cloud carried out but whose answer was lost: the 404 of the re-send is ABORT, never FAIL', async () => {
    // the first user DELETE is A's refused one in domain B; the second deletes A's own user
    const { ctx, ledger } = await start([
      { route: 'DELETE /identity/v3/users/*', fault: 'truncate', skip: 1, times: 1 },
    ]);
    const check = await domainManagerCheckGatherer.gather(ctx, {});
    const op = check.operations.find((o) => o.id === 'own/delete-user');
    expect(op).toMatchObject({ observed: 'error', status: 404, transient: true });
    expect(op?.detail).toContain('may have carried it out');
    const r = judge(check);
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('domain-manager-transient');
    expect(ledger.outstanding()).toEqual([]);
    expect(identityLeftovers(cloud!)).toEqual([]);
  });
});

describe('scs-0126: the floating IP, network and RBAC policy are tracked intent first', () => {
  /** Floating IPs and RBAC policies of the member's project, as the cloud lists them. */
  async function remaining(c: OpenStackClient) {
    return {
      fips: await c.list('network', '/floatingips', 'floatingips'),
      policies: await c.list('network', '/rbac-policies', 'rbac_policies'),
      networks: (await c.list<{ name: string }>('network', '/networks', 'networks')).filter((n) =>
        n.name.startsWith(PREFIX),
      ),
    };
  }
  const judge = (a: ProviderNetworks, testcaseId: string) =>
    run(pnProbe, { ProviderNetworks: a }, { testcaseId });

  it.each<[string, FaultRule, string | undefined]>([
    [
      'POST /floatingips',
      { route: 'POST /networking/*/floatingips', fault: 'truncate', times: 1 },
      undefined,
    ],
    ['POST /networks', { route: 'POST /networking/*/networks', fault: 'truncate', times: 1 }, undefined],
    [
      'POST /rbac-policies',
      { route: 'POST /networking/*/rbac-policies', fault: 'truncate', times: 1 },
      'rbac-allowed',
    ],
  ])(
    'the answer to %s lost after the cloud made it: adopted, deleted, nothing left',
    async (_l, rule, profile) => {
      const healthy = await start([], profile);
      const expected = await providerNetworksGatherer.gather(healthy.ctx, {});
      await client?.close();
      await cloud?.stop();
      const { ctx, ledger, client: c } = await start([rule], profile);
      const got = await providerNetworksGatherer.gather(ctx, {});
      expect(got.floatingIp?.allocated).toBe(true);
      expect(got.rbac).toMatchObject({ refused: expected.rbac?.refused });
      expect(judge(got, 'scs-0126-v1-floating-ip').outcome).toBe(
        judge(expected, 'scs-0126-v1-floating-ip').outcome,
      );
      expect(ledger.entries().length).toBe(healthy.ledger.entries().length);
      expect(ledger.outstanding()).toEqual([]);
      expect(await remaining(c)).toEqual({ fips: [], policies: [], networks: [] });
    },
  );

  it('a floating IP create that keeps failing with 503 fails the gatherer (ABORT), leaving nothing', async () => {
    const {
      ctx,
      ledger,
      client: c,
    } = await start([{ route: 'POST /networking/*/floatingips', fault: 'status', status: 503 }]);
    const err = await providerNetworksGatherer.gather(ctx, {}).catch((e: unknown) => e);
    expect(isInconclusive(err)).toBe(true);
    expect(ledger.outstanding()).toEqual([]);
    expect(await remaining(c)).toEqual({ fips: [], policies: [], networks: [] });
  });

  it('a listing that keeps failing with 503 fails the gatherer (ABORT), creating nothing', async () => {
    const { ctx, ledger } = await start([
      { route: 'GET /networking/*/subnetpools', fault: 'status', status: 503 },
    ]);
    const err = await providerNetworksGatherer.gather(ctx, {}).catch((e: unknown) => e);
    expect(isInconclusive(err)).toBe(true);
    expect(ledger.entries()).toEqual([]);
  });

  it('a quota refusal (409) is the cloud answer: judged, not aborted', async () => {
    const { ctx } = await start([], 'no-floating-ip');
    const got = await providerNetworksGatherer.gather(ctx, {});
    expect(got.floatingIp).toMatchObject({ allocated: false, status: 409 });
  });
});

describe('scs-0121: zone listings and the cross-attach under faults', () => {
  async function gatherAz(ctx: GatherContext) {
    const ServiceCatalog = await serviceCatalogGatherer.gather(ctx, {});
    return availabilityZonesGatherer.gather(ctx, { ServiceCatalog });
  }
  async function gatherCross(ctx: GatherContext) {
    const AvailabilityZones = await gatherAz(ctx);
    const CrossAzAttachCheck = await crossAzAttachCheckGatherer.gather(ctx, {
      AvailabilityZones,
      Images: await imagesGatherer.gather(ctx, {}),
      Flavors: await flavorsGatherer.gather(ctx, {}),
    });
    const result = run(
      azProbe,
      { AvailabilityZones, CrossAzAttachCheck },
      { testcaseId: 'scs-0121-v1-availability-zones' },
    );
    return { CrossAzAttachCheck, result };
  }

  it.each<[string, string]>([
    ['compute zones', 'GET /compute/*/os-availability-zone'],
    ['volume zones', 'GET /volume/*/os-availability-zone'],
    ['network zones', 'GET /networking/*/availability_zones'],
    ['host aggregates', 'GET /compute/*/os-aggregates'],
  ])(
    '%s failing with 503 after the retries: the gatherer fails (ABORT), nothing judged',
    async (_l, route) => {
      const { ctx } = await start([{ route, fault: 'status', status: 503 }], 'multi-az');
      const err = await gatherAz(ctx).catch((e: unknown) => e);
      expect(isInconclusive(err)).toBe(true);
    },
  );

  it('one 503 on a zone listing is retried: the same zones as on a healthy cloud', async () => {
    const { ctx } = await start(
      [{ route: 'GET /compute/*/os-availability-zone', fault: 'status', status: 503, times: 1 }],
      'multi-az',
    );
    expect((await gatherAz(ctx)).compute.zones).toEqual(['az1', 'az2']);
  });

  it('a 500 on a zone listing is the cloud answer: recorded, and the probe says no verdict', async () => {
    const { ctx } = await start([
      { route: 'GET /compute/*/os-availability-zone', fault: 'status', status: 500 },
    ]);
    const zones = await gatherAz(ctx);
    expect(zones.compute).toMatchObject({ present: true, status: 500 });
    expect(zones.compute.transient).toBeUndefined();
  });

  it.each<[string, FaultRule]>([
    [
      'the attach failing with 503',
      { route: 'POST /compute/*/servers/*/os-volume_attachments', fault: 'status', status: 503 },
    ],
    ['the attach reset', { route: 'POST /compute/*/servers/*/os-volume_attachments', fault: 'reset' }],
    ['the volume create failing with 503', { route: 'POST /volume/*/volumes', fault: 'status', status: 503 }],
  ])('%s: ABORT (transient), never PASS, server and volume deleted', async (_l, rule) => {
    const { ctx, ledger } = await start([rule], 'multi-az');
    const { CrossAzAttachCheck, result } = await gatherCross(ctx);
    expect(CrossAzAttachCheck.transient).toBe(true);
    expect(result.outcome).toBe('ABORT');
    expect(result.messageId).toBe('az-cross-attach-transient');
    expect(ledger.outstanding()).toEqual([]);
    expect(cloud!.state.servers.size).toBe(0);
    expect([...cloud!.state.volumes.values()].filter((v) => v.name?.startsWith(PREFIX))).toEqual([]);
  });
});
