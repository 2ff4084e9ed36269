// The command's entry point (bin/scs-cert.js): the bundled CLI with its code cache, or one line naming the cause.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, TOOL_VERSION } from '../../src/core/version.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'scs-cert.js');
const run = (nodeArgs: string[], args: string[]) =>
  spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('bin/scs-cert.js', () => {
  it('starts the bundle, whose files the build gave a code cache', () => {
    const r = run([], ['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(TOOL_VERSION);
    const files = readdirSync(join(PACKAGE_ROOT, 'dist', 'bundle'));
    const main = files.find((f) => /^startup-.*\.cjs$/.test(f));
    expect(main).toBeDefined();
    expect(files).toContain(`${main}.v8-cache`);
  });

  it('says in one line what is wrong where Node cannot require ES modules, instead of a stack trace', () => {
    const r = run(['--no-experimental-require-module'], ['--version']);
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(
      /^scs-cert: Node\.js v[\d.]+ cannot require ES modules here: use Node\.js 20\.19 or newer/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
