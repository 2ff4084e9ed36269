// SSHSIG keys, signing and verification against fixtures made by ssh-keygen (no ssh-keygen needed at test time).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PassphraseRequiredError,
  SshsigError,
  WrongPassphraseError,
  armorSshsig,
  checkSshsig,
  dearmorSshsig,
  describeKey,
  fingerprintSha256,
  formatPublicKeyLine,
  isEncryptedPrivateKey,
  loadPrivateKey,
  parsePublicKeyLine,
  parseSshsig,
  signSshsig,
  verifySshsig,
} from '../../src/attest/sshsig/index.js';
import { SshReader, SshWriter } from '../../src/attest/sshsig/wire.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'attest');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');
const message = readFileSync(join(FIX, 'message.yaml'));

const KEYS: Array<{ file: string; type: string; passphrase?: string }> = [
  { file: 'ed25519', type: 'ssh-ed25519' },
  { file: 'ed25519-enc', type: 'ssh-ed25519', passphrase: 'correct horse battery' },
  { file: 'rsa3072', type: 'ssh-rsa' },
  { file: 'rsa3072-enc-cbc', type: 'ssh-rsa', passphrase: 'rsa pass' },
  { file: 'ecdsa256', type: 'ecdsa-sha2-nistp256' },
  { file: 'ecdsa256-enc-gcm', type: 'ecdsa-sha2-nistp256', passphrase: 'ec pass' },
  { file: 'ecdsa384', type: 'ecdsa-sha2-nistp384' },
  { file: 'ecdsa521', type: 'ecdsa-sha2-nistp521' },
  { file: 'rsa2048-pem', type: 'ssh-rsa' },
  { file: 'ecdsa256-pem-enc', type: 'ecdsa-sha2-nistp256', passphrase: 'pem pass' },
];

describe('wire encoding', () => {
  it('encodes mpints as RFC 4251 examples', () => {
    const enc = (hex: string) => new SshWriter().mpint(Buffer.from(hex, 'hex')).toBuffer().toString('hex');
    expect(enc('')).toBe('00000000');
    expect(enc('09a378f9b2e332a7')).toBe('0000000809a378f9b2e332a7');
    expect(enc('80')).toBe('000000020080');
    expect(enc('0080')).toBe('000000020080');
  });

  it('refuses truncated strings and negative mpints', () => {
    expect(() => new SshReader(Buffer.from('0000000501', 'hex')).string('x')).toThrow(/truncated x/);
    expect(() => new SshReader(Buffer.from('0000000180', 'hex')).mpint('m')).toThrow(/negative m/);
  });
});

describe('private keys', () => {
  it.each(KEYS)('loads $file ($type) and matches its .pub', ({ file, type, passphrase }) => {
    const text = read(`keys/${file}`);
    expect(isEncryptedPrivateKey(text)).toBe(passphrase !== undefined);
    const key = loadPrivateKey(text, passphrase);
    expect(key.public.type).toBe(type);
    const pub = parsePublicKeyLine(read(`keys/${file}.pub`));
    expect(key.public.blob.equals(pub.key.blob)).toBe(true);
    if (!file.includes('pem')) expect(key.comment).toBe(`fixture-${file}`);
    expect(formatPublicKeyLine(key.public)).toBe(read(`keys/${file}.pub`).split(' ').slice(0, 2).join(' '));
  });

  it('asks for a passphrase and detects a wrong one', () => {
    expect(() => loadPrivateKey(read('keys/ed25519-enc'))).toThrow(PassphraseRequiredError);
    expect(() => loadPrivateKey(read('keys/ed25519-enc'), 'wrong')).toThrow(WrongPassphraseError);
    expect(() => loadPrivateKey(read('keys/ecdsa256-enc-gcm'), 'wrong')).toThrow(WrongPassphraseError);
    expect(() => loadPrivateKey(read('keys/ecdsa256-pem-enc'), 'wrong')).toThrow(WrongPassphraseError);
  });

  it('says so when given a public key', () => {
    expect(() => loadPrivateKey(read('keys/ed25519.pub'))).toThrow(/public key/);
  });

  it('takes PKCS#8 keys made by node', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(loadPrivateKey(pem).public.type).toBe('ssh-ed25519');
  });
});

