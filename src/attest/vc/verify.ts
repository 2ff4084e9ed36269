// Offline verification of a report VC-JWT: header, key (given or from a DID document), signature, validity, report digest.
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWK,
} from 'jose';
import { canonicalDigestSri } from '../../util/jcs.js';
import { CREDENTIAL_TYPE, THUMBPRINT_URN_PREFIX, VC_CONTEXT_V2, type ReportCredential } from './issue.js';
import { VC_ALGS, algForKey } from './keys.js';

export type VcVerifyErrorCode =
  | 'format'
  | 'type'
  | 'alg'
  | 'no-key'
  | 'key-mismatch'
  | 'did-mismatch'
  | 'unknown-kid'
  | 'not-assertion-method'
  | 'unsupported-key'
  | 'signature'
  | 'not-yet-valid'
  | 'expired'
  | 'digest-mismatch';

export class VcVerifyError extends Error {
  constructor(
    readonly code: VcVerifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VcVerifyError';
  }
}

export interface VcVerifyOptions {
  /** The issuer's public key, given directly. */
  issuerKey?: KeyObject;
  /** A DID document (parsed JSON) to find the key named by `kid` in. */
  didDocument?: unknown;
  /** The report JSON the credential should be about (parsed). */
  report?: unknown;
  /** Time to judge validity at; default now. */
  now?: Date;
}

export interface VcVerified {
  credential: ReportCredential;
  kid?: string;
  alg: string;
  issuer: string;
  /** Whether the report digest was compared (a report was given or embedded). */
  reportChecked: boolean;
  /** Lines for the operator, first line the verdict. */
  summary: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the text is shaped like a JWS compact serialisation (three base64url parts). */
export function looksLikeJwt(text: string): boolean {
  // The signature part may be empty (an unsigned `alg: none` token): still a JWT, refused by verification.
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(text.trim());
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58Decode(s: string): Buffer {
  let n = 0n;
  for (const c of s) {
    const v = B58.indexOf(c);
    if (v < 0) throw new Error(`invalid base58 character ${JSON.stringify(c)}`);
    n = n * 58n + BigInt(v);
  }
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const lead = s.length - s.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(lead), Buffer.from(hex, 'hex')]);
}

/** Key of a DID verification method: publicKeyJwk, or an Ed25519 Multikey (`z6Mk...`). */
function keyOfMethod(vm: Obj, id: string): KeyObject {
  if (isObj(vm.publicKeyJwk)) {
    try {
      return createPublicKey({ key: vm.publicKeyJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    } catch (err) {
      throw new VcVerifyError(
        'unsupported-key',
        `verification method ${id} has an unusable publicKeyJwk: ${(err as Error).message}`,
      );
    }
  }
  if (typeof vm.publicKeyMultibase === 'string' && vm.publicKeyMultibase.startsWith('z')) {
    const raw = base58Decode(vm.publicKeyMultibase.slice(1));
    if (raw.length === 34 && raw[0] === 0xed && raw[1] === 0x01) {
      return createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(2).toString('base64url') },
        format: 'jwk',
      });
    }
  }
  if (typeof vm.publicKeyJwk === 'undefined' && typeof vm.publicKeyMultibase === 'undefined') {
    throw new VcVerifyError(
      'unsupported-key',
      `verification method ${id} carries no publicKeyJwk or publicKeyMultibase`,
    );
  }
  throw new VcVerifyError(
    'unsupported-key',
    `verification method ${id} uses a key encoding not supported offline (use publicKeyJwk or an Ed25519 Multikey)`,
  );
}

