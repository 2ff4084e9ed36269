// Types for bcrypt-pbkdf (ships no declarations): OpenBSD's bcrypt_pbkdf, C-style (0 = ok, -1 = bad arguments).
declare module 'bcrypt-pbkdf' {
  const bcrypt: {
    pbkdf(
      pass: Uint8Array,
      passlen: number,
      salt: Uint8Array,
      saltlen: number,
      key: Uint8Array,
      keylen: number,
      rounds: number,
    ): number;
  };
  export default bcrypt;
}
