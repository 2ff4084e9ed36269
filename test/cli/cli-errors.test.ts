import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/exit-codes.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** A usage/config error: exit 64, exactly one line on stderr starting `scs-cert:`, no stack trace. */
function expectOneLineError(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(EXIT.USAGE);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^scs-cert: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('CLI bad input', () => {
  it('unknown scope', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-xaas']),
      /unknown scope.*use one of scs-compatible-iaas, scs-compatible-kaas/,
    );
  });
  it('unknown version', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-iaas', '--version', 'v7']),
      /has no version 'v7'/,
    );
  });
  it('bad date', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-iaas', '--date', '2026-02-30']),
      /--date: invalid date '2026-02-30'.*YYYY-MM-DD/,
    );
  });
  it('date before any timeline entry', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-iaas', '--date', '2020-01-01']),
      /no valid version found for 2020-01-01/,
    );
  });
  it('bad regex', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-iaas', '--tests', 'scs-(0100']),
      /invalid --tests regular expression/,
    );
  });
  it('malformed scope YAML given as a path', async () => {
    const p = join(dir, 'broken.yaml');
    writeFileSync(p, 'name: x\nversions: [\n');
    expectOneLineError(await runCli(['compile', p]), /broken\.yaml: line \d+, column \d+: malformed YAML/);
  });
  it('schema violation in a scope file', async () => {
    const p = join(dir, 'bad-key.yaml');
    writeFileSync(
      p,
      'name: x\nuuid: 11111111-2222-3333-4444-555555555555\nversions:\n  - version: v1\n    include: []\n    stabilised_at: 2024-01-01\n',
    );
    expectOneLineError(
      await runCli(['compile', p]),
      /line 6, \/versions\/0\/stabilised_at: unknown key 'stabilised_at'/,
    );
  });
  it('bad -a assignment', async () => {
    expectOneLineError(
      await runCli(['compile', 'scs-compatible-iaas', '-a', 'os_cloud']),
      /write assignments as key=value/,
    );
  });
  it('unknown option is a usage error', async () => {
    const r = await runCli(['compile', 'scs-compatible-iaas', '--frobnicate']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });
  it('run without any cloud names the ways to choose one', async () => {
    const r = await runCli(['run', 'scs-compatible-iaas', '--subject', 'x'], { env: {} });
    // Without a registered OpenStack target the error names that; with it, the flags.
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
  it('report on a file that is not a report', async () => {
    const p = join(dir, 'not-a-report.json');
    writeFileSync(p, '{"hello": 1}');
    expectOneLineError(await runCli(['report', p]), /not an scs-cert JSON report/);
  });
  it('evaluate needs exactly one source', async () => {
    expectOneLineError(
      await runCli(['evaluate', 'scs-compatible-iaas']),
      /exactly one of --artifacts DIR or --from DIR/,
    );
  });
});

describe('CLI compile', () => {
  it('prints the suite JSON for the default selection', async () => {
    const r = await runCli(['compile', 'scs-compatible-iaas', '--date', '2026-11-24']);
    expect(r.code).toBe(0);
    const suite = JSON.parse(r.stdout) as { versions: Array<{ version: string }>; testcases: unknown[] };
    expect(suite.versions.map((v) => v.version)).toEqual(['next', 'v5.1']);
    // the scope's 57 testcases and scs-cert's advisory ones (standards/extensions/scs-compatible-iaas.yaml)
    expect(suite.testcases.filter((t) => !(t as { extension?: boolean }).extension)).toHaveLength(57);
  });
  it('writes to a file with -o and summarises on stderr', async () => {
    const out = join(dir, 'suite.json');
    const r = await runCli(['compile', 'scs-compatible-kaas', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/v1 main: 3 testcases/);
  });
});
