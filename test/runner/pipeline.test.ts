import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineOptions } from '../../src/runner/pipeline.js';
import type { TargetSession } from '../../src/targets/types.js';
import { getAjv, SCHEMA_ID } from '../../src/standards/schemas.js';
import { fakeFlavor, fakeGatherers, fakeRegistry, fakeSuite } from '../helpers/fake-suite.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const suite = fakeSuite(dir);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function session(gatherers = fakeGatherers()): TargetSession {
  return {
    clients: {},
    gatherers,
    subject: { name: 'fake-cloud', kind: 'openstack', demo: false },
    assignment: { os_cloud: 'fake' },
    options: {},
    close: async () => undefined,
  };
}

function opts(over: Partial<PipelineOptions> = {}): PipelineOptions {
  return {
    suite,
    registry: fakeRegistry,
    data: {},
    mode: 'standard',
    argv: ['run', 'fake'],
    session: session(),
    subject: { name: 'fake-cloud', kind: 'openstack', demo: false },
    assignment: { os_cloud: 'fake' },
    concurrency: 4,
    gatherTimeoutMs: 5_000,
    probeTimeoutMs: 5_000,
    signal: new AbortController().signal,
    log: silent,
    progress: () => undefined,
    clock: () => new Date('2026-11-25T10:00:00.000Z'),
    runUuid: '0b1e6a52-5f7a-4d36-9d3e-6d8e2f6c1a10',
    ...over,
  };
}

const outcomes = (r: { testcases: Array<{ id: string; outcome: string }> }) =>
  Object.fromEntries(r.testcases.map((t) => [t.id, t.outcome]));

