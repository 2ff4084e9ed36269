// The scs-0302 check end to end against the embedded cloud: every profile that breaks the domain-manager policy
// makes the probe FAIL naming the operation, the intact policy passes, and nothing is left behind.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import {
  DOMAIN_MANAGERS_OPTION,
  domainManagerCheckGatherer,
} from '../../src/gatherers/openstack/domain-manager-check.js';
import { cleanupIdentityLeftovers } from '../../src/gatherers/openstack/identity-cleanup.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { OpenStackClient } from '../../src/clients/openstack/client.js';
import { openstackTarget } from '../../src/targets/openstack.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import probe from '../../src/probes/iaas/scs-0302-domain-manager.js';
import {
  DOMAIN_MANAGER_CHECK_SCHEMA,
  type DomainManagerCheck,
} from '../../src/artifacts/iaas/domain-manager-check.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { run } from '../probes/helpers.js';
import type { JudgeMode } from '../../src/core/judge-mode.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

async function gather(profile?: string, identities?: unknown) {
  cloud = await startDemoCloud({ ...(profile && { profile }) });
  const client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' } });
  const ledger = new RunLedger('scs-cert-test01-');
  const check = await domainManagerCheckGatherer.gather(
    {
      clients: { openstack: client },
      ledger,
      log: quiet,
      progress: () => {},
      signal: new AbortController().signal,
      options: { [DOMAIN_MANAGERS_OPTION]: identities ?? cloud.domainManagers },
      data: {},
    },
    {},
  );
  return { check, ledger, state: cloud.state, calls: client.stats().total };
}

function judge(c: DomainManagerCheck, mode: JudgeMode = 'standard') {
  return run(probe, { DomainManagerCheck: c }, { testcaseId: 'scs-0302-v1-domain-manager', mode });
}

