// scs-0100-syntax-check: every flavor whose name starts with SCS- must follow the v3 flavor-naming syntax.
import { checkFlavorName, type NameVerdict } from '../../flavor-name/parser.js';
import { PARSER_DEVIATIONS } from '../../flavor-name/deviations.js';
import { formatIssue } from '../../flavor-name/model.js';
import { listSome, profileOf, SCS_0100_STANDARD, tablesFrom } from './support/flavor-naming.js';
import { defineProbe } from '../types.js';

export default defineProbe({
  meta: {
    id: 'scs-0100-syntax-check',
    title: 'Flavor names starting with SCS- follow the v3 naming scheme',
    failureTitle: 'Flavors named SCS-… that do not follow the v3 naming scheme',
    description:
      'Parses the name of every flavor that starts with "SCS-" (exact, case-sensitive) under the scs-0100-v3 ' +
      'syntax and value tables. Names that only follow the deprecated v1 or v2 syntax are reported with the v3 ' +
      'name to rename them to. Other flavors are none of this standard’s business.',
    standards: [SCS_0100_STANDARD],
    artifacts: ['Flavors'],
    deviations: PARSER_DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    const flavors = artifacts.Flavors;
    const tables = tablesFrom(ctx);
    const profile = profileOf(ctx);
    const other = profile === 'standard' ? 'reference' : 'standard';
    const scs = flavors.filter((f) => f.name.startsWith(tables.prefix));
    const judged = scs.map((f) => f.name);
    const verdicts: NameVerdict[] = judged.map((name) => checkFlavorName(name, { profile, tables }));
    const otherVerdicts: NameVerdict[] = judged.map((name) =>
      checkFlavorName(name, { profile: other, tables }),
    );

    const warnings: string[] = [];
    for (const v of verdicts) {
      if (v.verdict === 'valid' && v.tolerated)
        warnings.push(`${v.input}: ${v.reason ?? 'merely tolerated'}`);
      for (const w of v.warnings) warnings.push(`${v.input}: ${formatIssue(w)}`);
    }
    const offenders = verdicts
      .filter((v) => v.verdict === 'invalid')
      .map((v) => ({
        resource: v.input,
        problem: v.reason ?? 'not a valid v3 flavor name',
        ...(v.error ? { component: v.error.component, code: v.error.code } : {}),
        ...(v.error?.expected ? { expected: v.error.expected } : {}),
        ...(v.syntax ? { syntax: v.syntax } : {}),
        ...(v.suggestion ? { rename: v.suggestion } : {}),
      }));
    const otherInvalid = otherVerdicts.filter((v) => v.verdict === 'invalid').length;
    const differing = verdicts.filter((v, i) => v.verdict !== otherVerdicts[i]?.verdict);
    const outcome = offenders.length ? 'FAIL' : 'PASS';
    const otherOutcome = otherInvalid ? 'FAIL' : 'PASS';
    const deviations =
      outcome !== otherOutcome ? [...new Set(differing.flatMap((v) => v.deviations))].sort() : undefined;
    const evidence = {
      judged,
      ...(offenders.length ? { offenders } : {}),
      values: {
        flavors: flavors.length,
        scsFlavors: scs.length,
        invalid: offenders.length,
        syntax: 'v3',
        judgeMode: profile,
        ...(differing.length ? { judgedOtherwiseInOtherMode: differing.map((v) => v.input) } : {}),
      },
    };
    const common = {
      evidence,
      ...(warnings.length ? { warnings } : {}),
      ...(deviations?.length ? { deviations } : {}),
    };

    if (scs.length === 0) {
      return {
        outcome: 'PASS',
        messageId: 'no-scs-flavors',
        message: `None of the ${flavors.length} flavors has a name starting with ${tables.prefix}; nothing to check.`,
        ...common,
      };
    }
    if (offenders.length === 0) {
      return {
        outcome: 'PASS',
        messageId: 'flavor-names-valid',
        message: `All ${scs.length} flavor names starting with ${tables.prefix} follow the scs-0100-v3 naming scheme.`,
        ...common,
      };
    }
    const details = offenders.map((o) => `${o.resource}: ${o.problem}`);
    return {
      outcome: 'FAIL',
      messageId: 'flavor-names-invalid',
      message:
        `${offenders.length} of ${scs.length} flavor names starting with ${tables.prefix} do not follow the ` +
        `scs-0100-v3 naming scheme. Rename each to a valid v3 name (e.g. with \`scs-cert flavor-name convert\`) ` +
        `or remove the ${tables.prefix} prefix: ${listSome(details)}`,
      ...common,
    };
  },
});
