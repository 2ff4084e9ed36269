// End to end: `scs-cert diff` on two runs of the embedded cloud (compliant, then one standard broken).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDiff } from '../../src/results/diff.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-diff-');
let good = '';
let bad = '';

async function demoReport(name: string, extra: string[]): Promise<string> {
  const out = join(dir, name);
  await runCli([
    'run',
    'scs-compatible-iaas',
    '--demo',
    '--tests',
    'scs-0102',
    '-q',
    '-f',
    'json',
    '-o',
    out,
    ...extra,
  ]);
  return join(
    out,
    readdirSync(out).find((f) => f.endsWith('.json'))!,
  );
}

beforeAll(async () => {
  good = await demoReport('good', []);
  bad = await demoReport('bad', ['--demo-profile', 'outdated-image']);
}, 120_000);

describe('scs-cert diff', () => {
  it('names the newly failing testcase and the worse verdicts, and exits 1 (a CI gate)', async () => {
    const r = await runCli(['diff', good, bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^verdict: compliant → non-compliant$/m);
    expect(r.stdout).toMatch(/^version v5\.1: PASS → FAIL$/m);
    expect(r.stdout).toMatch(
      /^newly failing \(1\):\n {2}- scs-0102-image-recency: PASS → FAIL: 1 image\(s\) are outdated/m,
    );
    expect(r.stdout).toMatch(/^fixed \(0\)$/m);
  });

  it('the other way round lists it as fixed and exits 0', async () => {
    const r = await runCli(['diff', bad, good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixed \(1\):\n {2}- scs-0102-image-recency: FAIL → PASS/m);
    expect(r.stdout).toMatch(/^newly failing \(0\)$/m);
  });

  it('json output carries the same findings; identical runs trip no gate', async () => {
    const r = await runCli(['diff', good, bad, '--format', 'json']);
    const d = JSON.parse(r.stdout) as ReportDiff;
    expect(d.kind).toBe('scs-cert/diff');
    expect(d.newlyFailing.map((c) => [c.id, c.from, c.to])).toEqual([
      ['scs-0102-image-recency', 'PASS', 'FAIL'],
    ]);
    expect(d.verdict).toEqual({ from: 'compliant', to: 'non-compliant', worse: true });
    const same = await runCli(['diff', good, good, '--fail-on', 'any-change']);
    expect(same.code).toBe(0);
  });

  it('expiring results: listed with days left, and a gate of their own', async () => {
    const report = JSON.parse(readFileSync(good, 'utf8')) as ConformanceReport;
    const expiry = report.testcases[0]!.expiresAt!;
    const dayBefore = new Date(Date.parse(expiry) - 86_400_000).toISOString();
    const r = await runCli([
      'diff',
      good,
      good,
      '--at',
      dayBefore,
      '--expiring-within',
      '2',
      '--fail-on',
      'expiring',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^expiring within 2 days \\(${report.testcases.length}\\):$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}- scs-0102-\S+ \(PASS\): expires \S+ \(in 1 day\)$/m);
    const early = await runCli([
      'diff',
      good,
      good,
      '--at',
      report.checkedAt,
      '--expiring-within',
      '1',
      '--fail-on',
      'expiring',
    ]);
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/^expiring within 1 days \(0\)$/m);
  });

  it('bad input is a one-line usage error', async () => {
    const other = JSON.parse(readFileSync(good, 'utf8')) as ConformanceReport;
    other.scope.uuid = '00000000-0000-4000-8000-000000000000';
    other.scope.name = 'Other scope';
    const otherFile = join(dir, 'other.json');
    writeFileSync(otherFile, JSON.stringify(other));
    const r = await runCli(['diff', good, otherFile]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(
      /^scs-cert: .* are reports of different scopes \(SCS-compatible IaaS, Other scope\)/,
    );
    expect((await runCli(['diff', good, bad, '--fail-on', 'sometimes'])).code).toBe(64);
    expect((await runCli(['diff', good, join(dir, 'nope.json')])).stderr).toMatch(
      /^scs-cert: cannot read report/,
    );
  });
});