describe('scs-0302 domain manager on the embedded cloud', () => {
  it('passes with the domain-manager policy and deletes everything it created', async () => {
    const { check, ledger, state, calls } = await gather();
    // every manager's call counts with the run's client (tokens included)
    const called = check.operations.filter(
      (o) => o.observed !== 'skipped' && !o.id.startsWith('foreign/see-'),
    );
    expect(calls).toBeGreaterThanOrEqual(called.length + 2);
    const r = judge(check);
    expect(r.messageId, r.message).toBe('domain-manager-scoped');
    expect(check.operations.length).toBeGreaterThan(60);
    expect(ledger.entries().length).toBeGreaterThan(0);
    expect(ledger.outstanding()).toEqual([]);
    expect([...state.users.values()].filter((u) => u.name.startsWith('scs-cert-test01-'))).toEqual([]);
    expect([...state.projects.values()].filter((p) => p.name.startsWith('scs-cert-test01-'))).toEqual([]);
    expect(JSON.stringify(check)).not.toContain('scs-demo-password');
    expect(judge(check, 'reference').outcome).toBe('PASS');
    // the artifact has the shape its JSON Schema declares
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(DOMAIN_MANAGER_CHECK_SCHEMA);
    expect(validate(check), JSON.stringify(validate.errors)).toBe(true);
  });

  it('passes on the native 2024.2 implementation too (no domain listing: a warning, not required)', async () => {
    const { check, ledger } = await gather('native-domain-manager');
    const r = judge(check);
    expect(r.messageId, r.message).toBe('domain-manager-scoped');
    expect(r.warnings?.join(' ')).toContain('finds its own domain by name');
    expect(ledger.outstanding()).toEqual([]);
  });

  it('aborts with what to provide when no identities are given', async () => {
    const { check } = await gather(undefined, []);
    const r = judge(check);
    expect(r.outcome).toBe('ABORT');
    expect(r.message).toContain('--domain-managers');
  });

  it('aborts (never fails) when a manager cannot log in', async () => {
    cloud = await startDemoCloud();
    const bad = cloud.domainManagers.map((d, i) =>
      i === 1 ? { ...d, password: 'Xq9-not-the-password' } : d,
    );
    await cloud.stop();
    const { check } = await gather(undefined, bad);
    const r = judge(check);
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('domain-manager-login');
    expect(r.message).not.toContain('Xq9-not-the-password');
  });

  const broken: Array<[string, string]> = [
    ['no-domain-manager-policy', 'creates a user in its domain (POST /v3/users: HTTP 403)'],
    [
      'domain-manager-unscoped',
      'wrongly allowed: manager of scs-test-domain-a creates a user in scs-test-domain-b',
    ],
    ['domain-manager-assigns-admin', "wrongly allowed: manager of scs-test-domain-a assigns 'admin'"],
    ['domain-manager-lists-all', 'wrongly allowed: manager of scs-test-domain-a sees users of other domains'],
  ];
  it.each(broken)('profile %s fails naming the operation, leaving nothing behind', async (profile, words) => {
    const { check, ledger } = await gather(profile);
    const r = judge(check);
    expect(r.outcome, r.message).toBe('FAIL');
    expect(r.message).toContain(words);
    expect(ledger.outstanding()).toEqual([]);
  });

  it('cleanup finds and deletes prefixed leftovers in both test domains, never the managers', async () => {
    cloud = await startDemoCloud();
    const client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' } });
    const [a] = cloud.domainManagers;
    const dm = client.asIdentity('a', {
      username: a!.username,
      password: a!.password,
      userDomainName: a!.domain,
      scopeDomainName: a!.domain,
    });
    const domainId = ((await dm.keystoneToken()) as { domain?: { id: string } }).domain?.id;
    await dm.post('identity', '/users', { user: { name: 'scs-cert-left01-user-a', domain_id: domainId } });
    await dm.post('identity', '/groups', { group: { name: 'scs-cert-left01-group-a', domain_id: domainId } });
    await dm.post('identity', '/users', { user: { name: 'keep-me', domain_id: domainId } });
    const dry = await cleanupIdentityLeftovers(client, cloud.domainManagers, {
      prefix: 'scs-cert-left01-',
      dryRun: true,
    });
    expect(dry.found.map((f) => f.name).sort()).toEqual([
      'scs-cert-left01-group-a',
      'scs-cert-left01-user-a',
    ]);
    expect(dry.deleted).toEqual([]);
    const done = await cleanupIdentityLeftovers(client, cloud.domainManagers, { prefix: 'scs-cert-left01-' });
    expect(done.deleted).toHaveLength(2);
    expect(done.failed).toEqual([]);
    const names = [...cloud.state.users.values()].map((u) => u.name);
    expect(names).toContain('keep-me');
    expect(names).toContain(a!.username);
    expect(names).not.toContain('scs-cert-left01-user-a');
  });

  it('a run cut short: the second-interrupt cleanup deletes its Keystone leftovers; the printed command names the managers file', async () => {
    cloud = await startDemoCloud();
    const dir = tempDir('scs-cert-dm-signal-');
    writeFileSync(join(dir, 'clouds.yaml'), stringify({ clouds: { lab: cloud.cloudConfig } }));
    const session = await openstackTarget.open({
      assignment: { os_cloud: 'lab' },
      demo: false,
      env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), SCS_CERT_STATE_DIR: join(dir, 'state') },
      cwd: dir,
      log: quiet,
      progress: () => {},
      flags: { domainManagers: join(dir, 'dm.yaml'), domainManagerIdentities: cloud.domainManagers },
    });
    try {
      expect(session.cleanupCommand).toContain(
        `--prefix ${session.ledgerPrefix} --domain-managers ${join(dir, 'dm.yaml')}`,
      );
      // what a killed run left: a user and a group in each test domain, made by their managers
      const client = session.clients.openstack as OpenStackClient;
      for (const [n, d] of cloud.domainManagers.entries()) {
        const dm = client.asIdentity(`dm-${n}`, {
          username: d.username,
          password: d.password,
          userDomainName: d.domain,
          scopeDomainName: d.domain,
        });
        const domainId = ((await dm.keystoneToken()) as { domain?: { id?: string } }).domain?.id;
        await dm.post('identity', '/users', {
          user: { name: `${session.ledgerPrefix}user`, domain_id: domainId },
        });
        await dm.post('identity', '/groups', {
          group: { name: `${session.ledgerPrefix}group`, domain_id: domainId },
        });
      }
      expect(await session.emergencyCleanup?.(10_000, quiet)).toEqual([]);
      const left = [...cloud.state.users.values()]
        .map((u) => u.name)
        .filter((n) => n.startsWith('scs-cert-'));
      expect(left).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('run --domain-managers: a bad file is one line and exit 64; a missing password variable names it', async () => {
    const dir = tempDir('scs-cert-dm-');
    writeFileSync(
      join(dir, 'one.yaml'),
      'domains:\n  - name: a\n    manager: { username: m, password: p }\n',
    );
    const r = await runCli(['run', 'scs-compatible-iaas', '--demo', '--domain-managers', 'one.yaml'], {
      cwd: dir,
    });
    expect(r.code).toBe(64);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(
      join(dir, 'env.yaml'),
      'domains:\n  - name: a\n    manager: { username: m, password_env: DM_A_PW }\n  - name: b\n    manager: { username: n, password: p }\n',
    );
    const e = await runCli(['run', 'scs-compatible-iaas', '--demo', '--domain-managers', 'env.yaml'], {
      cwd: dir,
    });
    expect(e.code).toBe(64);
    expect(e.stderr).toContain('DM_A_PW');
  });
});
