// DefaultSecurityGroupRules: Neutron's default-rules API, or (404: before 2023.2) the rules of a fresh scratch group.
import type { DefaultSecurityGroupRule, SecurityGroupRule } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { GathererOf } from '../types.js';
import { OpenStackHttpError } from '../../clients/openstack/errors.js';
import { cleanupSignal, openstackClient } from './common.js';
import { createTracked, deleteTracked } from './tracked.js';

interface RawSecurityGroup {
  id: string;
  name: string;
  security_group_rules?: Array<SecurityGroupRule & Record<string, unknown>>;
}

function reduceRule(r: SecurityGroupRule & Record<string, unknown>): SecurityGroupRule {
  const out: SecurityGroupRule = { direction: r.direction, ethertype: r.ethertype };
  if (r.id !== undefined) out.id = r.id;
  if (r.protocol !== undefined) out.protocol = r.protocol;
  if (r.remote_ip_prefix !== undefined) out.remote_ip_prefix = r.remote_ip_prefix;
  if (r.remote_group_id !== undefined) out.remote_group_id = r.remote_group_id;
  return out;
}

export const defaultSecurityGroupRulesGatherer: GathererOf<'DefaultSecurityGroupRules'> = {
  artifact: 'DefaultSecurityGroupRules',
  description:
    'Neutron default security-group rules (/v2.0/default-security-group-rules), or the rules a new scratch group gets where that API is missing',
  async gather(ctx) {
    const c = openstackClient(ctx);
    try {
      const rules = await c.list<DefaultSecurityGroupRule>(
        'network',
        '/default-security-group-rules',
        'default_security_group_rules',
        {
          signal: ctx.signal,
        },
      );
      return { api: 'default-security-group-rules', rules };
    } catch (err) {
      if (!(err instanceof OpenStackHttpError && err.status === 404)) throw err;
      ctx.log.info(
        'Neutron has no default-security-group-rules API (404); inspecting a new scratch security group instead',
      );
    }
    const groupName = `${ctx.ledger.prefix}default-sg`;
    let entry: LedgerEntry | undefined;
    try {
      const sg = await createTracked(c, ctx, {
        kind: 'security-group',
        name: groupName,
        createdBy: 'DefaultSecurityGroupRules',
        onIntent: (e) => (entry = e),
        create: async () =>
          (
            await c.post<{ security_group?: RawSecurityGroup }>(
              'network',
              '/security-groups',
              {
                security_group: {
                  name: groupName,
                  description: 'scs-cert scs-0115 scratch group (deleted right away)',
                },
              },
              { signal: ctx.signal },
            )
          )?.security_group?.id,
      });
      const read = await c.get<{ security_group: RawSecurityGroup }>('network', '/security-groups/{id}', {
        params: { id: sg.id },
        signal: ctx.signal,
      });
      const rules = (read?.security_group?.security_group_rules ?? []).map(reduceRule);
      return { api: 'fallback-new-group', groupName, rules };
    } finally {
      if (entry) {
        await deleteTracked(c, ctx, entry, {
          service: 'network',
          path: '/security-groups/{id}',
          signal: cleanupSignal(120_000),
        });
      }
    }
  },
};
