// End to end: `scs-cert run scs-compatible-iaas` against the embedded cloud, its profiles and injected faults.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud, type FaultSpec } from '../../src/democloud/index.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { SCENARIO_BREAKS } from '../helpers/scenario-breaks.js';

const root = tempDir('scs-cert-e2e-');
let n = 0;

async function runDemo(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = join(root, `run-${++n}`);
  // The scope's own testcases; scs-cert's advisory ones are tested in iaas-advisory.test.ts.
  const r = await runCli(
    ['run', 'scs-compatible-iaas', '-q', '--no-extensions', '-f', 'json,yaml', '-o', out, ...args],
    {
      env,
    },
  );
  const json = readdirSync(out).find((f) => f.endsWith('.json'));
  const report = JSON.parse(readFileSync(join(out, json!), 'utf8')) as ConformanceReport;
  const yaml = readFileSync(
    join(
      out,
      readdirSync(out).find((f) => f.endsWith('.yaml'))!,
    ),
    'utf8',
  );
  return { ...r, report, yaml, out };
}

const byOutcome = (report: ConformanceReport, outcome: string) =>
  report.testcases
    .filter((t) => t.outcome === outcome)
    .map((t) => t.id)
    .sort();

describe('the main job: run --demo', () => {
  it('certifies the embedded cloud: next and v5.1, all 57 testcases PASS, exit 0, marked as demo', async () => {
    const { code, report, yaml, stdout } = await runDemo(['--demo']);
    expect(byOutcome(report, 'FAIL')).toEqual([]);
    expect(byOutcome(report, 'ABORT')).toEqual([]);
    expect(report.testcases.filter((t) => t.outcome === 'PASS' && !t.extension)).toHaveLength(57);
    // --no-extensions: scs-cert's advisory testcases are left out (test/e2e/iaas-advisory.test.ts runs them)
    expect(report.testcases.filter((t) => t.extension)).toEqual([]);
    expect(report.versions.map((v) => [v.version, v.result])).toEqual([
      ['next', 'PASS'],
      ['v5.1', 'PASS'],
    ]);
    expect(code).toBe(0);
    expect(report.subject.demo).toBe(true);
    expect(report.subject.note).toMatch(/embedded demo cloud/);
    expect(stdout).toMatch(/embedded demo cloud/);
    expect(yaml).toMatch(/^x-scs-cert-demo: /m);
    expect(report.resources.length).toBeGreaterThan(0);
    expect(report.resources.filter((r) => r.state !== 'deleted')).toEqual([]);
  });

  it('`--os-cloud demo` is the same as --demo', async () => {
    const { report } = await runDemo(['--os-cloud', 'demo', '--tests', 'scs-0100']);
    expect(report.subject.demo).toBe(true);
    expect(byOutcome(report, 'PASS')).toEqual(['scs-0100-semantics-check', 'scs-0100-syntax-check']);
  });

  it('never falls back to the demo silently: no cloud selected is an error naming the choices', async () => {
    const r = await runCli(['run', 'scs-compatible-iaas'], { env: {} });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--os-cloud/);
    expect(r.stderr).toMatch(/OS_CLOUD/);
    expect(r.stderr).toMatch(/--demo/);
  });
});

const PROFILE_FAILS = SCENARIO_BREAKS;

describe('each broken profile fails exactly the testcases it breaks', () => {
  it.concurrent.each(Object.entries(PROFILE_FAILS))('%s', async (profile, fails) => {
    const { code, report } = await runDemo(['--demo', '--demo-profile', profile]);
    expect(byOutcome(report, 'FAIL')).toEqual([...fails].sort());
    expect(byOutcome(report, 'ABORT')).toEqual([]);
    // The exit code rests on the effective version v5.1; a testcase only the draft `next` has cannot fail it.
    const v51 = report.versions.find((v) => v.version === 'v5.1')!.targets['main']!.testcases;
    expect(code).toBe(fails.some((f) => v51.includes(f)) ? 1 : 0);
    expect(report.resources.filter((r) => r.state !== 'deleted')).toEqual([]);
  });

  it('a test identity holding admin is refused by the pre-flight check: every testcase ABORTs', async () => {
    const { code, report } = await runDemo(['--demo', '--demo-profile', 'admin-user']);
    expect(code).toBe(2);
    expect(new Set(report.testcases.map((t) => `${t.outcome}:${t.messageId}`))).toEqual(
      new Set(['ABORT:preflight-privileged-roles']),
    );
    expect(report.testcases[0]!.message).toMatch(/admin/);
    expect(report.resources).toEqual([]);
  });
});

