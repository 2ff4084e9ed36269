// scs-0302-domain-manager: a domain manager manages users, projects, groups and role assignments in its own
// domain, nothing in another domain, and can never hand out `admin` or create roles and domains.
import type { DomainManagerOperation } from '../../artifacts/iaas/domain-manager-check.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import type { JudgeMode } from '../../core/judge-mode.js';
import { abort, decideWithDeviations, fail, listNames, pass } from './support/results.js';

/** Operations this mode judges: the text's requirements, or what the SCS script checks. */
function judged(op: DomainManagerOperation, mode: JudgeMode): boolean {
  return mode === 'reference' ? op.inScript : op.byText;
}

function what(op: DomainManagerOperation): string {
  const answer = op.status !== undefined ? `HTTP ${op.status}` : (op.detail ?? op.observed);
  return `${op.description} (${op.call}: ${answer})`;
}

/** Deviation ids that explain why a mismatching operation is judged in one mode and not the other. */
function deviationOf(op: DomainManagerOperation): string | undefined {
  if (op.id === 'foreign/create-user-without-domain') return 'create-without-domain';
  if (op.id === 'own/find-domain-by-name') return 'domain-by-name';
  if (op.id.startsWith('own/list-') && op.id.endsWith('-unfiltered')) return 'unfiltered-listing';
  if (!op.inScript) return 'not-in-script';
  return undefined;
}

