// Hostile or broken input files: every file-reading command exits 64 with the file (and JSON pointer) named,
// never a stack trace, never a quote of a file it should not have read.
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLimitedYaml, YamlInputError } from '../../src/core/yaml.js';
import { DEMO_CREDENTIALS, startDemoCloud } from '../../src/democloud/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'clouds: [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '',
].join('\n');

function noStack(stderr: string): void {
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
}

let root: string;
let recording: string;
beforeAll(async () => {
  root = tempDir('scs-cert-input-');
  recording = join(root, 'rec');
  const r = await runCli(
    ['run', 'scs-compatible-iaas', '--demo', '-t', 'scs-0100-', '-q', '-o', 'out/', '--record', 'rec'],
    { cwd: root },
  );
  expect(r.code, r.stderr).toBe(0);
});

/** A copy of the recording with one file replaced. */
function brokenRecording(name: string, file: (dir: string) => string, content: string): string {
  const dir = join(root, name);
  cpSync(recording, dir, { recursive: true });
  writeFileSync(file(dir), content);
  return dir;
}

const firstExchange = (dir: string) => {
  const ex = join(dir, 'exchanges', 'exchanges');
  return join(ex, readdirSync(ex).sort()[0]!);
};

describe('YAML limits', () => {
  it('an alias bomb is refused in one line', () => {
    expect(() => parseLimitedYaml(ALIAS_BOMB, 'x.yaml')).toThrow(YamlInputError);
    expect(() => parseLimitedYaml(ALIAS_BOMB, 'x.yaml')).toThrow(/alias/);
  });

  it('an alias bomb in clouds.yaml is exit 64 naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'clouds.yaml'), ALIAS_BOMB);
    const r = await runCli(['run', 'scs-compatible-iaas', '--os-cloud', 'x', '-o', 'out/'], {
      cwd: dir,
      env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), HOME: dir },
    });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(join(dir, 'clouds.yaml'));
    expect(r.stderr).toMatch(/alias/);
    noStack(r.stderr);
  });

  it('an alias bomb in a scope file is exit 64 naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'scope.yaml'), ALIAS_BOMB.replace('clouds:', 'versions:'));
    const r = await runCli(['run', join(dir, 'scope.yaml'), '--demo', '-o', 'out/'], { cwd: dir });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('scope.yaml');
    noStack(r.stderr);
  });

  it('deep nesting is refused', () => {
    expect(() => parseLimitedYaml(`${'['.repeat(5000)}${']'.repeat(5000)}`, 'deep.yaml')).toThrow(
      YamlInputError,
    );
  });
});

describe('evaluate --from validates the recording before use', () => {
  const cases: Array<[string, (d: string) => string, string, RegExp]> = [
    ['empty-object-exchange', firstExchange, '{}', /at \/seq: missing/],
    ['null-exchange', firstExchange, 'null', /at \/: expected an object, found null/],
    [
      'deep-exchange',
      firstExchange,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      /nested more than|not valid JSON/,
    ],
    [
      'bad-status',
      firstExchange,
      '{"seq":1,"service":"identity","method":"POST","url":"/x","response":{"status":"x","headers":{},"bodyFormat":"json"}}',
      /at \/response\/status: expected an integer/,
    ],
    ['empty-run', (d) => join(d, 'run.json'), '{}', /run\.json at \/subject: missing/],
    ['null-run', (d) => join(d, 'run.json'), 'null', /run\.json at \/: expected an object/],
  ];
  for (const [name, file, content, message] of cases) {
    it(`${name}: exit 64 with the file and the pointer`, async () => {
      const dir = brokenRecording(name, file, content);
      const r = await runCli([
        'evaluate',
        'scs-compatible-iaas',
        '--from',
        dir,
        '-t',
        'scs-0100-',
        '-q',
        '-o',
        join(root, `${name}-out/`),
      ]);
      expect(r.code, r.stderr).toBe(64);
      expect(r.stderr).toMatch(message);
      noStack(r.stderr);
    });
  }

  it('a run.json that is a symlink to a foreign file is not quoted', async () => {
    const dir = join(root, 'symlinked');
    cpSync(recording, dir, { recursive: true });
    const secret = join(root, 'shadow');
    writeFileSync(secret, 'root:$6$very-secret-hash:19000:0:99999:7:::\n');
    unlinkSync(join(dir, 'run.json'));
    symlinkSync(secret, join(dir, 'run.json'));
    const r = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--from',
      dir,
      '-q',
      '-o',
      join(root, 'sym-out/'),
    ]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/is not valid JSON/);
    expect(r.stderr).not.toMatch(/root|very-secret|\$6\$/);
    noStack(r.stderr);
  });
});

