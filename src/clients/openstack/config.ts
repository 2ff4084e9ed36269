// Cloud configuration: clouds.yaml + secure.yaml + OS_* variables resolved the way openstacksdk does it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseLimitedYaml, readLimitedText, YamlInputError } from '../../core/yaml.js';
import { OpenStackConfigError } from './errors.js';

export type AuthType = 'password' | 'v3applicationcredential';
export type EndpointInterface = 'public' | 'internal' | 'admin';

/** The `auth:` mapping of a cloud, after normalisation (dashes to underscores, legacy tenant_* names). */
export interface CloudAuth {
  auth_url: string;
  username?: string;
  user_id?: string;
  password?: string;
  project_name?: string;
  project_id?: string;
  user_domain_name?: string;
  user_domain_id?: string;
  project_domain_name?: string;
  project_domain_id?: string;
  application_credential_id?: string;
  application_credential_name?: string;
  application_credential_secret?: string;
  /** Domain scope instead of a project (domain-scoped identities such as domain managers; never from clouds.yaml). */
  scope_domain_name?: string;
  scope_domain_id?: string;
}

/** A cloud ready to connect to: everything the client needs, with secrets still inside `auth`. */
export interface CloudConfig {
  name: string;
  /** Where it came from (file paths, `environment (OS_*)` or `explicit configuration`), for messages. */
  source: string;
  authType: AuthType;
  auth: CloudAuth;
  regionName?: string;
  interface: EndpointInterface;
  /** false = do not verify TLS certificates (verify: false / insecure: true). */
  verify: boolean;
  /** CA bundle file (PEM) to trust in addition to nothing else (cacert). */
  cacert?: string;
  /** client certificate and key files (cert / key) for mutual TLS */
  cert?: string;
  key?: string;
  /** api_timeout in seconds, if the cloud sets one */
  apiTimeoutSeconds?: number;
}

/**
 * A cloud as written in clouds.yaml (also the shape of `connectOpenStack({config})`): keys may use
 * dashes or underscores; auth keys may sit in `auth:` or at top level (as OS_* variables put them).
 */
export interface RawCloudEntry {
  auth?: Record<string, unknown>;
  auth_type?: string;
  region_name?: string;
  interface?: string;
  cacert?: string;
  verify?: boolean | string;
  insecure?: boolean | string;
  identity_api_version?: string | number;
  [key: string]: unknown;
}

export interface ConfigLocations {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  homeDir?: string;
  /** Site directories searched after the user's (default: XDG_CONFIG_DIRS/openstack, then /etc/openstack). */
  siteDirs?: string[];
}

export interface ResolveOptions extends ConfigLocations {
  /** Cloud name; falls back to OS_CLOUD. */
  cloud?: string;
}

interface LoadedFiles {
  clouds: Record<string, unknown>;
  cloudsFile?: string;
  secureFile?: string;
  searched: string[];
}

const SUFFIXES = ['.yaml', '.yml', '.json'];
/**
 * OS_* names that select or locate a cloud rather than describe one (openstacksdk's list), plus OS_CACERT, which
 * the openstack CLI applies to a named cloud too: alone they make no `envvars` cloud.
 */
const SELECTORS = new Set([
  'OS_CLOUD',
  'OS_REGION_NAME',
  'OS_CLIENT_CONFIG_FILE',
  'OS_CLIENT_SECURE_FILE',
  'OS_CLOUD_NAME',
  'OS_CACERT',
]);
/** Selectors that also describe the `envvars` cloud when there is one. */
const SHARED_SELECTORS = new Set(['OS_REGION_NAME', 'OS_CACERT']);
const AUTH_KEYS = new Set([
  'auth_url',
  'username',
  'user_id',
  'password',
  'project_name',
  'project_id',
  'tenant_name',
  'tenant_id',
  'user_domain_name',
  'user_domain_id',
  'project_domain_name',
  'project_domain_id',
  'domain_name',
  'domain_id',
  'default_domain_name',
  'default_domain_id',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
]);

/** Directories searched for clouds.yaml and secure.yaml, in openstacksdk's order. */
export function configSearchDirs(loc: ConfigLocations = {}): string[] {
  const env = loc.env ?? process.env;
  const home = loc.homeDir ?? homedir();
  const cwd = loc.cwd ?? process.cwd();
  const xdgHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  const site = loc.siteDirs ?? [
    ...(env.XDG_CONFIG_DIRS ?? '/etc/xdg')
      .split(':')
      .filter((d) => isAbsolute(d))
      .map((d) => join(d, 'openstack')),
    '/etc/openstack',
  ];
  const dirs = [cwd, join(xdgHome, 'openstack'), join(home, '.config', 'openstack'), ...site];
  return [...new Set(dirs)];
}

