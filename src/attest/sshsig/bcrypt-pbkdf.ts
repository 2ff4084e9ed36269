// bcrypt_pbkdf (OpenBSD) over a hand-written Blowfish: the KDF that protects passphrase-encrypted OpenSSH keys.
import { createHash } from 'node:crypto';

/*
 * Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi's fractional part
 * (18 + 4*256 words). We derive them with Machin's formula in BigInt arithmetic once, instead of
 * carrying a 1042-word table: the test suite pins known words and the standard Blowfish vectors.
 */
const PI_WORDS = 18 + 4 * 256;
let piWordsCache: Uint32Array | undefined;

function arctanInverse(x: bigint, one: bigint): bigint {
  // arctan(1/x) * one, by the alternating series; each term truncates by < 1 unit, covered by guard bits.
  const x2 = x * x;
  let power = one / x;
  let sum = power;
  let k = 1n;
  let negative = true;
  while (power !== 0n) {
    power /= x2;
    const term = power / (2n * k + 1n);
    sum = negative ? sum - term : sum + term;
    negative = !negative;
    k++;
  }
  return sum;
}

/** The first `PI_WORDS` 32-bit words of the fractional part of pi (0x243F6A88, 0x85A308D3, ...). */
export function piFractionWords(): Uint32Array {
  if (piWordsCache) return piWordsCache;
  const bits = BigInt(PI_WORDS * 32);
  const guard = 64n;
  const one = 1n << (bits + guard);
  const pi = 16n * arctanInverse(5n, one) - 4n * arctanInverse(239n, one);
  const frac = (pi - 3n * one) >> guard;
  const words = new Uint32Array(PI_WORDS);
  for (let i = 0; i < PI_WORDS; i++) {
    words[i] = Number((frac >> (bits - 32n * BigInt(i + 1))) & 0xffffffffn);
  }
  piWordsCache = words;
  return words;
}

/** Blowfish state: 18 subkeys and four 256-entry S-boxes (stored contiguously, S-box n at 256*n). */
export class Blowfish {
  readonly p = new Uint32Array(18);
  readonly s = new Uint32Array(1024);

  constructor() {
    const pi = piFractionWords();
    this.p.set(pi.subarray(0, 18));
    this.s.set(pi.subarray(18));
  }

  private f(x: number): number {
    const s = this.s;
    return (
      (((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) ^ s[512 + ((x >>> 8) & 0xff)]!) +
        s[768 + (x & 0xff)]!) >>>
      0
    );
  }

  /** Enciphers the block (l, r) in place in `lr` (two words at `off`). */
  encipher(lr: Uint32Array, off = 0): void {
    const p = this.p;
    let l = lr[off]!;
    let r = lr[off + 1]!;
    l ^= p[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^= this.f(l) ^ p[i]!;
      l ^= this.f(r) ^ p[i + 1]!;
    }
    r ^= p[17]!;
    lr[off] = r >>> 0;
    lr[off + 1] = l >>> 0;
  }

  /** Standard Blowfish key schedule step (Blowfish_expand0state): mixes `key` into the state. */
  expand0(key: Uint8Array): void {
    const cursor = { j: 0 };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ streamToWord(key, cursor)) >>> 0;
    const lr = new Uint32Array(2);
    for (let i = 0; i < 18; i += 2) {
      this.encipher(lr);
      this.p[i] = lr[0]!;
      this.p[i + 1] = lr[1]!;
    }
    for (let i = 0; i < 1024; i += 2) {
      this.encipher(lr);
      this.s[i] = lr[0]!;
      this.s[i + 1] = lr[1]!;
    }
  }

  /** The salted key schedule of eksblowfish (Blowfish_expandstate). */
  expand(data: Uint8Array, key: Uint8Array): void {
    const kc = { j: 0 };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ streamToWord(key, kc)) >>> 0;
    const dc = { j: 0 };
    const lr = new Uint32Array(2);
    for (let i = 0; i < 18; i += 2) {
      lr[0] = lr[0]! ^ streamToWord(data, dc);
      lr[1] = lr[1]! ^ streamToWord(data, dc);
      this.encipher(lr);
      this.p[i] = lr[0]!;
      this.p[i + 1] = lr[1]!;
    }
    for (let i = 0; i < 1024; i += 2) {
      lr[0] = lr[0]! ^ streamToWord(data, dc);
      lr[1] = lr[1]! ^ streamToWord(data, dc);
      this.encipher(lr);
      this.s[i] = lr[0]!;
      this.s[i + 1] = lr[1]!;
    }
  }
}

