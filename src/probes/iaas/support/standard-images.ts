// scs-0104 image lists (standards/data/scs-0104-images-*.yaml) and the matching of image names against an entry.
import type { Image } from '../../../artifacts/iaas.js';
import type { ProbeContext } from '../../types.js';
import { requireData, stringParam } from './data.js';
import { publicImages } from './images.js';

export const IMAGE_SPEC_DATA_IDS = ['scs-0104-images-v1-1', 'scs-0104-images-v1-2'] as const;

/** The texts both scs-0104 probes implement. */
export const SCS_0104_STANDARDS = [
  { id: 'scs-0104-v1', url: 'https://docs.scs.community/standards/scs-0104-v1-standard-images' },
  {
    id: 'scs-0104-w1',
    url: 'https://docs.scs.community/standards/scs-0104-w1-standard-images-implementation',
  },
];

export interface ImageSpecEntry {
  name: string;
  name_scheme?: string;
  status: 'mandatory' | 'recommended' | 'optional';
  source: string[];
  note?: string;
}

export interface ImageSpecData {
  standard: string;
  url: string;
  images: ImageSpecEntry[];
}

export const IMAGE_SPEC_PARAMS = {
  type: 'object',
  additionalProperties: false,
  required: ['spec', 'entry'],
  properties: {
    spec: { type: 'string', enum: [...IMAGE_SPEC_DATA_IDS], description: 'data id of the image list' },
    entry: { type: 'string', minLength: 1, description: 'name of the entry in that list' },
  },
} as const;

export function specEntry(ctx: ProbeContext): { dataId: string; entry: ImageSpecEntry } {
  const dataId = stringParam(ctx, 'spec');
  const name = stringParam(ctx, 'entry');
  const data = requireData<ImageSpecData>(ctx, dataId);
  const entry = data.images.find((e) => e.name === name);
  if (!entry) throw new Error(`testcase ${ctx.testcaseId}: no entry '${name}' in ${dataId}; fix the binding`);
  return { dataId, entry };
}

/**
 * Does `name` belong to the entry? A name scheme must match the whole name (text: "whose name matches the regular
 * expression"); the reference uses Python's re.match, anchored at the start only.
 */
export function nameMatches(
  entry: ImageSpecEntry,
  name: string | null,
  mode: 'standard' | 'reference',
): boolean {
  if (name === null) return false;
  if (entry.name_scheme === undefined) return name === entry.name;
  const re = new RegExp(mode === 'reference' ? `^(?:${entry.name_scheme})` : `^(?:${entry.name_scheme})$`);
  return re.test(name);
}

/**
 * The images the reference script sees: Glance's default listing (hidden images left out), public or community,
 * one image per name (the last one listed wins, as in its name -> image map).
 */
export function referenceImageView(images: Image[]): Image[] {
  const byName = new Map<string | null, Image>();
  for (const img of publicImages(images, { includeHidden: false })) byName.set(img.name, img);
  return [...byName.values()];
}

/**
 * The images of `entry` as `mode` sees them: the reference script's listing, or the public and community images
 * (hidden ones too when `includeHidden`), whose names match the entry.
 */
export function entryImages(
  images: Image[],
  entry: ImageSpecEntry,
  mode: 'standard' | 'reference',
  includeHidden: boolean,
): Image[] {
  const pool = mode === 'reference' ? referenceImageView(images) : publicImages(images, { includeHidden });
  return pool.filter((img) => nameMatches(entry, img.name, mode));
}
