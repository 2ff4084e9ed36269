// Sonobuoy results in the real tarball layout -> SonobuoyResults -> cncf-k8s-conformance / kaas-networking-check verdicts.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SonobuoyResults, SonobuoyTest } from '../../../src/artifacts/kaas.js';
import conformance from '../../../src/probes/kaas/cncf-k8s-conformance.js';
import networking from '../../../src/probes/kaas/kaas-networking-check.js';
import { writeSonobuoyArchive } from '../../../src/sonobuoy/archive.js';
import { gatherSonobuoy } from '../../../src/sonobuoy/gather.js';
import { RUN_SIDECAR, SonobuoyResultsError, readSonobuoyResults } from '../../../src/sonobuoy/results.js';
import { gatherContext, probeContext } from '../helpers.js';

const C = (name: string) => `[sig-${name}] [Conformance]`;
const passedConformance: SonobuoyTest[] = [
  { name: '[sig-apps] Deployment deployment should support rollover [Conformance]', status: 'passed' },
  {
    name: '[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]',
    status: 'passed',
  },
  {
    name: '[sig-storage] ConfigMap should be consumable from pods in volume [NodeConformance] [Conformance]',
    status: 'passed',
  },
  { name: '[sig-storage] In-tree Volumes [Driver: local] should support readOnly', status: 'skipped' },
];
const okToFailFailure: SonobuoyTest = {
  name: '[sig-network] Services should have session affinity work for NodePort service [LinuxOnly] [Conformance]',
  status: 'failed',
  failure:
    'Nov 25 10:00:00.000: service is not reachable within 2m0s timeout on endpoint 172.18.0.3:30080 over TCP protocol',
};
const realFailure: SonobuoyTest = {
  name: '[sig-network] DNS should provide DNS for services [Conformance]',
  status: 'failed',
  failure: 'Unable to read wheezy_udp@dns-test-service.dns-1234.svc from pod dns-1234/dns-test',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scs-cert-sono-test-'));
});

async function archive(name: string, spec: Parameters<typeof writeSonobuoyArchive>[1]): Promise<string> {
  return writeSonobuoyArchive(join(dir, name), { timestamp: '2026-11-25T10:00:00Z', ...spec });
}

const ctx = () => probeContext();

