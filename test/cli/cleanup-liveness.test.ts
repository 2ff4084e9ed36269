// `scs-cert cleanup` next to live runs: resources of a run still alive are left alone, confirmation is required,
// leftovers of a dead run are deleted, unknown young resources are protected by age.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { liveness, runsDir, type RunRecord } from '../../src/gatherers/run-record.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('scs-cert-cleanup-');
let n = 0;
const clouds: DemoCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.stop()));
});

async function setup() {
  const cloud = await startDemoCloud();
  clouds.push(cloud);
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'clouds.yaml'), stringify({ clouds: { lab: cloud.cloudConfig } }));
  const env = { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), SCS_CERT_STATE_DIR: join(dir, 'state') };
  return { cloud, dir, env };
}

/** Creates a network as another tool would, by name. */
async function makeNetwork(env: Record<string, string>, name: string) {
  const c = await connectOpenStack({ cloud: 'lab', env });
  try {
    await c.post('network', '/networks', { network: { name } });
  } finally {
    await c.close();
  }
}

const names = (cloud: DemoCloud) =>
  [...cloud.state.networks.values(), ...cloud.state.volumes.values(), ...cloud.state.backups.values()]
    .map((r) => r.name)
    .filter((x): x is string => typeof x === 'string' && x.startsWith('scs-cert-'))
    .sort();

async function until(cond: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cleanup never touches a live run', () => {
  it('cleanup with the default prefix while another run waits for its backup leaves that backup alone', async () => {
    const { cloud, dir, env } = await setup();
    const out = join(dir, 'out');
    const run = runCli(
      [
        'run',
        'scs-compatible-iaas',
        '--os-cloud',
        'lab',
        '--tests',
        'scs-0117',
        '-q',
        '-f',
        'json',
        '-o',
        out,
      ],
      { env },
    );
    await until(() => [...cloud.state.backups.values()].some((b) => b.name?.startsWith('scs-cert-')));
    // the live run is on record
    const records = readdirSync(runsDir(env));
    expect(records).toHaveLength(1);
    const rec = JSON.parse(readFileSync(join(runsDir(env), records[0]!), 'utf8')) as RunRecord;
    expect(rec).toMatchObject({ pid: process.pid, host: hostname(), cloud: 'lab' });
    expect(rec.ledger.map((e) => e.kind)).toContain('backup');

    // --older-than 0: only the run record protects the backup here
    const cleanup = await runCli(['cleanup', '--os-cloud', 'lab', '--yes', '--older-than', '0'], { env });
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(
      /backup scs-cert-[0-9a-f]{6}-volume-backup .*left alone: run scs-cert-[0-9a-f]{6}- is still alive/,
    );
    expect(cleanup.stdout).toMatch(/0 found, 0 deleted/);

    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(
      readFileSync(
        join(
          out,
          readdirSync(out).find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as ConformanceReport;
    expect(report.testcases.find((t) => t.id === 'scs-0117-test-backup')?.outcome).toBe('PASS');
    // a run that cleaned up after itself leaves no record behind
    expect(readdirSync(runsDir(env))).toEqual([]);
    expect(names(cloud)).toEqual([]);
  });

  it('without --yes and without a terminal nothing is deleted (exit 64); --dry-run lists', async () => {
    const { cloud, env } = await setup();
    await makeNetwork(env, 'scs-cert-0a0b0c-entropy-net');
    const dry = await runCli(['cleanup', '--os-cloud', 'lab', '--prefix', 'scs-cert-0a0b0c-', '--dry-run'], {
      env,
    });
    expect(dry.stdout).toMatch(/network scs-cert-0a0b0c-entropy-net \(.*\): would delete/);
    const refused = await runCli(['cleanup', '--os-cloud', 'lab', '--prefix', 'scs-cert-0a0b0c-'], { env });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/nothing was deleted: confirm with --yes/);
    expect(names(cloud)).toEqual(['scs-cert-0a0b0c-entropy-net']);
    const yes = await runCli(['cleanup', '--os-cloud', 'lab', '--prefix', 'scs-cert-0a0b0c-', '--yes'], {
      env,
    });
    expect(yes.code).toBe(0);
    expect(names(cloud)).toEqual([]);
  });

  it('with the broad prefix: a dead run is cleaned at once, unknown young resources only with --older-than 0', async () => {
    const { cloud, env } = await setup();
    await makeNetwork(env, 'scs-cert-dead00-entropy-net');
    await makeNetwork(env, 'scs-cert-e15e00-entropy-net');
    // the record of a crashed run (its process is gone)
    mkdirSync(runsDir(env), { recursive: true });
    const dead: RunRecord = {
      format: 'scs-cert/run-record',
      prefix: 'scs-cert-dead00-',
      pid: 0,
      host: hostname(),
      cloud: 'lab',
      startedAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
      ledger: [],
    };
    writeFileSync(join(runsDir(env), 'scs-cert-dead00-.json'), JSON.stringify(dead));
    const first = await runCli(['cleanup', '--os-cloud', 'lab', '--yes'], { env });
    expect(first.stdout).toMatch(
      /scs-cert-e15e00-entropy-net .*left alone: created 0 min ago and no run record here/,
    );
    expect(names(cloud)).toEqual(['scs-cert-e15e00-entropy-net']);
    await runCli(['cleanup', '--os-cloud', 'lab', '--yes', '--older-than', '0'], { env });
    expect(names(cloud)).toEqual([]);
  });
});

describe('liveness of a run record', () => {
  const rec = (over: Partial<RunRecord>): RunRecord => ({
    format: 'scs-cert/run-record',
    prefix: 'scs-cert-abcdef-',
    pid: process.pid,
    host: 'here',
    cloud: 'c',
    startedAt: '2026-01-01T00:00:00Z',
    heartbeatAt: '2026-01-01T00:00:00Z',
    ledger: [],
    ...over,
  });
  const now = new Date('2026-01-01T00:01:00Z');
  it('alive: fresh heartbeat and a live pid on this host', () => {
    expect(liveness(rec({}), now, 'here')).toMatch(/still alive \(pid \d+ on here, heartbeat 60 s ago\)/);
  });
  it('gone: dead pid on this host, or a stale heartbeat anywhere', () => {
    expect(liveness(rec({ pid: 0 }), now, 'here')).toBeUndefined();
    expect(liveness(rec({ heartbeatAt: '2025-12-31T23:00:00Z' }), now, 'here')).toBeUndefined();
    expect(
      liveness(rec({ heartbeatAt: '2025-12-31T23:00:00Z', host: 'elsewhere' }), now, 'here'),
    ).toBeUndefined();
  });
  it('another host: judged by the heartbeat alone', () => {
    expect(liveness(rec({ pid: 999_999_999, host: 'elsewhere' }), now, 'here')).toMatch(/still alive/);
  });
});
