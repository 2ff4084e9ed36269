// The one redaction layer: every byte that leaves the process (console, logs, reports, errors, recordings,
// saved artifacts) passes through here, so a secret the run knows — or one a cloud echoes back — never escapes.

export const REDACTED = '<redacted>';

/** HTTP headers whose values are credentials wherever they appear. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-amz-security-token',
]);

/** JSON keys whose string values are secret wherever they appear (passwords, app-credential secrets, …). */
const SENSITIVE_KEY_NAMES = [
  'password',
  'passwd',
  'secret',
  'application_credential_secret',
  'adminpass',
  'admin_pass',
  'private_key',
  'access_token',
  'refresh_token',
  'client_secret',
  'passphrase',
  'token_secret',
  'api_key',
  'apikey',
];
/** In JSON documents also `payload` (Barbican secret contents); as a text pattern it would hit console logs. */
const SENSITIVE_KEYS = new RegExp(`^(${[...SENSITIVE_KEY_NAMES, 'payload'].join('|')})$`, 'i');

/** Known values shorter than this are not treated as secrets: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

const HEADER_ALT = [...SENSITIVE_HEADERS].map((h) => h.replace(/-/g, '[-_]')).join('|');
/**
 * Pattern rules: secrets recognised by shape, whether or not the run was told them (a cloud may echo a
 * token it issued to someone else, or a request body).
 */
const PATTERNS: Array<{ re: RegExp; replace: (m: string, ...groups: string[]) => string }> = [
  // Userinfo in URLs: scheme://user:password@host → scheme://user:<redacted>@host.
  {
    re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"<>]*):([^\s/?#@'"<>]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  },
  // Credential headers in any textual rendering: `X-Auth-Token: v`, `"X-Auth-Token": "v"`, `x_auth_token=v`.
  {
    re: new RegExp(
      `((?:${HEADER_ALT})\\\\?["']?\\s*[:=]\\s*\\\\?["']?)((?:(?:Bearer|Basic|Token|Negotiate|AWS4-HMAC-SHA256)\\s+)?[^\\s"'\\\\,;}\\]]+)`,
      'gi',
    ),
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  // Secret fields of JSON (also JSON embedded in a string, with escaped quotes) and of Python reprs.
  {
    re: new RegExp(
      `((\\\\?["'])(?:${SENSITIVE_KEY_NAMES.join('|')})\\2\\s*:\\s*(\\\\?["']))((?:(?!\\3).)*?)(\\3)`,
      'gi',
    ),
    replace: (_m, head, _q, _q2, _v, tail) => `${head}${REDACTED}${tail}`,
  },
  // Secret fields of forms and query strings: password=…&
  {
    re: new RegExp(`\\b((?:${SENSITIVE_KEY_NAMES.join('|')})=)([^&\\s"']+)`, 'gi'),
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  // Keystone Fernet tokens (and the demo cloud's look-alikes): "gAAAAA" + URL-safe base64.
  { re: /gAAAAA[A-Za-z0-9_-]{20,}={0,2}/g, replace: () => REDACTED },
];

/** Known secret values plus pattern rules; one process-wide instance (`redactor`) feeds every output. */
export class Redactor {
  private readonly values = new Set<string>();
  private forms: string[] = [];

  /** Registers a secret value (password, token, passphrase, …); every later output hides it. */
  addSecret(value: string | undefined | null): void {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (v.length < MIN_SECRET_LENGTH || this.values.has(v)) return;
    this.values.add(v);
    const forms = new Set([v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)]);
    // Doubly escaped (JSON inside JSON) and base64 (Basic auth, token files) renderings.
    forms.add(JSON.stringify(JSON.stringify(v).slice(1, -1)).slice(1, -1));
    if (v.length >= 8) forms.add(Buffer.from(v, 'utf8').toString('base64').replace(/=+$/, ''));
    // Longest first, so a secret containing another is replaced whole.
    this.forms = [...new Set([...this.forms, ...forms])]
      .filter((f) => f.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
  }

  /** The secrets in a URL: the password of its userinfo. */
  addSecretsFromUrl(url: string | undefined): void {
    if (!url) return;
    try {
      const u = new URL(url);
      if (u.password) {
        this.addSecret(decodeURIComponent(u.password));
        this.addSecret(u.password);
      }
    } catch {
      // not a URL: nothing to learn
    }
  }

  /** How many secret values are known (for tests and debug output; never the values). */
  get size(): number {
    return this.values.size;
  }

  /** Hides every known secret and every pattern match in a text. */
  text(input: string): string {
    let out = input;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    for (const p of PATTERNS) {
      p.re.lastIndex = 0;
      out = out.replace(p.re, p.replace as (substring: string, ...args: unknown[]) => string);
    }
    return out;
  }

  /**
   * Hides secrets in a JSON-like value: values under sensitive keys, the `id` of a `token` object, and
   * every string (and key) passed through `text`. Returns a copy; the input is not changed.
   */
  json<T>(value: T): T {
    return this.walk(value, '') as T;
  }

  private walk(value: unknown, parentKey: string): unknown {
    if (typeof value === 'string')
      return SENSITIVE_KEYS.test(parentKey) || parentKey === 'token' ? REDACTED : this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, parentKey));
    if (value && typeof value === 'object') {
      if (value instanceof Date) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (parentKey === 'token' && k === 'id' && typeof v === 'string') out[k] = REDACTED;
        else out[this.text(k)] = this.walk(v, k);
      }
      return out;
    }
    return value;
  }

  /** Hides credential header values (and secrets inside any other header). */
  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers))
      out[k] = SENSITIVE_HEADERS.has(k.toLowerCase()) ? REDACTED : this.text(v);
    return out;
  }
}

/** The process-wide redactor: whatever learns a secret registers it here; every output goes through it. */
export const redactor = new Redactor();

/** Shorthand for `redactor.text`. */
export function redact(text: string): string {
  return redactor.text(text);
}

/** Environment variables whose values are secrets (OpenStack, Kubernetes, tokens for fetches). */
const SECRET_ENV =
  /^(OS_PASSWORD|OS_APPLICATION_CREDENTIAL_SECRET|OS_TOKEN|OS_AUTH_TOKEN|GITHUB_TOKEN|GH_TOKEN|SCS_CERT_.*(PASSPHRASE|TOKEN|SECRET).*)$/;

/** Registers the secrets an environment holds (called once at start-up, before anything is printed). */
export function learnEnvironmentSecrets(env: NodeJS.ProcessEnv, r: Redactor = redactor): void {
  for (const [k, v] of Object.entries(env)) {
    if (SECRET_ENV.test(k)) r.addSecret(v);
    if (k === 'OS_AUTH_URL' || /_PROXY$/i.test(k)) r.addSecretsFromUrl(v);
  }
}

/** The credential fields of a kubeconfig user (structurally, as @kubernetes/client-node's User has them). */
export interface KubeUserSecrets {
  token?: string;
  password?: string;
  keyData?: string;
  authProvider?: { config?: Record<string, unknown> };
}

/** Registers the secrets of the kubeconfig user a run connects as (token, password, client key, provider tokens). */
export function learnKubeUserSecrets(user: KubeUserSecrets | null | undefined, r: Redactor = redactor): void {
  if (!user) return;
  r.addSecret(user.token);
  r.addSecret(user.password);
  r.addSecret(user.keyData);
  for (const [k, v] of Object.entries(user.authProvider?.config ?? {}))
    if (/token|secret/i.test(k) && typeof v === 'string') r.addSecret(v);
}