describe('report validates the report before use', () => {
  it('a schema-invalid report is exit 64 with the JSON pointer', async () => {
    const out = join(root, 'out');
    const file = join(
      out,
      readdirSync(out).find((f) => f.endsWith('.json'))!,
    );
    const report = JSON.parse(readFileSync(file, 'utf8'));
    report.versions[0].targets = 'broken';
    mkdirSync(join(root, 'bad'), { recursive: true });
    const bad = join(root, 'bad', 'report.json');
    writeFileSync(bad, JSON.stringify(report));
    const r = await runCli(['report', bad]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/report\.json at \/versions\/0\/targets: must be object/);
    noStack(r.stderr);
    for (const text of ['{}', 'null', '[[[[]]]]']) {
      writeFileSync(bad, text);
      const e = await runCli(['report', bad]);
      expect(e.code, text).toBe(64);
      noStack(e.stderr);
    }
  });
});

describe('numbers in flavor names are judged exactly or refused', () => {
  it('a 100 000-digit disk is invalid, never "valid" with Infinity GB', async () => {
    const name = `SCS-2V-4-${'9'.repeat(100_000)}s`;
    const r = await runCli(['flavor-name', 'check', name]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/\(100000 digits\) is larger than scs-cert can judge exactly/);
    expect(r.stdout + r.stderr).not.toMatch(/Infinity|: valid/);
    noStack(r.stderr);
  });

  it('shorten never loses digits: exact up to 2^53 - 1, refused beyond', async () => {
    const ok = await runCli(['flavor-name', 'shorten', 'SCS-2V-4-9007199254740991']);
    expect(ok.stdout.trim()).toBe('SCS-2V-4-9007199254740991');
    const big = await runCli(['flavor-name', 'shorten', 'SCS-2V-4-12345678901234567890']);
    expect(big.code).not.toBe(0);
    expect(big.stdout).not.toContain('12345678901234567000');
    expect(big.stderr).toMatch(/12345678901234567890 is larger than scs-cert can judge exactly/);
  });
});

describe('precise messages for common mistakes', () => {
  const cloudsYaml = (dir: string, authUrl: string, withPassword = true): string => {
    const c = DEMO_CREDENTIALS;
    const file = join(dir, 'clouds.yaml');
    writeFileSync(
      file,
      `clouds:\n  prod:\n    auth:\n      auth_url: ${authUrl}\n      username: ${c.user}\n${withPassword ? `      password: ${c.password}\n` : ''}      project_name: ${c.project}\n      user_domain_name: ${c.domain}\n      project_domain_name: ${c.domain}\n    region_name: RegionOne\n`,
    );
    return file;
  };
  const run = (dir: string, env: NodeJS.ProcessEnv) =>
    runCli(['run', 'scs-compatible-iaas', '--os-cloud', 'prod', '-t', 'scs-0100-', '-q', '-o', 'out/'], {
      cwd: dir,
      env: { HOME: dir, ...env },
    });

  it('a wrong auth_url path says where Keystone should be (exit 64)', async () => {
    const cloud = await startDemoCloud();
    try {
      const dir = tempDir();
      const r = await run(dir, { OS_CLIENT_CONFIG_FILE: cloudsYaml(dir, `${cloud.url}/wrong/v3`) });
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(/Keystone is not where auth_url points: .* usually ending in \/v3/);
    } finally {
      await cloud.stop();
    }
  });

  it('https:// against a plain-HTTP port says so, with the whole hint', async () => {
    const cloud = await startDemoCloud();
    try {
      const dir = tempDir();
      const url = cloud.authUrl.replace('http://', 'https://');
      const r = await run(dir, { OS_CLIENT_CONFIG_FILE: cloudsYaml(dir, url) });
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(/answers plain HTTP, not HTTPS .*write http:\/\/127\.0\.0\.1:\d+ in auth_url/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await cloud.stop();
    }
  });

  it('OS_CLIENT_CONFIG_FILE pointing nowhere is an error, not a silent fallback', async () => {
    const dir = tempDir();
    cloudsYaml(dir, 'http://127.0.0.1:9/v3'); // a clouds.yaml in the working directory that must not be used
    const r = await run(dir, { OS_CLIENT_CONFIG_FILE: join(dir, 'nowhere.yaml') });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/OS_CLIENT_CONFIG_FILE=.*nowhere\.yaml points nowhere/);
  });

  it('OS_PASSWORD is not suggested for a clouds.yaml entry (where it is ignored)', async () => {
    const dir = tempDir();
    const r = await run(dir, { OS_CLIENT_CONFIG_FILE: cloudsYaml(dir, 'http://127.0.0.1:9/v3', false) });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(
      /no password: add auth\.password .*OS_PASSWORD applies only to the cloud from OS_\* variables/,
    );
    expect(r.stderr).not.toMatch(/or set OS_PASSWORD/);
  });

  it('a credential with alg "none" is called unsigned (exit 3)', async () => {
    const dir = tempDir();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    writeFileSync(
      join(dir, 'c.vc.jwt'),
      `${b64({ alg: 'none', typ: 'vc+jwt' })}.${b64({ iss: 'did:web:x' })}.\n`,
    );
    writeFileSync(
      join(dir, 'k.jwk'),
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'mQwY1N5T8yGkzRg3Hq0C9pB2xWfV7aLhJkE4sDnU6oI' }),
    );
    const r = await runCli(['verify', 'c.vc.jwt', '--issuer-key', 'k.jwk'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the credential is unsigned \(JWT alg "none"\)/);
  });
});
