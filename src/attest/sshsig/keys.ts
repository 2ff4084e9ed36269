// SSH public keys: wire blobs, authorized_keys-style lines, fingerprints and conversion to node:crypto/JWK.
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SshFormatError, SshReader, SshWriter, padStart, stripLeadingZeros } from './wire.js';

export type SshKeyType =
  'ssh-ed25519' | 'ssh-rsa' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521';

/** A key type we recognise but cannot use (certificates, FIDO keys, DSA): reported by name. */
export class UnsupportedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKeyError';
  }
}

export interface EcCurve {
  /** The curve identifier inside SSH blobs. */
  sshName: 'nistp256' | 'nistp384' | 'nistp521';
  jwkCrv: 'P-256' | 'P-384' | 'P-521';
  /** Coordinate / scalar width in bytes. */
  size: number;
  /** Hash that RFC 5656 pairs with the curve for signatures. */
  hash: 'sha256' | 'sha384' | 'sha512';
}

export const EC_CURVES: Record<string, EcCurve> = {
  'ecdsa-sha2-nistp256': { sshName: 'nistp256', jwkCrv: 'P-256', size: 32, hash: 'sha256' },
  'ecdsa-sha2-nistp384': { sshName: 'nistp384', jwkCrv: 'P-384', size: 48, hash: 'sha384' },
  'ecdsa-sha2-nistp521': { sshName: 'nistp521', jwkCrv: 'P-521', size: 66, hash: 'sha512' },
};

export interface SshPublicKey {
  type: SshKeyType;
  /** Canonical SSH wire encoding of the public key (what allowed_signers lines and SSHSIG blobs carry). */
  blob: Buffer;
  /** The same key as a node:crypto public key. */
  keyObject: KeyObject;
  /** Public JWK (no private members). */
  jwk: JsonWebKey;
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** Builds an SshPublicKey from the public JWK members, computing the canonical blob. */
export function publicKeyFromJwk(jwk: JsonWebKey): SshPublicKey {
  const pub = publicJwk(jwk);
  if (pub.kty === 'OKP' && pub.crv === 'Ed25519') {
    const x = Buffer.from(pub.x ?? '', 'base64url');
    if (x.length !== 32) throw new SshFormatError('ed25519 public key must be 32 bytes');
    const blob = new SshWriter().string('ssh-ed25519').string(x).toBuffer();
    return { type: 'ssh-ed25519', blob, keyObject: createPublicKey({ key: pub, format: 'jwk' }), jwk: pub };
  }
  if (pub.kty === 'RSA') {
    const n = Buffer.from(pub.n ?? '', 'base64url');
    const e = Buffer.from(pub.e ?? '', 'base64url');
    const blob = new SshWriter().string('ssh-rsa').mpint(e).mpint(n).toBuffer();
    return { type: 'ssh-rsa', blob, keyObject: createPublicKey({ key: pub, format: 'jwk' }), jwk: pub };
  }
  if (pub.kty === 'EC') {
    const entry = Object.entries(EC_CURVES).find(([, c]) => c.jwkCrv === pub.crv);
    if (!entry) throw new UnsupportedKeyError(`EC curve ${String(pub.crv)} has no SSH key type`);
    const [type, curve] = entry;
    const x = padStart(Buffer.from(pub.x ?? '', 'base64url'), curve.size);
    const y = padStart(Buffer.from(pub.y ?? '', 'base64url'), curve.size);
    const q = Buffer.concat([Buffer.from([4]), x, y]);
    const blob = new SshWriter().string(type).string(curve.sshName).string(q).toBuffer();
    return {
      type: type as SshKeyType,
      blob,
      keyObject: createPublicKey({ key: pub, format: 'jwk' }),
      jwk: pub,
    };
  }
  throw new UnsupportedKeyError(
    `key type ${String(pub.kty)}${pub.crv ? `/${pub.crv}` : ''} cannot be used with SSH`,
  );
}

/** Only the public members of a JWK, in a fixed order (thumbprints and comparisons rely on it). */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty === 'OKP') return { kty: 'OKP', crv: jwk.crv, x: jwk.x };
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { kty: jwk.kty };
}

/** Derives the SSH public key of any node:crypto key (public or private) of a supported kind. */
export function publicKeyFromKeyObject(key: KeyObject): SshPublicKey {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return publicKeyFromJwk(pub.export({ format: 'jwk' }));
}

