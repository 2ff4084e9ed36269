// bcrypt_pbkdf as OpenSSH keys need it (the package's output; ssh-keygen interop is in sshsig-interop.test.ts).
import { describe, expect, it } from 'vitest';
import { bcryptPbkdf } from '../../src/attest/sshsig/bcrypt-pbkdf.js';

describe('bcrypt_pbkdf', () => {
  it('is deterministic, depends on every input and fills the requested length', () => {
    const a = bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 2);
    expect(a.length).toBe(48);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 2).equals(a)).toBe(true);
    expect(bcryptPbkdf(Buffer.from('pW'), Buffer.from('salt-salt-salt!!'), 48, 2).equals(a)).toBe(false);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!?'), 48, 2).equals(a)).toBe(false);
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 3).equals(a)).toBe(false);
  });

  it('gives the bytes the earlier Blowfish implementation gave (which ssh-keygen keys were checked against)', () => {
    expect(bcryptPbkdf(Buffer.from('pw'), Buffer.from('salt-salt-salt!!'), 48, 2).toString('hex')).toBe(
      '023d4efdd7f39ceef0fa04e774bb653f3e9a277cad26d85eddc51625bd26d094643ce0dcdd8182e4fad612cfea596500',
    );
    expect(
      bcryptPbkdf(Buffer.from('correct horse'), Buffer.from('0123456789abcdef'), 48, 16).toString('hex'),
    ).toBe(
      'a1c2879278f7e16f30578823fd9fb40348ed786a6e23033da5c7a193b7732d71bfa8e1cd182c9aa0d87c3ef53911eb76',
    );
  });

  it('rejects zero rounds and empty salts', () => {
    expect(() => bcryptPbkdf(Buffer.from('pw'), Buffer.alloc(0), 48, 2)).toThrow(/salt/);
    expect(() => bcryptPbkdf(Buffer.from('pw'), Buffer.from('s'), 48, 0)).toThrow(/rounds/);
  });
});