function candidateFiles(base: 'clouds' | 'secure', loc: ConfigLocations): string[] {
  const env = loc.env ?? process.env;
  const files = configSearchDirs(loc).flatMap((d) => SUFFIXES.map((s) => join(d, base + s)));
  const override = base === 'clouds' ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  if (override) {
    const file = resolve(loc.cwd ?? process.cwd(), expandHome(override, loc.homeDir));
    // Falling back to another clouds.yaml would certify a cloud the user did not point at.
    if (!existsSync(file)) {
      const name = base === 'clouds' ? 'OS_CLIENT_CONFIG_FILE' : 'OS_CLIENT_SECURE_FILE';
      throw new OpenStackConfigError(
        `${name}=${override} points nowhere (no file ${file}); point it at your ${base}.yaml or unset it`,
      );
    }
    files.unshift(file);
  }
  return files;
}

function expandHome(p: string, homeDir?: string): string {
  if (p === '~') return homeDir ?? homedir();
  if (p.startsWith('~/')) return join(homeDir ?? homedir(), p.slice(2));
  return p;
}

/** Parses one YAML/JSON config file; errors name the file and the line. */
export function parseConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readLimitedText(path);
  } catch (err) {
    throw new OpenStackConfigError(
      `cannot read ${path}: ${(err as Error).message}; fix its permissions or remove it`,
    );
  }
  let data: unknown;
  if (path.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (err) {
      // Never quote the file (V8's message does): give the position only.
      const pos = /position (\d+)/.exec((err as Error).message)?.[1];
      throw new OpenStackConfigError(
        `malformed JSON in ${path}${pos ? ` at byte ${pos}` : ''}; fix the file`,
      );
    }
  } else {
    try {
      data = parseLimitedYaml(text, path, { uniqueKeys: false }).data;
    } catch (err) {
      if (!(err instanceof YamlInputError)) throw err;
      const line = /line (\d+)/.exec(err.where ?? '')?.[1];
      throw new OpenStackConfigError(
        line
          ? `malformed YAML in ${path} line ${line}: ${err.reason.replace(/^malformed YAML: /, '')}; fix the file (clouds.yaml syntax: clouds: {NAME: {auth: {...}}})`
          : err.message,
      );
    }
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new OpenStackConfigError(`${path} is not a mapping; it must start with "clouds:"`);
  }
  return data as Record<string, unknown>;
}

/** Loads the first clouds file and the first secure file found and merges secure over clouds. */
export function loadCloudFiles(loc: ConfigLocations = {}): LoadedFiles {
  const cloudCandidates = candidateFiles('clouds', loc);
  const secureCandidates = candidateFiles('secure', loc);
  const cloudsFile = cloudCandidates.find((f) => existsSync(f));
  const secureFile = secureCandidates.find((f) => existsSync(f));
  const cloudsDoc = cloudsFile ? parseConfigFile(cloudsFile) : {};
  const secureDoc = secureFile ? parseConfigFile(secureFile) : {};
  const merged = deepMerge(asRecord(cloudsDoc.clouds, cloudsFile), asRecord(secureDoc.clouds, secureFile));
  return { clouds: merged, cloudsFile, secureFile, searched: cloudCandidates };
}

function asRecord(v: unknown, file?: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new OpenStackConfigError(`"clouds" in ${file ?? 'configuration'} is not a mapping of cloud names`);
  }
  return v as Record<string, unknown>;
}

/** Recursive merge of mappings, `over` wins; arrays and scalars are replaced (openstacksdk merge_clouds). */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const old = out[k];
    if (isPlainObject(old) && isPlainObject(v)) out[k] = deepMerge(old, v);
    else out[k] = v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `envvars` cloud from OS_* variables, or undefined when only selectors are set. */