/** Finds the verification method `kid` in a DID document and checks it may assert credentials. */
export function keyFromDidDocument(doc: unknown, issuer: string, kid: string | undefined): KeyObject {
  if (!isObj(doc) || typeof doc.id !== 'string')
    throw new VcVerifyError('format', 'the DID document has no "id"');
  if (doc.id !== issuer) {
    throw new VcVerifyError(
      'did-mismatch',
      `the DID document is for ${doc.id}, but the credential's issuer is ${issuer}`,
    );
  }
  if (!kid)
    throw new VcVerifyError(
      'unknown-kid',
      'the credential header names no key (kid); cannot pick a DID verification method',
    );
  const abs = (id: string) => (id.startsWith('#') ? `${doc.id as string}${id}` : id);
  const methods: Obj[] = [];
  for (const list of [doc.verificationMethod, doc.assertionMethod]) {
    if (Array.isArray(list)) for (const m of list) if (isObj(m) && typeof m.id === 'string') methods.push(m);
  }
  const vm = methods.find((m) => abs(m.id as string) === abs(kid));
  if (!vm) {
    const known = [...new Set(methods.map((m) => abs(m.id as string)))];
    throw new VcVerifyError(
      'unknown-kid',
      `unknown key id ${abs(kid)} in the DID document (it lists ${known.length ? known.join(', ') : 'no verification methods'})`,
    );
  }
  const assertion = Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [];
  const listed = assertion.some(
    (a) =>
      (typeof a === 'string' ? abs(a) : isObj(a) && typeof a.id === 'string' ? abs(a.id) : '') === abs(kid),
  );
  if (!listed) {
    throw new VcVerifyError(
      'not-assertion-method',
      `key ${abs(kid)} is not listed under assertionMethod in the DID document, so it may not issue credentials`,
    );
  }
  return keyOfMethod(vm, abs(kid));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

export async function verifyReportCredential(jwt: string, opts: VcVerifyOptions): Promise<VcVerified> {
  const { token, header, claims, presentation, alg } = decodeCredentialJwt(jwt);
  // A presentation names its signer as holder; a credential as issuer.
  const issuerClaim = presentation ? claims.holder : claims.issuer;
  const issuer = isObj(issuerClaim) ? String(issuerClaim.id) : String(issuerClaim);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const { key, notes } = await issuerKeyOf(opts, issuer, kid);
  await verifySignature(token, key, alg);

  // Signed content from here on: check it is a credential of ours and judge its validity.
  const ctx = claims['@context'];
  if (!Array.isArray(ctx) || ctx[0] !== VC_CONTEXT_V2) {
    throw new VcVerifyError(
      'format',
      `the payload is not a VC Data Model 2.0 credential (@context must start with ${VC_CONTEXT_V2})`,
    );
  }
  if (presentation) return verifyPresentationContent(claims, { issuer, kid, alg, notes }, opts);
  const types = credentialTypes(claims, issuer);
  const credential = claims as unknown as ReportCredential;
  checkValidityWindow(credential, claims, opts.now);

  const cs = isObj(claims.credentialSubject) ? claims.credentialSubject : {};
  if (!types.includes(CREDENTIAL_TYPE)) {
    // Any other credential (e.g. a Gaia-X one): signature and validity are what can be checked offline.
    const named = types.filter((t) => t !== 'VerifiableCredential').join(', ') || 'VerifiableCredential';
    const summary = [
      `Valid ${named} credential${typeof claims.id === 'string' ? ` ${claims.id}` : ''} from ${issuer}${kid ? ` (key ${kid})` : ''}`,
      `valid ${credential.validFrom ?? '?'} .. ${credential.validUntil ?? 'no expiry'}`,
      ...notes,
    ];
    return { credential, ...(kid ? { kid } : {}), alg, issuer, reportChecked: false, summary };
  }
  const { digest, reportChecked } = checkReportDigest(cs, opts.report);
  const subject = isObj(cs.subject) ? String(cs.subject.name) : '?';
  const scope = isObj(cs.scope) ? String(cs.scope.name ?? cs.scope.uuid) : '?';
  const versions = Array.isArray(cs.versions)
    ? cs.versions.map((v) => (isObj(v) ? `${String(v.version)} ${String(v.verdict)}` : '?')).join(', ')
    : '';
  const summary = [
    `Valid credential from ${issuer}${kid ? ` (key ${kid})` : ''}: ${scope} for ${subject}${isObj(cs.subject) && cs.subject.demo === true ? ' (DEMO cloud)' : ''}: ${versions}`,
    `valid ${credential.validFrom ?? '?'} .. ${credential.validUntil ?? 'no expiry'}; report ${digest ?? '?'} ${reportChecked ? 'matches' : 'not compared (pass --report REPORT.json)'}`,
    ...notes,
  ];
  return { credential, ...(kid ? { kid } : {}), alg, issuer, reportChecked, summary };
}

/** The JWT's parts, unverified: a VC or VP secured with JOSE and signed with an accepted algorithm. */
function decodeCredentialJwt(jwt: string): {
  token: string;
  header: ReturnType<typeof decodeProtectedHeader>;
  claims: Obj;
  presentation: boolean;
  alg: string;
} {
  const token = jwt.trim();
  if (!looksLikeJwt(token))
    throw new VcVerifyError('format', 'not a JWT (expected three base64url parts separated by dots)');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: Obj;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch (err) {
    throw new VcVerifyError('format', `malformed JWT: ${(err as Error).message}`);
  }
  const presentation = header.typ === 'vp+jwt';
  if (header.typ !== 'vc+jwt' && !presentation) {
    throw new VcVerifyError(
      'type',
      `JWT header typ is ${JSON.stringify(header.typ)}, expected "vc+jwt" or "vp+jwt" (a W3C VC or VP secured with JOSE)`,
    );
  }
  const alg = String(header.alg);
  if (alg.toLowerCase() === 'none')
    throw new VcVerifyError(
      'alg',
      `the credential is unsigned (JWT alg "${alg}"): anyone could have written it; accepted are signed credentials (${VC_ALGS.join(', ')})`,
    );
  if (!(VC_ALGS as readonly string[]).includes(alg))
    throw new VcVerifyError('alg', `JWT alg ${alg} is not accepted (${VC_ALGS.join(', ')})`);
  return { token, header, claims, presentation, alg };
}

/** The issuer's key: from its DID document, or given directly (then it must be the key the credential names). */
async function issuerKeyOf(
  opts: VcVerifyOptions,
  issuer: string,
  kid: string | undefined,
): Promise<{ key: KeyObject; notes: string[] }> {
  const notes: string[] = [];
  if (opts.didDocument !== undefined)
    return { key: keyFromDidDocument(opts.didDocument, issuer, kid), notes };
  const key = opts.issuerKey;
  if (!key)
    throw new VcVerifyError(
      'no-key',
      'give the issuer key (--issuer-key FILE) or its DID document (--did-document FILE)',
    );
  const tp = await calculateJwkThumbprint(
    (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }) as JWK,
  );
  if (issuer.startsWith(THUMBPRINT_URN_PREFIX) && issuer.slice(THUMBPRINT_URN_PREFIX.length) !== tp) {
    throw new VcVerifyError(
      'key-mismatch',
      `the credential was issued by key ${issuer.slice(THUMBPRINT_URN_PREFIX.length)}, but the given key is ${tp}`,
    );
  }
  if (kid && !issuer.startsWith('did:') && kid !== tp) {
    throw new VcVerifyError('key-mismatch', `the credential names key ${kid}, but the given key is ${tp}`);
  }
  if (issuer.startsWith('did:'))
    notes.push(`issuer ${issuer} was not resolved: the key was given directly (${tp})`);
  return { key, notes };
}

