// CLI conventions: bare call, unknown demo profiles, --record with --save-artifacts, --debug, clouds.yaml `demo`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/exit-codes.js';
import { scrubDebug } from '../../src/cli/debug.js';
import { startDemoCloud } from '../../src/democloud/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-ux-');

/** A quick scs-0100-only run of the embedded cloud, JSON report into dir/<out>. */
function quickRun(out: string, extra: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runCli(
    ['run', 'scs-compatible-iaas', '--tests', 'scs-0100', '-q', '-f', 'json', '-o', join(dir, out), ...extra],
    opts,
  );
}

describe('bare call', () => {
  it('exits 64 and prints the help (with its commands) on stderr', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: scs-cert \[options\] \[command\]/);
    expect(r.stderr).toMatch(/\n {2}run \[options\] <scope>/);
    expect(r.stderr).toMatch(/\n {2}completion/);
  });
});

describe('demo profiles', () => {
  it('an unknown IaaS profile is one line naming the known profiles, exit 64', async () => {
    const r = await runCli(['run', 'scs-compatible-iaas', '--demo', '--demo-profile', 'no-such-thing']);
    expect(r.code).toBe(EXIT.USAGE);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^scs-cert: unknown demo profile 'no-such-thing' for the embedded cloud: use one of /,
    );
    expect(lines[0]).toMatch(/outdated-image/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
  it('one unknown among known ones is named alone', async () => {
    const r = await runCli([
      'run',
      'scs-compatible-iaas',
      '--demo',
      '--demo-profile',
      'outdated-image,bogus',
    ]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/unknown demo profile 'bogus' /);
  });
  it('an unknown KaaS profile exits 64 with the cluster profiles', async () => {
    const r = await runCli(['run', 'scs-compatible-kaas', '--demo', '--demo-profile', 'nope']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(
      /unknown demo profile 'nope' for the embedded cluster: use one of compliant, eol-version/,
    );
  });
  it('run --help lists the profiles of the embedded cloud and cluster', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Demo profiles of the embedded cloud/);
    expect(r.stdout).toMatch(/^ {2}outdated-image +\S/m);
    expect(r.stdout).toMatch(/^ {2}misnamed-flavor +\S/m);
    expect(r.stdout).toMatch(/Demo profiles of the embedded cluster.*\n {2}compliant, eol-version/);
    expect(r.stdout).toMatch(/--debug/);
  });
});

describe('--record with --save-artifacts', () => {
  it('writes the recording and a separate artifacts directory that `evaluate --artifacts` reads', async () => {
    const rec = join(dir, 'rec');
    const saved = join(dir, 'saved');
    const out = join(dir, 'out-rec');
    const r = await runCli([
      'run',
      'scs-compatible-iaas',
      '--demo',
      '-q',
      '--tests',
      'scs-0100',
      '-f',
      'json',
      '-o',
      out,
      '--record',
      rec,
      '--save-artifacts',
      saved,
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(rec, 'exchanges')).length).toBeGreaterThan(1);
    expect(existsSync(join(rec, 'artifacts', 'Flavors.json'))).toBe(true);
    expect(existsSync(join(saved, 'Flavors.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(saved, 'run.json'), 'utf8')).subject.demo).toBe(true);
    const ev = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--artifacts',
      saved,
      '--tests',
      'scs-0100',
      '-q',
      '-f',
      'json',
      '-o',
      join(dir, 'out-ev'),
    ]);
    expect(ev.code).toBe(0);
  });
});

describe('--debug', () => {
  it('prints the HTTP exchanges and internal steps on stderr, with tokens and passwords redacted', async () => {
    const r = await quickRun('out-debug', ['--demo', '--debug']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^debug: http → POST http:\/\/127\.0\.0\.1:\d+\/\S*auth\/tokens$/m);
    expect(r.stderr).toMatch(
      /^debug: http ← 201 POST http:\/\/127\.0\.0\.1:\d+\/\S*auth\/tokens \(\d+ ms\)$/m,
    );
    expect(r.stderr).toMatch(/^debug: http ← 200 GET \S+\/flavors\/detail/m);
    expect(r.stderr).toMatch(/^debug: token issued for cloud demo, expires /m);
    // the demo cloud's password never appears
    expect(r.stderr).not.toMatch(/demo-password|secret-/i);
  });
  it('also shows node:http exchanges (the Kubernetes client) with host and port', async () => {
    const r = await runCli([
      'run',
      'scs-compatible-kaas',
      '--demo',
      '-q',
      '-f',
      'json',
      '-o',
      join(dir, 'out-kdebug'),
      '--debug',
    ]);
    expect(r.stderr).toMatch(/^debug: http ← 200 GET https?:\/\/127\.0\.0\.1:\d+\/version \(\d+ ms\)$/m);
    expect(r.stderr).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
  it('without --debug there is no debug output', async () => {
    const r = await quickRun('out-nodebug', ['--demo']);
    expect(r.stderr).not.toMatch(/debug:/);
  });
  it('scrubs credentials from every debug line', () => {
    expect(scrubDebug('X-Auth-Token: gAAAAabc123')).toBe('X-Auth-Token: <redacted>');
    expect(scrubDebug('{"password": "hunter2", "name": "x"}')).toBe(
      '{"password": "<redacted>", "name": "x"}',
    );
    expect(scrubDebug('http ← 200 GET https://s3/b?X-Amz-Signature=abcd&y=1')).toBe(
      'http ← 200 GET https://s3/b?X-Amz-Signature=<redacted>&y=1',
    );
    expect(scrubDebug('via http://user:pw@proxy:3128/')).toBe('via http://<redacted>@proxy:3128/');
    expect(scrubDebug('Authorization: Bearer abc.def')).toBe('Authorization: <redacted>');
  });
});

describe('--os-cloud demo when clouds.yaml has an entry named demo', () => {
  it("certifies the user's entry with a notice; --demo still means the embedded cloud", async () => {
    const cloud = await startDemoCloud();
    try {
      const home = join(dir, 'home');
      mkdirSync(home, { recursive: true });
      const entry = cloud.cloudConfig;
      writeFileSync(join(home, 'clouds.yaml'), JSON.stringify({ clouds: { demo: entry } }));
      const out = join(dir, 'out-userdemo');
      const r = await quickRun('out-userdemo', ['--os-cloud', 'demo'], { cwd: home, env: { HOME: home } });
      expect(r.stderr).toMatch(
        /notice: certifying the clouds\.yaml entry 'demo' \(your clouds\.yaml wins\); use --demo for the embedded demo cloud/,
      );
      const report = JSON.parse(readFileSync(join(out, readdirSync(out)[0]!), 'utf8'));
      // the entry is the embedded cloud served on loopback: certified as the user's entry, still marked demo
      // (it answers with the demo cloud's header)
      expect(report.subject.demo).toBe(true);
      expect(report.subject.details.cloud).toBe('demo');
      expect(r.code).toBe(0);
      const out2 = join(dir, 'out-explicit');
      const r2 = await quickRun('out-explicit', ['--demo'], { cwd: home, env: { HOME: home } });
      expect(r2.stderr).not.toMatch(/notice/);
      expect(JSON.parse(readFileSync(join(out2, readdirSync(out2)[0]!), 'utf8')).subject.demo).toBe(true);
    } finally {
      await cloud.stop();
    }
  });
});

describe('shell completion', () => {
  it('bash: completes commands, subcommands and options from the program', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    const file = join(dir, 'complete.bash');
    writeFileSync(file, script);
    const complete = (line: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _scs_cert_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
    expect(complete(`scs-cert r`)).toEqual(expect.arrayContaining(['run', 'report']));
    expect(complete(`scs-cert run scs-compatible-iaas --demo-p`)).toEqual(['--demo-profile']);
    expect(complete(`scs-cert flavor-name c`)).toEqual(expect.arrayContaining(['check', 'convert']));
    expect(complete(`scs-cert flavor-name check --js`)).toEqual(['--json']);
    expect(complete(`scs-cert completion ''`)).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
    expect(complete(`scs-cert completion ''`)).not.toContain('package.json');
    expect(complete(`scs-cert --de`)).toEqual(['--debug']);
  });
  it('fish: completes commands and options (real fish)', async () => {
    const file = join(dir, 'complete.fish');
    writeFileSync(file, (await runCli(['completion', 'fish'])).stdout);
    const complete = (line: string) =>
      execFileSync('fish', ['-c', `source ${file}; complete -C ${JSON.stringify(line)}`], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(complete('scs-cert ru')).toEqual(['run']);
    expect(complete('scs-cert run x --demo-p')).toEqual(['--demo-profile']);
    expect(complete('scs-cert flavor-name ch')).toEqual(['check']);
    expect(complete('scs-cert flavor-name check --js')).toEqual(['--json']);
    expect(complete('scs-cert completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
  });
  it('zsh: the script parses (zsh -n)', async () => {
    const file = join(dir, '_scs-cert');
    writeFileSync(file, (await runCli(['completion', 'zsh'])).stdout);
    expect(() => execFileSync('zsh', ['-n', file])).not.toThrow();
  });
  it('zsh and fish: scripts name every command; an unknown shell is a usage error', async () => {
    const zsh = (await runCli(['completion', 'zsh'])).stdout;
    expect(zsh).toMatch(/^#compdef scs-cert/);
    expect(zsh).toMatch(/'run:certify a cloud/);
    const fish = (await runCli(['completion', 'fish'])).stdout;
    expect(fish).toMatch(/complete -c scs-cert -n '__fish_use_subcommand' -a 'run'/);
    expect(fish).toMatch(/__fish_seen_subcommand_from run' -l demo-profile -r -F/);
    const bad = await runCli(['completion', 'tcsh']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toMatch(/'tcsh' is invalid .*Allowed choices are bash, zsh, fish/);
  });
});
