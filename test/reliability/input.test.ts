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
