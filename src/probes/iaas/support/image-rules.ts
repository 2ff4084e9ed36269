// The scs-0102 rule vocabulary (data in standards/data/scs-0102-image-metadata-v*.yaml) and how one image is judged.
import type { Image } from '../../../artifacts/iaas.js';
import type { ProbeContext } from '../../types.js';
import { type DateFormat, parseApiTimestamp, parseDate } from './dates.js';
import { isSet, prop } from './images.js';

export const IMAGE_METADATA_DATA_IDS = ['scs-0102-image-metadata-v1', 'scs-0102-image-metadata-v2'] as const;
export type ImageMetadataDataId = (typeof IMAGE_METADATA_DATA_IDS)[number];

/** The texts every scs-0102 probe implements. */
export const SCS_0102_STANDARDS = [
  { id: 'scs-0102-v1', url: 'https://docs.scs.community/standards/scs-0102-v1-image-metadata' },
  { id: 'scs-0102-v2', url: 'https://docs.scs.community/standards/scs-0102-v2-image-metadata' },
];

/** The `rules` parameter: which scs-0102 data file to judge by. */
export function rulesParam(defaultId: ImageMetadataDataId, what = 'data file') {
  return {
    type: 'string',
    enum: [...IMAGE_METADATA_DATA_IDS],
    description: `${what} (default ${defaultId})`,
  };
}

/** Parameters of a probe that takes only `rules`. */
export function imageRulesParams(defaultId: ImageMetadataDataId) {
  return { type: 'object', additionalProperties: false, properties: { rules: rulesParam(defaultId) } };
}

/** The data file the testcase binds (validated against the enum at compile time), or the probe's default. */
export function rulesDataId(ctx: ProbeContext, defaultId: ImageMetadataDataId): ImageMetadataDataId {
  const bound = ctx.params['rules'];
  return IMAGE_METADATA_DATA_IDS.find((id) => id === bound) ?? defaultId;
}

export type Alternative =
  | { enum: string[] }
  | { pattern: string }
  | { date: DateFormat[] }
  | { url: string[] }
  | { urlPrefix: string[] };

export type PropertyCheck =
  | { kind: 'enum'; values: string[] }
  | { kind: 'vocabulary'; values: string[] }
  | { kind: 'non-empty' }
  | { kind: 'accept'; anyOf: Alternative[] }
  | { kind: 'positive-integer'; warnBelow?: number }
  | { kind: 'min-disk' }
  | { kind: 'build-date'; formats: DateFormat[]; notAfterCreatedAt: boolean; notInFuture: boolean };

export interface PropertyRule {
  key: string;
  level: 'mandatory' | 'recommended' | 'optional';
  required: boolean;
  check: PropertyCheck;
  reference?: { required: boolean; check: PropertyCheck };
  deviation?: string;
}

export interface RecencyRules {
  periods: Record<string, { months?: number; days?: number }>;
  exempt: string[];
  graceDays: number;
  untilLiterals: string[];
  untilFormats: DateFormat[];
  outdatedMarkers: string[];
  markerDateFormats: DateFormat[];
  reference: { hours: Record<string, number>; margin: number; untilFormats: DateFormat[] };
}

export interface ImageMetadataData {
  standard: string;
  url: string;
  images: { visibilities: string[]; includeHidden: boolean };
  properties: Record<string, PropertyRule>;
  recency: RecencyRules;
  uniqueness: { level: 'mandatory' | 'recommended'; purpose: string; visibilities: string[] };
}

const GIB = 1024 ** 3;

/** What is wrong with one image under one rule: undefined when fine; `warning` for non-fatal remarks. */
export interface Verdict {
  problem?: string;
  warning?: string;
  /** The judgement cannot be made (the reference script would raise): becomes ABORT in reference mode. */
  undecidable?: string;
}

export function judgeProperty(
  img: Image,
  key: string,
  required: boolean,
  check: PropertyCheck,
  nowMs: number,
): Verdict {
  const value = prop(img, key);
  if (check.kind === 'min-disk' || check.kind === 'positive-integer') {
    // Glance reports 0 for "not set" on these integer fields.
    if (value === undefined || value === null || value === 0) {
      return required ? { problem: `${key} not set` } : {};
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      return { problem: `${key} is not a non-negative integer: ${JSON.stringify(value)}` };
    }
    if (check.kind === 'positive-integer') {
      if (check.warnBelow !== undefined && value < check.warnBelow) {
        return { warning: `${key} ${value} is below ${check.warnBelow}` };
      }
      return {};
    }
    const size = img.size;
    if (typeof size !== 'number') {
      return { undecidable: `size unknown, cannot compare min_disk ${value} GiB with it` };
    }
    if (value * GIB < size) {
      return {
        problem: `min_disk ${value} GiB (${value * GIB} bytes) is smaller than the image size ${size} bytes`,
      };
    }
    return {};
  }
  if (!isSet(value)) return required ? { problem: `${key} not set` } : {};
  const text = typeof value === 'string' ? value : undefined;
  switch (check.kind) {
    case 'non-empty':
      return text !== undefined && text.trim() !== '' ? {} : { problem: `${key} is empty or not a string` };
    case 'vocabulary':
      // An open vocabulary (Glance's os_distro follows libosinfo): a value outside the known list is remarked on,
      // not failed, since no list we keep can be complete.
      if (text === undefined || text.trim() === '') return { problem: `${key} is empty or not a string` };
      return check.values.includes(text)
        ? {}
        : {
            warning: `${key} ${JSON.stringify(value)} is not among the recognised values ${check.values.join(', ')}`,
          };
    case 'enum':
      return text !== undefined && check.values.includes(text)
        ? {}
        : { problem: `${key} ${JSON.stringify(value)} is not one of ${check.values.join(', ')}` };
    case 'accept':
      return text !== undefined && check.anyOf.some((alt) => accepts(alt, text))
        ? {}
        : { problem: `${key} ${JSON.stringify(value)} is not ${check.anyOf.map(describe).join(' or ')}` };
    case 'build-date': {
      const built = parseDate(text, check.formats);
      const created = parseApiTimestamp(img.created_at);
      if (built === undefined) {
        return { problem: `${key} ${JSON.stringify(value)} is not ${check.formats.join(' or ')}` };
      }
      if (check.notInFuture && built > nowMs) {
        return { problem: `${key} ${text} lies in the future` };
      }
      if (check.notAfterCreatedAt && created !== undefined && built > created) {
        return { problem: `${key} ${text} is after the registration date created_at ${img.created_at}` };
      }
      return {};
    }
  }
}

function accepts(alt: Alternative, text: string): boolean {
  if ('enum' in alt) return alt.enum.includes(text);
  if ('pattern' in alt) return new RegExp(alt.pattern).test(text);
  if ('date' in alt) return parseDate(text, alt.date) !== undefined;
  if ('url' in alt) {
    try {
      const u = new URL(text);
      return alt.url.includes(u.protocol.replace(/:$/, '')) && u.hostname !== '';
    } catch {
      return false;
    }
  }
  // The reference's URL test: the text before the first `://` is one of the schemes, nothing more.
  const idx = text.indexOf('://');
  return idx >= 0 && alt.urlPrefix.includes(text.slice(0, idx));
}

function describe(alt: Alternative): string {
  if ('enum' in alt) return `one of ${alt.enum.join(', ')}`;
  if ('pattern' in alt) return `matching ${alt.pattern}`;
  if ('date' in alt) return `a date ${alt.date.join(' or ')}`;
  if ('url' in alt) return `a URL (${alt.url.join(', ')})`;
  return `a URL (${alt.urlPrefix.join(', ')})`;
}
