// Large clouds on demand: `scale` adds, per unit, 50 images, 20 flavors and 5 volume types to a seed, the way a
// big public cloud carries many customer-facing images and flavors besides the SCS ones. 100 units give 5,000
// images, 2,000 flavors and 500 volume types: enough to show whether listing, memory and judging stay flat.
import type { DemoSeed, SeedFlavor, SeedImage, SeedVolumeType } from './types.js';

export const SCALE_UNIT = { images: 50, flavors: 20, volumeTypes: 5 } as const;

/** Largest scale accepted (500,000 images would only measure the machine). */
export const MAX_SCALE = 1000;

/** Adds `units` × SCALE_UNIT resources to the seed (in place); the added ones break no standard. */
export function applyScale(seed: DemoSeed, units: number): void {
  if (!Number.isInteger(units) || units < 0 || units > MAX_SCALE)
    throw new Error(`scale must be a whole number from 0 to ${MAX_SCALE} (got ${units})`);
  const template = seed.images.find((i) => i.visibility === 'public') ?? seed.images[0];
  const width = String(units * SCALE_UNIT.images).length;
  const n = (i: number) => String(i).padStart(width, '0');
  if (template) {
    for (let i = 1; i <= units * SCALE_UNIT.images; i++)
      seed.images.push(customImage(template, `scale-image-${n(i)}`));
  }
  for (let i = 1; i <= units * SCALE_UNIT.flavors; i++)
    seed.flavors.push(customFlavor(i, `scale-flavor-${n(i)}`));
  for (let i = 1; i <= units * SCALE_UNIT.volumeTypes; i++)
    seed.volumeTypes.push(customType(`scale-type-${n(i)}`));
}

/** A customer-facing image with complete scs-0102 metadata, not a generic (standard) image. */
function customImage(template: SeedImage, name: string): SeedImage {
  return {
    ...template,
    name,
    properties: {
      ...template.properties,
      os_purpose: 'custom',
      image_description: `${name}: an application image of the scale seed`,
      replace_frequency: 'never',
      provided_until: 'none',
    },
    tags: ['managed_by_scs_demo', 'scale'],
  };
}

/** A flavor with a provider's own (non-SCS) name: scs-0100 and scs-0103 leave it alone. */
function customFlavor(i: number, name: string): SeedFlavor {
  return { name, vcpus: 1 + (i % 16), ram: 1024 * (1 + (i % 32)), disk: 10 * (i % 10), extraSpecs: {} };
}

function customType(name: string): SeedVolumeType {
  return { name, description: 'a volume type of the scale seed' };
}
