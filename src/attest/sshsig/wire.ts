// SSH wire encoding (RFC 4251 §5): uint32, string and mpint readers/writers used by keys and signatures.

/** A malformed SSH structure (truncated, trailing bytes, bad encoding); the message says which field. */
export class SshFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshFormatError';
  }
}

/** Sequential reader over an SSH wire buffer; every read checks bounds and names the field it reads. */
export class SshReader {
  private offset = 0;

  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  uint32(field = 'uint32'): number {
    if (this.remaining < 4) throw new SshFormatError(`truncated ${field}`);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).getUint32(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number, field = 'bytes'): Buffer {
    if (n < 0 || this.remaining < n) throw new SshFormatError(`truncated ${field}`);
    const out = Buffer.from(this.buf.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }

  /** An SSH `string`: uint32 length followed by that many bytes. */
  string(field = 'string'): Buffer {
    const len = this.uint32(`${field} length`);
    return this.bytes(len, field);
  }

  /** A `string` that must be text (namespaces, key types, algorithm names): decoded as UTF-8. */
  text(field = 'string'): string {
    return this.string(field).toString('utf8');
  }

  /**
   * An SSH `mpint`, returned as a non-negative big-endian magnitude without leading zeros.
   * Negative values are refused; redundant leading zeros are tolerated, as OpenSSH does.
   */
  mpint(field = 'mpint'): Buffer {
    const raw = this.string(field);
    if (raw.length > 0 && raw.readUInt8(0) & 0x80) throw new SshFormatError(`negative ${field}`);
    let start = 0;
    while (start < raw.length && raw[start] === 0) start++;
    return raw.subarray(start);
  }

  /** Throws if anything is left: SSH structures never carry trailing bytes. */
  end(what: string): void {
    if (this.remaining !== 0) throw new SshFormatError(`${what} has ${this.remaining} trailing bytes`);
  }

  rest(): Buffer {
    return this.bytes(this.remaining, 'rest');
  }
}

/** Accumulating writer producing SSH wire encoding. */
export class SshWriter {
  private readonly parts: Buffer[] = [];

  uint32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0, 0);
    this.parts.push(b);
    return this;
  }

  raw(bytes: Uint8Array | string): this {
    this.parts.push(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes));
    return this;
  }

  string(bytes: Uint8Array | string): this {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    this.uint32(b.length);
    this.parts.push(b);
    return this;
  }

  /** Writes a non-negative integer given as big-endian magnitude bytes (leading zeros are dropped). */
  mpint(magnitude: Uint8Array): this {
    let start = 0;
    while (start < magnitude.length && magnitude[start] === 0) start++;
    const m = Buffer.from(magnitude.subarray(start));
    if (m.length === 0) return this.uint32(0);
    return m.readUInt8(0) & 0x80 ? this.string(Buffer.concat([Buffer.from([0]), m])) : this.string(m);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Left-pads a big-endian magnitude to `len` bytes (JWK coordinates and private scalars are fixed-width). */
export function padStart(bytes: Uint8Array, len: number): Buffer {
  let start = 0;
  while (bytes.length - start > len && bytes[start] === 0) start++;
  const b = Buffer.from(bytes.subarray(start));
  if (b.length > len) throw new SshFormatError(`value is ${b.length} bytes, expected at most ${len}`);
  return b.length === len ? b : Buffer.concat([Buffer.alloc(len - b.length), b]);
}

/** Strips leading zero bytes (mpint magnitudes to JWK/bigint). */
export function stripLeadingZeros(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start));
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

export function bigIntToBytes(v: bigint): Buffer {
  if (v < 0n) throw new RangeError('negative');
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}
