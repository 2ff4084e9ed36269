// scs-0115-default-rules: default security group rules allow no ingress (but PARENT in the default group) and all egress.
import type { DefaultSecurityGroupRule, SecurityGroupRule } from '../../artifacts/iaas.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { type Offender, decideWithDeviations, fail, pass } from './support/results.js';

const ETHERTYPES = ['IPv4', 'IPv6'] as const;

function describeRule(r: DefaultSecurityGroupRule | SecurityGroupRule): string {
  const parts = [r.direction, r.ethertype, r.protocol ?? 'any protocol'];
  if (r.remote_ip_prefix) parts.push(`from/to ${r.remote_ip_prefix}`);
  if (r.remote_group_id) parts.push(`remote group ${r.remote_group_id}`);
  return parts.join(' ');
}

/** A rule that lets all egress traffic of its ethertype out (what "allow egress traffic" means). */
function allowsAllEgress(r: DefaultSecurityGroupRule | SecurityGroupRule): boolean {
  // Rules of a real group (the fallback) carry no port range: they then allow every port.
  const portMin = 'port_range_min' in r ? r.port_range_min : undefined;
  const portMax = 'port_range_max' in r ? r.port_range_max : undefined;
  const anyPrefix = !r.remote_ip_prefix || ['0.0.0.0/0', '::/0'].includes(r.remote_ip_prefix);
  const anyPort = (portMin ?? null) === null && (portMax ?? null) === null;
  return (
    r.direction === 'egress' &&
    anyPrefix &&
    anyPort &&
    !r.protocol &&
    !r.remote_group_id &&
    !('remote_address_group_id' in r && r.remote_address_group_id)
  );
}

export default defineProbe({
  meta: {
    id: 'scs-0115-default-rules',
    title: 'Default security group rules allow no foreign ingress',
    failureTitle: 'Default security group rules allow ingress traffic',
    description:
      'With the default-security-group-rules API (OpenStack >= 2023.2): no ingress rule except from the remote ' +
      'group PARENT used only in the default security group; egress for IPv4 and IPv6 is expected (SHOULD). ' +
      'Without it: a newly created security group must have no ingress rule.',
    standards: [
      {
        id: 'scs-0115-v1',
        url: 'https://docs.scs.community/standards/scs-0115-v1-default-rules-for-security-groups',
      },
      {
        id: 'scs-0115-w1',
        url: 'https://docs.scs.community/standards/scs-0115-w1-security-groups-implementation',
      },
    ],
    artifacts: ['DefaultSecurityGroupRules'],
    deviations: [
      {
        id: 'egress-should',
        standard:
          '"The default Security Group rules for ALL Security Groups SHOULD allow egress Traffic for both IPv4 and IPv6": missing egress is a warning.',
        reference:
          'FAILs unless, for IPv4 and IPv6 each, a rule without remote_ip_prefix is used in the default and one in custom groups (fallback: any egress rule per ethertype).',
      },
      {
        id: 'ingress-unused-rule',
        standard:
          '"MUST NOT allow any other incoming traffic": an ingress rule used in no security group allows nothing.',
        reference:
          'Counts every ingress default rule except PARENT-only-in-default as a violation, also unused ones.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const input = artifacts.DefaultSecurityGroupRules;
    const judged = input.rules.map((r) => r.id ?? describeRule(r));
    const values = {
      api: input.api,
      ...(input.api === 'fallback-new-group' ? { group: input.groupName } : {}),
    };

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const offenders: Offender[] = [];
      const warnings: string[] = [];
      const devs = new Set<string>();
      const missingEgress: string[] = [];
      if (input.api === 'default-security-group-rules') {
        for (const r of input.rules) {
          if (r.direction !== 'ingress') continue;
          const parentOnlyDefault = r.remote_group_id === 'PARENT' && !r.used_in_non_default_sg;
          if (parentOnlyDefault) continue;
          const unused = r.used_in_default_sg === false && r.used_in_non_default_sg === false;
          if (unused) {
            devs.add('ingress-unused-rule');
            if (mode === 'standard') continue;
          }
          const where = [r.used_in_default_sg ? 'default' : '', r.used_in_non_default_sg ? 'custom' : '']
            .filter(Boolean)
            .join(' and ');
          offenders.push({
            resource: r.id ?? describeRule(r),
            problem: `ingress rule (${describeRule(r)}) applied to ${where || 'no'} security groups`,
            direction: r.direction,
            ethertype: r.ethertype,
            remote_group_id: r.remote_group_id ?? null,
            remote_ip_prefix: r.remote_ip_prefix ?? null,
          });
        }
        for (const et of ETHERTYPES) {
          for (const [flag, label] of [
            ['used_in_default_sg', 'default'],
            ['used_in_non_default_sg', 'custom'],
          ] as const) {
            const ok =
              mode === 'reference'
                ? input.rules.some(
                    (r) => r.direction === 'egress' && r.ethertype === et && !r.remote_ip_prefix && r[flag],
                  )
                : input.rules.some((r) => r.ethertype === et && allowsAllEgress(r) && r[flag]);
            if (!ok) missingEgress.push(`${et} egress for ${label} security groups`);
          }
        }
      } else {
        for (const r of input.rules) {
          if (r.direction === 'ingress') {
            offenders.push({
              resource: r.id ?? describeRule(r),
              problem: `new security group ${input.groupName} received ingress rule (${describeRule(r)})`,
            });
          }
        }
        for (const et of ETHERTYPES) {
          const ok =
            mode === 'reference'
              ? input.rules.some((r) => r.direction === 'egress' && r.ethertype === et)
              : input.rules.some((r) => r.ethertype === et && allowsAllEgress(r));
          if (!ok) missingEgress.push(`${et} egress for new security groups`);
        }
      }
      if (missingEgress.length > 0) devs.add('egress-should');
      const egressText = `missing default egress rules: ${missingEgress.join(', ')}`;
      if (mode === 'standard' && missingEgress.length > 0)
        warnings.push(`${egressText} (SHOULD allow all egress)`);
      const egressFails = mode === 'reference' && missingEgress.length > 0;
      if (offenders.length > 0 || egressFails) {
        const parts: string[] = [];
        if (offenders.length > 0) {
          parts.push(
            `${offenders.length} default rule(s) allow ingress traffic. Delete them (openstack default security group rule delete ...); ` +
              'keep only ingress from remote group PARENT with used_in_default_sg=true and used_in_non_default_sg=false.',
          );
        }
        if (egressFails) parts.push(`${egressText.charAt(0).toUpperCase()}${egressText.slice(1)}.`);
        return fail(
          offenders.length > 0 ? 'default-rules-allow-ingress' : 'default-rules-missing-egress',
          parts.join(' '),
          { judged, offenders, values: { ...values, missingEgress } },
          { warnings, deviations: [...devs] },
        );
      }
      return pass(
        'default-rules-ok',
        'The default security group rules allow no ingress traffic other than within the default group.',
        { judged, values: { ...values, missingEgress } },
        { warnings, deviations: [...devs] },
      );
    });
  },
});
