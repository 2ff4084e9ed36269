// scs-cert's advisory IaaS testcases (scs-0125/0126/0127) through the CLI against embedded-cloud profiles.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../src/results/report.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const FIX = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest');

const root = tempDir('scs-cert-advisory-');
let n = 0;

async function advisory(args: string[]) {
  const out = join(root, `run-${++n}`);
  const r = await runCli([
    'run',
    'scs-compatible-iaas',
    '-q',
    '-V',
    'v5.1',
    '-f',
    'json',
    '-o',
    out,
    '--demo',
    ...args,
  ]);
  const file = readdirSync(out).find((f) => f.endsWith('.json'))!;
  const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as ConformanceReport;
  const by = Object.fromEntries(report.testcases.map((t) => [t.id, t]));
  return { code: r.code, report, by };
}

const NETWORK = [
  'scs-0126-default-provider-network',
  'scs-0126-ipv6-subnet-pool',
  'scs-0126-ipv4-floating-ip',
  'scs-0126-rbac-restricted',
  'scs-0127-dns-integration',
  'scs-0127-dns-domain-ports',
];

describe('scs-0126/0127 on the embedded cloud', () => {
  it('the default seed meets every requirement, and the active checks leave nothing behind', async () => {
    const { by, report, code } = await advisory(['-S', 'network']);
    expect(NETWORK.map((id) => [id, by[id]?.outcome, by[id]?.warnings ?? []])).toEqual(
      NETWORK.map((id) => [id, 'PASS', []]),
    );
    expect(
      report.testcases.every((t) =>
        Object.values(t.targets)
          .flat()
          .every((x) => x === 'advisory'),
      ),
    ).toBe(true);
    // the RBAC policy was refused, so only the floating IP and the network were created
    expect(report.resources.map((r) => [r.kind, r.state])).toEqual([
      ['floating-ip', 'deleted'],
      ['network', 'deleted'],
    ]);
    // -S network selects no main testcase: incomplete (2), whatever the advisory outcomes
    expect(code).toBe(2);
  });

  it.each([
    [
      'no-default-network',
      { 'scs-0126-default-provider-network': 'FAIL', 'scs-0126-ipv4-floating-ip': 'ABORT' },
    ],
    ['no-ipv6-pool', { 'scs-0126-ipv6-subnet-pool': 'FAIL' }],
    ['no-floating-ip', { 'scs-0126-ipv4-floating-ip': 'FAIL' }],
  ])('%s breaks exactly its MUST', async (profile, broken) => {
    const { by, code } = await advisory(['-S', 'network', '--demo-profile', profile]);
    const expected = Object.fromEntries(
      NETWORK.map((id) => [id, (broken as Record<string, string>)[id] ?? 'PASS']),
    );
    expect(Object.fromEntries(NETWORK.map((id) => [id, by[id]?.outcome]))).toEqual(expected);
    // advisory failures never make the run non-compliant (1): no main testcase ran, so it is incomplete (2)
    expect(code).toBe(2);
  });

  it('rbac-allowed and no-dns-extensions are SHOULDs: warnings, not failures', async () => {
    const { by } = await advisory(['-S', 'network', '--demo-profile', 'rbac-allowed,no-dns-extensions']);
    expect(by['scs-0126-rbac-restricted']).toMatchObject({ outcome: 'PASS', messageId: 'rbac-allowed' });
    expect(by['scs-0127-dns-integration']).toMatchObject({ outcome: 'PASS', messageId: 'extension-missing' });
    expect(by['scs-0126-rbac-restricted']?.warnings?.[0]).toMatch(/^SHOULD/);
    expect(by['scs-0127-dns-integration']?.warnings?.[0]).toMatch(/^SHOULD/);
  });
});

describe('scs-0125 on the embedded cloud', () => {
  it('fails: the embedded cloud registers http:// endpoints, each named in the evidence', async () => {
    const { by, code } = await advisory(['-S', 'tls']);
    const tc = by['scs-0125-secure-connections']!;
    expect(tc.outcome).toBe('FAIL');
    expect(tc.messageId).toBe('endpoint-not-compliant');
    expect(tc.message).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    expect(code).toBe(2);
  });

  it('a full run stays compliant (exit 0) while the advisory scs-0125 fails', async () => {
    const { by, code, report } = await advisory([]);
    expect(by['scs-0125-secure-connections']?.outcome).toBe('FAIL');
    expect(report.testcases.filter((t) => !t.extension && t.outcome !== 'PASS')).toEqual([]);
    expect(code).toBe(0);
  });

  it('--tls-ignore leaves the host out', async () => {
    const { by } = await advisory(['-S', 'tls', '--tls-ignore', '127.0.0.1']);
    expect(by['scs-0125-secure-connections']).toMatchObject({ outcome: 'PASS' });
  });

  it('--no-extensions leaves every advisory testcase out', async () => {
    const { report } = await advisory(['--no-extensions', '-S', 'tls']);
    expect(report.testcases).toEqual([]);
  });
});

describe('scs-0128 on the embedded cloud', () => {
  it('aborts with the way forward when Tempest was not asked for', async () => {
    const { by } = await advisory(['-S', 'e2e']);
    expect(by['scs-0128-tempest-non-admin']?.outcome).toBe('ABORT');
    expect(by['scs-0128-tempest-non-admin']?.message).toMatch(/--tempest .*--tempest-results PATH/);
  });

  it('judges ingested results: FAIL naming the failed tests', async () => {
    const { by } = await advisory(['-S', 'e2e', '--tempest-results', join(FIX, 'listed.junit.xml')]);
    const tc = by['scs-0128-tempest-non-admin']!;
    expect(tc.outcome).toBe('FAIL');
    expect(tc.message).toContain('test_list_flavors_with_detail');
  });
});
