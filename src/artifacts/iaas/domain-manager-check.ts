// DomainManagerCheck artifact (scs-0302): every Keystone operation tried as two domain managers, with what
// the standard expects and what the cloud answered. Type and JSON Schema side by side for the typed contract.
import type { JSONSchemaType } from 'ajv';
import { namesSchema } from '../common.js';
import { defineArtifact } from '../contract.js';

/** What a cloud did with one operation: carried it out, refused it (403/404), or failed (anything else). */
export type OperationObserved = 'allowed' | 'refused' | 'error' | 'skipped';

/** One Keystone call made as a domain manager, judged against what the domain-manager persona may do. */
export interface DomainManagerOperation {
  /** Stable id, e.g. `own/create-user`, `foreign/update-project`, `admin/grant-user-domain`. */
  id: string;
  /** Plain words: "manager of domain A creates a user in domain A". */
  description: string;
  /** `A` or `B`: which test domain's manager acted. */
  actor: 'A' | 'B';
  /** What the standard expects. */
  expect: 'allowed' | 'refused';
  observed: OperationObserved;
  /** HTTP method and path template of the call (no ids), e.g. `PUT /v3/domains/{domain}/users/{user}/roles/{role}`. */
  call: string;
  /** HTTP status of the answer (absent when skipped or the connection failed). */
  status?: number;
  /** Error text or why the operation was skipped. */
  detail?: string;
  /** Whether the SCS script `domain-manager-check.py` tests this operation too. */
  inScript: boolean;
  /**
   * Whether the standard's text requires the expectation; `false` for operations only the SCS script insists
   * on (a deviation: the text would accept either answer).
   */
  byText: boolean;
  /** The failure was transient (429, 5xx, timeout, reset): never a FAIL, the check aborts instead. */
  transient?: boolean;
}

export interface DomainManagerCheck {
  /** False when the run was given no domain-manager identities; then `missing` says what to provide. */
  configured: boolean;
  missing?: string;
  /** The two test domains (names and ids as the managers' tokens show them) and their managers' user names. */
  domains: Array<{ label: 'A' | 'B'; name: string; id?: string; manager: string }>;
  /** The role a domain manager assigns and revokes in the checks (`member` unless configured). */
  managedRole: string;
  /** Roles the manager's domain-scoped token carries, per domain label. */
  tokenRoles: Record<string, string[]>;
  operations: DomainManagerOperation[];
  /** Set when the check could not go on (login refused, transient fault); the probe aborts with it. */
  aborted?: string;
}

const labelSchema = { type: 'string', enum: ['A', 'B'] } as const;

export const DOMAIN_MANAGER_CHECK_SCHEMA: JSONSchemaType<DomainManagerCheck> = {
  type: 'object',
  additionalProperties: false,
  required: ['configured', 'domains', 'managedRole', 'tokenRoles', 'operations'],
  properties: {
    configured: { type: 'boolean' },
    missing: { type: 'string', nullable: true },
    domains: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'name', 'manager'],
        properties: {
          label: labelSchema,
          name: { type: 'string' },
          id: { type: 'string', nullable: true },
          manager: { type: 'string' },
        },
      },
    },
    managedRole: { type: 'string' },
    tokenRoles: { type: 'object', required: [], additionalProperties: namesSchema },
    operations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'actor', 'expect', 'observed', 'call', 'inScript', 'byText'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          actor: labelSchema,
          expect: { type: 'string', enum: ['allowed', 'refused'] },
          observed: { type: 'string', enum: ['allowed', 'refused', 'error', 'skipped'] },
          call: { type: 'string' },
          status: { type: 'integer', nullable: true },
          detail: { type: 'string', nullable: true },
          inScript: { type: 'boolean' },
          byText: { type: 'boolean' },
          transient: { type: 'boolean', nullable: true },
        },
      },
    },
    aborted: { type: 'string', nullable: true },
  },
};

export const domainManagerCheckArtifact = defineArtifact<'DomainManagerCheck', DomainManagerCheck>({
  name: 'DomainManagerCheck',
  description: 'Keystone operations tried as the managers of two test domains, expected and observed answers',
  schema: DOMAIN_MANAGER_CHECK_SCHEMA,
});
