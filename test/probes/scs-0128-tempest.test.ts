// scs-0128-tempest: PASS iff every listed test ran and none failed; real result files and whole-list runs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TempestRun, TempestTestResult } from '../../src/artifacts/tempest-run.js';
import probe, { baseId, TEMPEST_LIST_DATA } from '../../src/probes/iaas/scs-0128-tempest.js';
import { readTempestResults } from '../../src/tempest/results.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { loadData, run } from './helpers.js';

const LIST = (loadData()[TEMPEST_LIST_DATA] as { tests: string[] }).tests;
const FIX = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest');
const judge = (r: TempestRun) => run(probe, { TempestRun: r }, { params: { list: TEMPEST_LIST_DATA } });
const whole = (over: (id: string, i: number) => Partial<TempestTestResult> = () => ({})): TempestRun => ({
  source: 'ingested',
  resultsPath: '/x',
  format: 'subunit-v2',
  tests: LIST.map((id, i) => ({ id, status: 'success', ...over(id, i) })),
});

describe('scs-0128-tempest', () => {
  it('keeps the standard list: 258 tests from upstream, none admin, no lockout test', () => {
    expect(LIST).toHaveLength(258);
    expect(LIST.some((t) => t.includes('.admin.'))).toBe(false);
    expect(LIST.some((t) => t.includes('test_user_account_lockout'))).toBe(false);
  });

  it('passes a run of the whole list without failures, naming skipped tests', () => {
    const r = judge(whole((_, i) => (i < 3 ? { status: 'skip', reason: 'no guest networking' } : {})));
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('no-failures');
    expect(r.message).toContain('3 skipped');
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings?.[0]).toContain('no guest networking');
  });

  it('fails when one listed test failed and names it with its reason', () => {
    const r = judge(
      whole((_, i) => (i === 7 ? { status: 'fail', reason: 'Timeout waiting for server' } : {})),
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders).toEqual([{ resource: LIST[7], problem: 'Timeout waiting for server' }]);
    expect(r.message).toContain(baseId(LIST[7]!));
  });

  it('counts an unexpected success as a failure and an expected failure as a pass', () => {
    expect(judge(whole((_, i) => (i === 0 ? { status: 'uxsuccess' } : {}))).outcome).toBe('FAIL');
    expect(judge(whole((_, i) => (i === 0 ? { status: 'xfail' } : {}))).outcome).toBe('PASS');
  });

  it('matches ids with or without the [id-…] suffix', () => {
    const r = judge(whole((id) => ({ id: baseId(id) })));
    expect(r.outcome).toBe('PASS');
  });

  it('a class whose setUpClass failed fails its listed tests; a class-level skip skips them', () => {
    const cls = baseId(LIST[0]!).split('.').slice(0, -1).join('.');
    const ofCls = LIST.filter((t) => t.startsWith(`${cls}.`));
    const base = whole().tests.filter((t) => !t.id.startsWith(`${cls}.`));
    const failed = judge({
      ...whole(),
      tests: [...base, { id: `setUpClass (${cls})`, status: 'fail', reason: 'Quota exceeded' }],
    });
    expect(failed.outcome).toBe('FAIL');
    expect(failed.evidence?.offenders?.map((o) => o.resource).sort()).toEqual([...ofCls].sort());
    const skipped = judge({
      ...whole(),
      tests: [...base, { id: `setUpClass (${cls})`, status: 'skip', reason: 'feature disabled' }],
    });
    expect(skipped.outcome).toBe('PASS');
    expect(skipped.warnings?.length).toBe(ofCls.length);
  });

  it('aborts a run that executed nothing — never PASS', () => {
    expect(judge({ ...whole(), tests: [] }).messageId).toBe('nothing-ran');
    const r = judge(whole(() => ({ status: 'exists' })));
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('nothing-ran');
  });

  it('aborts a run that did not cover the whole list when nothing failed', () => {
    const r = judge({ ...whole(), tests: whole().tests.slice(0, 200) });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('list-incomplete');
    expect(r.message).toContain('58 of the 258');
  });

  it('judges a subset run (--tempest-subset): FAIL naming its failures, else ABORT — never PASS', () => {
    const subset = { file: '/ci/subset.lst', count: 20 };
    const clean = judge({ ...whole(), tests: whole().tests.slice(0, 20), subset });
    expect(clean.outcome).toBe('ABORT');
    expect(clean.messageId).toBe('list-incomplete');
    expect(clean.message).toContain(
      'a subset run (/ci/subset.lst: 20 of the 258 listed tests; 20 ran, none failed)',
    );
    expect((clean.evidence?.values as { run: { subset: unknown } }).run.subset).toEqual(subset);
    const failing = judge({
      ...whole(),
      tests: whole((_, i) => (i === 4 ? { status: 'fail', reason: 'HTTP 503' } : {})).tests.slice(0, 20),
      subset,
    });
    expect(failing.outcome).toBe('FAIL');
    expect(failing.evidence?.offenders).toEqual([{ resource: LIST[4], problem: 'HTTP 503' }]);
  });

  it('refuses results of a run that did not use the list (a stestr run with an admin test)', () => {
    const ingested = readTempestResults(join(FIX, 'not-the-list.subunit'));
    const r = judge({ source: 'ingested', ...ingested });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('not-the-list');
    expect(r.message).toContain('FlavorsAdminTestJSON');
  });

  it.each(['listed.subunit', 'listed.junit.xml', 'stestr/0'])(
    'judges the real result file %s: FAIL naming both failures',
    (f) => {
      const r = judge({ source: 'ingested', ...readTempestResults(join(FIX, f)) });
      expect(r.outcome).toBe('FAIL');
      expect(r.evidence?.offenders?.map((o) => baseId(o.resource)).sort()).toEqual([
        'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors_with_detail',
        'tempest.api.compute.keypairs.test_keypairs_v22.KeyPairsV22TestJSON.test_keypairsv22_create_list_show_with_type',
      ]);
      const values = r.evidence?.values as { skipped: Array<{ id: string; reason: string }> };
      expect(values.skipped.map((s) => s.reason)).toEqual([
        'Snapshotting is not available with the fake compute driver',
      ]);
    },
  );
});
