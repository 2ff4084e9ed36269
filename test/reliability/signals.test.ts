// Signals against a real process: the CLI (built, in a subprocess) certifies the embedded cloud served over
// HTTP while an active gatherer waits on its VM; SIGHUP, SIGTERM and a double Ctrl-C must leave no resource
// behind, and (but for a double Ctrl-C) still write the report.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'scs-cert.js');

let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

beforeAll(() => {
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('run `npm run build` first: these tests start bin/scs-cert.js');
});

/** Resources of the cloud whose names start with `scs-cert-` (what a run creates), by kind. */
function leftovers(c: DemoCloud): string[] {
  const s = c.state;
  const out: string[] = [];
  const maps: Array<[string, Map<string, { name?: string; status?: string }>]> = [
    ['server', s.servers as never],
    ['network', s.networks as never],
    ['subnet', s.subnets as never],
    ['router', s.routers as never],
    ['security group', s.securityGroups as never],
    ['keypair', s.keypairs as never],
    ['volume', s.volumes as never],
  ];
  for (const [kind, m] of maps)
    for (const r of m.values())
      if (typeof r.name === 'string' && r.name.startsWith('scs-cert-') && r.status !== 'DELETED')
        out.push(`${kind} ${r.name}`);
  return out;
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts a run of the entropy testcases (VM + network + router) and sends `signals` once the VM exists. */
async function interruptedRun(signals: NodeJS.Signals[]): Promise<{ res: Spawned; dir: string }> {
  // The guest never prints its console output, so the gatherer waits until it is interrupted.
  cloud = await startDemoCloud({ seed: { timings: { consoleMs: 10 * 60_000 } } });
  const dir = tempDir('scs-cert-signals-');
  const c = DEMO_CREDENTIALS;
  writeFileSync(
    join(dir, 'clouds.yaml'),
    `clouds:\n  prod:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: ${c.user}\n      password: ${c.password}\n      project_name: ${c.project}\n      user_domain_name: ${c.domain}\n      project_domain_name: ${c.domain}\n    region_name: RegionOne\n`,
  );
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [BIN, 'run', 'scs-compatible-iaas', '--os-cloud', 'prod', '-t', 'scs-0101-entropy', '-o', 'out/'],
    {
      cwd: dir,
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), HOME: dir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const c2 = cloud;
  await until(() => [...c2.state.servers.values()].some((s) => s.name.startsWith('scs-cert-')), 30_000);
  expect(leftovers(c2).some((l) => l.startsWith('router'))).toBe(true);
  for (const [i, sig] of signals.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 30));
    child.kill(sig);
  }
  const code = await exited;
  return { res: { code, stdout, stderr, ms: Date.now() - started }, dir };
}

function reportOf(dir: string): ConformanceReport | undefined {
  const out = join(dir, 'out');
  if (!existsSync(out)) return undefined;
  const f = readdirSync(out).find((n) => n.endsWith('.json'));
  return f ? (JSON.parse(readFileSync(join(out, f), 'utf8')) as ConformanceReport) : undefined;
}

describe('signals during an active run', () => {
  for (const sig of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) {
    it(`${sig}: the report is written, every created resource deleted, exit 130`, async () => {
      const { res, dir } = await interruptedRun([sig]);
      expect(res.code, res.stderr).toBe(130);
      expect(res.stderr).not.toMatch(/\n\s+at /);
      const report = reportOf(dir);
      expect(report?.run.interrupted).toBe(true);
      expect(report!.resources.length).toBeGreaterThan(0);
      expect(report!.resources.filter((r) => r.state !== 'deleted')).toEqual([]);
      expect(leftovers(cloud!)).toEqual([]);
    });
  }

  it('a second Ctrl-C still deletes network, subnet and router in bounded time and prints the cleanup command', async () => {
    const { res } = await interruptedRun(['SIGINT', 'SIGINT']);
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toMatch(/interrupted again: deleting what this run created/);
    const prefix = /scs-cert cleanup --os-cloud prod --prefix (scs-cert-[0-9a-f]{6}-)\n/.exec(
      res.stderr,
    )?.[1];
    expect(prefix, res.stderr).toBeTruthy();
    expect(leftovers(cloud!)).toEqual([]);
    expect(res.ms).toBeLessThan(60_000);
  });
});
