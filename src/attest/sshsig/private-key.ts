// OpenSSH private keys ("openssh-key-v1", optionally bcrypt+AES encrypted) and PEM keys, as node:crypto keys.
import { createDecipheriv, createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { bcryptPbkdf } from './bcrypt-pbkdf.js';
import {
  EC_CURVES,
  UnsupportedKeyError,
  describeUnsupportedType,
  ecPointToJwk,
  parsePublicKeyBlob,
  publicKeyFromKeyObject,
  type SshPublicKey,
} from './keys.js';
import { SshFormatError, SshReader, SshWriter, bigIntToBytes, bytesToBigInt, padStart } from './wire.js';

export interface SshPrivateKey {
  public: SshPublicKey;
  keyObject: KeyObject;
  comment: string;
}

/** The key is encrypted and no passphrase was given. */
export class PassphraseRequiredError extends Error {
  constructor() {
    super('the private key is protected by a passphrase');
    this.name = 'PassphraseRequiredError';
  }
}

/** Decryption produced garbage: with OpenSSH keys this means a wrong passphrase. */
export class WrongPassphraseError extends Error {
  constructor() {
    super('incorrect passphrase for the private key');
    this.name = 'WrongPassphraseError';
  }
}

const OPENSSH_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const OPENSSH_END = '-----END OPENSSH PRIVATE KEY-----';
const AUTH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

interface CipherSpec {
  node: string;
  keyLen: number;
  ivLen: number;
  blockSize: number;
  tagLen: number;
}

/** The ciphers ssh-keygen can write (`-Z`), mapped to node:crypto names. */
const CIPHERS: Record<string, CipherSpec> = {
  none: { node: '', keyLen: 0, ivLen: 0, blockSize: 8, tagLen: 0 },
  'aes128-ctr': { node: 'aes-128-ctr', keyLen: 16, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes192-ctr': { node: 'aes-192-ctr', keyLen: 24, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes256-ctr': { node: 'aes-256-ctr', keyLen: 32, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes128-cbc': { node: 'aes-128-cbc', keyLen: 16, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes192-cbc': { node: 'aes-192-cbc', keyLen: 24, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes256-cbc': { node: 'aes-256-cbc', keyLen: 32, ivLen: 16, blockSize: 16, tagLen: 0 },
  'aes128-gcm@openssh.com': { node: 'aes-128-gcm', keyLen: 16, ivLen: 12, blockSize: 16, tagLen: 16 },
  'aes256-gcm@openssh.com': { node: 'aes-256-gcm', keyLen: 32, ivLen: 12, blockSize: 16, tagLen: 16 },
};

/** Whether the key text needs a passphrase (so a CLI can prompt before parsing). */
export function isEncryptedPrivateKey(text: string): boolean {
  if (text.includes(OPENSSH_BEGIN)) {
    const header = parseOpenSshEnvelope(decodeArmor(text));
    return header.cipherName !== 'none';
  }
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(text);
}

/**
 * Loads a private key file's text: OpenSSH format (ed25519, RSA, ECDSA P-256/384/521; encrypted with
 * bcrypt + AES-CTR/CBC/GCM) or PEM (PKCS#8, PKCS#1, SEC1; encrypted PEM via OpenSSL).
 * Throws PassphraseRequiredError / WrongPassphraseError / UnsupportedKeyError / SshFormatError.
 */
export function loadPrivateKey(text: string, passphrase?: string): SshPrivateKey {
  if (text.includes(OPENSSH_BEGIN)) return parseOpenSshPrivateKey(text, passphrase);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    const encrypted = isEncryptedPrivateKey(text);
    if (encrypted && passphrase === undefined) throw new PassphraseRequiredError();
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey(encrypted ? { key: text, passphrase } : { key: text });
    } catch (err) {
      if (encrypted) throw new WrongPassphraseError();
      throw new SshFormatError(`unreadable PEM private key: ${(err as Error).message}`);
    }
    return { public: publicKeyFromKeyObject(keyObject), keyObject, comment: '' };
  }
  if (/^\s*(ssh-|ecdsa-|sk-)/.test(text)) {
    throw new SshFormatError('this is a public key; give the private key file (the one without .pub)');
  }
  throw new SshFormatError(
    'not a private key (expected "-----BEGIN OPENSSH PRIVATE KEY-----" or a PEM private key)',
  );
}

function decodeArmor(text: string): Buffer {
  const start = text.indexOf(OPENSSH_BEGIN);
  const end = text.indexOf(OPENSSH_END, start);
  if (start < 0 || end < 0) throw new SshFormatError('OpenSSH private key armor is incomplete');
  const b64 = text.slice(start + OPENSSH_BEGIN.length, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
    throw new SshFormatError('OpenSSH private key is not valid base64');
  return Buffer.from(b64, 'base64');
}

interface Envelope {
  cipherName: string;
  kdfName: string;
  kdfOptions: Buffer;
  publicBlob: Buffer;
  encrypted: Buffer;
  tag: Buffer;
}

function parseOpenSshEnvelope(raw: Buffer): Envelope {
  if (raw.length < AUTH_MAGIC.length || !raw.subarray(0, AUTH_MAGIC.length).equals(AUTH_MAGIC)) {
    throw new SshFormatError('missing "openssh-key-v1" magic');
  }
  const r = new SshReader(raw.subarray(AUTH_MAGIC.length));
  const cipherName = r.text('cipher name');
  const kdfName = r.text('kdf name');
  const kdfOptions = r.string('kdf options');
  const n = r.uint32('number of keys');
  if (n !== 1) throw new SshFormatError(`key file holds ${n} keys; exactly one is supported`);
  const publicBlob = r.string('public key');
  const encrypted = r.string('private section');
  const spec = CIPHERS[cipherName];
  const tag = spec && spec.tagLen ? r.bytes(spec.tagLen, 'authentication tag') : Buffer.alloc(0);
  r.end('private key file');
  return { cipherName, kdfName, kdfOptions, publicBlob, encrypted, tag };
}

export function parseOpenSshPrivateKey(text: string, passphrase?: string): SshPrivateKey {
  const env = parseOpenSshEnvelope(decodeArmor(text));
  const spec = CIPHERS[env.cipherName];
  if (!spec) {
    throw new UnsupportedKeyError(
      `private key cipher ${env.cipherName} is not supported; re-encrypt with ` +
        '`ssh-keygen -p -Z aes256-ctr -f KEY`',
    );
  }
  let plain: Buffer;
  if (env.cipherName === 'none') {
    if (env.kdfName !== 'none') throw new SshFormatError(`unencrypted key names kdf ${env.kdfName}`);
    plain = env.encrypted;
  } else {
    if (env.kdfName !== 'bcrypt')
      throw new UnsupportedKeyError(`private key kdf ${env.kdfName} is not supported`);
    if (passphrase === undefined) throw new PassphraseRequiredError();
    if (passphrase === '') throw new WrongPassphraseError();
    const kr = new SshReader(env.kdfOptions);
    const salt = kr.string('bcrypt salt');
    const rounds = kr.uint32('bcrypt rounds');
    kr.end('bcrypt kdf options');
    const derived = bcryptPbkdf(Buffer.from(passphrase, 'utf8'), salt, spec.keyLen + spec.ivLen, rounds);
    const key = derived.subarray(0, spec.keyLen);
    const iv = derived.subarray(spec.keyLen);
    if (env.encrypted.length % spec.blockSize !== 0) {
      throw new SshFormatError('encrypted private section is not a multiple of the cipher block size');
    }
    try {
      if (spec.tagLen) {
        const d = createDecipheriv(spec.node as 'aes-256-gcm', key, iv);
        d.setAuthTag(env.tag);
        plain = Buffer.concat([d.update(env.encrypted), d.final()]);
      } else {
        const d = createDecipheriv(spec.node, key, iv);
        d.setAutoPadding(false);
        plain = Buffer.concat([d.update(env.encrypted), d.final()]);
      }
    } catch {
      // GCM reports a wrong passphrase as a failed tag check.
      throw new WrongPassphraseError();
    }
  }
  const r = new SshReader(plain);
  const check1 = r.uint32('checkint');
  const check2 = r.uint32('checkint');
  if (check1 !== check2) {
    if (env.cipherName === 'none') throw new SshFormatError('corrupt private key (check integers differ)');
    throw new WrongPassphraseError();
  }
  const { keyObject, publicBlobFromPrivate } = readPrivateFields(r);
  const comment = r.text('comment');
  // Padding is 1, 2, 3, ... up to the block size; anything else means corruption.
  const pad = r.rest();
  for (let i = 0; i < pad.length; i++) {
    if (pad[i] !== ((i + 1) & 0xff)) throw new SshFormatError('corrupt private key (bad padding)');
  }
  const pub = parsePublicKeyBlob(env.publicBlob);
  if (!pub.blob.equals(parsePublicKeyBlob(publicBlobFromPrivate).blob)) {
    throw new SshFormatError('private key does not match the public key stored in the same file');
  }
  return { public: pub, keyObject, comment };
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function readPrivateFields(r: SshReader): { keyObject: KeyObject; publicBlobFromPrivate: Buffer } {
  const type = r.text('private key type');
  if (type === 'ssh-ed25519') {
    const pk = r.string('ed25519 public key');
    const sk = r.string('ed25519 private key');
    if (pk.length !== 32 || sk.length !== 64) throw new SshFormatError('bad ed25519 private key lengths');
    if (!sk.subarray(32).equals(pk))
      throw new SshFormatError('ed25519 private key does not embed its public key');
    const jwk: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', x: b64u(pk), d: b64u(sk.subarray(0, 32)) };
    const blob = new SshWriter().string('ssh-ed25519').string(pk).toBuffer();
    return { keyObject: createPrivateKey({ key: jwk, format: 'jwk' }), publicBlobFromPrivate: blob };
  }
  if (type === 'ssh-rsa') {
    const n = r.mpint('rsa n');
    const e = r.mpint('rsa e');
    const d = r.mpint('rsa d');
    const iqmp = r.mpint('rsa iqmp');
    const p = r.mpint('rsa p');
    const q = r.mpint('rsa q');
    const dn = bytesToBigInt(d);
    const dp = dn % (bytesToBigInt(p) - 1n);
    const dq = dn % (bytesToBigInt(q) - 1n);
    const jwk: JsonWebKey = {
      kty: 'RSA',
      n: b64u(n),
      e: b64u(e),
      d: b64u(d),
      p: b64u(p),
      q: b64u(q),
      dp: b64u(bigIntToBytes(dp)),
      dq: b64u(bigIntToBytes(dq)),
      qi: b64u(iqmp),
    };
    const blob = new SshWriter().string('ssh-rsa').mpint(e).mpint(n).toBuffer();
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
    } catch (err) {
      throw new SshFormatError(`inconsistent RSA private key: ${(err as Error).message}`);
    }
    return { keyObject, publicBlobFromPrivate: blob };
  }
  const curve = EC_CURVES[type];
  if (curve) {
    const name = r.text('curve name');
    if (name !== curve.sshName) throw new SshFormatError(`key type ${type} names curve ${name}`);
    const qPoint = r.string('ec point');
    const d = r.mpint('ec private scalar');
    const jwk: JsonWebKey = { ...ecPointToJwk(qPoint, curve), d: b64u(padStart(d, curve.size)) };
    const blob = new SshWriter().string(type).string(curve.sshName).string(qPoint).toBuffer();
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
    } catch (err) {
      throw new SshFormatError(`inconsistent ECDSA private key: ${(err as Error).message}`);
    }
    return { keyObject, publicBlobFromPrivate: blob };
  }
  throw new UnsupportedKeyError(describeUnsupportedType(type));
}
