// scs-0102-os_purpose-uniqueness: at most one visible public generic image per (os_distro, os_version, architecture).
import type { Image } from '../../artifacts/iaas.js';
import { defineProbe } from '../types.js';
import { requireData } from './support/data.js';
import { imageLabel, isSet, prop, publicImages } from './support/images.js';
import {
  SCS_0102_STANDARDS,
  type ImageMetadataData,
  type ImageMetadataDataId,
  imageRulesParams,
  rulesDataId,
} from './support/image-rules.js';
import { type Offender, fail, pass } from './support/results.js';

const DEFAULT_RULES: ImageMetadataDataId = 'scs-0102-image-metadata-v2';

export default defineProbe({
  meta: {
    id: 'scs-0102-os_purpose-uniqueness',
    title: 'Generic images are unique per distribution, version and architecture',
    failureTitle: 'Several visible public generic images share distribution, version and architecture',
    description:
      'Among public images that are not hidden and have os_purpose=generic, no two may coincide in os_distro, ' +
      'os_version and architecture.',
    standards: SCS_0102_STANDARDS,
    artifacts: ['Images'],
    params: imageRulesParams(DEFAULT_RULES),
  },
  evaluate(artifacts, ctx) {
    const dataId = rulesDataId(ctx, DEFAULT_RULES);
    const u = requireData<ImageMetadataData>(ctx, dataId).uniqueness;
    const all = artifacts.Images;
    // "two images that have os_hidden=False, visibility=public"
    const candidates = publicImages(all, { includeHidden: false, visibilities: u.visibilities }).filter(
      (img) => prop(img, 'os_purpose') === u.purpose,
    );
    const buckets = new Map<string, Image[]>();
    const skipped: string[] = [];
    for (const img of candidates) {
      const distro = prop(img, 'os_distro');
      const version = prop(img, 'os_version');
      // Images without distro or version cannot be searched for; -prop-os_distro/-prop-os_version judge them.
      if (!isSet(distro) || !isSet(version)) {
        skipped.push(imageLabel(img));
        continue;
      }
      const arch = isSet(prop(img, 'architecture')) ? String(prop(img, 'architecture')) : '';
      const key = JSON.stringify([String(distro), String(version), arch]);
      buckets.set(key, [...(buckets.get(key) ?? []), img]);
    }
    const offenders: Offender[] = [];
    const groups: Array<{ os_distro: string; os_version: string; architecture: string; images: string[] }> =
      [];
    for (const [key, imgs] of buckets) {
      if (imgs.length < 2) continue;
      const [os_distro, os_version, architecture] = JSON.parse(key) as [string, string, string];
      groups.push({ os_distro, os_version, architecture, images: imgs.map(imageLabel) });
      for (const img of imgs) {
        offenders.push({
          resource: imageLabel(img),
          id: img.id,
          problem: `one of ${imgs.length} visible public images with os_purpose=${u.purpose}, os_distro=${os_distro}, os_version=${os_version}, architecture=${architecture || '(unset)'}`,
        });
      }
    }
    const judged = candidates.map(imageLabel);
    const warnings = skipped.length
      ? [`generic images without os_distro/os_version not grouped: ${skipped.join(', ')}`]
      : [];
    if (groups.length > 0) {
      return fail(
        'os-purpose-generic-not-unique',
        `${groups.length} (os_distro, os_version, architecture) assignment(s) have several visible public generic images: ` +
          groups
            .map(
              (g) =>
                `${g.os_distro} ${g.os_version} ${g.architecture || '(no arch)'}: ${g.images.join(', ')}`,
            )
            .join('; ') +
          '. Keep one generic image per assignment; hide the older ones or set their os_purpose to oldgeneric.',
        { judged, offenders, values: { groups, level: u.level, rules: dataId } },
        warnings.length ? { warnings } : undefined,
      );
    }
    return pass(
      'os-purpose-generic-unique',
      `Each (os_distro, os_version, architecture) has at most one visible public generic image (${candidates.length} generic image(s)).`,
      { judged, values: { level: u.level, rules: dataId } },
      warnings.length ? { warnings } : undefined,
    );
  },
});
