// `run --tempest` end to end against the embedded cloud with a stand-in tempest on PATH: the generated tempest.conf
// (microversion ranges read from the cloud, the member's network made for the run) and the clean-up afterwards.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../src/results/report.js';
import { parseIni } from '../../src/tempest/config.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeTempest } from './fake-tempest.js';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('run --tempest on the embedded cloud', () => {
  it('configures Tempest from the cloud, gives the member a network for the run and deletes it afterwards', async () => {
    const dir = tempDir('scs-cert-tempest-demo-');
    fakeTempest(dir);
    process.env.PATH = `${dir}:${path ?? ''}`;
    const out = join(dir, 'out');
    const r = await runCli(
      ['run', 'scs-compatible-iaas', '-q', '--demo', '-S', 'e2e', '--tempest', '-f', 'json', '-o', out],
      { env: { PATH: process.env.PATH } },
    );
    const file = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as ConformanceReport;
    const tc = report.testcases.find((t) => t.id === 'scs-0128-tempest-non-admin')!;
    expect(tc.outcome, `${tc.message} ${r.stderr}`).toBe('FAIL');
    const conf = parseIni(
      (JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8')) as { conf: string }).conf,
      'seen.conf',
    );
    expect(conf.compute?.fixed_network_name).toMatch(/^scs-cert-.*tempest-net$/);
    expect(conf.compute?.min_microversion).toBe('2.1');
    expect(conf.compute?.max_microversion).toMatch(/^2\.\d+$/);
    expect(conf['network-feature-enabled']?.ipv6_subnet_attributes).toBe('true');
    const made = report.resources.filter((x) => /tempest-(net|subnet)$/.test(x.name ?? ''));
    expect(made.map((x) => x.kind).sort()).toEqual(['network', 'subnet']);
    expect(made.every((x) => x.state === 'deleted')).toBe(true);
  });
});
