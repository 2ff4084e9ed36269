// scs-0114-syntax-check: aspect lists at the start of volume type descriptions are sorted and well-formed.
import type { VolumeType } from '../../artifacts/iaas.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { type Offender, decideWithDeviations, fail, listNames, pass } from './support/results.js';
import { RECOGNIZED_ASPECTS, aspectList } from './support/volume-types.js';

export default defineProbe({
  meta: {
    id: 'scs-0114-syntax-check',
    title: 'Volume type aspect lists are well-formed',
    failureTitle: 'Volume type aspect lists are not sorted',
    description:
      'Every volume type whose description starts with `[scs:...]` lists its aspects alphabetically sorted; ' +
      'duplicate or non-standard aspects are reported as warnings (SHOULD in the text).',
    standards: [
      { id: 'scs-0114-v1', url: 'https://docs.scs.community/standards/scs-0114-v1-volume-type-standard' },
      {
        id: 'scs-0114-w1',
        url: 'https://docs.scs.community/standards/scs-0114-w1-volume-type-implementation',
      },
    ],
    artifacts: ['VolumeTypes'],
    deviations: [
      {
        id: 'aspect-duplicates',
        standard:
          '"every aspect should only be mentioned to the maximal amount of one": a duplicate is a warning.',
        reference: 'A duplicate aspect FAILs the testcase.',
      },
      {
        id: 'aspect-unrecognized',
        standard:
          'Other aspects "SHOULD NOT be referenced in the way this standard describes": an aspect other than encrypted/replicated is a warning.',
        reference: 'An unrecognised aspect FAILs the testcase.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const types = artifacts.VolumeTypes;
    const listed = types
      .map((t) => ({ type: t, aspects: aspectList(t.description) }))
      .filter((x): x is { type: VolumeType; aspects: string[] } => x.aspects !== undefined);
    const judged = listed.map((x) => x.type.name);

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const offenders: Offender[] = [];
      const warnings: string[] = [];
      const devs = new Set<string>();
      for (const { type, aspects } of listed) {
        const problems: string[] = [];
        const sorted = [...aspects].sort();
        if (aspects.some((a, i) => a !== sorted[i]))
          problems.push(`aspects not sorted alphabetically: [scs:${aspects.join(', ')}]`);
        const dupes = [...new Set(aspects.filter((a, i) => aspects.indexOf(a) !== i))];
        const unknown = [
          ...new Set(aspects.filter((a) => !(RECOGNIZED_ASPECTS as readonly string[]).includes(a))),
        ];
        const soft: string[] = [];
        if (dupes.length) {
          soft.push(`duplicate aspects: ${dupes.join(', ')}`);
          devs.add('aspect-duplicates');
        }
        if (unknown.length) {
          soft.push(`non-standard aspects: ${unknown.join(', ')}`);
          devs.add('aspect-unrecognized');
        }
        if (mode === 'reference') problems.push(...soft);
        else warnings.push(...soft.map((s) => `${type.name}: ${s}`));
        if (problems.length) {
          offenders.push({
            resource: type.name,
            id: type.id,
            problem: problems.join('; '),
            description: type.description ?? null,
          });
        }
      }
      if (offenders.length > 0) {
        return fail(
          'volume-type-aspects-invalid',
          `${offenders.length} volume type(s) advertise a malformed aspect list: ${listNames(offenders.map((o) => o.resource))}. ` +
            'Write the aspects at the start of the description, sorted alphabetically, e.g. "[scs:encrypted, replicated] ...".',
          { judged, offenders },
          { warnings, deviations: [...devs] },
        );
      }
      return pass(
        listed.length === 0 ? 'volume-type-no-aspect-lists' : 'volume-type-aspects-valid',
        listed.length === 0
          ? 'No volume type description starts with an aspect list.'
          : `The aspect lists of ${listed.length} volume type(s) are well-formed.`,
        { judged },
        { warnings, deviations: [...devs] },
      );
    });
  },
});
