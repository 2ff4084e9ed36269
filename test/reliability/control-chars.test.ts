// Control characters a cloud puts into names (ESC sequences, CR, C1 controls, bidi overrides) reach neither the
// terminal nor the Markdown report raw; the JSON report keeps the exact value.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/core/control-chars.js';
import { DEMO_CREDENTIALS, defaultSeed, startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
const EVIL = 'SCS-1V-2\u001b]0;pwned\u0007\u001b[2J\rfake-ok\u009b31m\u202ereversed';

let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

describe('control characters from the cloud', () => {
  it('escapeControl makes them visible and keeps newlines and tabs', () => {
    expect(escapeControl('a\u001b[31mb\rc\u009b\u202e\td\n')).toBe('a\\x1b[31mb\\rc\\x9b\\u202e\td\n');
  });

  it('a flavor name with ESC, CR and C1 is escaped on the console and in Markdown, exact in JSON', async () => {
    const seed = defaultSeed(new Date());
    cloud = await startDemoCloud({
      seed: {
        flavors: [...seed.flavors, { name: EVIL, vcpus: 1, ram: 2048, disk: 0, extraSpecs: {} }],
      },
    });
    const dir = tempDir();
    const c = DEMO_CREDENTIALS;
    writeFileSync(
      join(dir, 'clouds.yaml'),
      `clouds:\n  prod:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: ${c.user}\n      password: ${c.password}\n      project_name: ${c.project}\n      user_domain_name: ${c.domain}\n      project_domain_name: ${c.domain}\n    region_name: RegionOne\n`,
    );
    const r = await runCli(
      ['run', 'scs-compatible-iaas', '--os-cloud', 'prod', '-t', 'scs-0100-', '-v', '-o', 'out/'],
      { cwd: dir, env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), HOME: dir } },
    );
    expect(r.stdout + r.stderr).toContain('\\x1b[2J');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const out = join(dir, 'out');
    const md = readFileSync(
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.md'))!,
      ),
      'utf8',
    );
    expect(md).toContain('\\x1b');
    expect(md).not.toMatch(RAW_CONTROL);
    const json = readFileSync(
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.json'))!,
      ),
      'utf8',
    );
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(EVIL).slice(1, -1));
  });
});
