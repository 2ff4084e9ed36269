// SSH signature blobs per key type (ssh-ed25519, rsa-sha2-256/512, ecdsa-sha2-nistp*): make and check them.
import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { EC_CURVES, type SshPublicKey } from './keys.js';
import { SshFormatError, SshReader, SshWriter, padStart } from './wire.js';
import { present } from '../../core/invariant.js';

export type RsaSignatureAlgorithm = 'rsa-sha2-512' | 'rsa-sha2-256';

/** Signs `data` with a private key whose public half is `pub`, returning the SSH signature blob. */
export function sshSign(
  privateKey: KeyObject,
  pub: SshPublicKey,
  data: Uint8Array,
  rsaAlgorithm: RsaSignatureAlgorithm = 'rsa-sha2-512',
): Buffer {
  if (pub.type === 'ssh-ed25519') {
    return new SshWriter()
      .string('ssh-ed25519')
      .string(cryptoSign(null, data, privateKey))
      .toBuffer();
  }
  if (pub.type === 'ssh-rsa') {
    const hash = rsaAlgorithm === 'rsa-sha2-512' ? 'sha512' : 'sha256';
    const modulusBytes = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    const raw = cryptoSign(hash, data, privateKey);
    return new SshWriter().string(rsaAlgorithm).string(padStart(raw, modulusBytes)).toBuffer();
  }
  const curve = present(EC_CURVES[pub.type], `the curve of ${pub.type}`); // Ed25519 and RSA returned above
  const raw = cryptoSign(curve.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const inner = new SshWriter().mpint(raw.subarray(0, curve.size)).mpint(raw.subarray(curve.size)).toBuffer();
  return new SshWriter().string(pub.type).string(inner).toBuffer();
}

/** Reads the algorithm name a signature blob declares (e.g. `rsa-sha2-512`). */
export function signatureAlgorithm(sigBlob: Uint8Array): string {
  return new SshReader(sigBlob).text('signature algorithm');
}

export type SigCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies an SSH signature blob over `data` with `pub`.
 * Refuses legacy `ssh-rsa` (SHA-1) signatures, as PROTOCOL.sshsig demands for SSHSIG.
 */
export function sshVerify(pub: SshPublicKey, sigBlob: Uint8Array, data: Uint8Array): SigCheck {
  let alg: string;
  let sig: Buffer;
  try {
    const r = new SshReader(sigBlob);
    alg = r.text('signature algorithm');
    sig = r.string('signature');
    r.end('signature');
  } catch (err) {
    return { ok: false, reason: `malformed signature: ${(err as Error).message}` };
  }
  if (pub.type === 'ssh-ed25519') {
    if (alg !== 'ssh-ed25519')
      return { ok: false, reason: `signature algorithm ${alg} does not fit an ed25519 key` };
    if (sig.length !== 64) return { ok: false, reason: 'ed25519 signature must be 64 bytes' };
    return cryptoVerify(null, data, pub.keyObject, sig) ? { ok: true } : { ok: false, reason: BAD };
  }
  if (pub.type === 'ssh-rsa') {
    if (alg === 'ssh-rsa') {
      return {
        ok: false,
        reason: 'RSA signature uses legacy ssh-rsa (SHA-1); only rsa-sha2-512/256 are accepted',
      };
    }
    if (alg !== 'rsa-sha2-512' && alg !== 'rsa-sha2-256') {
      return { ok: false, reason: `signature algorithm ${alg} does not fit an RSA key` };
    }
    const modulusBytes = Math.ceil((pub.keyObject.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (sig.length > modulusBytes) return { ok: false, reason: 'RSA signature is longer than the modulus' };
    const padded = padStart(sig, modulusBytes);
    const hash = alg === 'rsa-sha2-512' ? 'sha512' : 'sha256';
    return cryptoVerify(hash, data, pub.keyObject, padded) ? { ok: true } : { ok: false, reason: BAD };
  }
  const curve = present(EC_CURVES[pub.type], `the curve of ${pub.type}`); // Ed25519 and RSA returned above
  if (alg !== pub.type)
    return { ok: false, reason: `signature algorithm ${alg} does not fit an ${pub.type} key` };
  let rs: Buffer;
  try {
    const r = new SshReader(sig);
    const rr = r.mpint('ecdsa r');
    const ss = r.mpint('ecdsa s');
    r.end('ecdsa signature');
    rs = Buffer.concat([padStart(rr, curve.size), padStart(ss, curve.size)]);
  } catch (err) {
    const msg = err instanceof SshFormatError ? err.message : String(err);
    return { ok: false, reason: `malformed ECDSA signature: ${msg}` };
  }
  return cryptoVerify(curve.hash, data, { key: pub.keyObject, dsaEncoding: 'ieee-p1363' }, rs)
    ? { ok: true }
    : { ok: false, reason: BAD };
}

const BAD = 'the signature does not match the signed data and key (the file or the signature was changed)';
