// scs-0115-default-rules: no ingress but PARENT-in-default; egress SHOULD (text) vs required (reference).
import { describe, expect, it } from 'vitest';
import type {
  DefaultSecurityGroupRule,
  DefaultSecurityGroupRules,
  SecurityGroupRule,
} from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0115-default-rules.js';
import { run } from './helpers.js';

/** The example table of the standard: ingress from PARENT in the default group only, all egress everywhere. */
const EXAMPLE: DefaultSecurityGroupRule[] = [
  {
    id: '47b929fd',
    direction: 'egress',
    ethertype: 'IPv6',
    remote_ip_prefix: null,
    remote_group_id: null,
    used_in_default_sg: true,
    used_in_non_default_sg: true,
  },
  {
    id: '92a79600',
    direction: 'egress',
    ethertype: 'IPv4',
    remote_ip_prefix: null,
    remote_group_id: null,
    used_in_default_sg: true,
    used_in_non_default_sg: true,
  },
  {
    id: '93e35d0c',
    direction: 'ingress',
    ethertype: 'IPv4',
    remote_ip_prefix: null,
    remote_group_id: 'PARENT',
    used_in_default_sg: true,
    used_in_non_default_sg: false,
  },
  {
    id: 'ed5cd662',
    direction: 'ingress',
    ethertype: 'IPv6',
    remote_ip_prefix: null,
    remote_group_id: 'PARENT',
    used_in_default_sg: true,
    used_in_non_default_sg: false,
  },
];
const api = (rules: DefaultSecurityGroupRule[]): DefaultSecurityGroupRules => ({
  api: 'default-security-group-rules',
  rules,
});
const fallback = (rules: SecurityGroupRule[]): DefaultSecurityGroupRules => ({
  api: 'fallback-new-group',
  groupName: 'scs-cert-x-sg',
  rules,
});
const judge = (input: DefaultSecurityGroupRules, mode: 'standard' | 'reference' = 'standard') =>
  run(probe, { DefaultSecurityGroupRules: input }, { mode });

describe('scs-0115-default-rules', () => {
  it('passes the example of the standard in both readings', () => {
    for (const mode of ['standard', 'reference'] as const) {
      const r = judge(api(EXAMPLE), mode);
      expect(r.outcome).toBe('PASS');
      expect(r.messageId).toBe('default-rules-ok');
      expect(r.warnings).toBeUndefined();
    }
  });

  it('fails the PARENT ingress rule when it is also used in custom groups', () => {
    const rules = EXAMPLE.map((r) => (r.id === '93e35d0c' ? { ...r, used_in_non_default_sg: true } : r));
    const s = judge(api(rules));
    expect(s.outcome).toBe('FAIL');
    expect(s.messageId).toBe('default-rules-allow-ingress');
    expect(s.evidence?.offenders?.map((o) => o.resource)).toEqual(['93e35d0c']);
    expect(judge(api(rules), 'reference').outcome).toBe('FAIL');
  });

  it.each([
    [
      'SSH from anywhere',
      {
        remote_ip_prefix: '0.0.0.0/0',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_group_id: null,
      },
    ],
    ['ingress from a named group', { remote_group_id: '8c1b3e1a-0000-4000-8000-000000000001' }],
  ])('fails ingress rule: %s', (_l, over) => {
    const extra: DefaultSecurityGroupRule = {
      id: 'bad',
      direction: 'ingress',
      ethertype: 'IPv4',
      used_in_default_sg: true,
      used_in_non_default_sg: false,
      ...over,
    };
    const r = judge(api([...EXAMPLE, extra]));
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.map((o) => o.resource)).toEqual(['bad']);
  });

  it('an ingress rule used in no group allows nothing (text) but counts for the reference', () => {
    const unused: DefaultSecurityGroupRule = {
      id: 'unused',
      direction: 'ingress',
      ethertype: 'IPv6',
      remote_ip_prefix: '::/0',
      used_in_default_sg: false,
      used_in_non_default_sg: false,
    };
    const s = judge(api([...EXAMPLE, unused]));
    const r = judge(api([...EXAMPLE, unused]), 'reference');
    expect(s.outcome).toBe('PASS');
    expect(r.outcome).toBe('FAIL');
    expect(s.deviations).toEqual(['ingress-unused-rule']);
  });

  it('missing IPv6 egress: warning by the text (SHOULD), FAIL by the reference', () => {
    const rules = EXAMPLE.filter((r) => r.id !== '47b929fd');
    const s = judge(api(rules));
    const r = judge(api(rules), 'reference');
    expect(s.outcome).toBe('PASS');
    expect(s.warnings?.[0]).toContain('IPv6 egress for default security groups');
    expect(s.deviations).toEqual(['egress-should']);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('default-rules-missing-egress');
    expect(r.evidence?.values?.missingEgress).toEqual([
      'IPv6 egress for default security groups',
      'IPv6 egress for custom security groups',
    ]);
  });

  it('egress used only in the default group misses custom groups', () => {
    const rules = EXAMPLE.map((r) =>
      r.direction === 'egress' ? { ...r, used_in_non_default_sg: false } : r,
    );
    expect(judge(api(rules), 'reference').outcome).toBe('FAIL');
    expect(judge(api(rules)).warnings?.[0]).toContain('custom security groups');
  });

  it('an explicit 0.0.0.0/0 egress counts as all egress for the text, not for the reference', () => {
    const rules = EXAMPLE.map((r) => (r.id === '92a79600' ? { ...r, remote_ip_prefix: '0.0.0.0/0' } : r));
    expect(judge(api(rules)).warnings).toBeUndefined();
    expect(judge(api(rules), 'reference').outcome).toBe('FAIL');
  });

  describe('fallback: a new security group (no default-rules API)', () => {
    const egress: SecurityGroupRule[] = [
      { id: 'e4', direction: 'egress', ethertype: 'IPv4' },
      { id: 'e6', direction: 'egress', ethertype: 'IPv6' },
    ];
    it('passes a group with only egress', () => {
      const r = judge(fallback(egress));
      expect(r.outcome).toBe('PASS');
      expect(r.evidence?.values?.api).toBe('fallback-new-group');
    });
    it('fails any ingress rule', () => {
      const r = judge(
        fallback([...egress, { id: 'i4', direction: 'ingress', ethertype: 'IPv4', remote_group_id: 'self' }]),
      );
      expect(r.outcome).toBe('FAIL');
      expect(r.evidence?.offenders?.[0]?.resource).toBe('i4');
    });
    it('missing egress: warning by the text, FAIL by the reference', () => {
      expect(judge(fallback([egress[0]!])).outcome).toBe('PASS');
      expect(judge(fallback([egress[0]!]), 'reference').outcome).toBe('FAIL');
    });
  });
});