describe('pipeline', () => {
  it('judges every testcase once and never crashes: throw = ABORT, unbound = MISSING', async () => {
    let flavorCalls = 0;
    const gs = fakeGatherers();
    gs[0] = { ...gs[0]!, gather: async () => (flavorCalls++, [fakeFlavor('a'), fakeFlavor('b')]) };
    const report = await runPipeline(opts({ session: session(gs) }));
    expect(flavorCalls).toBe(1);
    expect(outcomes(report)).toEqual({
      'flavors-named': 'PASS',
      'flavors-many': 'PASS',
      'images-ok': 'PASS',
      throws: 'ABORT',
      unbound: 'MISSING',
      slow: 'PASS',
    });
    const thrown = report.testcases.find((t) => t.id === 'throws')!;
    expect(thrown.messageId).toBe('probe-error');
    expect(thrown.message).toMatch(/reading 'vcpus'/);
    expect(report.versions[0]!.result).toBe('MISSING');
    expect(report.versions[0]!.targets['main']!.counts).toEqual({
      passed: 4,
      failed: 0,
      aborted: 1,
      missing: 1,
    });
    expect(report.verdict).toBe('incomplete');
    expect(report.resources).toEqual([expect.objectContaining({ kind: 'volume', state: 'deleted' })]);
    expect(report.testcases.find((t) => t.id === 'images-ok')!.expiresAt).toBe('2027-01-01T00:00:00.000Z');
    expect(report.testcases.find((t) => t.id === 'flavors-named')!.expiresAt).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    const validate = getAjv().getSchema(SCHEMA_ID.report)!;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('turns a failed artifact into ABORT with the cause, for exactly the probes that need it', async () => {
    const report = await runPipeline(
      opts({ session: session(fakeGatherers({ imagesError: 'HTTP 503 from image service' })) }),
    );
    const img = report.testcases.find((t) => t.id === 'images-ok')!;
    expect(img.outcome).toBe('ABORT');
    expect(img.messageId).toBe('artifact-unavailable');
    expect(img.message).toMatch(/HTTP 503 from image service/);
    expect(outcomes(report)['flavors-named']).toBe('PASS');
    expect(report.artifacts.find((a) => a.name === 'Images')).toMatchObject({ status: 'error' });
  });

  it('a FAIL makes the run non-compliant and names the deviation that decided it', async () => {
    const report = await runPipeline(
      opts({ session: session(fakeGatherers({ flavors: [fakeFlavor('a')] })) }),
    );
    expect(outcomes(report)['flavors-many']).toBe('FAIL');
    expect(report.verdict).toBe('non-compliant');
    expect(report.deviations).toEqual([
      {
        id: 'many-dev',
        probe: 'flavors-many',
        standard: 'two',
        reference: 'one',
        testcases: ['flavors-many'],
      },
    ]);
    const ref = await runPipeline(
      opts({ mode: 'reference', session: session(fakeGatherers({ flavors: [fakeFlavor('a')] })) }),
    );
    expect(outcomes(ref)['flavors-many']).toBe('PASS');
  });

  it('a gatherer timeout is ABORT with the reason, and its cleanup still runs before the report', async () => {
    let cleaned = false;
    const report = await runPipeline(
      opts({
        gatherTimeoutMs: 50,
        session: session(fakeGatherers({ backupMs: 10_000, onBackupCleanup: () => (cleaned = true) })),
      }),
    );
    const slow = report.testcases.find((t) => t.id === 'slow')!;
    expect(slow.outcome).toBe('ABORT');
    expect(slow.message).toMatch(/timed out after/);
    expect(cleaned).toBe(true);
    expect(report.resources[0]!.state).toBe('deleted');
  });

  it('a probe waiting too long for its artifacts is ABORT', async () => {
    const report = await runPipeline(
      opts({ probeTimeoutMs: 50, session: session(fakeGatherers({ backupMs: 400 })) }),
    );
    const slow = report.testcases.find((t) => t.id === 'slow')!;
    expect(slow.outcome).toBe('ABORT');
    expect(slow.messageId).toBe('probe-timeout');
    expect(slow.message).toMatch(/waiting for VolumeBackupCheck/);
  });

  it('an interrupted run keeps what it has, aborts the rest, and cleans up', async () => {
    const controller = new AbortController();
    let cleaned = false;
    setTimeout(() => controller.abort(new Error('interrupted')), 50);
    const report = await runPipeline(
      opts({
        signal: controller.signal,
        session: session(fakeGatherers({ backupMs: 10_000, onBackupCleanup: () => (cleaned = true) })),
      }),
    );
    expect(report.run.interrupted).toBe(true);
    expect(outcomes(report)['flavors-named']).toBe('PASS');
    expect(outcomes(report)['slow']).toBe('ABORT');
    expect(cleaned).toBe(true);
    expect(report.notes.join('\n')).toMatch(/interrupted/);
  });

  it('a failed preflight makes every implemented testcase ABORT and starts no active gatherer', async () => {
    let backupStarted = false;
    const gs = fakeGatherers();
    gs[2] = { ...gs[2]!, gather: async () => ((backupStarted = true), { steps: [] }) };
    gs.push({
      artifact: 'TokenInfo',
      description: 'token',
      gather: async () => ({ roles: ['member', 'admin'] }),
    });
    const report = await runPipeline(
      opts({
        session: session(gs),
        preflight: {
          artifact: 'TokenInfo',
          check: (v) =>
            (v as { roles: string[] }).roles.includes('admin')
              ? { ok: false, messageId: 'role-too-high', reason: 'token has admin' }
              : { ok: true },
        },
      }),
    );
    expect(backupStarted).toBe(false);
    for (const tc of report.testcases) {
      if (tc.id === 'unbound') expect(tc.outcome).toBe('MISSING');
      else expect([tc.outcome, tc.messageId]).toEqual(['ABORT', 'role-too-high']);
    }
    expect(report.notes[0]).toMatch(/pre-flight check failed: token has admin/);
  });

  it('evaluates saved artifact files the same way', async () => {
    const adir = join(dir, 'artifacts');
    mkdirSync(adir, { recursive: true });
    writeFileSync(join(adir, 'Flavors.json'), JSON.stringify([fakeFlavor('a'), fakeFlavor('')]));
    writeFileSync(join(adir, 'Images.json'), '{ not json');
    const { session: _s, ...rest } = opts();
    const report = await runPipeline({ ...rest, artifactsDir: adir });
    expect(outcomes(report)).toMatchObject({ 'flavors-named': 'FAIL', 'images-ok': 'ABORT', slow: 'ABORT' });
    expect(report.testcases.find((t) => t.id === 'images-ok')!.message).toMatch(/not valid JSON/);
    expect(report.testcases.find((t) => t.id === 'slow')!.message).toMatch(/VolumeBackupCheck was not saved/);
  });

  it('aborts on a saved artifact that breaks its contract, naming the file and the JSON pointer', async () => {
    const adir = join(dir, 'artifacts-malformed');
    mkdirSync(adir, { recursive: true });
    writeFileSync(
      join(adir, 'Flavors.json'),
      JSON.stringify([fakeFlavor('a'), { ...fakeFlavor('b'), vcpus: '2' }]),
    );
    writeFileSync(join(adir, 'Images.json'), '[]');
    const { session: _s, ...rest } = opts();
    const report = await runPipeline({ ...rest, artifactsDir: adir });
    expect(outcomes(report)).toMatchObject({
      'flavors-named': 'ABORT',
      'flavors-many': 'ABORT',
      'images-ok': 'PASS',
    });
    const tc = report.testcases.find((t) => t.id === 'flavors-named')!;
    expect(tc.messageId).toBe('artifact-unavailable');
    expect(tc.message).toContain(join(adir, 'Flavors.json'));
    expect(tc.message).toContain('at /1/vcpus: must be number');
    expect(report.artifacts.find((a) => a.name === 'Flavors')).toMatchObject({ status: 'error' });
  });

  it('aborts on a gathered artifact that breaks its contract, never judging it', async () => {
    const gs = fakeGatherers({ flavors: [{ name: 'a' }] });
    const report = await runPipeline(opts({ session: session(gs) }));
    const tc = report.testcases.find((t) => t.id === 'flavors-named')!;
    expect([tc.outcome, tc.messageId]).toEqual(['ABORT', 'artifact-unavailable']);
    expect(tc.message).toMatch(
      /gathered Flavors does not match its contract at \/0: must have required property 'id'/,
    );
  });
});
