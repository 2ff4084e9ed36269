// bcrypt_pbkdf (OpenBSD) through the `bcrypt-pbkdf` package: the KDF that protects passphrase-encrypted OpenSSH keys.
import bcrypt from 'bcrypt-pbkdf';

/**
 * bcrypt_pbkdf(pass, salt, keylen, rounds) as used by OpenSSH's "bcrypt" KDF. The arguments are checked here
 * so a malformed key file gets a clear error (the package only answers -1).
 */
export function bcryptPbkdf(pass: Uint8Array, salt: Uint8Array, keyLength: number, rounds: number): Buffer {
  if (rounds < 1) throw new RangeError('bcrypt_pbkdf: rounds must be at least 1');
  if (keyLength < 1 || keyLength > 32 * 32) throw new RangeError('bcrypt_pbkdf: bad key length');
  if (salt.length === 0) throw new RangeError('bcrypt_pbkdf: empty salt');
  const key = Buffer.alloc(keyLength);
  if (bcrypt.pbkdf(pass, pass.length, salt, salt.length, key, keyLength, rounds) !== 0)
    throw new RangeError('bcrypt_pbkdf: refused its arguments');
  return key;
}
