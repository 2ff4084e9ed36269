// ssh-keygen "ALLOWED SIGNERS" files: principal pattern lists, options (namespaces, valid-after/-before, cert-authority).
import { describeKey, parsePublicKeyLine, sameKey, type SshPublicKey } from './keys.js';
import { SshsigError } from './sshsig.js';

/** ssh_config PATTERNS: `*` any run of characters, `?` exactly one; the whole string must match. Case-sensitive. */
export function matchPattern(text: string, pattern: string): boolean {
  // Iterative wildcard match with single backtracking point: linear enough for principal names.
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * A comma-separated pattern list with `!` negation, as OpenSSH's match_pattern_list(..., dolower=0):
 * any matching negated pattern rejects the whole list; otherwise one positive match accepts it.
 */
export function matchPatternList(text: string, list: string): boolean {
  let positive = false;
  for (const item of list.split(',')) {
    const negated = item.startsWith('!');
    const pattern = negated ? item.slice(1) : item;
    if (matchPattern(text, pattern)) {
      if (negated) return false;
      positive = true;
    }
  }
  return positive;
}

export interface AllowedSignerOptions {
  certAuthority: boolean;
  namespaces?: string;
  /** Seconds since the epoch (inclusive bounds, as ssh-keygen compares them). */
  validAfter?: number;
  validBefore?: number;
}

export interface AllowedSignerLine {
  line: number;
  principals: string;
  options: AllowedSignerOptions;
  key: SshPublicKey;
}

const WHITESPACE = ' \t\r\n';

/** OpenSSH's strdelimw: next whitespace-delimited token, where a double-quoted part may contain blanks. */
function nextToken(s: string, pos: number): { token: string; next: number } | null {
  let i = pos;
  let token = '';
  while (i < s.length && !WHITESPACE.includes(s.charAt(i))) {
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close < 0) return null;
      token += s.slice(i + 1, close);
      i = close + 1;
      break;
    }
    token += s[i];
    i++;
  }
  while (i < s.length && WHITESPACE.includes(s.charAt(i))) i++;
  return { token, next: i };
}

/** Skips an options field: up to the first blank that is not inside double quotes. */
function skipOptions(s: string, pos: number): number {
  let quoted = false;
  let i = pos;
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) break;
    else if (c === '\\' && s[i + 1] === '"') i++;
  }
  if (quoted) throw new Error('unterminated quote in options');
  return i;
}

/** `YYYYMMDD[Z]`, `YYYYMMDDHHMM[Z]` or `YYYYMMDDHHMMSS[Z]`; local time unless suffixed with Z. Returns epoch seconds. */
export function parseAbsoluteTime(value: string): number {
  const utc = value.endsWith('Z') || value.endsWith('z');
  const digits = utc ? value.slice(0, -1) : value;
  if (!/^\d+$/.test(digits) || ![8, 12, 14].includes(digits.length)) {
    throw new Error(`invalid time ${JSON.stringify(value)} (expected YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])`);
  }
  const n = (a: number, b: number) => Number(digits.slice(a, b));
  const [y, mo, d] = [n(0, 4), n(4, 6), n(6, 8)];
  const h = digits.length >= 12 ? n(8, 10) : 0;
  const mi = digits.length >= 12 ? n(10, 12) : 0;
  const s = digits.length === 14 ? n(12, 14) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 61) {
    throw new Error(`invalid time ${JSON.stringify(value)}`);
  }
  const ms = utc ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  return Math.floor(ms / 1000);
}

function dequote(s: string, pos: number): { value: string; next: number } {
  if (s[pos] !== '"') throw new Error('missing start quote');
  let value = '';
  let i = pos + 1;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && s[i + 1] === '"') i++;
    value += s[i];
    i++;
  }
  if (i >= s.length) throw new Error('missing end quote');
  return { value, next: i + 1 };
}

/** Parses the options field exactly as sshsigopt_parse does (keywords case-insensitive, values quoted). */
export function parseSignerOptions(opts: string): AllowedSignerOptions {
  const out: AllowedSignerOptions = { certAuthority: false };
  let i = 0;
  const at = (kw: string) => opts.slice(i, i + kw.length).toLowerCase() === kw;
  while (i < opts.length && opts[i] !== ' ' && opts[i] !== '\t') {
    if (at('cert-authority')) {
      out.certAuthority = true;
      i += 'cert-authority'.length;
    } else if (at('namespaces=')) {
      if (out.namespaces !== undefined) throw new Error('multiple "namespaces" clauses');
      const d = dequote(opts, i + 'namespaces='.length);
      out.namespaces = d.value;
      i = d.next;
    } else if (at('valid-after=') || at('valid-before=')) {
      const after = at('valid-after=');
      const kw = after ? 'valid-after' : 'valid-before';
      if ((after ? out.validAfter : out.validBefore) !== undefined)
        throw new Error(`multiple "${kw}" clauses`);
      const d = dequote(opts, i + kw.length + 1);
      let t: number;
      try {
        t = parseAbsoluteTime(d.value);
      } catch {
        throw new Error(`invalid "${kw}" time`);
      }
      if (after) out.validAfter = t;
      else out.validBefore = t;
      i = d.next;
    }
    if (i >= opts.length || opts[i] === ' ' || opts[i] === '\t') break;
    if (opts[i] !== ',') throw new Error(`unknown key option near ${JSON.stringify(opts.slice(i, i + 20))}`);
    i++;
    if (i >= opts.length) throw new Error('unexpected end-of-options');
  }
  if (out.validAfter !== undefined && out.validBefore !== undefined && out.validBefore <= out.validAfter) {
    throw new Error('"valid-before" time is before "valid-after"');
  }
  return out;
}