export function cloudFromEnv(env: NodeJS.ProcessEnv): RawCloudEntry | undefined {
  const keys = Object.keys(env).filter(
    (k) =>
      k.startsWith('OS_') && !k.startsWith('OS_TEST') && !k.startsWith('OS_STD') && !k.startsWith('OS_LOG'),
  );
  if (!keys.some((k) => !SELECTORS.has(k))) return undefined;
  const raw: RawCloudEntry = {};
  for (const k of keys) {
    if (SELECTORS.has(k) && !SHARED_SELECTORS.has(k)) continue;
    const v = env[k];
    if (v !== undefined) raw[k.slice(3).toLowerCase()] = v;
  }
  return raw;
}

/**
 * Picks and normalises the cloud to use: the named one (option, then OS_CLOUD), else the `envvars`
 * cloud from OS_* variables, else the only cloud in clouds.yaml.
 */
export function resolveCloudConfig(opts: ResolveOptions = {}): CloudConfig {
  const env = opts.env ?? process.env;
  const files = loadCloudFiles(opts);
  const envName = env.OS_CLOUD_NAME || 'envvars';
  const envCloud = cloudFromEnv(env);
  const clouds: Record<string, unknown> = { ...files.clouds };
  if (envCloud) {
    if (envName in clouds) {
      throw new OpenStackConfigError(
        `${files.cloudsFile} defines a cloud named "${envName}", which is also the name of the cloud from OS_* variables; rename one (OS_CLOUD_NAME sets the latter)`,
      );
    }
    clouds[envName] = envCloud;
  }
  const fileDesc = [files.cloudsFile, files.secureFile].filter(Boolean).join(' + ');
  const sourceOf = (name: string) => (envCloud && name === envName ? 'environment (OS_*)' : fileDesc);
  const requested = opts.cloud || env.OS_CLOUD || undefined;
  const known = Object.keys(clouds);
  const searchedText = () =>
    files.cloudsFile
      ? `clouds from ${fileDesc}`
      : `no clouds.yaml found in ${configSearchDirs(opts).join(', ')}`;
  let name: string;
  if (requested) {
    if (!(requested in clouds)) {
      throw new OpenStackConfigError(
        `unknown cloud "${requested}": known clouds are ${known.length ? known.join(', ') : '(none)'} (${searchedText()}); pick one of them or add "${requested}" to clouds.yaml`,
      );
    }
    name = requested;
  } else if (envCloud) {
    name = envName;
  } else if (known.length === 1) {
    name = known[0] as string;
  } else if (known.length === 0) {
    throw new OpenStackConfigError(
      `no OpenStack cloud configured (${searchedText()}, no OS_AUTH_URL): write a clouds.yaml or set the OS_* variables`,
    );
  } else {
    throw new OpenStackConfigError(
      `several clouds configured (${known.join(', ')} in ${fileDesc}): choose one with the cloud option (--os-cloud) or OS_CLOUD`,
    );
  }
  const cfg = normalizeCloud(name, clouds[name], sourceOf(name), opts.homeDir);
  // A named cloud without a region takes OS_REGION_NAME (a selector, like OS_CLOUD).
  if (!cfg.regionName && env.OS_REGION_NAME) cfg.regionName = env.OS_REGION_NAME;
  // A named cloud that names no CA bundle takes OS_CACERT, as `openstack --os-cloud NAME` does (its
  // --os-cacert defaults to the variable); the cloud's own cacert wins, and verify: false stays off.
  if (!cfg.cacert && cfg.verify && env.OS_CACERT) cfg.cacert = expandHome(env.OS_CACERT, opts.homeDir);
  return cfg;
}

function normKeys(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) out[k.replace(/-/g, '_')] = v;
  return out;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(s)) return true;
  if (['false', 'no', '0', 'off'].includes(s)) return false;
  return undefined;
}

