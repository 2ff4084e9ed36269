// SSHSIG (OpenSSH PROTOCOL.sshsig): detached, armored signatures as `ssh-keygen -Y sign` writes and verifies them.
import { createHash } from 'node:crypto';
import { UnsupportedKeyError, parsePublicKeyBlob, type SshPublicKey } from './keys.js';
import type { SshPrivateKey } from './private-key.js';
import { sshSign, sshVerify, type RsaSignatureAlgorithm } from './signature.js';
import { SshFormatError, SshReader, SshWriter } from './wire.js';

export const SSHSIG_BEGIN = '-----BEGIN SSH SIGNATURE-----';
export const SSHSIG_END = '-----END SSH SIGNATURE-----';
const MAGIC = Buffer.from('SSHSIG', 'ascii');
const SIG_VERSION = 1;
/** ssh-keygen wraps the base64 body at 70 columns (sshbuf_dtob64), not the 76 the protocol text suggests. */
const WRAP = 70;

export type SshsigHash = 'sha256' | 'sha512';
export const DEFAULT_NAMESPACE = 'report';

/** Stable reason ids for failed SSHSIG checks (tests and callers branch on `code`, people read `message`). */
export type SshsigErrorCode =
  | 'armor'
  | 'format'
  | 'version'
  | 'unsupported-hash'
  | 'unsupported-key'
  | 'namespace-mismatch'
  | 'bad-signature'
  | 'allowed-signers-syntax'
  | 'not-allowed'
  | 'namespace-not-permitted'
  | 'key-not-yet-valid'
  | 'key-expired'
  | 'cert-authority-unsupported';

export class SshsigError extends Error {
  constructor(
    readonly code: SshsigErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SshsigError';
  }
}

export interface SshsigSignOptions {
  /** Signature namespace; the compliance monitor expects `report`. */
  namespace?: string;
  hash?: SshsigHash;
  rsaAlgorithm?: RsaSignatureAlgorithm;
}

/** The bytes that the key actually signs: preamble, namespace, reserved, hash name and H(message). */
function signedData(namespace: string, hash: SshsigHash, message: Uint8Array): Buffer {
  const digest = createHash(hash).update(message).digest();
  return new SshWriter().raw(MAGIC).string(namespace).string('').string(hash).string(digest).toBuffer();
}

/** Signs `message`, returning the armored signature text (ending in a newline) byte-identical in layout to ssh-keygen. */
export function signSshsig(message: Uint8Array, key: SshPrivateKey, opts: SshsigSignOptions = {}): string {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const hash = opts.hash ?? 'sha512';
  if (namespace === '') throw new SshsigError('format', 'the signature namespace must not be empty');
  const sig = sshSign(key.keyObject, key.public, signedData(namespace, hash, message), opts.rsaAlgorithm);
  const blob = new SshWriter()
    .raw(MAGIC)
    .uint32(SIG_VERSION)
    .string(key.public.blob)
    .string(namespace)
    .string('')
    .string(hash)
    .string(sig)
    .toBuffer();
  return armorSshsig(blob);
}

export function armorSshsig(blob: Uint8Array): string {
  const b64 = Buffer.from(blob).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += WRAP) lines.push(b64.slice(i, i + WRAP));
  return `${SSHSIG_BEGIN}\n${lines.join('\n')}\n${SSHSIG_END}\n`;
}

/**
 * Extracts the blob like ssh-keygen does: the text must start with the header line; the body runs
 * to the first newline + footer; base64 whitespace is ignored; anything after the footer is ignored.
 */
export function dearmorSshsig(text: string): Buffer {
  if (!text.startsWith(`${SSHSIG_BEGIN}\n`)) {
    const hint = text.startsWith(`${SSHSIG_BEGIN}\r\n`)
      ? ' (the file has CRLF line endings; ssh-keygen rejects them too)'
      : text.includes(SSHSIG_BEGIN)
        ? ' (something precedes the header)'
        : '';
    throw new SshsigError('armor', `signature does not start with "${SSHSIG_BEGIN}" and a newline${hint}`);
  }
  const bodyStart = SSHSIG_BEGIN.length + 1;
  const end = text.indexOf(`\n${SSHSIG_END}`, bodyStart);
  if (end < 0) throw new SshsigError('armor', `signature lacks the "${SSHSIG_END}" footer`);
  const b64 = text.slice(bodyStart, end).replace(/[ \t\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw new SshsigError('armor', 'signature body is not valid base64');
  }
  return Buffer.from(b64, 'base64');
}

export interface ParsedSshsig {
  version: number;
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: string;
  /** The inner SSH signature blob (algorithm name + signature bytes). */
  signature: Buffer;
}

/** Parses the blob fields (no cryptography). Throws SshsigError with a precise reason. */
export function parseSshsig(blob: Uint8Array): ParsedSshsig {
  const r = new SshReader(blob);
  try {
    const magic = r.bytes(MAGIC.length, 'magic');
    if (!magic.equals(MAGIC)) throw new SshsigError('format', 'signature blob does not start with "SSHSIG"');
    const version = r.uint32('version');
    if (version > SIG_VERSION) {
      throw new SshsigError('version', `signature version ${version} is newer than the supported version 1`);
    }
    const keyBlob = r.string('public key');
    const namespace = r.text('namespace');
    r.string('reserved');
    const hashAlgorithm = r.text('hash algorithm');
    const signature = r.string('signature');
    r.end('signature blob');
    let publicKey: SshPublicKey;
    try {
      publicKey = parsePublicKeyBlob(keyBlob);
    } catch (err) {
      if (err instanceof UnsupportedKeyError) throw new SshsigError('unsupported-key', err.message);
      throw err;
    }
    return { version, publicKey, namespace, hashAlgorithm, signature };
  } catch (err) {
    if (err instanceof SshFormatError)
      throw new SshsigError('format', `malformed signature blob: ${err.message}`);
    throw err;
  }
}

/**
 * `ssh-keygen -Y check-novalidate`: the signature is well-formed, made for `namespace`, and verifies
 * over `message` with the public key it embeds. Says nothing about whether that key is trusted.
 */
export function checkSshsig(
  message: Uint8Array,
  signatureText: string,
  namespace = DEFAULT_NAMESPACE,
): ParsedSshsig {
  const parsed = parseSshsig(dearmorSshsig(signatureText));
  if (parsed.hashAlgorithm !== 'sha256' && parsed.hashAlgorithm !== 'sha512') {
    throw new SshsigError(
      'unsupported-hash',
      `unsupported hash algorithm ${JSON.stringify(parsed.hashAlgorithm)}`,
    );
  }
  if (parsed.namespace !== namespace) {
    throw new SshsigError(
      'namespace-mismatch',
      `signature was made for namespace "${parsed.namespace}", expected "${namespace}"`,
    );
  }
  const check = sshVerify(
    parsed.publicKey,
    parsed.signature,
    signedData(namespace, parsed.hashAlgorithm, message),
  );
  if (!check.ok) throw new SshsigError('bad-signature', check.reason);
  return parsed;
}
