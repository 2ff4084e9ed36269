// `scs-cert demo-cloud`: options, errors, the printed and written clouds.yaml, run until told to stop.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { main } from '../../src/cli/main.js';
import { runDemoCloud } from '../../src/cli/commands/demo-cloud.js';
import type { CliIO } from '../../src/cli/io.js';
import { UsageError } from '../../src/core/errors.js';
import { EXIT } from '../../src/core/exit-codes.js';

function captureIO(cwd = process.cwd()): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {}, cwd };
}

describe('scs-cert demo-cloud', () => {
  it('lists the profiles', async () => {
    const io = captureIO();
    expect(await main(['demo-cloud', '--list-profiles'], io)).toBe(EXIT.COMPLIANT);
    const text = io.out.join('');
    expect(text).toMatch(/^misnamed-flavor\s+adds a public flavor/m);
    expect(text).toMatch(/^fips-failures\s+/m);
  });

  it('refuses a bad port, an unknown profile and a bad fault spec with one-line usage errors', async () => {
    const io = captureIO();
    expect(await main(['demo-cloud', '--port', 'http'], io)).toBe(EXIT.USAGE);
    expect(io.err.join('')).toBe(
      "scs-cert: --port must be a TCP port number 0-65535 (0 = any free port), got 'http'\n",
    );
    await expect(runDemoCloud({ profile: 'nope' }, captureIO(), Promise.resolve())).rejects.toThrow(
      UsageError,
    );
    await expect(runDemoCloud({ faults: '{' }, captureIO(), Promise.resolve())).rejects.toThrow(
      /^--faults: fault spec is not valid JSON/,
    );
  });

  it('prints the auth URL and a clouds.yaml snippet, writes it, serves until stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scs-demo-'));
    try {
      const io = captureIO(dir);
      let release: () => void = () => undefined;
      const until = new Promise<void>((r) => {
        release = r;
      });
      const done = runDemoCloud({ port: '0', writeCloudsYaml: 'clouds.yaml', profile: 'no-s3' }, io, until);
      for (let i = 0; i < 100 && !io.out.join('').includes('Stop with Ctrl-C'); i++)
        await new Promise((r) => setTimeout(r, 10));
      const text = io.out.join('');
      const authUrl = /auth URL: (\S+)/.exec(text)?.[1] as string;
      expect(authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity\/v3$/);
      expect(text).toContain('profiles: no-s3');
      expect(text).toContain('public, fixed credentials');
      const written = YAML.parse(await readFile(join(dir, 'clouds.yaml'), 'utf8')) as {
        clouds: Record<
          string,
          {
            auth: Record<string, string>;
            region_name: string;
            identity_api_version: number;
            auth_type?: string;
          }
        >;
      };
      expect(Object.keys(written.clouds)).toEqual([
        'demo',
        'demo-appcred',
        'demo-admin',
        'demo-reader',
        'demo-manager',
        'admin',
      ]);
      expect(written.clouds.demo).toMatchObject({
        region_name: 'RegionOne',
        identity_api_version: 3,
        auth: {
          auth_url: authUrl,
          username: 'demo-user',
          project_name: 'demo',
          user_domain_name: 'Default',
          project_domain_name: 'Default',
        },
      });
      expect(written.clouds['demo-appcred']?.auth_type).toBe('v3applicationcredential');
      expect((await fetch(authUrl)).status).toBe(200);
      release();
      expect(await done).toBe(EXIT.COMPLIANT);
      await expect(fetch(authUrl)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