/** Validates and normalises one raw cloud entry (from a file, OS_* or an explicit object). */
export function normalizeCloud(
  name: string,
  rawValue: unknown,
  source: string,
  homeDir?: string,
): CloudConfig {
  const where = `cloud "${name}" (${source || 'configuration'})`;
  if (!isPlainObject(rawValue)) {
    throw new OpenStackConfigError(`${where} is not a mapping; give it auth:, region_name: and so on`);
  }
  const raw = normKeys(rawValue);
  const a = mergedAuthKeys(raw, where);
  const identityVersion = str(raw.identity_api_version);
  if (identityVersion && !/^3(\.\d+)?$/.test(identityVersion)) {
    throw new OpenStackConfigError(
      `${where}: identity_api_version ${identityVersion} is not supported; Keystone v3 is required (set identity_api_version: 3)`,
    );
  }
  const auth = cloudAuth(a, authUrlOf(a, where));
  const authType = authTypeOf(raw, auth, where);
  checkCredentials(authType, auth, where, source);
  const { verify, cacert } = tlsVerification(raw);
  const cfg: CloudConfig = {
    name,
    source,
    authType,
    auth,
    interface: interfaceOf(raw, where),
    verify,
  };
  const regionName = regionOf(raw);
  if (regionName) cfg.regionName = regionName;
  if (cacert) cfg.cacert = expandHome(cacert, homeDir);
  const cert = str(raw.cert);
  const key = str(raw.key);
  if (cert) cfg.cert = expandHome(cert, homeDir);
  if (key) cfg.key = expandHome(key, homeDir);
  const timeout = Number(str(raw.api_timeout));
  if (Number.isFinite(timeout) && timeout > 0) cfg.apiTimeoutSeconds = timeout;
  return cfg;
}

/** Auth keys given at top level (OS_* variables, old files) move into auth, auth: wins. */
function mergedAuthKeys(raw: Record<string, unknown>, where: string): Record<string, unknown> {
  const authIn = isPlainObject(raw.auth) ? normKeys(raw.auth) : {};
  if (raw.auth !== undefined && !isPlainObject(raw.auth)) {
    throw new OpenStackConfigError(`${where}: "auth" must be a mapping`);
  }
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (AUTH_KEYS.has(k)) a[k] = v;
  Object.assign(a, authIn);
  return a;
}

function authUrlOf(a: Record<string, unknown>, where: string): string {
  const authUrl = str(a.auth_url);
  if (!authUrl) {
    throw new OpenStackConfigError(
      `${where} has no auth_url: add auth.auth_url (e.g. https://keystone.example.com:5000/v3) or set OS_AUTH_URL`,
    );
  }
  if (!/^https?:\/\//i.test(authUrl)) {
    throw new OpenStackConfigError(
      `${where}: auth_url "${authUrl}" is not an http(s) URL; fix auth.auth_url`,
    );
  }
  return authUrl;
}

/** The auth fields, tenant_* read as project_*, domains not given defaulted; absent fields left out. */
function cloudAuth(a: Record<string, unknown>, authUrl: string): CloudAuth {
  const defDomainId = str(a.default_domain_id) ?? str(a.domain_id);
  const defDomainName = str(a.default_domain_name) ?? str(a.domain_name);
  const auth: CloudAuth = {
    auth_url: authUrl,
    username: str(a.username),
    user_id: str(a.user_id),
    password: str(a.password),
    project_name: str(a.project_name) ?? str(a.tenant_name),
    project_id: str(a.project_id) ?? str(a.tenant_id),
    user_domain_name: str(a.user_domain_name),
    user_domain_id: str(a.user_domain_id),
    project_domain_name: str(a.project_domain_name),
    project_domain_id: str(a.project_domain_id),
    application_credential_id: str(a.application_credential_id),
    application_credential_name: str(a.application_credential_name),
    application_credential_secret: str(a.application_credential_secret),
  };
  // Like python-openstackclient: domains not given fall back to the default domain (id "default").
  if (!auth.user_domain_name && !auth.user_domain_id) {
    if (defDomainName) auth.user_domain_name = defDomainName;
    else auth.user_domain_id = defDomainId ?? 'default';
  }
  if (!auth.project_domain_name && !auth.project_domain_id) {
    if (defDomainName) auth.project_domain_name = defDomainName;
    else auth.project_domain_id = defDomainId ?? 'default';
  }
  for (const k of Object.keys(auth) as Array<keyof CloudAuth>) if (auth[k] === undefined) delete auth[k];
  return auth;
}

/** auth_type as given (its aliases folded), else guessed from the secrets present. */
function authTypeOf(raw: Record<string, unknown>, auth: CloudAuth, where: string): AuthType {
  const authTypeRaw = (str(raw.auth_type) ?? '').toLowerCase();
  if (authTypeRaw === '')
    return auth.application_credential_secret && !auth.password ? 'v3applicationcredential' : 'password';
  if (authTypeRaw === 'password' || authTypeRaw === 'v3password') return 'password';
  if (authTypeRaw === 'v3applicationcredential' || authTypeRaw === 'application_credential')
    return 'v3applicationcredential';
  throw new OpenStackConfigError(
    `${where}: auth_type "${authTypeRaw}" is not supported; use auth_type: password or v3applicationcredential`,
  );
}

