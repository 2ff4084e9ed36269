// scs-0121 end to end against the embedded cloud: zones listed, cross-attach tried and judged, nothing left behind.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { availabilityZonesGatherer } from '../../src/gatherers/openstack/availability-zones.js';
import { crossAzAttachCheckGatherer } from '../../src/gatherers/openstack/cross-az-attach-check.js';
import {
  flavorsGatherer,
  imagesGatherer,
  serviceCatalogGatherer,
} from '../../src/gatherers/openstack/index.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import type { GatherContext } from '../../src/gatherers/types.js';
import probe from '../../src/probes/iaas/scs-0121-availability-zones.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  AVAILABILITY_ZONES_SCHEMA,
  CROSS_AZ_ATTACH_CHECK_SCHEMA,
} from '../../src/artifacts/iaas/availability-zones.js';
import { run } from '../probes/helpers.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

async function gather(profile?: string) {
  // Servers build on the cloud's clock: a fast clock lets the waits finish at once.
  let t = Date.parse('2026-08-21T10:00:00Z');
  cloud = await startDemoCloud({ ...(profile && { profile }), clock: () => (t += 5_000) });
  const client = await connectOpenStack({
    config: { ...cloud.cloudConfig, name: 'demo' },
    sleep: async () => {},
  });
  const ledger = new RunLedger('scs-cert-aztest-');
  const ctx: GatherContext = {
    clients: { openstack: client },
    ledger,
    log: quiet,
    progress: () => {},
    signal: new AbortController().signal,
    options: {},
    data: {},
  };
  const ServiceCatalog = await serviceCatalogGatherer.gather(ctx, {});
  const AvailabilityZones = await availabilityZonesGatherer.gather(ctx, { ServiceCatalog });
  const Images = await imagesGatherer.gather(ctx, {});
  const Flavors = await flavorsGatherer.gather(ctx, {});
  const CrossAzAttachCheck = await crossAzAttachCheckGatherer.gather(ctx, {
    AvailabilityZones,
    Images,
    Flavors,
  });
  const result = run(
    probe,
    { AvailabilityZones, CrossAzAttachCheck },
    { testcaseId: 'scs-0121-v1-availability-zones' },
  );
  return { AvailabilityZones, CrossAzAttachCheck, result, ledger };
}

describe('scs-0121 availability zones on the embedded cloud', () => {
  it('a single-AZ cloud is valid: reported, not failed, nothing created', async () => {
    const { AvailabilityZones, CrossAzAttachCheck, result, ledger } = await gather();
    expect(AvailabilityZones.compute.zones).toEqual(['nova']);
    expect(AvailabilityZones.aggregates.visible).toBe(false);
    expect(AvailabilityZones.aggregates.status).toBe(403);
    expect(CrossAzAttachCheck.attempted).toBe(false);
    expect(result.messageId).toBe('az-single');
    expect(ledger.entries()).toEqual([]);
  });

  it('two AZs with cross_az_attach = False: the attach is refused, PASS, server and volume deleted', async () => {
    const { AvailabilityZones, CrossAzAttachCheck, result, ledger } = await gather('multi-az');
    expect(AvailabilityZones.compute.zones).toEqual(['az1', 'az2']);
    expect(AvailabilityZones.volume.zones).toEqual(['az1', 'az2']);
    expect(AvailabilityZones.network.zones).toEqual(['az1', 'az2']);
    expect(CrossAzAttachCheck).toMatchObject({
      attempted: true,
      computeAz: 'az1',
      storageAz: 'az2',
      attach: 'refused',
      status: 400,
    });
    expect(result.messageId).toBe('az-cross-attach-refused');
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    expect(ajv.compile(AVAILABILITY_ZONES_SCHEMA)(AvailabilityZones)).toBe(true);
    expect(ajv.compile(CROSS_AZ_ATTACH_CHECK_SCHEMA)(CrossAzAttachCheck)).toBe(true);
    expect(result.warnings ?? []).toEqual([]);
    expect(ledger.entries().map((e) => [e.kind, e.state])).toEqual([
      ['server', 'deleted'],
      ['volume', 'deleted'],
    ]);
  });

  it('cross-attach allowed: a warning (SHOULD NOT), never a FAIL; detached and deleted', async () => {
    const { CrossAzAttachCheck, result, ledger } = await gather('cross-az-attach');
    expect(CrossAzAttachCheck.attach).toBe('allowed');
    expect(result.outcome).toBe('PASS');
    expect(result.messageId).toBe('az-cross-attach-possible');
    expect(result.warnings?.join(' ')).toContain('SHOULD NOT');
    expect(ledger.outstanding()).toEqual([]);
  });
});
