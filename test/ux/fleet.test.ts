// End to end: `scs-cert fleet` over embedded clouds served on loopback — sign, upload, a failing subject, a timeout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import type { FleetSummary } from '../../src/fleet/summary.js';
import { startFakeMonitor, type FakeMonitor } from '../attest/fake-monitor.js';
import { loadFleetFile, runArgs } from '../../src/fleet/config.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-fleet-');
let good: DemoCloud;
let broken: DemoCloud;
let monitor: FakeMonitor;

beforeAll(async () => {
  good = await startDemoCloud();
  broken = await startDemoCloud({ profile: 'outdated-image' });
  writeFileSync(
    join(dir, 'clouds.yaml'),
    stringify({ clouds: { 'cloud-a': good.cloudConfig, 'cloud-b': broken.cloudConfig } }),
  );
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'fleet', '-f', join(dir, 'key')]);
  const pub = readFileSync(join(dir, 'key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  monitor = await startFakeMonitor([{ subject: 'cloud-a', password: 'pw-a', keys: [pub] }]);
  writeFileSync(join(dir, 'token-a'), Buffer.from('cloud-a:pw-a').toString('base64'));
}, 60_000);
afterAll(async () => {
  await good?.stop();
  await broken?.stop();
  await monitor?.close();
});

const env = () => ({ HOME: dir, PATH: process.env.PATH ?? '' });

describe('scs-cert fleet', () => {
  it('certifies every subject, signs and uploads per subject, and sums up with the worst exit code', async () => {
    writeFileSync(
      join(dir, 'fleet.yaml'),
      stringify({
        concurrency: 2,
        defaults: {
          scope: 'scs-compatible-iaas',
          tests: 'scs-0102',
          'sign-key': 'key',
          formats: 'json,yaml,html',
        },
        subjects: [
          {
            name: 'cloud-a',
            cloud: 'cloud-a',
            monitor: monitor.url,
            'token-file': 'token-a',
            schedule: '0 3 * * *',
          },
          { name: 'cloud-b', cloud: 'cloud-b' },
          { name: 'slowpoke', demo: true, timeout: 0.2 },
        ],
      }),
    );
    const r = await runCli(['fleet', 'fleet.yaml', '-o', 'out'], { cwd: dir, env: env() });
    expect(r.code, r.stdout + r.stderr).toBe(1); // one subject is non-compliant
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^SUBJECT +SCOPE +TARGET +STATUS +FAILED +SIGNED +UPLOADED +TIME$/);
    expect(r.stdout).toMatch(
      // cloud-a is the embedded demo cloud served on loopback (it answers with the demo marker): compliant and
      // signed, but upload never sends a demo report, so the subject ends with the upload's usage error
      /^cloud-a +scs-compatible-iaas +cloud cloud-a +usage-error +- +yes +no +[\d.]+s$/m,
    );
    expect(r.stdout).toMatch(
      /^cloud-b +scs-compatible-iaas +cloud cloud-b +non-compliant +scs-0102-image-recency +yes +- +[\d.]+s$/m,
    );
    expect(r.stdout).toMatch(/^slowpoke +scs-compatible-iaas +embedded demo +timeout +- +- +- +[\d.]+s$/m);
    expect(r.stdout).toMatch(/^3 subject\(s\): 1 usage-error, 1 non-compliant, 1 timeout$/m);

    const summaryFile = readdirSync(join(dir, 'out')).find((f) => f.startsWith('fleet-summary-'))!;
    const summary = JSON.parse(readFileSync(join(dir, 'out', summaryFile), 'utf8')) as FleetSummary;
    expect(summary.kind).toBe('scs-cert/fleet-summary');
    expect(summary.subjects.map((s) => [s.name, s.status, s.exitCode])).toEqual([
      ['cloud-a', 'usage-error', 64],
      ['cloud-b', 'non-compliant', 1],
      ['slowpoke', 'timeout', null],
    ]);
    const [a, b, slow] = summary.subjects;
    expect(a!.schedule).toBe('0 3 * * *');
    expect(a!.uploaded).toBe(false);
    expect(readFileSync(a!.log, 'utf8')).toMatch(/demo/);
    expect(monitor.received.filter((m) => m.method === 'POST')).toHaveLength(0);
    expect(existsSync(a!.report!)).toBe(true);
    expect(existsSync(a!.report!.replace(/\.json$/, '.html'))).toBe(true);
    expect(readFileSync(a!.signature!, 'utf8')).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
    expect(b!.failed).toEqual(['scs-0102-image-recency']);
    // every subject has its own log: the command it ran and what it printed
    expect(readFileSync(b!.log, 'utf8')).toMatch(/^\$ scs-cert run scs-compatible-iaas --subject cloud-b /);
    expect(readFileSync(slow!.log, 'utf8')).toMatch(/slowpoke exceeded its timeout of 0\.2 s/);
    // never more than `concurrency` subjects at once
    const spans = summary.subjects.map((s) => [
      Date.parse(s.startedAt),
      Date.parse(s.startedAt) + s.durationMs,
    ]);
    for (const [start] of spans)
      expect(spans.filter(([s0, e0]) => s0! <= start! && start! < e0!).length).toBeLessThanOrEqual(2);
  }, 240_000);

  it('--json prints the summary; --only picks subjects; one at a time never overlaps', async () => {
    const r = await runCli(
      ['fleet', 'fleet.yaml', '-o', 'out2', '--json', '--only', 'cloud-b,slowpoke', '-j', '1'],
      { cwd: dir, env: env() },
    );
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as FleetSummary;
    expect(s.subjects.map((x) => x.name)).toEqual(['cloud-b', 'slowpoke']);
    const [first, second] = s.subjects;
    expect(Date.parse(second!.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(first!.startedAt) + first!.durationMs,
    );
  }, 240_000);

  it('the example fleet file is valid and resolves paths against its folder', () => {
    const fleet = loadFleetFile(join(PACKAGE_ROOT, 'examples/fleet.yaml'));
    expect(fleet.subjects.map((s) => s.name)).toEqual(['mycloud', 'mycloud-v4', 'mycluster', 'demo']);
    expect(fleet.subjects[0]!['sign-key']).toBe(join(homedir(), '.ssh/id_ed25519'));
    expect(runArgs(fleet.subjects[1]!, 'out/')).toEqual(
      expect.arrayContaining(['--os-cloud', 'mycloud', '--version', 'v4']),
    );
    expect(runArgs(fleet.subjects[0]!, 'out/').join(' ')).toMatch(
      /--upload --monitor https:\/\/compliance\.sovereignit\.cloud\/ --token-file /,
    );
  });

  it('a bad fleet file is a one-line usage error naming the line', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'subjects:\n  - name: x\n    cloud: a\n    colud: typo\n');
    const r = await runCli(['fleet', 'bad.yaml'], { cwd: dir, env: env() });
    expect(r.code).toBe(64);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^scs-cert: .*bad\.yaml.*line 4.*colud/);
    writeFileSync(join(dir, 'two.yaml'), 'subjects:\n  - name: x\n    cloud: a\n    demo: true\n');
    const two = await runCli(['fleet', 'two.yaml'], { cwd: dir, env: env() });
    expect(two.stderr).toMatch(/subject 'x' needs exactly one of cloud, kubeconfig or demo: true/);
    expect(
      (await runCli(['fleet', 'fleet.yaml', '--only', 'nobody'], { cwd: dir, env: env() })).stderr,
    ).toMatch(/--only: nobody not in fleet\.yaml; subjects there: cloud-a, cloud-b, slowpoke/);
  });
});