/** The credentials the auth type needs are all there. */
function checkCredentials(authType: AuthType, auth: CloudAuth, where: string, source: string): void {
  // OS_* variables describe only the `envvars` cloud; for a clouds.yaml entry they are ignored, so say so.
  const osVar = (v: string) =>
    source.startsWith('environment')
      ? `set ${v}`
      : `${v} applies only to the cloud from OS_* variables, not to this entry`;
  if (authType === 'password') {
    if (!auth.username && !auth.user_id) {
      throw new OpenStackConfigError(`${where}: no username: add auth.username (${osVar('OS_USERNAME')})`);
    }
    if (!auth.password) {
      throw new OpenStackConfigError(
        `${where}: no password: add auth.password to secure.yaml or clouds.yaml (${osVar('OS_PASSWORD')})`,
      );
    }
    if (!auth.project_id && !auth.project_name) {
      throw new OpenStackConfigError(
        `${where}: no project: add auth.project_name or auth.project_id (${osVar('OS_PROJECT_NAME / OS_PROJECT_ID')}); the checks need a project-scoped token`,
      );
    }
    return;
  }
  if (!auth.application_credential_secret) {
    throw new OpenStackConfigError(
      `${where}: no application_credential_secret: add it to auth (secure.yaml) (${osVar('OS_APPLICATION_CREDENTIAL_SECRET')})`,
    );
  }
  if (!auth.application_credential_id && !auth.application_credential_name) {
    throw new OpenStackConfigError(
      `${where}: no application_credential_id: add auth.application_credential_id (or OS_APPLICATION_CREDENTIAL_ID)`,
    );
  }
  if (!auth.application_credential_id && !auth.username && !auth.user_id) {
    throw new OpenStackConfigError(
      `${where}: an application credential given by name needs auth.username or auth.user_id too`,
    );
  }
}

function interfaceOf(raw: Record<string, unknown>, where: string): CloudConfig['interface'] {
  let iface = (str(raw.interface) ?? str(raw.endpoint_type) ?? 'public').toLowerCase();
  if (iface.endsWith('url')) iface = iface.slice(0, -3);
  if (iface !== 'public' && iface !== 'internal' && iface !== 'admin') {
    throw new OpenStackConfigError(`${where}: interface "${iface}" is not one of public, internal, admin`);
  }
  return iface;
}

/** region_name, else the first of `regions`. */
function regionOf(raw: Record<string, unknown>): string | undefined {
  const regionName = str(raw.region_name);
  if (regionName || !Array.isArray(raw.regions) || raw.regions.length === 0) return regionName;
  const first: unknown = raw.regions[0];
  return isPlainObject(first) ? str(first.name) : str(first);
}

/** Whether to verify TLS, and against which CA bundle (cacert, or a requests-style `verify: PATH`). */
function tlsVerification(raw: Record<string, unknown>): { verify: boolean; cacert: string | undefined } {
  const insecure = bool(raw.insecure);
  const verifyRaw = raw.verify;
  let verify = true;
  let cacert = str(raw.cacert);
  if (typeof verifyRaw === 'string' && bool(verifyRaw) === undefined) {
    // requests-style: verify may name a CA bundle
    cacert = cacert ?? verifyRaw;
  } else if (bool(verifyRaw) === false) {
    verify = false;
  }
  if (insecure === true) verify = false;
  return { verify, cacert };
}

/** The cloud without secrets, for logs and recordings. */
export function describeCloud(cfg: CloudConfig): Record<string, unknown> {
  const { password: _p, application_credential_secret: _s, ...auth } = cfg.auth;
  return {
    name: cfg.name,
    source: cfg.source,
    authType: cfg.authType,
    auth,
    regionName: cfg.regionName,
    interface: cfg.interface,
    verify: cfg.verify,
    cacert: cfg.cacert,
  };
}

/** The secret values of a cloud (for scrubbing recordings and logs). */
export function cloudSecrets(cfg: CloudConfig): string[] {
  let userinfo: string | undefined;
  try {
    userinfo = decodeURIComponent(new URL(cfg.auth.auth_url).password) || undefined;
  } catch {
    userinfo = undefined;
  }
  return [cfg.auth.password, cfg.auth.application_credential_secret, userinfo].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