/** The JWS signature, with an algorithm that fits the key. */
async function verifySignature(token: string, key: KeyObject, alg: string): Promise<void> {
  let allowedAlgs: string[];
  try {
    allowedAlgs = algForKey(key) === 'RS256' ? ['RS256', 'PS256'] : [algForKey(key)];
  } catch (err) {
    throw new VcVerifyError('unsupported-key', (err as Error).message);
  }
  if (!allowedAlgs.includes(alg)) {
    throw new VcVerifyError(
      'alg',
      `JWT alg ${alg} does not fit the issuer key (${key.asymmetricKeyType}; expected ${allowedAlgs.join(' or ')})`,
    );
  }
  try {
    await compactVerify(token, key, { algorithms: allowedAlgs });
  } catch (err) {
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new VcVerifyError(
        'signature',
        'the signature does not verify with the issuer key (the credential was changed or signed by another key)',
      );
    }
    throw new VcVerifyError('format', `JWS check failed: ${(err as Error).message}`);
  }
}

/** The credential's types, once its payload is a VC-JOSE-COSE credential of this issuer. */
function credentialTypes(claims: Obj, issuer: string): unknown[] {
  if (!Array.isArray(claims.type) || !claims.type.includes('VerifiableCredential')) {
    throw new VcVerifyError('format', 'the payload type does not include VerifiableCredential');
  }
  if ('vc' in claims)
    throw new VcVerifyError('format', 'the payload carries a "vc" claim, which VC-JOSE-COSE forbids');
  if (typeof claims.iss === 'string' && claims.iss !== issuer) {
    throw new VcVerifyError('format', `JWT iss ${claims.iss} differs from the credential issuer ${issuer}`);
  }
  return claims.type;
}