describe('public keys', () => {
  it('computes the fingerprint ssh-keygen -l prints', () => {
    // Values printed by `ssh-keygen -lf keys/<file>.pub` when the fixtures were made.
    const fp = (f: string) => fingerprintSha256(parsePublicKeyLine(read(`keys/${f}.pub`)).key);
    expect(fp('ed25519')).toBe('SHA256:ZXIcn9aGLHKy3I/vIV2GiEw98T1VYzm4neBhAGKnGbQ');
    expect(fp('rsa3072')).toBe('SHA256:f0N+mqUXTRepyDr9oB+ITxF5bNgTZ+55/sp8ZM9sxOw');
    expect(fp('ecdsa256')).toBe('SHA256:EWhMd7sD60q3NbASCuJL37Ezn8FUldxdDz1uDL6AuPM');
    const { key } = parsePublicKeyLine(read('keys/ed25519.pub'));
    expect(describeKey(key)).toBe('ED25519 key SHA256:ZXIcn9aGLHKy3I/vIV2GiEw98T1VYzm4neBhAGKnGbQ');
  });

  it('refuses certificates and FIDO keys by name', () => {
    const blob = new SshWriter().string('ssh-ed25519-cert-v01@openssh.com').string('x').toBuffer();
    expect(() => parsePublicKeyLine(`ssh-ed25519-cert-v01@openssh.com ${blob.toString('base64')}`)).toThrow(
      /certificates .* not supported/,
    );
    const sk = new SshWriter().string('sk-ssh-ed25519@openssh.com').string('x').toBuffer();
    expect(() => parsePublicKeyLine(`sk-ssh-ed25519@openssh.com ${sk.toString('base64')}`)).toThrow(/FIDO/);
  });
});

