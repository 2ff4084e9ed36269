// @kubernetes/client-node is loaded only when a command reaches a cluster: `--help` and IaaS commands start without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'scs-cert-load-'));
// The bundled CLI is CommonJS and requires its packages (ES-module ones through require(esm)): a preload that
// watches module resolution sees every package it loads, whichever way.
const hook = join(dir, 'hook.cjs');
writeFileSync(
  hook,
  `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.includes('@kubernetes/client-node')) process.stderr.write('LOADED client-node\\n');
  return resolve.call(this, request, ...rest);
};\n`,
);

function loads(args: string[]): boolean {
  const r = spawnSync(process.execPath, ['--require', hook, 'bin/scs-cert.js', ...args], {
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
