// Pre-flight role check of the IaaS suite: the test identity must be a plain member, never admin or manager.
import type { TokenInfo } from '../../artifacts/iaas.js';
import { definePreflight } from '../types.js';

export type PreflightResult = { ok: true } | { ok: false; messageId: string; reason: string };

/** Roles that would let the suite see or do more than a customer can (and skew scs-0116 and image visibility). */
export const PRIVILEGED_ROLES = ['admin', 'manager'] as const;
export const REQUIRED_ROLE = 'member';

/**
 * Judge the roles of the token the suite runs with. Keystone role names are compared case-insensitively
 * (Keystone itself treats them so). The reason says what the operator has to change.
 */
export function checkPreflightRoles(token: TokenInfo): PreflightResult {
  const roles = new Set((token.roles ?? []).map((r) => r.toLowerCase()));
  const who = [token.userName ?? token.userId, token.projectName ?? token.projectId].filter(Boolean);
  const identity = who.length === 2 ? `user ${who[0]} in project ${who[1]}` : 'the test identity';
  const privileged = PRIVILEGED_ROLES.filter((r) => roles.has(r));
  if (privileged.length > 0) {
    const viaAppCred = token.method === 'application_credential';
    return {
      ok: false,
      messageId: 'preflight-privileged-roles',
      reason:
        `${identity} has the role(s) ${privileged.join(', ')}; the SCS tests must run with customer privileges. ` +
        (viaAppCred
          ? `Create an application credential restricted to the role ${REQUIRED_ROLE} (openstack application credential create --role ${REQUIRED_ROLE} ...) or use an identity without ${privileged.join('/')}.`
          : `Use an identity that has only the role ${REQUIRED_ROLE} in the project (remove ${privileged.join(', ')}), or an application credential restricted to ${REQUIRED_ROLE}.`),
    };
  }
  if (!roles.has(REQUIRED_ROLE)) {
    const have = [...roles].sort();
    return {
      ok: false,
      messageId: 'preflight-member-missing',
      reason:
        `${identity} lacks the role ${REQUIRED_ROLE} (has: ${have.length ? have.join(', ') : 'none'}). ` +
        `Assign it: openstack role add --user <user> --project <project> ${REQUIRED_ROLE}` +
        (token.method === 'application_credential'
          ? ', then create a new application credential including it.'
          : '.'),
    };
  }
  return { ok: true };
}

/**
 * The pre-flight in the runner's shape: reads the TokenInfo artifact (its contract guarantees the role list;
 * a token without one never reaches here, the runner reports it as a failed pre-flight).
 */
export const iaasPreflight = definePreflight({
  artifact: 'TokenInfo',
  check: checkPreflightRoles,
});
