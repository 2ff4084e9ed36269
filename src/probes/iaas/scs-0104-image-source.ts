// scs-0104-source-*: every image belonging to an entry of the standard image list has an image_source under its prefixes.
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { imageLabel, isHidden, prop, publicImages } from './support/images.js';
import { type Offender, decideWithDeviations, fail, listNames, pass } from './support/results.js';
import {
  IMAGE_SPEC_PARAMS,
  SCS_0104_STANDARDS,
  entryImages,
  nameMatches,
  specEntry,
} from './support/standard-images.js';

export default defineProbe({
  meta: {
    id: 'scs-0104-image-source',
    title: 'Standard images come from the sources the standard image list names',
    failureTitle: 'Standard images have an image_source outside the permitted prefixes',
    description:
      'For one entry of the scs-0104 image list: every public or community image with that name (or whose name ' +
      'matches its name_scheme) must have an image_source starting with one of the listed prefixes.',
    standards: SCS_0104_STANDARDS,
    artifacts: ['Images'],
    params: IMAGE_SPEC_PARAMS,
    deviations: [
      {
        id: 'name-scheme-fullmatch',
        standard:
          'An image belongs to a class if its "name matches the regular expression given via name_scheme": the whole name.',
        reference:
          'Python re.match: the expression only has to match a prefix of the name (e.g. "ubuntu-capi-image-v1.30.2-rc1" matches).',
      },
      {
        id: 'source-duplicate-names',
        standard: '"for any image whose name matches": every image, also several with the same name.',
        reference: 'Looks at one image per name (the last one listed).',
      },
      {
        id: 'source-hidden-images',
        standard:
          '"every actual image in your environment that matches" (scs-0104-w1): hidden images too, when the listing has them.',
        reference: "Glance's default listing leaves hidden images out, so they are never judged.",
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const { dataId, entry } = specEntry(ctx);
    const images = artifacts.Images;
    const values = {
      spec: dataId,
      entry: entry.name,
      name_scheme: entry.name_scheme ?? null,
      source: entry.source,
    };

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const matching = entryImages(images, entry, mode, true);
      const devs = new Set<string>();
      for (const img of matching) {
        if (entry.name_scheme && !nameMatches(entry, img.name, 'standard')) devs.add('name-scheme-fullmatch');
        if (isHidden(img)) devs.add('source-hidden-images');
        if (matching.filter((o) => o.name === img.name).length > 1) devs.add('source-duplicate-names');
      }
      if (mode === 'reference') {
        // Images the reference would not look at, which the text covers.
        for (const img of publicImages(images, { includeHidden: true })) {
          if (matching.includes(img) || !nameMatches(entry, img.name, 'standard')) continue;
          devs.add(isHidden(img) ? 'source-hidden-images' : 'source-duplicate-names');
        }
      }
      const offenders: Offender[] = [];
      for (const img of matching) {
        const src = prop(img, 'image_source');
        const text = typeof src === 'string' ? src : '';
        if (!entry.source.some((p) => text.startsWith(p))) {
          offenders.push({
            resource: imageLabel(img),
            id: img.id,
            problem: `image_source ${JSON.stringify(src ?? null)} starts with none of the permitted prefixes`,
            image_source: src ?? null,
          });
        }
      }
      const judged = matching.map(imageLabel);
      if (offenders.length > 0) {
        return fail(
          'image-source-mismatch',
          `${offenders.length} image(s) of '${entry.name}' have a wrong image_source: ${listNames(offenders.map((o) => o.resource))}. ` +
            `Upload these images from (and set image_source to) one of: ${entry.source.join(', ')}.`,
          { judged, offenders, values },
          { deviations: [...devs] },
        );
      }
      return pass(
        matching.length === 0 ? 'image-source-no-images' : 'image-source-ok',
        matching.length === 0
          ? `No image of '${entry.name}' present; nothing to judge.`
          : `All ${matching.length} image(s) of '${entry.name}' have a permitted image_source.`,
        { judged, values },
        { deviations: [...devs] },
      );
    });
  },
});
