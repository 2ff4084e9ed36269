// scs-0302-domain-manager judged on fixtures: expectations met, wrongly allowed/refused, errors, modes.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0302-domain-manager.js';
import type {
  DomainManagerCheck,
  DomainManagerOperation,
} from '../../src/artifacts/iaas/domain-manager-check.js';
import { run } from './helpers.js';
import type { JudgeMode } from '../../src/core/judge-mode.js';

function op(
  id: string,
  expect: 'allowed' | 'refused',
  over: Partial<DomainManagerOperation> = {},
): DomainManagerOperation {
  return {
    id,
    description: `manager of a does ${id}`,
    actor: 'A',
    expect,
    observed: expect,
    call: 'GET /v3/x',
    status: expect === 'allowed' ? 200 : 403,
    inScript: true,
    byText: true,
    ...over,
  };
}

function check(ops: DomainManagerOperation[]): DomainManagerCheck {
  return {
    configured: true,
    domains: [
      { label: 'A', name: 'a', id: 'da', manager: 'ma' },
      { label: 'B', name: 'b', id: 'db', manager: 'mb' },
    ],
    managedRole: 'member',
    tokenRoles: { A: ['manager'], B: ['manager'] },
    operations: ops,
  };
}

const BASE = [
  op('own/create-user', 'allowed'),
  op('foreign/create-user', 'refused'),
  op('admin/grant-group-domain', 'refused'),
];

function judge(c: DomainManagerCheck, mode: JudgeMode = 'standard') {
  return run(probe, { DomainManagerCheck: c }, { testcaseId: 'scs-0302-v1-domain-manager', mode });
}

describe('scs-0302-domain-manager', () => {
  it('passes when every operation answers as expected', () => {
    expect(judge(check(BASE)).messageId).toBe('domain-manager-scoped');
  });

  it('fails naming a wrongly allowed operation with its call and status', () => {
    const r = judge(
      check([
        ...BASE,
        op('admin/grant-user-domain', 'refused', {
          observed: 'allowed',
          status: 204,
          call: 'PUT /v3/domains/{target}/users/{actor}/roles/{role}',
        }),
      ]),
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.message).toContain(
      'wrongly allowed: manager of a does admin/grant-user-domain (PUT /v3/domains/{target}/users/{actor}/roles/{role}: HTTP 204)',
    );
    expect(r.evidence?.offenders?.map((o) => o.resource)).toEqual(['admin/grant-user-domain']);
  });

  it('fails naming a wrongly refused operation', () => {
    const r = judge(check([op('own/create-user', 'allowed', { observed: 'refused', status: 403 })]));
    expect(r.outcome).toBe('FAIL');
    expect(r.message).toMatch(/^wrongly refused: manager of a does own\/create-user/);
  });

  it('aborts, never fails, on a transient error', () => {
    const r = judge(
      check([...BASE, op('own/get-user', 'allowed', { observed: 'error', status: 503, transient: true })]),
    );
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('domain-manager-transient');
  });

  it('aborts when an operation could not be tried', () => {
    const r = judge(
      check([...BASE, op('own/get-user', 'allowed', { observed: 'skipped', detail: 'needs the test user' })]),
    );
    expect(r.messageId).toBe('domain-manager-incomplete');
  });

  it('aborts with what to provide when not configured, and when a login failed', () => {
    const none: DomainManagerCheck = {
      ...check([]),
      configured: false,
      missing: 'give --domain-managers FILE',
    };
    expect(judge(none).messageId).toBe('domain-manager-not-configured');
    expect(judge(none).message).toContain('--domain-managers');
    expect(judge({ ...check([]), aborted: 'cannot log in' }).messageId).toBe('domain-manager-login');
    expect(judge(check([])).messageId).toBe('domain-manager-no-operations');
  });

  it('create without domain: the text accepts it (warning), the script fails it (deviation)', () => {
    const c = check([
      ...BASE,
      op('foreign/create-user-without-domain', 'refused', {
        observed: 'allowed',
        status: 201,
        byText: false,
      }),
    ]);
    const std = judge(c);
    expect(std.outcome).toBe('PASS');
    expect(std.warnings?.[0]).toContain('not required either way');
    expect(std.deviations).toEqual(['create-without-domain']);
    const ref = judge(c, 'reference');
    expect(ref.outcome).toBe('FAIL');
    expect(ref.deviations).toEqual(['create-without-domain']);
  });

  it('admin to a user: the text fails it, the script does not test it (deviation)', () => {
    const c = check([
      ...BASE,
      op('admin/grant-user-project', 'refused', { observed: 'allowed', status: 204, inScript: false }),
    ]);
    expect(judge(c).outcome).toBe('FAIL');
    expect(judge(c).deviations).toEqual(['not-in-script']);
    expect(judge(c, 'reference').outcome).toBe('PASS');
  });
});
