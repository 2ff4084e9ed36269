// scs-0126 (provider networks) and scs-0127 (DNS extensions) on the real lab, as the certification identity. The
// baseline's external network is no default network and there is no IPv6 subnet pool, so the two MUSTs FAIL and
// the floating-IP check has no standard network to allocate from (ABORT); scenario standard-provider-network marks
// lab-external as default and offers a shared default IPv6 pool, and all three PASS (a floating IP allocated and
// released). Zed's default policy lets a member create network RBAC policies and ML2 runs without the DNS
// extensions: SHOULDs, so warnings beside a PASS. Whatever a check creates is deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labEnv, runScsCert, seed } from './lab.js';

const out = tempDir('scs-cert-lab-provider-networks-');

beforeAll(() => {
  labEnv();
  seed('baseline');
});
afterAll(() => {
  seed('reset');
});

async function providerNetworks() {
  const r = await runScsCert(out, [
    '--os-cloud',
    'lab-appcred',
    '--tests',
    'scs-012[67]-',
    '--with-extensions',
  ]);
  const by = Object.fromEntries(
    r.report.testcases.map((t) => [
      t.id,
      { outcome: t.outcome, messageId: t.messageId, message: t.message, warnings: t.warnings ?? [] },
    ]),
  );
  return { r, by };
}

async function nothingLeft() {
  const c = await runCli(['cleanup', '--os-cloud', 'lab-appcred', '--prefix', 'scs-cert-', '--dry-run'], {
    env: labEnv(),
  });
  expect(c.code, c.stderr).toBe(0);
  expect(c.stdout).toMatch(/^0 found, 0 deleted/m);
}

/** The SHOULDs, the same on the baseline and in the scenario. */
function expectShoulds(by: Awaited<ReturnType<typeof providerNetworks>>['by']) {
  expect(by['scs-0126-rbac-restricted']).toMatchObject({ outcome: 'PASS', messageId: 'rbac-allowed' });
  expect(by['scs-0126-rbac-restricted']?.warnings).toEqual([
    expect.stringMatching(
      /^SHOULD: users should be prohibited by policy from creating Networking RBAC rules/,
    ),
  ]);
  expect(by['scs-0127-dns-integration']).toMatchObject({ outcome: 'PASS', messageId: 'extension-missing' });
  expect(by['scs-0127-dns-integration']?.warnings).toEqual([
    expect.stringMatching(/^SHOULD: enable the "dns-integration" extension/),
  ]);
  expect(by['scs-0127-dns-domain-ports']).toMatchObject({
    outcome: 'PASS',
    messageId: 'not-applicable',
    warnings: [],
  });
}

describe('scs-0126 / scs-0127 on the lab', () => {
  it('baseline: no default external network and no IPv6 pool FAIL, the floating IP ABORTs; SHOULDs warn', async () => {
    const { r, by } = await providerNetworks();
    expect(Object.keys(by).sort()).toEqual([
      'scs-0126-default-provider-network',
      'scs-0126-ipv4-floating-ip',
      'scs-0126-ipv6-subnet-pool',
      'scs-0126-rbac-restricted',
      'scs-0127-dns-domain-ports',
      'scs-0127-dns-integration',
    ]);
    expect(by['scs-0126-default-provider-network']).toMatchObject({
      outcome: 'FAIL',
      messageId: 'no-default-network',
    });
    expect(by['scs-0126-default-provider-network']?.message).toMatch(
      /^none of the external networks lab-external \([0-9a-f-]{36}\) has is_default=True/,
    );
    expect(by['scs-0126-ipv6-subnet-pool']).toMatchObject({
      outcome: 'FAIL',
      messageId: 'no-default-ipv6-pool',
    });
    expect(by['scs-0126-ipv4-floating-ip']).toMatchObject({
      outcome: 'ABORT',
      messageId: 'no-standard-network',
    });
    expectShoulds(by);
    // advisory testcases never touch the certificate's verdict: the main target has nothing selected here
    expect(r.report.resources.map((x) => `${x.kind} ${x.state}`).sort()).toEqual([
      'network deleted',
      'rbac-policy deleted',
    ]);
    await nothingLeft();
  });

  it('scenario standard-provider-network: the MUSTs PASS and a floating IP is allocated and released', async () => {
    seed('standard-provider-network');
    try {
      const { r, by } = await providerNetworks();
      expect(by['scs-0126-default-provider-network']).toMatchObject({
        outcome: 'PASS',
        messageId: 'default-network',
      });
      expect(by['scs-0126-ipv6-subnet-pool']).toMatchObject({
        outcome: 'PASS',
        messageId: 'default-ipv6-pool',
      });
      expect(by['scs-0126-ipv6-subnet-pool']?.message).toContain('lab-ipv6-default (2001:db8:5c5::/48)');
      expect(by['scs-0126-ipv4-floating-ip']).toMatchObject({
        outcome: 'PASS',
        messageId: 'floating-ip-allocated',
      });
      expect(by['scs-0126-ipv4-floating-ip']?.message).toMatch(
        /was allocated from lab-external .* and released$/,
      );
      expectShoulds(by);
      expect(r.report.resources.map((x) => `${x.kind} ${x.state}`).sort()).toEqual([
        'floating-ip deleted',
        'network deleted',
        'rbac-policy deleted',
      ]);
      await nothingLeft();
    } finally {
      seed('reset');
    }
    // the reset undid the scenario: the baseline fails the default-network MUST again
    const { by } = await providerNetworks();
    expect(by['scs-0126-default-provider-network']?.outcome).toBe('FAIL');
    expect(by['scs-0126-ipv6-subnet-pool']?.outcome).toBe('FAIL');
  });
});
