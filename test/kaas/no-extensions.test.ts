// --no-extensions over every scope × selection flag: the suite compiles, keeps the scope's own testcases, and holds
// advisory testcases exactly when extensions are on; a KaaS run works either way.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Suite {
  versions: Array<{ version: string; targets: Record<string, string[]> }>;
}

const dir = mkdtempSync(join(tmpdir(), 'scs-cert-noext-'));
let n = 0;

async function compile(args: string[]): Promise<{ code: number; stderr: string; suite?: Suite }> {
  const out = join(dir, `suite-${n++}.json`);
  const r = await runCli(['compile', ...args, '-o', out, '--date', '2026-11-24']);
  return {
    code: r.code,
    stderr: r.stderr,
    ...(r.code === 0 && { suite: JSON.parse(readFileSync(out, 'utf8')) as Suite }),
  };
}

const SCOPES = {
  'scs-compatible-iaas': { versions: ['next', 'v5.1', 'v4', 'v3'], tests: 'scs-0100', sections: undefined },
  'scs-compatible-kaas': { versions: ['v1'], tests: 'cncf|scs-0211', sections: 'light' },
} as const;

const cases: Array<[string, string, string[]]> = [];
for (const [scope, s] of Object.entries(SCOPES)) {
  const selections: Array<[string, string[]]> = [
    ['no selection', []],
    [`--tests ${s.tests}`, ['--tests', s.tests]],
    ...s.versions.map((v): [string, string[]] => [`--version ${v}`, ['--version', v]]),
    ...(s.sections ? [[`--sections ${s.sections}`, ['--sections', s.sections]] as [string, string[]]] : []),
  ];
  for (const [label, args] of selections) cases.push([scope, label, args]);
}

describe('--no-extensions × scope × selection', () => {
  it.each(cases)('%s, %s: compiles with and without extensions', async (scope, _label, args) => {
    const withExt = await compile([scope, ...args]);
    const without = await compile([scope, ...args, '--no-extensions']);
    expect([withExt.code, without.code]).toEqual([0, 0]);
    for (const [a, b] of withExt.suite!.versions.map((v, i) => [v, without.suite!.versions[i]!] as const)) {
      expect(b.version).toBe(a.version);
      // The scope's own targets are the same; only the advisory target goes.
      const own = (t: Record<string, string[]>) =>
        Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'advisory'));
      expect(own(b.targets)).toEqual(own(a.targets));
      expect(b.targets['advisory']).toBeUndefined();
    }
    if (scope === 'scs-compatible-kaas' && !args.includes('--sections') && !args.includes('--tests'))
      expect(withExt.suite!.versions[0]!.targets['advisory']).toHaveLength(3);
  });

  it.each([[[] as string[]], [['--no-extensions']]])('a KaaS demo run %j certifies', async (flags) => {
    const out = join(dir, `run-${n++}`);
    const r = await runCli(['run', 'scs-compatible-kaas', '--demo', ...flags, '-o', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const file = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as { testcases: Array<{ id: string }> };
    const ids = report.testcases.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['version-policy-check', 'cncf-k8s-conformance']));
    expect(ids.some((id) => id.startsWith('scs-0211'))).toBe(flags.length === 0);
  });
});