export default defineProbe({
  meta: {
    id: 'scs-0302-domain-manager',
    title: 'Domain managers manage their own domain and nothing else',
    failureTitle: 'The domain-manager role is not scoped as the standard demands',
    description:
      'Acting as the managers of two test domains: inside the own domain create, read, update, list and delete ' +
      'users, projects and groups, manage group membership and assign, check and revoke the permitted role on ' +
      'users and groups (domain and project level); in the other domain none of that; never assign admin ' +
      '(to users, groups or oneself, on domain or project), never create or change roles or domains.',
    standards: [
      { id: 'scs-0302-v1', url: 'https://docs.scs.community/standards/scs-0302-v1-domain-manager-role' },
      {
        id: 'scs-0302-w1',
        url: 'https://docs.scs.community/standards/scs-0302-w1-domain-manager-implementation-notes',
      },
    ],
    artifacts: ['DomainManagerCheck'],
    deviations: [
      {
        id: 'create-without-domain',
        standard:
          'The text asks that a domain manager cannot reach outside its domain; a create request without domain_id ' +
          'is not outside it. Either answer passes; a refusal is what Keystone’s policy gives.',
        reference:
          'domain-manager-check.py requires 403 for create_user without domain_id (and the same for projects and groups).',
      },
      {
        id: 'domain-by-name',
        standard:
          'The text asks for managing users, projects, groups and assignments; finding the own domain by name ' +
          '(list_domains) is a convenience the w1 policy grants and native 2024.2 defaults need not: either answer passes.',
        reference: 'test_logins requires find_domain(name) to succeed (list_domains with a name filter).',
      },
      {
        id: 'unfiltered-listing',
        standard:
          'Listing without a domain filter may be refused or answered; what counts is that no resource of another ' +
          'domain is listed (judged separately).',
        reference: 'domain-manager-check.py requires that users() without a filter is not forbidden.',
      },
      {
        id: 'not-in-script',
        standard:
          'The Design Considerations forbid assigning admin to anyone (users included, and oneself), creating or ' +
          'changing roles, and any reach into other domains (their listings and role assignments, cross-domain grants).',
        reference:
          'domain-manager-check.py tests admin only on groups and does not try self-escalation, roles, domains, ' +
          'listings filtered by another domain or cross-domain grants.',
      },
      {
        id: 'script-sdk-0101',
        standard:
          'A manager that can act in its own domain passes; looking a user up by name is a search within the domain.',
        reference:
          'find_user(name) first GETs /v3/users/<name>; Keystone ≤ 2024.1 answers 403 under the scs-0302-w1 policy and ' +
          "Debian 12's openstacksdk 0.101 raises it (it has no ForbiddenException), so the script stops at its login " +
          'check on conforming and non-conforming clouds alike (seen on the Zed lab). Not reproduced by --mode reference.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const check = artifacts.DomainManagerCheck;
    if (!check.configured) {
      return abort(
        'domain-manager-not-configured',
        check.missing ?? 'no domain-manager identities were given',
      );
    }
    if (check.aborted) {
      return abort('domain-manager-login', check.aborted, {
        values: { domains: check.domains, tokenRoles: check.tokenRoles },
      });
    }
    const values = {
      domains: check.domains,
      managedRole: check.managedRole,
      tokenRoles: check.tokenRoles,
      operations: check.operations.map((o) => ({
        id: o.id,
        actor: o.actor,
        expect: o.expect,
        observed: o.observed,
        ...(o.status !== undefined && { status: o.status }),
      })),
    };
    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const mism = check.operations.filter(
        (o) => (o.observed === 'allowed' || o.observed === 'refused') && o.observed !== o.expect,
      );
      const decisive = mism.filter((o) => judged(o, mode));
      const informational = mism.filter((o) => !judged(o, mode));
      const deviations = [...new Set(mism.map(deviationOf).filter((d): d is string => d !== undefined))];
      const warnings = informational.map(
        (o) => `${o.observed === 'allowed' ? 'allowed' : 'refused'} (not required either way): ${what(o)}`,
      );
      if (decisive.length > 0) {
        const allowed = decisive.filter((o) => o.observed === 'allowed');
        const refused = decisive.filter((o) => o.observed === 'refused');
        const parts = [
          ...(allowed.length ? [`wrongly allowed: ${allowed.map(what).join('; ')}`] : []),
          ...(refused.length ? [`wrongly refused: ${refused.map(what).join('; ')}`] : []),
        ];
        return fail(
          'domain-manager-policy',
          `${parts.join('. ')}. Apply the domain-manager policy of scs-0302-w1 (Keystone ≤ 2024.1) or enable ` +
            'enforce_scope and enforce_new_defaults (2024.2+), and keep admin out of is_domain_managed_role.',
          {
            judged: check.domains.map((d) => d.name),
            offenders: decisive.map((o) => ({
              resource: o.id,
              problem: `${o.observed === 'allowed' ? 'wrongly allowed' : 'wrongly refused'}: ${what(o)}`,
              actor: o.actor,
            })),
            values,
          },
          { warnings, deviations },
        );
      }
      const errors = check.operations.filter((o) => o.observed === 'error' && judged(o, mode));
      if (errors.length > 0) {
        return abort(
          errors.some((o) => o.transient) ? 'domain-manager-transient' : 'domain-manager-error',
          `No verdict: ${errors.length} operation(s) failed without a clear answer: ${listNames(
            errors.map(what),
            3,
          )}.`,
          { judged: check.domains.map((d) => d.name), values },
          { warnings },
        );
      }
      const skipped = check.operations.filter((o) => o.observed === 'skipped' && judged(o, mode));
      if (skipped.length > 0) {
        return abort(
          'domain-manager-incomplete',
          `No verdict: ${skipped.length} operation(s) could not be tried: ${listNames(
            skipped.map((o) => `${o.description} (${o.detail ?? 'skipped'})`),
            3,
          )}.`,
          { judged: check.domains.map((d) => d.name), values },
          { warnings },
        );
      }
      const count = check.operations.filter((o) => judged(o, mode)).length;
      if (count === 0) {
        return abort(
          'domain-manager-no-operations',
          'The domain-manager check recorded no operations; no verdict.',
          {
            values,
          },
        );
      }
      return pass(
        'domain-manager-scoped',
        `${count} operations as the managers of ${check.domains.map((d) => d.name).join(' and ')}: everything ` +
          'inside the own domain allowed, everything outside it and every admin assignment refused.',
        { judged: check.domains.map((d) => d.name), values },
        { warnings, deviations },
      );
    });
  },
});
