// scs-0121-availability-zones judged on fixtures: single AZ valid, cross-attach refused/allowed/error, regions.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0121-availability-zones.js';
import type { AvailabilityZones, CrossAzAttachCheck } from '../../src/artifacts/iaas/availability-zones.js';
import { run } from './helpers.js';

function zones(
  compute: string[],
  volume: string[],
  over: Partial<AvailabilityZones> = {},
): AvailabilityZones {
  const l = (z: string[]) => ({ present: true, zones: z, unavailable: [], regions: ['RegionOne'] });
  return {
    compute: l(compute),
    volume: l(volume),
    network: l(['nova']),
    aggregates: { visible: false, status: 403, items: [] },
    catalogRegions: ['RegionOne'],
    ...over,
  };
}
const notTried: CrossAzAttachCheck = { attempted: false, reason: 'one storage AZ', steps: [] };
const tried = (over: Partial<CrossAzAttachCheck>): CrossAzAttachCheck => ({
  attempted: true,
  computeAz: 'az1',
  storageAz: 'az2',
  steps: [],
  ...over,
});
const judge = (z: AvailabilityZones, c: CrossAzAttachCheck) =>
  run(
    probe,
    { AvailabilityZones: z, CrossAzAttachCheck: c },
    { testcaseId: 'scs-0121-v1-availability-zones' },
  );

describe('scs-0121-availability-zones', () => {
  it('a single-AZ cloud passes and says it is valid', () => {
    const r = judge(zones(['nova'], ['nova']), notTried);
    expect(r.messageId).toBe('az-single');
    expect(r.message).toContain('region RegionOne');
  });

  it('several compute AZs and one storage AZ: the cross-attach rule does not apply', () => {
    expect(judge(zones(['az1', 'az2'], ['nova']), notTried).messageId).toBe('az-single-storage');
  });

  it('cross-attach refused passes', () => {
    const r = judge(zones(['az1', 'az2'], ['az1', 'az2']), tried({ attach: 'refused', status: 400 }));
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('az-cross-attach-refused');
  });

  it('cross-attach allowed is a warning, not a failure (SHOULD NOT)', () => {
    const r = judge(zones(['az1', 'az2'], ['az1', 'az2']), tried({ attach: 'allowed', status: 200 }));
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('az-cross-attach-possible');
    expect(r.warnings?.[0]).toContain('cross_az_attach = False');
  });

  it('a failed attempt or listing aborts, never fails', () => {
    const z = zones(['az1', 'az2'], ['az1', 'az2']);
    expect(judge(z, tried({ attach: 'error', transient: true, detail: 'HTTP 503' })).messageId).toBe(
      'az-cross-attach-transient',
    );
    expect(judge(z, tried({ detail: 'server ERROR: no valid host' })).messageId).toBe(
      'az-cross-attach-error',
    );
    const broken = zones(['nova'], [], {
      volume: {
        present: true,
        zones: [],
        unavailable: [],
        regions: [],
        status: 503,
        error: 'down',
        transient: true,
      },
    });
    expect(judge(broken, notTried).messageId).toBe('az-listing-failed');
    const noCompute = zones([], [], { compute: { present: false, zones: [], unavailable: [], regions: [] } });
    expect(judge(noCompute, notTried).messageId).toBe('az-no-compute');
  });

  it('several regions without a configured one, and unavailable zones, are warnings', () => {
    const z = zones(['nova'], ['nova'], { catalogRegions: ['r1', 'r2'] });
    z.compute.unavailable = ['az9'];
    const r = judge(z, notTried);
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join(' ')).toMatch(/2 regions .*no region_name/);
    expect(r.warnings?.join(' ')).toContain('az9');
  });
});