describe('a real clouds.yaml against the embedded cloud, with faults and secrets', () => {
  const clouds: DemoCloud[] = [];
  afterAll(async () => {
    await Promise.all(clouds.map((c) => c.stop()));
  });

  async function cloudWith(faults?: FaultSpec) {
    const cloud = await startDemoCloud({ ...(faults && { faults }) });
    clouds.push(cloud);
    const file = join(root, `clouds-${clouds.length}.yaml`);
    writeFileSync(
      file,
      stringify({ clouds: { lab: cloud.cloudConfig, 'lab-ac': cloud.appCredentialCloudConfig } }),
    );
    return { cloud, env: { OS_CLIENT_CONFIG_FILE: file } };
  }

  it('works with the application credential and keeps passwords, secrets and tokens out of reports and recordings', async () => {
    const { cloud, env } = await cloudWith();
    const rec = join(root, 'recording');
    const { code, report, out } = await runDemo(
      ['--os-cloud', 'lab-ac', '--subject', 'lab', '--record', rec],
      env,
    );
    expect(code).toBe(0);
    // The embedded cloud says what it is on the wire: under any name its report is marked as a demo.
    expect(report.subject).toMatchObject({ name: 'lab', demo: true });
    expect(report.provenance).toMatchObject({ source: 'live', demo: true });
    const tokens = [...cloud.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const secrets = ['scs-demo-password', 'scs-demo-appcred-secret', ...tokens];
    const files = [...readdirSync(out).map((f) => join(out, f)), ...walk(rec)];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of secrets) expect(text.includes(s), `${f} contains a secret`).toBe(false);
    }
    // The recording replays offline to the same verdicts (with the selection it was recorded with).
    const replay = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--no-extensions',
      '--from',
      rec,
      '-q',
      '-f',
      'json',
      '-o',
      join(root, 'replayed'),
    ]);
    expect(replay.code, replay.stderr).toBe(0);
  });

  it('retries bursts of 429 and 503 and still completes', async () => {
    const { cloud, env } = await cloudWith({
      rules: [
        { route: 'GET /compute/*', fault: 'status', status: 429, retryAfter: 0, times: 3 },
        { route: 'GET /image/*', fault: 'status', status: 503, times: 2 },
      ],
    });
    const { code, report } = await runDemo(['--os-cloud', 'lab', '--tests', 'scs-010[023]'], env);
    expect(byOutcome(report, 'ABORT')).toEqual([]);
    expect(code).toBe(0);
    expect(cloud.stats.calls).toBeGreaterThan(0);
  });

  it('a hanging API is ABORT with the reason, never a pass', async () => {
    const { env } = await cloudWith({ rules: [{ route: 'GET /volume/*/types*', fault: 'hang' }] });
    const { code, report } = await runDemo(
      ['--os-cloud', 'lab', '--tests', 'scs-0114', '--gather-timeout', '3'],
      env,
    );
    const tc = report.testcases.find((t) => t.id === 'scs-0114-syntax-check')!;
    expect(tc.outcome).toBe('ABORT');
    expect(tc.message).toMatch(/timed out|timeout/i);
    expect(code).toBe(2);
  });

  it('malformed JSON is ABORT with a clear message', async () => {
    const { env } = await cloudWith({
      rules: [{ route: 'GET /compute/*/flavors/detail*', fault: 'malformed' }],
    });
    const { report } = await runDemo(['--os-cloud', 'lab', '--tests', 'scs-0100'], env);
    for (const tc of report.testcases) {
      expect(tc.outcome).toBe('ABORT');
      expect(tc.message).toMatch(/malformed|JSON/i);
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('saved artifacts', () => {
  it('run --save-artifacts, then evaluate --artifacts gives the same verdicts and all four report formats', async () => {
    const saved = join(root, 'saved-artifacts');
    const live = await runDemo(['--demo', '--demo-profile', 'outdated-image', '--save-artifacts', saved]);
    const out = join(root, 'evaluated');
    const r = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--artifacts',
      saved,
      '--no-extensions',
      '-q',
      '-o',
      out,
    ]);
    expect(r.code).toBe(live.code);
    const files = readdirSync(out);
    for (const ext of ['.json', '.yaml', '.junit.xml', '.md'])
      expect(
        files.some((f) => f.endsWith(ext)),
        ext,
      ).toBe(true);
    const report = JSON.parse(
      readFileSync(
        join(
          out,
          files.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as ConformanceReport;
    const map = (x: ConformanceReport) => Object.fromEntries(x.testcases.map((t) => [t.id, t.outcome]));
    expect(map(report)).toEqual(map(live.report));
    expect(report.subject.kind).toBe('artifacts');
    expect(byOutcome(report, 'FAIL')).toEqual(['scs-0102-image-recency']);
  });
});
