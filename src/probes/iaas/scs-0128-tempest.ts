// scs-0128-tempest: Tempest reports no failed test from the standard's list, and the run really ran the list.
import type { TempestTestResult } from '../../artifacts/tempest-run.js';
import type { Offender } from './support/results.js';
import { defineProbe } from '../types.js';
import { requireData } from './support/data.js';
import { abort, fail, listNames, pass } from './support/results.js';

export const TEMPEST_LIST_DATA = 'scs-0128-tempest-non-admin';

interface TempestList {
  source: { repository: string; path: string; revision: string };
  tests: string[];
}

/** The test id without Tempest's `[id-…,tags]` suffix. */
export function baseId(id: string): string {
  return id.replace(/\[[^\]]*\]$/, '');
}

/** `setUpClass (tempest.api.x.TestClass)` and friends: the class a fixture result stands for. */
function fixtureClass(id: string): string | undefined {
  return /^(?:setUpClass|tearDownClass|setUpModule|tearDownModule) \((.+)\)$/.exec(id)?.[1];
}

const FAILED = new Set(['fail', 'uxsuccess']);
const RAN = new Set(['success', 'fail', 'skip', 'xfail', 'uxsuccess']);

export default defineProbe({
  meta: {
    id: 'scs-0128-tempest',
    title: 'Tempest reports no failed test from the scs-0128 list',
    failureTitle: 'Tempest reports failed tests from the scs-0128 list',
    description:
      'Judges one Tempest run (driven by scs-cert with the list, or ingested with --tempest-results) against the ' +
      "standard's test list: PASS iff every listed test ran and none failed; skipped tests are named; a class whose " +
      'setUpClass failed fails its listed tests; a run that executed nothing, or tests beyond the list, or not all ' +
      'of the list, cannot pass.',
    standards: [{ id: 'scs-0128-v1', url: 'https://docs.scs.community/standards/scs-0128-v1-e2e-testing' }],
    artifacts: ['TempestRun'],
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { list: { type: 'string', minLength: 1, description: 'data id of the test list' } },
    },
  },
  evaluate(artifacts, ctx) {
    const run = artifacts.TempestRun;
    const dataId = typeof ctx.params.list === 'string' ? ctx.params.list : TEMPEST_LIST_DATA;
    const list = requireData<TempestList>(ctx, dataId);
    const listed = new Map(list.tests.map((t) => [baseId(t), t]));
    const results = new Map<string, TempestTestResult>();
    const fixtures: TempestTestResult[] = [];
    const beyond: string[] = [];
    for (const t of run.tests) {
      if (fixtureClass(t.id)) fixtures.push(t);
      else if (listed.has(baseId(t.id))) results.set(baseId(t.id), t);
      else if (RAN.has(t.status)) beyond.push(t.id);
    }
    // A class-level result (setUpClass failed or skipped) stands for every listed test of that class without one.
    for (const f of fixtures) {
      const cls = fixtureClass(f.id);
      if (!cls) continue; // every fixture has one (that is how it was picked)
      for (const [id, listedId] of listed) {
        if (!results.has(id) && id.startsWith(`${cls}.`)) {
          results.set(id, {
            id: listedId,
            status: f.status,
            ...(f.reason && { reason: `${f.id}: ${f.reason}` }),
          });
        }
      }
    }
    const ran = [...results.values()].filter((t) => RAN.has(t.status));
    const failed = [...results.values()].filter((t) => FAILED.has(t.status));
    const skipped = [...results.values()].filter((t) => t.status === 'skip');
    const missing = [...listed.keys()].filter((id) => !RAN.has(results.get(id)?.status ?? ''));
    const fixtureFailures = fixtures.filter(
      (f) =>
        FAILED.has(f.status) && ![...listed.keys()].some((id) => id.startsWith(`${fixtureClass(f.id)}.`)),
    );
    const values = {
      list: { dataId, revision: list.source.revision, count: list.tests.length },
      run: {
        source: run.source,
        format: run.format,
        resultsPath: run.resultsPath,
        ...(run.list && { given: run.list }),
        ...(run.durationSec !== undefined && { durationSec: run.durationSec }),
        ...(run.subset && { subset: run.subset }),
      },
      counts: {
        listed: listed.size,
        ran: ran.length,
        passed: ran.filter((t) => t.status === 'success' || t.status === 'xfail').length,
        failed: failed.length,
        skipped: skipped.length,
        missing: missing.length,
      },
      skipped: skipped.map((t) => ({ id: t.id, reason: t.reason ?? '' })),
      ...(missing.length && { missing }),
      ...(beyond.length && { beyond }),
      ...(run.cleanup && { cleanup: run.cleanup }),
    };
    const judged = [...listed.values()];
    if (beyond.length) {
      return abort(
        'not-the-list',
        `refusing these results: the run executed ${beyond.length} test(s) beyond the scs-0128 list (${listNames(beyond, 3)}); run Tempest with the list (scs-cert run --tempest, or tempest run --include-list) and give those results`,
        { judged, values },
      );
    }
    if (ran.length === 0) {
      return abort(
        'nothing-ran',
        `the Tempest run executed none of the ${listed.size} listed tests: no verdict is possible`,
        { judged, values },
      );
    }
    const offenders: Offender[] = failed.map((t) => ({ resource: t.id, problem: t.reason ?? t.status }));
    for (const f of fixtureFailures) offenders.push({ resource: f.id, problem: f.reason ?? 'failed' });
    const skipNote = skipped.length
      ? `; ${skipped.length} skipped: ${listNames(
          skipped.map((t) => baseId(t.id)),
          3,
        )}`
      : '';
    if (offenders.length) {
      return fail(
        'tempest-failures',
        `Tempest reports ${failed.length} failed test(s) from the scs-0128 list: ${listNames(
          failed.map((t) => `${baseId(t.id)} (${t.reason ?? t.status})`),
          5,
        )}${skipNote}`,
        { judged, values, offenders },
      );
    }
    if (missing.length) {
      const why = run.subset
        ? `a subset run (${run.subset.file}: ${run.subset.count} of the ${listed.size} listed tests; ${ran.length} ran, none failed): only the whole list can pass scs-0128`
        : `${missing.length} of the ${listed.size} listed tests did not run (${listNames(missing, 3)}): the run did not cover the scs-0128 list`;
      return abort('list-incomplete', `${why}${skipNote}`, { judged, values });
    }
    return pass(
      'no-failures',
      `all ${listed.size} listed tests ran, none failed${skipNote}`,
      { judged, values },
      {
        warnings: skipped.map((t) => `skipped: ${baseId(t.id)}${t.reason ? ` (${t.reason})` : ''}`),
      },
    );
  },
});
