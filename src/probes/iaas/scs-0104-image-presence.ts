// scs-0104-image-*: an image of an entry of the standard image list is present (by name or name scheme).
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { imageLabel } from './support/images.js';
import { decideWithDeviations, fail, pass } from './support/results.js';
import {
  IMAGE_SPEC_PARAMS,
  SCS_0104_STANDARDS,
  entryImages,
  nameMatches,
  specEntry,
} from './support/standard-images.js';

const WORD = { mandatory: 'MUST', recommended: 'SHOULD', optional: 'may' } as const;

export default defineProbe({
  meta: {
    id: 'scs-0104-image-presence',
    title: 'An image of the standard image list is present',
    failureTitle: 'An image of the standard image list is missing',
    description:
      'For one entry of the scs-0104 image list: a public or community image that is not hidden has its name ' +
      "(or a name matching its name_scheme). Whether that is mandatory or recommended is the scope's matter.",
    standards: SCS_0104_STANDARDS,
    artifacts: ['Images'],
    params: IMAGE_SPEC_PARAMS,
    deviations: [
      {
        id: 'name-scheme-fullmatch',
        standard:
          '"at least one image MUST be present whose name matches the regular expression": the whole name.',
        reference: 'Python re.match: a name that only starts with a match counts as present.',
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
      status: entry.status,
    };

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      // A hidden image is not in the image catalogue, so it is not "present" for users.
      const matching = entryImages(images, entry, mode, false);
      const devs = matching.some((img) => !nameMatches(entry, img.name, 'standard'))
        ? ['name-scheme-fullmatch']
        : [];
      const what = entry.name_scheme
        ? `an image whose whole name matches ${entry.name_scheme}`
        : `an image named '${entry.name}'`;
      if (matching.length === 0) {
        return fail(
          'standard-image-missing',
          `Missing image '${entry.name}' (${entry.status}: ${WORD[entry.status]} be present). ` +
            `Provide ${what} as a public image.`,
          { judged: [], offenders: [{ resource: entry.name, problem: 'missing' }], values },
          { deviations: devs },
        );
      }
      return pass(
        'standard-image-present',
        `Image '${entry.name}' is present: ${matching.map(imageLabel).join(', ')}.`,
        { judged: matching.map(imageLabel), values },
        { deviations: devs },
      );
    });
  },
});
