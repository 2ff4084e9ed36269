// DefaultSecurityGroupRules artifact: the rules a new security group gets (scs-0115), from the API or a fresh group.
import { defineArtifact } from '../contract.js';

/** Neutron default security-group rule (`GET /v2.0/default-security-group-rules`). */
export interface DefaultSecurityGroupRule {
  id?: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  remote_address_group_id?: string | null;
  used_in_default_sg?: boolean;
  used_in_non_default_sg?: boolean;
  description?: string | null;
}

/** Neutron security-group rule as attached to a real group (`GET /v2.0/security-groups/{id}`). */
export interface SecurityGroupRule {
  id?: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
}

/**
 * scs-0115 input: the default-rules API when the cloud has it (OpenStack >= 2023.2), otherwise the
 * rules a freshly created security group received (the fallback of the standard's test).
 */
export type DefaultSecurityGroupRules =
  | { api: 'default-security-group-rules'; rules: DefaultSecurityGroupRule[] }
  | { api: 'fallback-new-group'; groupName: string; rules: SecurityGroupRule[] };

const nullableString = { type: ['string', 'null'] };
const nullableInteger = { type: ['integer', 'null'] };
const ruleCore = {
  id: { type: 'string' },
  direction: { enum: ['ingress', 'egress'] },
  ethertype: { enum: ['IPv4', 'IPv6'] },
  protocol: nullableString,
  remote_ip_prefix: nullableString,
  remote_group_id: nullableString,
};

export const defaultSecurityGroupRulesArtifact = defineArtifact<
  'DefaultSecurityGroupRules',
  DefaultSecurityGroupRules
>({
  name: 'DefaultSecurityGroupRules',
  description:
    'the default security-group rules (Neutron API), or the rules of a freshly created group where the API is missing',
  schemaUnchecked: 'a union of two object shapes told apart by `api`, which JSONSchemaType cannot express',
  schema: {
    oneOf: [
      {
        type: 'object',
        required: ['api', 'rules'],
        properties: {
          api: { const: 'default-security-group-rules' },
          rules: {
            type: 'array',
            items: {
              type: 'object',
              required: ['direction', 'ethertype'],
              properties: {
                ...ruleCore,
                port_range_min: nullableInteger,
                port_range_max: nullableInteger,
                remote_address_group_id: nullableString,
                used_in_default_sg: { type: 'boolean' },
                used_in_non_default_sg: { type: 'boolean' },
                description: nullableString,
              },
            },
          },
        },
      },
      {
        type: 'object',
        required: ['api', 'groupName', 'rules'],
        properties: {
          api: { const: 'fallback-new-group' },
          groupName: { type: 'string' },
          rules: {
            type: 'array',
            items: { type: 'object', required: ['direction', 'ethertype'], properties: ruleCore },
          },
        },
      },
    ],
  },
});