describe('reading Sonobuoy archives', () => {
  it('parses tests, statuses and failure messages from a real-layout tarball', async () => {
    const file = await archive('read', { tests: [...passedConformance, realFailure] });
    expect(file).toMatch(/\/202611251000_sonobuoy_[0-9a-f-]{36}\.tar\.gz$/);
    const listed: string[] = [];
    await tar.t({ file, onReadEntry: (e) => void listed.push(e.path) });
    expect(listed).toEqual(
      expect.arrayContaining([
        'plugins/e2e/sonobuoy_results.yaml',
        'plugins/e2e/results/global/junit_01.xml',
        'meta/config.json',
        'serverversion.json',
      ]),
    );
    const r = await readSonobuoyResults(file);
    expect(r.source).toEqual({ kind: 'archive', path: file });
    expect(r.pluginStatus).toBe('failed');
    expect(r.tests).toHaveLength(5);
    expect(r.tests.find((t) => t.name === realFailure.name)).toEqual(realFailure);
    expect(r.serverVersion).toBe('v1.37.2');
    expect(r.executionMode).toBe('unknown');
  });

  it('reads an extracted directory, also below a top-level folder, and a directory holding the tarball', async () => {
    const file = await archive('extract', { tests: passedConformance });
    const out = join(dir, 'extracted', 'results');
    mkdirSync(out, { recursive: true });
    await tar.x({ file, cwd: out });
    const a = await readSonobuoyResults(join(dir, 'extracted'));
    expect(a.source.kind).toBe('directory');
    expect(a.tests).toHaveLength(4);
    const b = await readSonobuoyResults(join(dir, 'extract'));
    expect(b.source).toEqual({ kind: 'archive', path: file });
  });

  it('rejects a corrupt archive with a one-line error', async () => {
    const bad = join(dir, 'corrupt.tar.gz');
    writeFileSync(bad, Buffer.from('this is not gzip at all, just text pretending to be a tarball'));
    await expect(readSonobuoyResults(bad)).rejects.toThrow(SonobuoyResultsError);
    await expect(readSonobuoyResults(bad)).rejects.toThrow(/not a readable Sonobuoy results archive/);
  });

  it('rejects a truncated tarball', async () => {
    const file = await archive('trunc', { tests: passedConformance });
    const { readFileSync } = await import('node:fs');
    const data = readFileSync(file);
    const cut = join(dir, 'truncated.tar.gz');
    writeFileSync(cut, data.subarray(0, Math.floor(data.length / 2)));
    await expect(readSonobuoyResults(cut)).rejects.toThrow(SonobuoyResultsError);
  });

  it('rejects an archive without sonobuoy_results.yaml', async () => {
    const file = await archive('nofile', { tests: passedConformance, omitResultsFile: true });
    await expect(readSonobuoyResults(file)).rejects.toThrow(/no plugins\/e2e\/sonobuoy_results.yaml/);
  });

  it('rejects a missing path', async () => {
    await expect(readSonobuoyResults(join(dir, 'nope.tar.gz'))).rejects.toThrow(/do not exist/);
  });

  it('records plugin errors (timeout waiting for results)', async () => {
    const file = await archive('err', {
      tests: [],
      errors: [
        { name: 'timeout waiting for results', error: 'timeout waiting for results', status: 'timeout' },
      ],
    });
    const r = await readSonobuoyResults(file);
    expect(r.errors).toEqual(['timeout waiting for results: timeout waiting for results']);
    expect(r.tests).toEqual([]);
  });

  it('takes the execution mode from the scs-cert sidecar', async () => {
    const file = await archive('dry', { tests: passedConformance });
    writeFileSync(
      join(dir, 'dry', RUN_SIDECAR),
      JSON.stringify({ executionMode: 'dry', check: 'cncf-k8s-conformance', args: [], startedAt: 'x' }),
    );
    expect((await readSonobuoyResults(file)).executionMode).toBe('dry');
  });
});

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

  it('ABORTs a run whose tests were all skipped', async () => {
    const r = await judge('skipped', { tests: [{ name: C('x'), status: 'skipped' }] });
    expect(r.outcome).toBe('ABORT');
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

describe('kaas-networking-check verdicts', () => {
  const np = (s: string) => `[sig-network] Netpol NetworkPolicy between server and client ${s}`;
  it('PASSes NetworkPolicy tests with excepted Cilium CIDR failures', async () => {
    const file = await archive('np', {
      tests: [
        {
          name: np('should support a default-deny ingress policy [Feature:NetworkPolicy]'),
          status: 'passed',
        },
        {
          name: np('should allow egress access to server in CIDR block [Feature:NetworkPolicy]'),
          status: 'failed',
          failure: 'x',
        },
        { name: np('should enforce policy based on Ports [Feature:NetworkPolicy]'), status: 'passed' },
      ],
    });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('cilium/cilium/issues/9209');
  });

  it('FAILs a failed NetworkPolicy test', async () => {
    const file = await archive('npfail', {
      tests: [
        {
          name: np('should deny ingress from pods on other namespaces [Feature:NetworkPolicy]'),
          status: 'failed',
          failure: 'pod reached',
        },
      ],
    });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]?.resource).toContain(
      'should deny ingress from pods on other namespaces',
    );
  });

  it('ABORTs on a conformance archive without NetworkPolicy tests', async () => {
    const file = await archive('npnone', { tests: passedConformance });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-no-tests']);
  });
});

describe('results given on the command line', () => {
  it('maps a subject root to sono-results-e2e / sono-results-0219', async () => {
    const root = join(dir, 'subject');
    const e2e = await writeSonobuoyArchive(join(root, 'sono-results-e2e'), { tests: passedConformance });
    await writeSonobuoyArchive(join(root, 'sono-results-0219'), {
      tests: [
        {
          name: '[sig-network] NetworkPolicy API should support creating NetworkPolicy API operations',
          status: 'passed',
        },
      ],
    });
    const c = await gatherSonobuoy(gatherContext({ options: { sonobuoyResults: root } }), 'conformance');
    expect(c.source.path).toBe(e2e);
    const n: SonobuoyResults = await gatherSonobuoy(
      gatherContext({ options: { sonobuoyResults: root } }),
      'networking',
    );
    expect(n.tests[0]?.name).toContain('NetworkPolicy');
  });

  it('fails clearly when neither results nor sonobuoy are available', async () => {
    await expect(
      gatherSonobuoy(gatherContext({ clients: { sonobuoy: undefined } }), 'conformance'),
    ).rejects.toThrow(/sonobuoy is not on PATH|no cluster/);
  });
});
