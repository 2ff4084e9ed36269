// Issues Gaia-X credentials as VC-JWTs (VC-JOSE-COSE, `vc+jwt`) and wraps them in a VP-JWT (`vp+jwt`) with jose.
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, SignJWT, type JWK } from 'jose';
import type { VerifiableCredential } from './credentials.js';
import { CONTEXTS, VC_CONTEXT } from './vocab.js';
import { GaiaxError } from './errors.js';

export type SigningAlg = 'EdDSA' | 'ES256' | 'ES384' | 'ES512' | 'PS256';

export interface SigningKey {
  alg: SigningAlg;
  privateKey: KeyObject;
  publicJwk: JWK;
  /** RFC 7638 thumbprint of the public key. */
  thumbprint: string;
  file: string;
}

export class KeyError extends GaiaxError {}

/** The JOSE algorithm for a key: Ed25519 -> EdDSA, EC P-256/384/521 -> ES256/384/512, RSA -> PS256. */
export function algorithmFor(key: KeyObject): SigningAlg | undefined {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1' || curve === 'P-256') return 'ES256';
      if (curve === 'secp384r1' || curve === 'P-384') return 'ES384';
      if (curve === 'secp521r1' || curve === 'P-521') return 'ES512';
      return undefined;
    }
    case 'rsa':
    case 'rsa-pss':
      return 'PS256';
    default:
      return undefined;
  }
}

/** Loads a private key from a PEM (PKCS#8, PKCS#1, SEC1) or JWK file. */
export async function loadSigningKey(file: string): Promise<SigningKey> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyError(
      `cannot read the key file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a PEM or JWK private key with --key`,
    );
  }
  let privateKey: KeyObject;
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      if (!jwk.d)
        throw new KeyError(`${file} holds a public JWK; give the private key (with "d") to sign credentials`);
      privateKey = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    } else {
      if (/BEGIN (RSA |EC )?PUBLIC KEY|BEGIN CERTIFICATE/.test(text) && !/PRIVATE KEY/.test(text))
        throw new KeyError(
          `${file} holds a public key or certificate; give the private key to sign credentials`,
        );
      if (/ENCRYPTED PRIVATE KEY/.test(text))
        throw new KeyError(
          `${file} is encrypted; decrypt it first (openssl pkcs8 -in ${file} -out key.pem) and keep it safe`,
        );
      privateKey = createPrivateKey({ key: text, format: 'pem' });
    }
  } catch (err) {
    if (err instanceof KeyError) throw err;
    throw new KeyError(
      `${file} is not a private key in PEM (PKCS#8, PKCS#1, SEC1) or JWK form (${(err as Error).message}); export it with e.g. openssl genpkey -algorithm ed25519`,
    );
  }
  const alg = algorithmFor(privateKey);
  if (!alg)
    throw new KeyError(
      `${file}: key type ${privateKey.asymmetricKeyType ?? 'unknown'}${privateKey.asymmetricKeyDetails?.namedCurve ? ` (${privateKey.asymmetricKeyDetails.namedCurve})` : ''} cannot sign Gaia-X credentials; use Ed25519, EC P-256/P-384/P-521 or RSA`,
    );
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  return { alg, privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256'), file };
}

export interface IssueOptions {
  key: SigningKey;
  /** Issuer DID (header `iss`). */
  issuer: string;
  /** Verification method (header `kid`). */
  kid: string;
}

/** The kid to use: configured verification method, else `<did>#<JWK thumbprint>`. */
export function keyId(did: string, key: SigningKey, configured?: string): string {
  return configured ?? `${did}#${key.thumbprint}`;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Signs one credential: the VC is the JWT payload; `iss`/`kid` in the protected header as Gaia-X wants. */
export async function issueCredential(vc: VerifiableCredential, o: IssueOptions): Promise<string> {
  return new SignJWT(vc as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: o.key.alg, typ: 'vc+jwt', cty: 'vc', iss: o.issuer, kid: o.kid })
    .setIssuedAt(seconds(vc.validFrom))
    .setExpirationTime(seconds(vc.validUntil))
    .sign(o.key.privateKey);
}

export interface PresentationOptions extends IssueOptions {
  now: Date;
  /** Lifetime of the presentation (it should be short-lived). */
  validMinutes?: number;
  id?: string;
}

/** The VP document listing each VC-JWT as an enveloped credential (`data:application/vc+jwt,<jwt>`). */
export function presentation(
  jwts: string[],
  o: { holder: string; now: Date; validMinutes?: number; id?: string },
) {
  const from = o.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const until = new Date(o.now.getTime() + (o.validMinutes ?? 60) * 60_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    '@context': [...CONTEXTS],
    type: ['VerifiablePresentation'],
    id: o.id ?? `urn:uuid:${randomUUID()}`,
    holder: o.holder,
    validFrom: from,
    validUntil: until,
    verifiableCredential: jwts.map((jwt) => ({
      '@context': VC_CONTEXT,
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${jwt}`,
    })),
  };
}

/** Signs the presentation as a VP-JWT. */
export async function issuePresentation(jwts: string[], o: PresentationOptions): Promise<string> {
  const vp = presentation(jwts, { holder: o.issuer, now: o.now, validMinutes: o.validMinutes, id: o.id });
  return new SignJWT(vp as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: o.key.alg, typ: 'vp+jwt', cty: 'vp', iss: o.issuer, kid: o.kid })
    .setIssuedAt(seconds(vp.validFrom))
    .setExpirationTime(seconds(vp.validUntil))
    .sign(o.key.privateKey);
}

/** Reads a credential a notary issued (VC-JWT): header, payload and subject id, without verifying it. */
export function readNotaryJwt(text: string, file: string) {
  const jwt = text.trim();
  try {
    const header = decodeProtectedHeader(jwt);
    const payload = decodeJwt(jwt) as Record<string, unknown>;
    const subject = payload.credentialSubject as { id?: unknown } | undefined;
    if (!subject || typeof subject.id !== 'string') throw new Error('its credentialSubject has no id');
    return { jwt, header, payload, subjectId: subject.id };
  } catch (err) {
    throw new GaiaxError(
      `${file} is not a registration-number VC-JWT (${(err as Error).message}); save the notary's answer as it came`,
    );
  }
}
