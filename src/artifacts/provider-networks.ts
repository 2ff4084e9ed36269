// Shape of the ProviderNetworks artifact: what a member sees of provider networks, subnet pools, floating IPs,
// network RBAC and the DNS extensions of the Networking API (scs-0126, scs-0127).
import type { JSONSchemaType } from 'ajv';
import {
  actionStepsSchema,
  booleanOrNullSchema,
  integerOrNullSchema,
  namesSchema,
  stringOrNullSchema,
  type ActionStep,
} from './common.js';
import { defineArtifact } from './contract.js';

export interface ProviderNetwork {
  id: string;
  name: string | null;
  is_default: boolean | null;
  shared: boolean;
  port_security_enabled: boolean | null;
  subnets: Array<{ id: string; ip_version: number; cidr: string }>;
}

export interface SubnetPool {
  id: string;
  name: string | null;
  ip_version: number;
  is_default: boolean;
  shared: boolean;
  min_prefixlen: number | null;
  max_prefixlen: number | null;
  default_prefixlen: number | null;
  prefixes: string[];
}

export interface ProviderNetworks {
  /** Aliases of the Networking API extensions (`GET /v2.0/extensions`). */
  extensions: string[];
  /** Whether the catalog offers the DNS service (Designate, type `dns`). */
  dnsService: boolean;
  /** External networks (`router:external=true`) the member can see. */
  externalNetworks: ProviderNetwork[];
  /** Subnet pools the member can see (own and shared). */
  subnetPools: SubnetPool[];
  /** Allocating (and releasing) one floating IP from the default external network. */
  floatingIp?: { network: string; allocated: boolean; address?: string; status?: number; detail?: string };
  /** Creating a network RBAC policy on a network of the member's own (then deleting both). */
  rbac?: { refused: boolean; status?: number; detail?: string };
  steps: ActionStep[];
}

/** JSON Schema of the artifact (saved artifacts are validated against it before judging). */
export const PROVIDER_NETWORKS_SCHEMA: JSONSchemaType<ProviderNetworks> = {
  title: 'ProviderNetworks: provider networks, subnet pools, floating IP, RBAC and DNS extensions',
  type: 'object',
  additionalProperties: false,
  required: ['extensions', 'dnsService', 'externalNetworks', 'subnetPools', 'steps'],
  properties: {
    extensions: namesSchema,
    dnsService: { type: 'boolean' },
    externalNetworks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'is_default', 'shared', 'port_security_enabled', 'subnets'],
        properties: {
          id: { type: 'string' },
          name: stringOrNullSchema,
          is_default: booleanOrNullSchema,
          shared: { type: 'boolean' },
          port_security_enabled: booleanOrNullSchema,
          subnets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'ip_version', 'cidr'],
              properties: {
                id: { type: 'string' },
                ip_version: { type: 'integer' },
                cidr: { type: 'string' },
              },
            },
          },
        },
      },
    },
    subnetPools: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'name',
          'ip_version',
          'is_default',
          'shared',
          'min_prefixlen',
          'max_prefixlen',
          'default_prefixlen',
          'prefixes',
        ],
        properties: {
          id: { type: 'string' },
          name: stringOrNullSchema,
          ip_version: { type: 'integer' },
          is_default: { type: 'boolean' },
          shared: { type: 'boolean' },
          min_prefixlen: integerOrNullSchema,
          max_prefixlen: integerOrNullSchema,
          default_prefixlen: integerOrNullSchema,
          prefixes: namesSchema,
        },
      },
    },
    floatingIp: {
      type: 'object',
      nullable: true,
      required: ['network', 'allocated'],
      properties: {
        network: { type: 'string' },
        allocated: { type: 'boolean' },
        address: { type: 'string', nullable: true },
        status: { type: 'integer', nullable: true },
        detail: { type: 'string', nullable: true },
      },
    },
    rbac: {
      type: 'object',
      nullable: true,
      required: ['refused'],
      properties: {
        refused: { type: 'boolean' },
        status: { type: 'integer', nullable: true },
        detail: { type: 'string', nullable: true },
      },
    },
    steps: actionStepsSchema,
  },
};

export const providerNetworksArtifact = defineArtifact<'ProviderNetworks', ProviderNetworks>({
  name: 'ProviderNetworks',
  description:
    'provider networks, subnet pools, floating IP and RBAC attempts, Networking extensions (scs-0126/0127)',
  schema: PROVIDER_NETWORKS_SCHEMA,
});
