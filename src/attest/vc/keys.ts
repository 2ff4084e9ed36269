// Keys for VC-JWT: private keys from JWK/PEM/OpenSSH files, public keys from JWK/PEM/.pub, and the JOSE alg for each.
import { createPrivateKey, createPublicKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { KeyFileError, loadKeyFile, readFileOrFail, type KeyFileOptions } from '../keyfile.js';
import { parsePublicKeyLine } from '../sshsig/index.js';

export type VcAlg = 'EdDSA' | 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'PS256';
export const VC_ALGS: readonly VcAlg[] = ['EdDSA', 'ES256', 'ES384', 'ES512', 'RS256', 'PS256'];

export interface VcSigningKey {
  privateKey: KeyObject;
  publicJwk: JWK;
  alg: VcAlg;
  /** RFC 7638 SHA-256 thumbprint of the public key (base64url). */
  thumbprint: string;
}

/** The JOSE algorithm a key signs with: Ed25519 EdDSA, P-256 ES256, P-384 ES384, P-521 ES512, RSA RS256 (or PS256). */
export function algForKey(key: KeyObject, requested?: string): VcAlg {
  const type = key.asymmetricKeyType;
  // The first is the default.
  let allowed: [VcAlg, ...VcAlg[]];
  if (type === 'ed25519') allowed = ['EdDSA'];
  else if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const alg =
      curve === 'prime256v1'
        ? 'ES256'
        : curve === 'secp384r1'
          ? 'ES384'
          : curve === 'secp521r1'
            ? 'ES512'
            : undefined;
    if (!alg)
      throw new KeyFileError(
        `EC curve ${String(curve)} is not usable for VC-JWT (use P-256, P-384 or P-521)`,
      );
    allowed = [alg];
  } else if (type === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new KeyFileError('RSA keys for VC-JWT need at least 2048 bits');
    allowed = ['RS256', 'PS256'];
  } else throw new KeyFileError(`${String(type)} keys cannot sign VC-JWTs (use Ed25519, ECDSA or RSA)`);
  if (requested === undefined) return allowed[0];
  if (!allowed.includes(requested as VcAlg)) {
    throw new KeyFileError(`--alg ${requested} does not fit this ${type} key (use ${allowed.join(' or ')})`);
  }
  return requested as VcAlg;
}

function publicJwkOf(key: KeyObject): JWK {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' }) as JWK;
  return jwk;
}

/** Loads a signing key from a JWK (JSON), PEM or OpenSSH private key file. */
export async function loadVcSigningKey(
  path: string,
  opts: KeyFileOptions & { alg?: string } = {},
): Promise<VcSigningKey> {
  const text = readFileOrFail(path, 'key file').toString('utf8');
  let privateKey: KeyObject;
  if (text.trimStart().startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(text) as JWK;
    } catch (err) {
      throw new KeyFileError(`key file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof jwk.d !== 'string')
      throw new KeyFileError(`key file ${path} is a public JWK; signing needs the private key (with "d")`);
    try {
      privateKey = createPrivateKey({ key: jwk as NodeJwk, format: 'jwk' });
    } catch (err) {
      throw new KeyFileError(`key file ${path} is not a usable JWK: ${(err as Error).message}`);
    }
  } else {
    privateKey = (await loadKeyFile(path, opts)).keyObject;
  }
  const alg = algForKey(privateKey, opts.alg);
  const publicJwk = publicJwkOf(privateKey);
  return { privateKey, publicJwk, alg, thumbprint: await calculateJwkThumbprint(publicJwk) };
}

/** Loads a public key from a JWK, a PEM (public key, certificate or private key) or an OpenSSH public/private key file. */
export async function loadVcPublicKey(
  path: string,
): Promise<{ key: KeyObject; jwk: JWK; thumbprint: string }> {
  const text = readFileOrFail(path, 'issuer key file').toString('utf8');
  let key: KeyObject;
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as NodeJwk;
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
      key = createPublicKey({ key: pub, format: 'jwk' });
    } else if (/-----BEGIN OPENSSH PRIVATE KEY-----/.test(text)) {
      key = createPublicKey((await loadKeyFile(path)).keyObject);
    } else if (/-----BEGIN /.test(text)) {
      key = createPublicKey(text);
    } else {
      key = parsePublicKeyLine(text.split('\n')[0] ?? '').key.keyObject;
    }
  } catch (err) {
    if (err instanceof KeyFileError) throw err;
    throw new KeyFileError(
      `issuer key file ${path} is not a public key (JWK, PEM or OpenSSH .pub): ${(err as Error).message}`,
    );
  }
  const jwk = publicJwkOf(key);
  return { key, jwk, thumbprint: await calculateJwkThumbprint(jwk) };
}
