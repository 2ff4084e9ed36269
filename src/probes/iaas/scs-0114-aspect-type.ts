// scs-0114-encrypted-type / -replicated-type: some volume type advertises the aspect in its description.
import { defineProbe } from '../types.js';
import { stringParam } from './support/data.js';
import { fail, pass } from './support/results.js';
import { RECOGNIZED_ASPECTS, aspectList } from './support/volume-types.js';

export default defineProbe({
  meta: {
    id: 'scs-0114-aspect-type',
    title: 'A volume type with a standard aspect is offered',
    failureTitle: 'No volume type advertises the aspect',
    description:
      'At least one volume type lists the aspect (encrypted or replicated) in the `[scs:...]` list at the start of its description.',
    standards: [
      { id: 'scs-0114-v1', url: 'https://docs.scs.community/standards/scs-0114-v1-volume-type-standard' },
    ],
    artifacts: ['VolumeTypes'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['aspect'],
      properties: { aspect: { type: 'string', enum: [...RECOGNIZED_ASPECTS] } },
    },
  },
  evaluate(artifacts, ctx) {
    const aspect = stringParam(ctx, 'aspect');
    const types = artifacts.VolumeTypes;
    const having = types.filter((t) => aspectList(t.description)?.includes(aspect));
    const judged = types.map((t) => t.name);
    if (having.length === 0) {
      return fail(
        'volume-type-aspect-missing',
        `No volume type advertises the aspect '${aspect}'. Offer a volume type with this feature and start its ` +
          `description with "[scs:${aspect}]" (recommended by scs-0114).`,
        { judged, values: { aspect } },
      );
    }
    return pass(
      'volume-type-aspect-present',
      `Volume type(s) with aspect '${aspect}': ${having.map((t) => t.name).join(', ')}.`,
      { judged, values: { aspect, types: having.map((t) => t.name) } },
    );
  },
});
