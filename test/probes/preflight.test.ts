// Pre-flight role check: member required, admin/manager forbidden, with a reason saying what to change.
import { describe, expect, it } from 'vitest';
import { checkPreflightRoles } from '../../src/probes/iaas/preflight.js';

describe('checkPreflightRoles', () => {
  it.each([
    [['member']],
    [['member', 'reader']],
    [['member', 'load-balancer_member', 'creator']],
    [['Member']],
  ])('accepts %j', (roles) => {
    expect(checkPreflightRoles({ roles })).toEqual({ ok: true });
  });

  it.each([
    [['admin', 'member'], 'admin'],
    [['member', 'manager'], 'manager'],
    [['admin'], 'admin'],
  ])('refuses %j', (roles, role) => {
    const r = checkPreflightRoles({ roles, userName: 'ci', projectName: 'scs-test' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messageId).toBe('preflight-privileged-roles');
    expect(r.reason).toContain(role);
    expect(r.reason).toContain('user ci in project scs-test');
    expect(r.reason).toContain('member');
  });

  it('advises a restricted application credential when one is used', () => {
    const r = checkPreflightRoles({ roles: ['admin', 'member'], method: 'application_credential' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('application credential create --role member');
  });

  it.each([[[]], [['reader']], [['load-balancer_member']]])('requires member: %j', (roles) => {
    const r = checkPreflightRoles({ roles });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messageId).toBe('preflight-member-missing');
    expect(r.reason).toContain('openstack role add');
  });

  it('checks privileges before membership', () => {
    const r = checkPreflightRoles({ roles: ['manager'] });
    expect(!r.ok && r.messageId).toBe('preflight-privileged-roles');
  });
});

describe('iaasPreflight', () => {
  it('reads the TokenInfo artifact', async () => {
    const { iaasPreflight } = await import('../../src/probes/iaas/preflight.js');
    expect(iaasPreflight.artifact).toBe('TokenInfo');
    expect(iaasPreflight.check({ roles: ['member'] })).toEqual({ ok: true });
    expect(iaasPreflight.check({ roles: ['admin'] }).ok).toBe(false);
    // A token without a role list never reaches the check: its contract rejects it in the runner.
    const { checkArtifact } = await import('../../src/artifacts/validate.js');
    expect(checkArtifact('TokenInfo', {})).toMatchObject({ ok: false, pointer: '' });
  });
});