/** validFrom/nbf and validUntil/exp, the stricter of each, against `now`. */
function checkValidityWindow(credential: ReportCredential, claims: Obj, at: Date | undefined): void {
  const now = (at ?? new Date()).getTime();
  const from = Math.max(
    Date.parse(String(credential.validFrom ?? '')) || -Infinity,
    typeof claims.nbf === 'number' ? claims.nbf * 1000 : -Infinity,
  );
  const untilCandidates = [
    credential.validUntil ? Date.parse(credential.validUntil) : NaN,
    typeof claims.exp === 'number' ? claims.exp * 1000 : NaN,
  ].filter((v) => !Number.isNaN(v));
  const until = untilCandidates.length ? Math.min(...untilCandidates) : undefined;
  if (Number.isFinite(from) && now < from) {
    throw new VcVerifyError(
      'not-yet-valid',
      `the credential is not valid before ${iso(from)} (checked at ${iso(now)})`,
    );
  }
  if (until !== undefined && now >= until) {
    throw new VcVerifyError('expired', `the credential expired at ${iso(until)} (checked at ${iso(now)})`);
  }
}

/** The report digest the credential states, compared with the embedded and the given report where there are. */
function checkReportDigest(cs: Obj, report: unknown): { digest: string | undefined; reportChecked: boolean } {
  const ref = isObj(cs.report) ? cs.report : {};
  const digest = typeof ref.digestSRI === 'string' ? ref.digestSRI : undefined;
  let reportChecked = false;
  if ('content' in ref) {
    const embedded = canonicalDigestSri(ref.content);
    if (embedded !== digest)
      throw new VcVerifyError(
        'digest-mismatch',
        `the embedded report has digest ${embedded}, but the credential states ${digest}`,
      );
    reportChecked = true;
  }
  if (report !== undefined) {
    const actual = canonicalDigestSri(report);
    if (actual !== digest) {
      throw new VcVerifyError(
        'digest-mismatch',
        `digest mismatch: the credential is about report ${digest}, the given report is ${actual}`,
      );
    }
    reportChecked = true;
  }
  return { digest, reportChecked };
}

const ENVELOPED_PREFIX = 'data:application/vc+jwt,';

/** A verified presentation: every enveloped credential in it must verify with the same key material. */
async function verifyPresentationContent(
  claims: Obj,
  signer: { issuer: string; kid: string | undefined; alg: string; notes: string[] },
  opts: VcVerifyOptions,
): Promise<VcVerified> {
  if (!Array.isArray(claims.type) || !claims.type.includes('VerifiablePresentation')) {
    throw new VcVerifyError('format', 'the payload type does not include VerifiablePresentation');
  }
  const entries = Array.isArray(claims.verifiableCredential) ? claims.verifiableCredential : [];
  if (entries.length === 0) throw new VcVerifyError('format', 'the presentation holds no credentials');
  const lines: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const id = isObj(entry) && typeof entry.id === 'string' ? entry.id : '';
    if (!id.startsWith(ENVELOPED_PREFIX)) {
      throw new VcVerifyError(
        'format',
        `credential ${i + 1} of the presentation is not an enveloped VC-JWT (${ENVELOPED_PREFIX}…)`,
      );
    }
    try {
      const inner = await verifyReportCredential(id.slice(ENVELOPED_PREFIX.length), {
        ...opts,
        report: undefined,
      });
      lines.push(`  ${i + 1}. ${inner.summary[0] ?? 'valid'}`);
    } catch (err) {
      if (err instanceof VcVerifyError) {
        throw new VcVerifyError(err.code, `credential ${i + 1} of the presentation: ${err.message}`);
      }
      throw err;
    }
  }
  const summary = [
    `Valid presentation from ${signer.issuer}${signer.kid ? ` (key ${signer.kid})` : ''} with ${entries.length} valid credential(s):`,
    ...lines,
    ...signer.notes,
  ];
  return {
    credential: claims as unknown as ReportCredential,
    ...(signer.kid ? { kid: signer.kid } : {}),
    alg: signer.alg,
    issuer: signer.issuer,
    reportChecked: false,
    summary,
  };
}
