// The large-cloud seed: counts per unit, nothing of the standards broken, and listings paged as the real APIs do.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { defaultSeed, startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { applyScale, SCALE_UNIT } from '../../src/democloud/scale.js';

let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

describe('applyScale', () => {
  it('adds units x (50 images, 20 flavors, 5 volume types) with unique names', () => {
    const seed = defaultSeed(new Date('2026-12-01T00:00:00Z'));
    const before = { i: seed.images.length, f: seed.flavors.length, t: seed.volumeTypes.length };
    applyScale(seed, 3);
    expect(seed.images.length - before.i).toBe(3 * SCALE_UNIT.images);
    expect(seed.flavors.length - before.f).toBe(3 * SCALE_UNIT.flavors);
    expect(seed.volumeTypes.length - before.t).toBe(3 * SCALE_UNIT.volumeTypes);
    expect(new Set(seed.images.map((i) => i.name)).size).toBe(seed.images.length);
    expect(new Set(seed.flavors.map((f) => f.name)).size).toBe(seed.flavors.length);
    // Added images are application images, never a second generic image of a distribution.
    expect(
      seed.images
        .filter((i) => i.name.startsWith('scale-'))
        .every((i) => i.properties.os_purpose === 'custom'),
    ).toBe(true);
  });

  it('refuses what is not a whole number of units in range', () => {
    const seed = defaultSeed(new Date());
    expect(() => applyScale(seed, 1.5)).toThrow(/whole number/);
    expect(() => applyScale(seed, 100_000)).toThrow(/whole number from 0 to/);
  });
});

describe('a scaled cloud pages its listings', () => {
  it('5,000+ images come in pages of 1,000 (Glance `next`), 2,000+ flavors in pages of 1,000 (Nova links)', async () => {
    cloud = await startDemoCloud({ scale: 100 });
    const client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' } });
    try {
      const images = await client.list('image', '/images', 'images', { query: { limit: '1000' } });
      const flavors = await client.list('compute', '/flavors/detail', 'flavors');
      const expected = defaultSeed(new Date());
      // All scale images are public; a few of the default seed's are not visible to a member.
      expect(images.length).toBeGreaterThanOrEqual(5000);
      expect(images.length).toBeLessThanOrEqual(expected.images.length + 5000);
      expect(flavors.length).toBe(expected.flavors.length + 2000);
      const calls = client.stats().byCall;
      expect(calls['image GET /images']).toBe(Math.floor(images.length / 1000) + 1);
      expect(calls['compute GET /flavors/detail']).toBe(Math.floor(flavors.length / 1000) + 1);
    } finally {
      await client.close();
    }
  });
});
