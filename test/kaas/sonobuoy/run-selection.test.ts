// Sonobuoy archives in the published layout (plugins/e2e/definition.json, results/global/junit_01.xml,
// sonobuoy_results.yaml) for each kind of run a provider hands in: each gets its verdict, message and fix.
import { describe, expect, it } from 'vitest';
import type { SonobuoyTest } from '../../../src/artifacts/kaas.js';
import { readSonobuoyResults } from '../../../src/clients/sonobuoy/results.js';
import conformance from '../../../src/probes/kaas/cncf-k8s-conformance.js';
import networking from '../../../src/probes/kaas/kaas-networking-check.js';
import { probeContext } from '../helpers.js';
import { archive } from './fixtures.js';

// A small e2e suite as Ginkgo lists it: every spec appears in junit_01.xml, the ones a run left out as skipped.
const QUICK = '[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]';
const DISRUPTIVE = '[sig-apps] Daemon set [Serial] [Disruptive] should survive a node restart [Conformance]';
const SERIAL = '[sig-scheduling] SchedulerPreemption [Serial] validates basic preemption works [Conformance]';
const CONFORMANCE = [
  QUICK,
  DISRUPTIVE,
  SERIAL,
  '[sig-apps] Deployment deployment should support rollover [Conformance]',
  '[sig-network] DNS should provide DNS for the cluster [Conformance]',
  '[sig-network] NetworkPolicy API should support creating NetworkPolicy API operations [Conformance]',
  '[sig-storage] ConfigMap should be consumable from pods in volume [NodeConformance] [Conformance]',
];
const NETPOL = [
  '[sig-network] Netpol NetworkPolicy between server and client should enforce policy based on Ports [Feature:NetworkPolicy]',
  "[sig-network] Netpol NetworkPolicy between server and client should support a 'default-deny-ingress' policy [Feature:NetworkPolicy]",
  '[sig-network] NetworkPolicy API should support creating NetworkPolicy API operations [Conformance]',
];
const OTHER = [
  '[sig-storage] In-tree Volumes [Driver: local] [Testpattern: Pre-provisioned PV (default fs)] subPath should support readOnly',
  '[sig-cli] Kubectl client Simple pod should support exec [Slow]',
];
const SUITE = [...new Set([...CONFORMANCE, ...NETPOL, ...OTHER])];

/** The suite with `ran` passed (or as given) and every other spec skipped, as junit and the results tree show it. */
function suite(ran: string[], override: Record<string, Partial<SonobuoyTest>> = {}): SonobuoyTest[] {
  return SUITE.map((name) => ({
    name,
    status: ran.includes(name) ? 'passed' : 'skipped',
    ...override[name],
  }));
}

const CERTIFIED = { focus: '\\[Conformance\\]' };
const NON_DISRUPTIVE = { focus: '\\[Conformance\\]', skip: '\\[Disruptive\\]|NoExecuteTaintManager' };
const NETWORKING = { focus: 'NetworkPolicy', skip: '\\[Disruptive\\]|NoExecuteTaintManager' };

async function verdicts(name: string, spec: Parameters<typeof archive>[1]) {
  const results = await readSonobuoyResults(await archive(`sel-${name}`, spec));
  const c = conformance.evaluate({ SonobuoyConformance: results }, probeContext());
  const n = networking.evaluate({ SonobuoyNetworking: results }, probeContext());
  const cRef = conformance.evaluate({ SonobuoyConformance: results }, probeContext({ mode: 'reference' }));
  return { c, n, cRef, results };
}

