// scs-0123-service-* / -storage-apis: catalog types, with the Service Type Authority aliases the v2 text permits.
import { describe, expect, it } from 'vitest';
import type { CatalogService } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0123-service.js';
import { run } from './helpers.js';

const svc = (type: string, endpoints = 1): CatalogService => ({
  type,
  name: `${type}-svc`,
  endpoints: Array.from({ length: endpoints }, () => ({
    interface: 'public',
    region_id: 'RegionOne',
    url: `https://${type}.example/v1`,
  })),
});
const STORAGE = { types: ['block-storage', 'volumev3', 'volume'], name: 'block storage' };
const judge = (
  params: Record<string, unknown>,
  catalog: CatalogService[],
  mode: 'standard' | 'reference' = 'standard',
) => run(probe, { ServiceCatalog: catalog }, { params, mode });

describe('scs-0123-service', () => {
  it.each(['compute', 'identity', 'image', 'network', 'load-balancer', 'placement', 'object-store-s3'])(
    'finds %s',
    (type) => {
      const r = judge({ types: [type], name: type }, [svc('identity'), svc(type)]);
      expect(r.outcome).toBe('PASS');
      expect(r.messageId).toBe('service-present');
    },
  );

  it('fails a missing service and says what to register', () => {
    const r = judge({ types: ['load-balancer'], name: 'load balancer' }, [svc('compute'), svc('network')]);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('service-missing');
    expect(r.evidence?.offenders).toEqual([{ resource: 'load balancer', problem: 'missing' }]);
    expect(r.message).toContain('load-balancer');
  });

  it('does not take object-store for object-store-s3', () => {
    expect(judge({ types: ['object-store-s3'], name: 'S3' }, [svc('object-store')]).outcome).toBe('FAIL');
  });

  describe('storage APIs and their aliases', () => {
    it.each([
      ['block-storage', 'PASS', 'PASS', false],
      ['volumev3', 'PASS', 'PASS', true],
      ['volume', 'PASS', 'PASS', true],
      ['volumev2', 'PASS', 'FAIL', true],
      ['block-store', 'PASS', 'FAIL', true],
      ['share', 'FAIL', 'FAIL', false],
    ] as const)('%s: text %s, reference %s', (type, std, ref, warn) => {
      const s = judge(STORAGE, [svc(type)]);
      const r = judge(STORAGE, [svc(type)], 'reference');
      expect(s.outcome).toBe(std);
      expect(r.outcome).toBe(ref);
      expect(s.deviations).toEqual(std !== ref ? ['sta-aliases'] : undefined);
      // "Catalog entries SHOULD use the canonical service type"
      expect(Boolean(s.warnings?.length)).toBe(warn);
    });
  });

  it('a catalog entry without endpoints is not findable (text) but counts for the reference', () => {
    const s = judge({ types: ['image'], name: 'image' }, [svc('image', 0)]);
    const r = judge({ types: ['image'], name: 'image' }, [svc('image', 0)], 'reference');
    expect(s.outcome).toBe('FAIL');
    expect(s.evidence?.offenders?.[0]?.problem).toBe('no endpoints');
    expect(r.outcome).toBe('PASS');
    expect(s.deviations).toEqual(['service-without-endpoint']);
  });
});