describe('SSHSIG', () => {
  it.each(['ed25519', 'rsa3072', 'ecdsa256', 'ecdsa384', 'ecdsa521'])(
    'verifies the signature ssh-keygen made with %s',
    (file) => {
      const sig = read(`message.yaml.${file}.sig`);
      const parsed = checkSshsig(message, sig, 'report');
      expect(parsed.hashAlgorithm).toBe('sha512');
      expect(parsed.publicKey.blob.equals(parsePublicKeyLine(read(`keys/${file}.pub`)).key.blob)).toBe(true);
      // ssh-keygen's armor round-trips byte for byte through ours.
      expect(armorSshsig(dearmorSshsig(sig))).toBe(sig);
    },
  );

  it.each(KEYS)('signs with $file and verifies its own signature', ({ file, passphrase }) => {
    const key = loadPrivateKey(read(`keys/${file}`), passphrase);
    const sig = signSshsig(message, key);
    expect(sig.startsWith('-----BEGIN SSH SIGNATURE-----\n')).toBe(true);
    expect(sig.endsWith('\n-----END SSH SIGNATURE-----\n')).toBe(true);
    for (const line of sig.split('\n').slice(1, -2)) expect(line.length).toBeLessThanOrEqual(70);
    expect(checkSshsig(message, sig).publicKey.blob.equals(key.public.blob)).toBe(true);
  });

  it('produces an RSA signature with rsa-sha2-512', () => {
    const key = loadPrivateKey(read('keys/rsa3072'));
    const parsed = parseSshsig(dearmorSshsig(signSshsig(message, key)));
    expect(new SshReader(parsed.signature).text()).toBe('rsa-sha2-512');
  });

  it('wraps at 70 columns without an empty line when the body is a multiple of 70', () => {
    const key = loadPrivateKey(read('keys/ed25519'));
    // A 40-byte namespace gives a 210-byte blob = 280 base64 characters = 4 full lines.
    const sig = signSshsig(message, key, { namespace: '0123456789012345678901234567890123456789' });
    expect(sig.split('\n').map((l) => l.length)).toEqual([29, 70, 70, 70, 70, 27, 0]);
  });

  it('rejects a changed message, a changed signature, another namespace and bad armor', () => {
    const sig = read('message.yaml.ed25519.sig');
    const changed = Buffer.from(message);
    changed[0] = changed[0]! ^ 1;
    expect(() => checkSshsig(changed, sig)).toThrow(/does not match/);
    const blob = dearmorSshsig(sig);
    blob[blob.length - 5] = blob[blob.length - 5]! ^ 1;
    expect(() => checkSshsig(message, armorSshsig(blob))).toThrow(/does not match/);
    expect(() => checkSshsig(message, sig, 'file')).toThrow(/namespace "report", expected "file"/);
    expect(() => checkSshsig(message, sig.replace(/\n/g, '\r\n'))).toThrow(/CRLF/);
    expect(() => checkSshsig(message, sig.replace('-----END SSH SIGNATURE-----', ''))).toThrow(/footer/);
    expect(() => checkSshsig(message, `x${sig}`)).toThrow(/precedes/);
  });

  it('rejects newer versions and trailing data', () => {
    const blob = dearmorSshsig(read('message.yaml.ed25519.sig'));
    const v2 = Buffer.from(blob);
    v2.writeUInt32BE(2, 6);
    expect(() => checkSshsig(message, armorSshsig(v2))).toThrow(/version 2 is newer/);
    expect(() => checkSshsig(message, armorSshsig(Buffer.concat([blob, Buffer.from([0])])))).toThrow(
      /trailing/,
    );
  });

  it('names certificate signing keys as unsupported', () => {
    const cert = new SshWriter().string('ssh-ed25519-cert-v01@openssh.com').string('nonce').toBuffer();
    const blob = new SshWriter()
      .raw('SSHSIG')
      .uint32(1)
      .string(cert)
      .string('report')
      .string('')
      .string('sha512')
      .string(new SshWriter().string('ssh-ed25519').string(Buffer.alloc(64)).toBuffer())
      .toBuffer();
    let err: unknown;
    try {
      checkSshsig(message, armorSshsig(blob));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SshsigError);
    expect((err as SshsigError).code).toBe('unsupported-key');
    expect((err as SshsigError).message).toMatch(/OpenSSH certificates .* are not supported/);
  });

  it('refuses the legacy ssh-rsa (SHA-1) signature algorithm', () => {
    const key = loadPrivateKey(read('keys/rsa3072'));
    const parsed = parseSshsig(dearmorSshsig(signSshsig(message, key)));
    const r = new SshReader(parsed.signature);
    r.text();
    const raw = r.string();
    const legacy = new SshWriter().string('ssh-rsa').string(raw).toBuffer();
    const blob = new SshWriter()
      .raw('SSHSIG')
      .uint32(1)
      .string(key.public.blob)
      .string('report')
      .string('')
      .string('sha512')
      .string(legacy)
      .toBuffer();
    expect(() => checkSshsig(message, armorSshsig(blob))).toThrow(/legacy ssh-rsa/);
  });

  it('verifies against allowed_signers like ssh-keygen -Y verify', () => {
    const pub = read('keys/ed25519.pub').trim();
    const sig = read('message.yaml.ed25519.sig');
    const ok = verifySshsig(message, sig, {
      allowedSigners: `mail@csp.eu ${pub}\n`,
      identity: 'mail@csp.eu',
    });
    expect(ok.summary).toMatch(/^Good "report" signature for mail@csp.eu with ED25519 key SHA256:/);
    const err = (() => {
      try {
        verifySshsig(message, sig, { allowedSigners: `other@csp.eu ${pub}\n`, identity: 'mail@csp.eu' });
      } catch (e) {
        return e as SshsigError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('not-allowed');
    expect(err?.message).toMatch(/allowed for "other@csp.eu"/);
  });
});