/** Parses an SSH public key wire blob (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4). */
export function parsePublicKeyBlob(blob: Uint8Array): SshPublicKey {
  const r = new SshReader(blob);
  const type = r.text('key type');
  if (type === 'ssh-ed25519') {
    const pk = r.string('ed25519 public key');
    r.end('ed25519 public key');
    if (pk.length !== 32) throw new SshFormatError(`ed25519 public key is ${pk.length} bytes, expected 32`);
    return publicKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: b64u(pk) });
  }
  if (type === 'ssh-rsa') {
    const e = r.mpint('rsa e');
    const n = r.mpint('rsa n');
    r.end('rsa public key');
    if (n.length * 8 < 1024) throw new UnsupportedKeyError(`RSA key of ${n.length * 8} bits is too small`);
    return publicKeyFromJwk({ kty: 'RSA', n: b64u(stripLeadingZeros(n)), e: b64u(stripLeadingZeros(e)) });
  }
  const curve = EC_CURVES[type];
  if (curve) {
    const name = r.text('curve name');
    if (name !== curve.sshName) throw new SshFormatError(`key type ${type} names curve ${name}`);
    const q = r.string('ec point');
    r.end('ecdsa public key');
    return publicKeyFromJwk(ecPointToJwk(q, curve));
  }
  throw new UnsupportedKeyError(describeUnsupportedType(type));
}

export function ecPointToJwk(q: Uint8Array, curve: EcCurve): JsonWebKey {
  if (q.length !== 1 + 2 * curve.size || q[0] !== 4) {
    throw new SshFormatError(
      `ecdsa point for ${curve.sshName} must be uncompressed (${1 + 2 * curve.size} bytes)`,
    );
  }
  return {
    kty: 'EC',
    crv: curve.jwkCrv,
    x: b64u(q.subarray(1, 1 + curve.size)),
    y: b64u(q.subarray(1 + curve.size)),
  };
}

/** A clear sentence for key types we deliberately do not support. */
export function describeUnsupportedType(type: string): string {
  if (type.includes('-cert-v01@openssh.com')) {
    return `OpenSSH certificates (${type}) are not supported; sign with the plain key`;
  }
  if (type.startsWith('sk-')) {
    return `FIDO/security-key keys (${type}) are not supported; use an ed25519, RSA or ECDSA key`;
  }
  if (type === 'ssh-dss') return 'DSA keys (ssh-dss) are not supported (OpenSSH disabled them too)';
  return `unsupported SSH key type ${JSON.stringify(type)}`;
}

/** Parses `type base64 [comment]` (a .pub file or an authorized_keys line without options). */
export function parsePublicKeyLine(line: string): { key: SshPublicKey; comment: string } {
  const trimmed = line.trim();
  const m = /^(\S+)\s+([A-Za-z0-9+/=]+)(?:\s+(.*))?$/.exec(trimmed);
  if (!m) throw new SshFormatError('expected "<key type> <base64 key> [comment]"');
  const [, type, b64 = '', comment] = m;
  const blob = Buffer.from(b64, 'base64');
  const key = parsePublicKeyBlob(blob);
  if (key.type !== type) {
    throw new SshFormatError(`key type field ${type} does not match the encoded key (${key.type})`);
  }
  return { key, comment: comment ?? '' };
}

export function formatPublicKeyLine(key: SshPublicKey, comment?: string): string {
  return `${key.type} ${key.blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/** OpenSSH's default fingerprint: `SHA256:` + unpadded base64 of SHA-256 over the blob. */
export function fingerprintSha256(key: SshPublicKey): string {
  return `SHA256:${createHash('sha256').update(key.blob).digest('base64').replace(/=+$/, '')}`;
}

/** Human label as ssh-keygen prints it, e.g. `ED25519 key SHA256:...`. */
export function describeKey(key: SshPublicKey): string {
  const kind = key.type === 'ssh-ed25519' ? 'ED25519' : key.type === 'ssh-rsa' ? 'RSA' : 'ECDSA';
  return `${kind} key ${fingerprintSha256(key)}`;
}

export function sameKey(a: SshPublicKey, b: SshPublicKey): boolean {
  return a.blob.equals(b.blob);
}
