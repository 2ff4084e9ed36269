// Install paths: the `npm pack` tarball installs globally into a fresh prefix and runs, without dev dependencies.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, TOOL_VERSION } from '../../src/core/version.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const dir = tempDir('scs-cert-install-');
const prefix = join(dir, 'prefix');
let tarball = '';
let packed: Array<{ path: string }> = [];

/** Runs a command with the temp prefix's bin first on PATH, in a directory outside the clone. */
function inPrefix(cmd: string, args: string[], cwd: string) {
  return run(cmd, args, {
    cwd,
    env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
    timeout: 240_000,
    maxBuffer: 32 * 1024 * 1024,
  });
}

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(async () => {
  // `npm test` builds dist first (pretest); the tarball is what `npm publish` would upload.
  expect(existsSync(join(PACKAGE_ROOT, 'dist/cli/main.js')), 'run `npm run build` first').toBe(true);
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: PACKAGE_ROOT,
    timeout: 120_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  const info = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(dir, info[0]!.filename);
  packed = info[0]!.files;
  await run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball],
    {
      timeout: 240_000,
      cwd: dir,
    },
  );
}, 400_000);

describe('npm pack → npm install -g', () => {
  it('ships no source maps and nothing that points at the unshipped src/', () => {
    const paths = packed.map((f) => f.path);
    expect(paths).toContain('bin/scs-cert.js');
    expect(paths).toContain('dist/cli/main.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/'))).toEqual([]);
    const installed = join(prefix, 'lib/node_modules/scs-cert');
    const dangling = walk(join(installed, 'dist')).filter((f) =>
      /sourceMappingURL|\.\.\/src\//.test(readFileSync(f, 'utf8')),
    );
    expect(dangling).toEqual([]);
  });

  it('puts scs-cert on PATH and installs no dev dependency', async () => {
    expect(existsSync(join(prefix, 'bin/scs-cert'))).toBe(true);
    const { stdout } = await inPrefix('scs-cert', ['--version'], dir);
    expect(stdout.trim()).toBe(TOOL_VERSION);
    // The build and test tools stay behind (some @types packages arrive as dependencies of dependencies).
    const modules = join(prefix, 'lib/node_modules/scs-cert/node_modules');
    const devOnly = ['typescript', 'vitest', 'eslint', 'prettier', 'typescript-eslint', '@eslint/js'].filter(
      (d) => existsSync(join(modules, d)),
    );
    expect(devOnly).toEqual([]);
  });

  it('certifies the embedded cloud from the installed copy, outside the clone', async () => {
    const cwd = join(dir, 'work');
    mkdirSync(cwd, { recursive: true });
    const { stdout } = await inPrefix('scs-cert', ['run', 'scs-compatible-iaas', '--demo', '-q'], cwd);
    expect(stdout).toMatch(/^compliant \(this run certifies scs-cert's embedded demo cloud/);
    const reports = readdirSync(join(cwd, 'reports'));
    expect(reports.some((f) => f.endsWith('.json'))).toBe(true);
    expect(reports.some((f) => f.endsWith('.yaml'))).toBe(true);
  }, 120_000);

  it('runs with npx from the packed tarball', async () => {
    const cwd = join(dir, 'npx');
    mkdirSync(cwd, { recursive: true });
    const { stdout } = await run('npx', ['--yes', `--package=${tarball}`, 'scs-cert', '--version'], {
      cwd,
      timeout: 240_000,
      env: { ...process.env, npm_config_prefer_offline: 'true' },
    });
    expect(stdout.trim()).toBe(TOOL_VERSION);
  }, 300_000);
});