describe('Sonobuoy run selection: which runs can certify', () => {
  it('certified-conformance with every [Conformance] test passed: PASS', async () => {
    const { c, results } = await verdicts('certified', { run: CERTIFIED, tests: suite(CONFORMANCE) });
    expect([c.outcome, c.messageId]).toEqual(['PASS', 'e2e-passed']);
    expect(results.definition).toMatchObject({
      path: expect.stringMatching(/plugins\/e2e\/definition\.json$/),
    });
    expect(results.junit).toMatchObject({
      testcases: SUITE.length,
      executed: CONFORMANCE.length,
      disagreementCount: 0,
    });
    expect(c.evidence?.values?.runDefinition).toMatchObject({
      run: expect.stringContaining('certified-conformance'),
    });
  });

  it('quick mode (one test run) never certifies: ABORT naming the mode and the fix', async () => {
    const { c, n, cRef } = await verdicts('quick', {
      run: { focus: 'Pods should be submitted and removed' },
      tests: suite([QUICK]),
    });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    expect(c.message).toContain('Sonobuoy mode quick');
    expect(c.message).toContain(
      `left out ${CONFORMANCE.length - 1} of ${CONFORMANCE.length} [Conformance] tests`,
    );
    expect(c.message).toContain('`sonobuoy run --mode=certified-conformance`');
    expect(c.deviations).toEqual(['sonobuoy-run-selection']);
    // The script counts failures only, so the quick run passes there.
    expect(cRef.outcome).toBe('PASS');
    expect([n.outcome, n.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    expect(n.message).toContain('`sonobuoy run --e2e-focus NetworkPolicy`');
  });

  it('a focused run (e.g. --rerun-failed) of a few [Conformance] tests: ABORT as a focused run', async () => {
    const focus = CONFORMANCE.slice(3, 5)
      .map((n) => n.replace(/[[\]().*+?^$|\\]/g, '\\$&'))
      .join('|');
    const { c } = await verdicts('focused', { run: { focus }, tests: suite(CONFORMANCE.slice(3, 5)) });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    expect(c.message).toContain('a focused run (E2E_FOCUS=');
  });

  it('a focused run with a real failure still FAILs (a failure is evidence whatever the selection)', async () => {
    const { c } = await verdicts('focused-fail', {
      run: { focus: 'DNS' },
      tests: suite([], { [CONFORMANCE[4]!]: { status: 'failed', failure: 'no DNS answer' } }),
    });
    expect([c.outcome, c.messageId]).toEqual(['FAIL', 'e2e-tests-failed']);
  });

  it("non-disruptive-conformance (Sonobuoy's default mode) leaves out [Disruptive] tests: ABORT", async () => {
    const { c } = await verdicts('nondisruptive', {
      run: NON_DISRUPTIVE,
      tests: suite(CONFORMANCE.filter((n) => n !== DISRUPTIVE)),
    });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    expect(c.message).toContain('Sonobuoy mode non-disruptive-conformance');
    expect(c.message).toContain(DISRUPTIVE);
  });

  it('a parallel run without E2E_SKIP skips [Serial] tests (the conformance image does): ABORT, run serially', async () => {
    const { c } = await verdicts('parallel', {
      run: { ...CERTIFIED, parallel: true },
      tests: suite(CONFORMANCE.filter((n) => !n.includes('[Serial]'))),
    });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    expect(c.message).toContain('without --e2e-parallel');
  });

  it('certified-conformance with failures: FAIL with the failures named', async () => {
    const { c } = await verdicts('certified-fail', {
      run: CERTIFIED,
      tests: suite(CONFORMANCE, { [CONFORMANCE[4]!]: { status: 'failed', failure: 'no DNS answer' } }),
    });
    expect([c.outcome, c.messageId]).toEqual(['FAIL', 'e2e-tests-failed']);
    expect(c.evidence?.offenders).toEqual([{ resource: CONFORMANCE[4], problem: 'no DNS answer' }]);
  });

  it('Sonobuoy before 0.56.6 wrote defintion.json and Ginkgo v1 junit: read the same way', async () => {
    const { c, results } = await verdicts('legacy', {
      run: { focus: 'Pods should be submitted and removed' },
      definitionFileName: 'defintion.json',
      junitStyle: 'ginkgo-v1',
      tests: suite([QUICK]),
    });
    expect(results.definition?.path).toMatch(/defintion\.json$/);
    expect(results.junit).toMatchObject({ executed: 1, skipped: SUITE.length - 1, disagreementCount: 0 });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
  });

  it('junit_01.xml and sonobuoy_results.yaml disagree (an edited results file): ABORT', async () => {
    const tests = suite(CONFORMANCE);
    const { c, results } = await verdicts('disagree', {
      run: CERTIFIED,
      tests,
      junitTests: suite(CONFORMANCE, { [CONFORMANCE[4]!]: { status: 'failed', failure: 'x' } }),
    });
    expect(results.junit?.disagreements[0]).toContain(`${CONFORMANCE[4]}: junit failed, results passed`);
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-results-disagree']);
  });

  it('no definition and skipped [Conformance] tests: ABORT (cannot tell the selection), all passed: PASS', async () => {
    const { c } = await verdicts('nodef', { run: null, tests: suite([QUICK]) });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-unknown']);
    const full = await verdicts('nodef-full', { run: null, tests: suite(CONFORMANCE) });
    expect(full.c.outcome).toBe('PASS');
  });

  it('an E2E_FOCUS JavaScript cannot read as a regular expression: ABORT, never a guess', async () => {
    const { c } = await verdicts('badregex', {
      run: { focus: '(?U)\\[Conformance\\]' },
      tests: suite(CONFORMANCE),
    });
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-unknown']);
  });

  it('the networking check needs the scope run (focus NetworkPolicy); a conformance run leaves tests out', async () => {
    const netRun = await verdicts('netpol', { run: NETWORKING, tests: suite(NETPOL) });
    expect([netRun.n.outcome, netRun.n.messageId]).toEqual(['PASS', 'e2e-passed']);
    // The conformance check on the same archive: most [Conformance] tests were left out.
    expect([netRun.c.outcome, netRun.c.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
    const confRun = await verdicts('netpol-conf', { run: CERTIFIED, tests: suite(CONFORMANCE) });
    expect([confRun.n.outcome, confRun.n.messageId]).toEqual(['ABORT', 'sonobuoy-selection-incomplete']);
  });

  it('one unfocused run of the whole suite serves both checks', async () => {
    const { c, n } = await verdicts('all', { run: { focus: '' }, tests: suite(SUITE) });
    expect([c.outcome, n.outcome]).toEqual(['PASS', 'PASS']);
  });

  it('a dry run recorded in the definition (E2E_DRYRUN) ABORTs', async () => {
    const { c, results } = await verdicts('dry', {
      run: { ...CERTIFIED, dryRun: true },
      tests: suite(CONFORMANCE),
    });
    expect(results.executionMode).toBe('dry');
    expect([c.outcome, c.messageId]).toEqual(['ABORT', 'sonobuoy-dry-run']);
  });
});
