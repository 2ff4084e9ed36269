// Loads the domain-manager identities (two test domains and their managers) that the scs-0302 checks act as.
import { validateOrThrow } from '../standards/schemas.js';
import { StandardsError } from '../standards/errors.js';
import { readYamlFile } from '../standards/yaml-file.js';
import type { DomainManagerIdentity } from '../gatherers/openstack/domain-manager-check.js';

export const DOMAIN_MANAGERS_SCHEMA_ID = 'https://scs-cert.dev/schemas/domain-managers.schema.json';

interface RawConfig {
  domains: Array<{
    name: string;
    manager: { username: string; password?: string; password_env?: string };
    member_role?: string;
  }>;
}

/** Reads and validates the file; a missing password variable is a one-line error naming it. */
export function loadDomainManagers(path: string, env: NodeJS.ProcessEnv): DomainManagerIdentity[] {
  const yf = readYamlFile(path);
  validateOrThrow(DOMAIN_MANAGERS_SCHEMA_ID, yf.data, path, yf.lineOf);
  const raw = yf.data as RawConfig;
  const out = raw.domains.map((d, i) => {
    if ((d.manager.password === undefined) === (d.manager.password_env === undefined)) {
      throw new StandardsError(
        path,
        lineText(yf.lineOf(`/domains/${i}/manager`)),
        `the manager of domain '${d.name}' needs exactly one of password and password_env`,
        'give password: or password_env:',
      );
    }
    const password = d.manager.password ?? env[d.manager.password_env ?? ''];
    if (!password) {
      throw new StandardsError(
        path,
        lineText(yf.lineOf(`/domains/${i}/manager`)),
        `the password variable ${d.manager.password_env} of domain '${d.name}' is not set`,
        `export ${d.manager.password_env}=… before the run`,
      );
    }
    return { domain: d.name, username: d.manager.username, password, memberRole: d.member_role ?? 'member' };
  });
  if (out[0]?.domain === out[1]?.domain) {
    throw new StandardsError(
      path,
      lineText(yf.lineOf('/domains/1/name')),
      'both entries name the same domain',
      'name two different test domains',
    );
  }
  return out;
}

function lineText(line: number | undefined): string | undefined {
  return line === undefined ? undefined : `line ${line}`;
}
