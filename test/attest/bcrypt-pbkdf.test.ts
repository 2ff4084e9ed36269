// Blowfish constants, the standard Blowfish vectors and bcrypt_pbkdf behaviour.
import { describe, expect, it } from 'vitest';
import { Blowfish, bcryptPbkdf, piFractionWords } from '../../src/attest/sshsig/bcrypt-pbkdf.js';

function ecb(keyHex: string, ptHex: string): string {
  const bf = new Blowfish();
  bf.expand0(Buffer.from(keyHex, 'hex'));
  const pt = Buffer.from(ptHex, 'hex');
  const lr = new Uint32Array([pt.readUInt32BE(0), pt.readUInt32BE(4)]);
  bf.encipher(lr);
  const out = Buffer.alloc(8);
  out.writeUInt32BE(lr[0]!, 0);
  out.writeUInt32BE(lr[1]!, 4);
  return out.toString('hex').toUpperCase();
}

describe('Blowfish', () => {
  it('derives the published P-array and S-box words from pi', () => {
    const w = piFractionWords();
    expect(w.length).toBe(1042);
    // P[0], P[1], P[17], S0[0], S0[1], S3[255] as printed in Schneier's reference tables.
    expect(w[0]).toBe(0x243f6a88);
    expect(w[1]).toBe(0x85a308d3);
    expect(w[17]).toBe(0x8979fb1b);
    expect(w[18]).toBe(0xd1310ba6);
    expect(w[19]).toBe(0x98dfb5ac);
    expect(w[1041]).toBe(0x3ac372e6);
  });

  it.each([
    ['0000000000000000', '0000000000000000', '4EF997456198DD78'],
    ['FFFFFFFFFFFFFFFF', 'FFFFFFFFFFFFFFFF', '51866FD5B85ECB8A'],
    ['3000000000000000', '1000000000000001', '7D856F9A613063F2'],
    ['0123456789ABCDEF', '1111111111111111', '61F9C3802281B096'],
    ['FEDCBA9876543210', '0123456789ABCDEF', '0ACEAB0FC6A0A28D'],
  ])('encrypts with key %s: %s -> %s (Eric Young vectors)', (key, pt, ct) => {
    expect(ecb(key, pt)).toBe(ct);
  });
});

describe('bcrypt_pbkdf', () => {
  it('is deterministic, depends on every input and fills the requested length', () => {
    const a = bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 2);
    expect(a.length).toBe(48);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 2).equals(a)).toBe(true);
    expect(bcryptPbkdf(Buffer.from('pW'), Buffer.from('salt-salt-salt!!'), 48, 2).equals(a)).toBe(false);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!?'), 48, 2).equals(a)).toBe(false);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 3).equals(a)).toBe(false);
  });

  it('rejects zero rounds and empty salts', () => {
    expect(() => bcryptPbkdf(Buffer.from('pw'), Buffer.alloc(0), 48, 2)).toThrow(/salt/);
    expect(() => bcryptPbkdf(Buffer.from('pw'), Buffer.from('s'), 48, 0)).toThrow(/rounds/);
  });
});