/** Parses one non-comment line; throws Error with the reason on bad syntax. */
export function parseAllowedSignerLine(text: string, lineNo: number): AllowedSignerLine | null {
  const start = text.length - text.trimStart().length;
  if (start >= text.length || text[start] === '#') return null;
  const p = nextToken(text, start);
  if (!p || p.next >= text.length)
    throw new Error('invalid line (expected: principals [options] keytype key)');
  const rest = text.slice(p.next);
  let options: AllowedSignerOptions = { certAuthority: false };
  let keyText = rest;
  if (!looksLikeKey(rest)) {
    const end = skipOptions(rest, 0);
    const afterOpts = rest.slice(end).trimStart();
    if (afterOpts === '') throw new Error('missing key');
    options = parseSignerOptions(rest.slice(0, end));
    keyText = afterOpts;
  }
  let key: SshPublicKey;
  try {
    key = parsePublicKeyLine(keyText).key;
  } catch (err) {
    throw new Error(`invalid key: ${(err as Error).message}`);
  }
  return { line: lineNo, principals: p.token, options, key };
}

function looksLikeKey(s: string): boolean {
  return /^(ssh-|ecdsa-sha2-|sk-)\S*\s+[A-Za-z0-9+/=]+(\s|$)/.test(s);
}

export interface AllowedSignerMatch {
  line: number;
  principals: string;
}

/**
 * ssh-keygen's sshsig_check_allowed_keys: the first line whose principals match `identity`, whose key
 * equals the signing key and whose options admit `namespace` at `verifyTime` (epoch seconds) wins.
 * As in ssh-keygen, a line that cannot be parsed is skipped (and lines whose principals do not match
 * are not even parsed). Failure throws SshsigError naming the most specific reason found: an option
 * that refused the right key, then a syntax error on a line for this identity, then the rest.
 */
export function checkAllowedSigners(
  fileText: string,
  fileName: string,
  signingKey: SshPublicKey,
  identity: string,
  namespace: string,
  verifyTime: number,
): AllowedSignerMatch {
  const lines = fileText.split('\n');
  let optionFailure: SshsigError | undefined;
  let syntaxFailure: SshsigError | undefined;
  let caLine: number | undefined;
  let otherKeysForIdentity = 0;
  let keyListedFor: string | undefined;
  for (const [idx, text] of lines.entries()) {
    const lineNo = idx + 1;
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const p = nextToken(text, text.length - trimmed.length);
    if (!p || !matchPatternList(identity, p.token)) {
      if (keyListedFor === undefined) keyListedFor = keyOnLine(text, lineNo, signingKey);
      continue;
    }
    let entry: AllowedSignerLine | null;
    try {
      entry = parseAllowedSignerLine(text, lineNo);
    } catch (err) {
      // ssh-keygen logs the bad line and goes on with the next one; we keep the reason in case nothing matches.
      syntaxFailure ??= new SshsigError(
        'allowed-signers-syntax',
        `${fileName}:${lineNo}: ${(err as Error).message}`,
      );
      continue;
    }
    if (!entry) continue;
    if (entry.options.certAuthority) {
      caLine ??= lineNo;
      continue;
    }
    if (!sameKey(entry.key, signingKey)) {
      otherKeysForIdentity++;
      continue;
    }
    const o = entry.options;
    if (o.namespaces !== undefined && !matchPatternList(namespace, o.namespaces)) {
      optionFailure ??= new SshsigError(
        'namespace-not-permitted',
        `${fileName}:${lineNo}: key is not permitted for signature namespace "${namespace}" (namespaces="${o.namespaces}")`,
      );
      continue;
    }
    if (o.validAfter !== undefined && verifyTime < o.validAfter) {
      optionFailure ??= new SshsigError(
        'key-not-yet-valid',
        `${fileName}:${lineNo}: key is not yet valid: verify time ${iso(verifyTime)} < valid-after ${iso(o.validAfter)}`,
      );
      continue;
    }
    if (o.validBefore !== undefined && verifyTime > o.validBefore) {
      optionFailure ??= new SshsigError(
        'key-expired',
        `${fileName}:${lineNo}: key has expired: verify time ${iso(verifyTime)} > valid-before ${iso(o.validBefore)}`,
      );
      continue;
    }
    return { line: lineNo, principals: entry.principals };
  }
  if (optionFailure) throw optionFailure;
  if (syntaxFailure) throw syntaxFailure;
  const keyDesc = describeKey(signingKey);
  if (caLine !== undefined && otherKeysForIdentity === 0) {
    throw new SshsigError(
      'cert-authority-unsupported',
      `${fileName}:${caLine}: identity "${identity}" is only trusted through a cert-authority entry; ` +
        `certificate-based signatures are not supported (the signature uses the plain ${keyDesc})`,
    );
  }
  if (otherKeysForIdentity > 0) {
    throw new SshsigError(
      'not-allowed',
      `the signing ${keyDesc} is not among the ${otherKeysForIdentity} key(s) allowed for "${identity}" in ${fileName}`,
    );
  }
  if (keyListedFor !== undefined) {
    throw new SshsigError(
      'not-allowed',
      `the signing ${keyDesc} is allowed for "${keyListedFor}" in ${fileName}, not for identity "${identity}"`,
    );
  }
  throw new SshsigError('not-allowed', `identity "${identity}" has no entry in ${fileName}`);
}

/** For diagnostics only: the principals of a line listing `key`, ignoring any syntax trouble. */
function keyOnLine(text: string, lineNo: number, key: SshPublicKey): string | undefined {
  try {
    const entry = parseAllowedSignerLine(text, lineNo);
    return entry && !entry.options.certAuthority && sameKey(entry.key, key) ? entry.principals : undefined;
  } catch {
    return undefined;
  }
}

function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
