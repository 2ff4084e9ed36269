// Shape of the ProviderNetworks artifact: what a member sees of provider networks, subnet pools, floating IPs,
// network RBAC and the DNS extensions of the Networking API (scs-0126, scs-0127).
import { defineArtifact } from './contract.js';
import type { ActionStep } from './iaas.js';

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

const nullableBool = { type: ['boolean', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const step = {
  type: 'object',
  required: ['step', 'ok'],
  properties: {
    step: { type: 'string' },
    ok: { type: 'boolean' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    durationMs: { type: 'number' },
  },
} as const;

/** JSON Schema of the artifact (saved artifacts are validated against it before judging). */
export const PROVIDER_NETWORKS_SCHEMA = {
  title: 'ProviderNetworks: provider networks, subnet pools, floating IP, RBAC and DNS extensions',
  type: 'object',
  additionalProperties: false,
  required: ['extensions', 'dnsService', 'externalNetworks', 'subnetPools', 'steps'],
  properties: {
    extensions: { type: 'array', items: { type: 'string' } },
    dnsService: { type: 'boolean' },
    externalNetworks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'is_default', 'shared', 'port_security_enabled', 'subnets'],
        properties: {
          id: { type: 'string' },
          name: { type: ['string', 'null'] },
          is_default: nullableBool,
          shared: { type: 'boolean' },
          port_security_enabled: nullableBool,
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
        required: ['id', 'ip_version', 'is_default', 'shared', 'prefixes'],
        properties: {
          id: { type: 'string' },
          name: { type: ['string', 'null'] },
          ip_version: { type: 'integer' },
          is_default: { type: 'boolean' },
          shared: { type: 'boolean' },
          min_prefixlen: nullableInt,
          max_prefixlen: nullableInt,
          default_prefixlen: nullableInt,
          prefixes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    floatingIp: {
      type: 'object',
      required: ['network', 'allocated'],
      properties: {
        network: { type: 'string' },
        allocated: { type: 'boolean' },
        address: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
      },
    },
    rbac: {
      type: 'object',
      required: ['refused'],
      properties: { refused: { type: 'boolean' }, status: { type: 'integer' }, detail: { type: 'string' } },
    },
    steps: { type: 'array', items: step },
  },
} as const;

export const providerNetworksArtifact = defineArtifact<'ProviderNetworks', ProviderNetworks>({
  name: 'ProviderNetworks',
  description:
    'provider networks, subnet pools, floating IP and RBAC attempts, Networking extensions (scs-0126/0127)',
  schema: PROVIDER_NETWORKS_SCHEMA,
  schemaUnchecked:
    'optional nested fields and nullable unions; test/artifacts/advisory-schemas.test.ts checks it against real values',
});
