// EntropyConsole artifact (scs-0101): what a test VM printed on its console, parsed into sections.
import { type ActionStep, actionStepsSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** scs-0101: what the entropy VM printed on its console, parsed into sections. */
export interface EntropyConsole {
  image: { id: string; name: string | null; os_distro?: unknown; os_version?: unknown };
  flavor: { id: string; name: string };
  steps: ActionStep[];
  /** Every `_scs-test-<section>: payload` line, in order. */
  lines: Array<{ section: string; payload: string }>;
  /** Whether the `_scs-test-end` marker was seen. */
  finished: boolean;
}

export const entropyConsoleArtifact = defineArtifact<'EntropyConsole', EntropyConsole>({
  name: 'EntropyConsole',
  description: 'the console of a test VM that printed its entropy, RNG and FIPS facts, parsed into sections',
  schemaUnchecked:
    'image properties os_distro/os_version are `unknown` (as the image has them), which JSONSchemaType cannot express',
  schema: {
    type: 'object',
    required: ['image', 'flavor', 'steps', 'lines', 'finished'],
    properties: {
      image: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'string' },
          name: { type: ['string', 'null'] },
          os_distro: {},
          os_version: {},
        },
      },
      flavor: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
      steps: actionStepsSchema,
      lines: {
        type: 'array',
        items: {
          type: 'object',
          required: ['section', 'payload'],
          properties: { section: { type: 'string' }, payload: { type: 'string' } },
        },
      },
      finished: { type: 'boolean' },
    },
  },
});
