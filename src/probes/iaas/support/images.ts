// Which Glance images the image probes judge, and how they are named in evidence.
import type { Image } from '../../../artifacts/iaas.js';

/**
 * Images provided for public consumption: visibility `public` or `community` (both usable by every project;
 * upstream clarified in SovereignCloudStack/standards PR #1260 that these two are what counts).
 */
export function publicImages(
  images: Image[],
  opts: { includeHidden: boolean; visibilities?: string[] },
): Image[] {
  const vis = opts.visibilities ?? ['public', 'community'];
  return images.filter((img) => vis.includes(img.visibility) && (opts.includeHidden || !isHidden(img)));
}

export function isHidden(img: Image): boolean {
  // Glance returns a boolean; recordings converted from the CLI may carry the string form.
  const h: unknown = img.os_hidden;
  return h === true || h === 'true' || h === 'True';
}

/** Label for evidence: the name (or `(unnamed)`), unique enough together with the id kept alongside. */
export function imageLabel(img: Image): string {
  return img.name && img.name !== '' ? img.name : `(unnamed ${img.id})`;
}

/** Property value as Glance reports it; custom properties are top-level keys of the image. */
export function prop(img: Image, key: string): unknown {
  return img[key];
}

/** A property counts as set when it is present and not the empty string (Glance cannot store null properties). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}
