// cncf-k8s-conformance: verdicts from Sonobuoy archives in the real layout (failures, okToFail, empty, errors, dry runs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import conformance from '../../../src/probes/kaas/cncf-k8s-conformance.js';
import type { writeSonobuoyArchive } from '../../../src/democluster/sonobuoy-archive.js';
import { RUN_SIDECAR, readSonobuoyResults } from '../../../src/clients/sonobuoy/results.js';
import { probeContext } from '../helpers.js';
import {
  C,
  archive,
  archiveDir as dir,
  okToFailFailure,
  passedConformance,
  realFailure,
} from '../sonobuoy/fixtures.js';

const ctx = () => probeContext();

describe('cncf-k8s-conformance verdicts from archives', () => {
  const judge = async (
    name: string,
    spec: Parameters<typeof writeSonobuoyArchive>[1],
    mode: 'standard' | 'reference' = 'standard',
  ) =>
    conformance.evaluate(
      { SonobuoyConformance: await readSonobuoyResults(await archive(name, spec)) },
      probeContext({ mode }),
    );

  it('FAILs with the failed tests named in the evidence', async () => {
    const r = await judge('fail', { tests: [...passedConformance, realFailure, okToFailFailure] });
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('e2e-tests-failed');
    expect(r.evidence?.offenders).toEqual([{ resource: realFailure.name, problem: realFailure.failure }]);
    expect(r.message).toContain(realFailure.name);
    expect(r.evidence?.values?.excepted).toEqual([
      {
        test: okToFailFailure.name,
        reason: expect.stringContaining('no InternalIP'),
        regex: 'Services should have session affinity work for NodePort service',
      },
    ]);
  });

  it('PASSes when only okToFail tests failed, listing them with their reason', async () => {
    const r = await judge('okfail', { tests: [...passedConformance, okToFailFailure] });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('e2e-passed');
    expect(r.warnings?.[0]).toContain('kubernetes/issues/136626');
    expect(r.evidence?.values).toMatchObject({ passed: 3, failed: 1, skipped: 0, testsInRun: 5 });
  });

  it('PASSes a clean run', async () => {
    expect((await judge('clean', { tests: passedConformance })).outcome).toBe('PASS');
  });

  it('ABORTs an empty run (the reference would PASS it)', async () => {
    const r = await judge('empty', { tests: [] });
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-no-tests']);
    expect(r.deviations).toEqual(['sonobuoy-empty-run']);
    expect((await judge('empty2', { tests: [] }, 'reference')).outcome).toBe('PASS');
  });

  it('ABORTs a run whose tests were all skipped and that holds no definition telling why', async () => {
    const r = await judge('skipped', { tests: [{ name: C('x'), status: 'skipped' }], run: null });
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-selection-unknown']);
  });

  it('FAILs selected [Conformance] tests that skipped: "All conformance tests MUST be passed successfully"', async () => {
    const skipped = {
      name: C('scheduling] SchedulerPreemption validates basic preemption works'),
      status: 'skipped',
    };
    const r = await judge('skipconf', { tests: [...passedConformance, skipped] });
    expect([r.outcome, r.messageId]).toEqual(['FAIL', 'e2e-selected-skipped']);
    expect(r.evidence?.offenders).toEqual([{ resource: skipped.name, problem: 'skipped' }]);
    expect(r.deviations).toEqual(['sonobuoy-run-selection']);
    // The script counts failed tests only: PASS, with the skipped test named.
    const ref = await judge('skipconf-ref', { tests: [...passedConformance, skipped] }, 'reference');
    expect(ref.outcome).toBe('PASS');
    expect(ref.warnings?.join('\n')).toContain('1 [Conformance] tests were skipped, so they did not pass');
    // A skipped test outside the selection (passedConformance has one) is no concern.
    const clean = await judge('skipother', { tests: passedConformance });
    expect([clean.outcome, clean.warnings ?? []]).toEqual(['PASS', []]);
  });

  it('ABORTs on plugin errors without failed tests', async () => {
    const r = await judge('plugerr', {
      tests: passedConformance,
      errors: [
        { name: 'timeout waiting for results', error: 'timeout waiting for results', status: 'timeout' },
      ],
    });
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-plugin-error']);
  });

  it('counts a timed-out test as failed', async () => {
    const r = await judge('timeout', {
      tests: [...passedConformance, { name: '[sig-apps] Job should run [Conformance]', status: 'timeout' }],
    });
    expect(r.outcome).toBe('FAIL');
  });

  it('ABORTs a dry run', async () => {
    const file = await archive('dryrun', { tests: passedConformance });
    writeFileSync(
      join(dir, 'dryrun', RUN_SIDECAR),
      JSON.stringify({ executionMode: 'dry', check: 'x', args: [], startedAt: 'x' }),
    );
    const r = conformance.evaluate({ SonobuoyConformance: await readSonobuoyResults(file) }, ctx());
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-dry-run']);
  });

  it('ABORTs (throws) without results', () => {
    expect(() => conformance.evaluate({}, ctx())).toThrow(/no Sonobuoy results/);
  });

  it('judges only [Conformance] tests and suite nodes', async () => {
    const nonConformanceFailure = {
      name: '[sig-storage] CSI mock volume should not be passed when podInfoOnMount=nil',
      status: 'failed',
    };
    expect((await judge('sel', { tests: [...passedConformance, nonConformanceFailure] })).outcome).toBe(
      'PASS',
    );
    expect(
      (await judge('sel2', { tests: [...passedConformance, nonConformanceFailure] }, 'reference')).outcome,
    ).toBe('FAIL');
    const suite = { name: '[SynchronizedBeforeSuite]', status: 'failed', failure: 'cluster not ready' };
    expect((await judge('suite', { tests: [...passedConformance, suite] })).outcome).toBe('FAIL');
  });
});
