// @kubernetes/client-node is loaded only when a command reaches a cluster: `--help` and IaaS commands start without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'scs-cert-load-'));
const hook = join(dir, 'hook.mjs');
writeFileSync(
  hook,
  `export async function resolve(spec, ctx, next) {
  if (spec.includes('@kubernetes/client-node')) process.stderr.write('LOADED client-node\\n');
  return next(spec, ctx);
}\n`,
);
const register = join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

function loads(args: string[]): boolean {
  const r = spawnSync(process.execPath, ['--import', register, 'bin/scs-cert.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return r.stderr.includes('LOADED client-node');
}

describe('Kubernetes client loading', () => {
  it('is not loaded by --help, run --help or an IaaS compile', () => {
    expect(loads(['--help'])).toBe(false);
    expect(loads(['run', '--help'])).toBe(false);
    expect(loads(['compile', 'scs-compatible-iaas', '-o', join(dir, 'suite.json')])).toBe(false);
  });

  it('is loaded by a KaaS run that connects to a cluster', () => {
    expect(loads(['run', 'scs-compatible-kaas', '--demo', '-o', join(dir, 'out'), '--format', 'json'])).toBe(
      true,
    );
  });
});