/** Reads the next big-endian word from `data`, wrapping around at its end (Blowfish_stream2word). */
function streamToWord(data: Uint8Array, cursor: { j: number }): number {
  let w = 0;
  for (let i = 0; i < 4; i++) {
    if (cursor.j >= data.length) cursor.j = 0;
    w = ((w << 8) | data[cursor.j]!) >>> 0;
    cursor.j++;
  }
  return w;
}

const MAGIC = Buffer.from('OxychromaticBlowfishSwatDynamite', 'ascii');
const HASH_WORDS = 8;

/** The inner bcrypt hash of bcrypt_pbkdf: 32 bytes from SHA-512'd password and salt. */
function bcryptHash(sha2pass: Uint8Array, sha2salt: Uint8Array): Buffer {
  const bf = new Blowfish();
  bf.expand(sha2salt, sha2pass);
  for (let i = 0; i < 64; i++) {
    bf.expand0(sha2salt);
    bf.expand0(sha2pass);
  }
  const cdata = new Uint32Array(HASH_WORDS);
  const cursor = { j: 0 };
  for (let i = 0; i < HASH_WORDS; i++) cdata[i] = streamToWord(MAGIC, cursor);
  for (let i = 0; i < 64; i++) {
    for (let b = 0; b < HASH_WORDS; b += 2) bf.encipher(cdata, b);
  }
  // The output words are emitted little-endian: that is how OpenBSD's bcrypt_hash writes them.
  const out = Buffer.alloc(HASH_WORDS * 4);
  for (let i = 0; i < HASH_WORDS; i++) out.writeUInt32LE(cdata[i]!, 4 * i);
  return out;
}

/**
 * bcrypt_pbkdf(pass, salt, keylen, rounds) as used by OpenSSH's "bcrypt" KDF:
 * each 32-byte block's bytes are spread across the output with a stride, so every output byte
 * depends on the whole computation.
 */
export function bcryptPbkdf(pass: Uint8Array, salt: Uint8Array, keyLength: number, rounds: number): Buffer {
  if (rounds < 1) throw new RangeError('bcrypt_pbkdf: rounds must be at least 1');
  if (keyLength < 1 || keyLength > 32 * 32) throw new RangeError('bcrypt_pbkdf: bad key length');
  if (salt.length === 0) throw new RangeError('bcrypt_pbkdf: empty salt');
  const blockLen = 32;
  const stride = Math.ceil(keyLength / blockLen);
  const amount = Math.ceil(keyLength / stride);
  const key = Buffer.alloc(keyLength);
  const sha2pass = createHash('sha512').update(pass).digest();
  let remaining = keyLength;
  for (let count = 1; remaining > 0; count++) {
    const countBytes = Buffer.alloc(4);
    countBytes.writeUInt32BE(count, 0);
    let sha2salt = createHash('sha512').update(salt).update(countBytes).digest();
    let tmp = bcryptHash(sha2pass, sha2salt);
    const out = Buffer.from(tmp);
    for (let r = 1; r < rounds; r++) {
      sha2salt = createHash('sha512').update(tmp).digest();
      tmp = bcryptHash(sha2pass, sha2salt);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! ^ tmp[i]!;
    }
    const take = Math.min(amount, remaining);
    let i = 0;
    for (; i < take; i++) {
      const dest = i * stride + (count - 1);
      if (dest >= keyLength) break;
      key[dest] = out[i]!;
    }
    remaining -= i;
  }
  return key;
}
