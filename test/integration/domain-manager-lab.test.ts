// scs-0302 on the real lab (Keystone Zed with the scs-0302-w1 policy file, two test domains and their managers):
// the domain-manager check passes with the policy and fails naming the refused operations without it; nothing
// is left behind. (scs-0121 on the lab's two AZs: availability-zones-lab.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { LAB_DIR, labEnv, runScsCert, seed } from './lab.js';
import { runCli } from '../helpers/cli.js';

const out = tempDir('scs-cert-lab-dm-');
const DM_FILE = join(process.env.SCS_LAB_STATE ?? join(LAB_DIR, 'state'), 'domain-managers.yaml');
const ADVISORY = 'scs-0302-v1-';

beforeAll(() => {
  labEnv();
  seed('baseline');
});
afterAll(() => {
  seed('reset');
});

function advisory(args: string[]) {
  return runScsCert(out, [
    '--os-cloud',
    'lab-appcred',
    '--tests',
    ADVISORY,
    '--domain-managers',
    DM_FILE,
    '--with-extensions',
    ...args,
  ]);
}

describe('scs-0302 domain manager on Keystone Zed (policy path)', () => {
  it('passes with the standard’s policy file; every created user, project and group is deleted', async () => {
    expect(readFileSync(DM_FILE, 'utf8')).toContain('scs-test-domain-a-manager');
    const r = await advisory([]);
    const dm = r.report.testcases.find((t) => t.id === 'scs-0302-v1-domain-manager')!;
    expect(dm.outcome, dm.message).toBe('PASS');
    expect(dm.messageId).toBe('domain-manager-scoped');
    const kinds = r.report.resources.filter((x) => x.kind.startsWith('identity-'));
    expect(kinds.length).toBeGreaterThanOrEqual(6);
    expect(r.report.resources.filter((x) => x.state !== 'deleted')).toEqual([]);
    // the verdict is the scope's: advisory testcases never decide it
    expect(r.report.testcases.every((t) => t.extension)).toBe(true);
    // and the cleanup command finds nothing left in the test domains
    const env = labEnv();
    const c = await runCli(
      [
        'cleanup',
        '--os-cloud',
        'lab-appcred',
        '--prefix',
        'scs-cert-',
        '--domain-managers',
        DM_FILE,
        '--dry-run',
      ],
      { env },
    );
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).not.toMatch(/^identity-/m);
  });

  it('without the policy file it fails, naming the operations Keystone refused', async () => {
    seed('no-domain-manager-policy');
    const r = await advisory([]);
    const dm = r.report.testcases.find((t) => t.id === 'scs-0302-v1-domain-manager')!;
    expect(dm.outcome).toBe('FAIL');
    expect(dm.message).toContain('wrongly refused');
    expect(dm.message).toContain('creates a user in its domain (POST /v3/users: HTTP 403)');
    expect(r.report.resources.filter((x) => x.state !== 'deleted')).toEqual([]);
    // the embedded cloud's profile of the same name agrees
    const embedded = await runScsCert(
      out,
      [
        '--demo',
        '--demo-profile',
        'zed,no-domain-manager-policy',
        '--tests',
        'scs-0302-v1-',
        '--with-extensions',
      ],
      {},
    );
    seed('baseline');
    expect(embedded.outcomes['scs-0302-v1-domain-manager']).toBe('FAIL');
  });
});
