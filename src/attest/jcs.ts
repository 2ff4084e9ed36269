// RFC 8785 JSON Canonicalization Scheme (JCS): the byte form report digests are computed over.
import { createHash } from 'node:crypto';

export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

/**
 * Serialises JSON data canonically: object members sorted by their UTF-16 code units, no whitespace,
 * numbers as ECMAScript prints them, strings with JSON.stringify's minimal escapes (RFC 8785 §3.2).
 * Object members whose value is `undefined` are left out (as JSON.stringify does); anything that is
 * not JSON data (NaN, Infinity, functions, bigint, lone surrogates, undefined in arrays) is refused.
 */
export function canonicalize(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${path}: ${value} is not a JSON number`);
      // ECMAScript Number-to-String is exactly the RFC 8785 number format (and prints -0 as 0).
      return JSON.stringify(value);
    case 'string':
      checkWellFormed(value, path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((v, i) => {
            if (v === undefined) throw new CanonicalizationError(`${path}[${i}]: undefined is not JSON`);
            return serialise(v, `${path}[${i}]`);
          })
          .join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalizationError(
          `${path}: ${(value as object).constructor?.name ?? 'object'} is not plain JSON`,
        );
      }
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 prescribes.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries
        .map(([k, v]) => {
          checkWellFormed(k, path);
          return `${JSON.stringify(k)}:${serialise(v, `${path}.${k}`)}`;
        })
        .join(',')}}`;
    }
    default:
      throw new CanonicalizationError(`${path}: a ${typeof value} is not JSON`);
  }
}

function checkWellFormed(s: string, path: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      throw new CanonicalizationError(`${path}: string holds a lone surrogate`);
    }
    if (c >= 0xdc00 && c <= 0xdfff) throw new CanonicalizationError(`${path}: string holds a lone surrogate`);
  }
}

/** SHA-256 over the UTF-8 bytes of the canonical form. */
export function canonicalDigest(value: unknown): Buffer {
  return createHash('sha256').update(canonicalize(value), 'utf8').digest();
}

/** Subresource-Integrity form of the canonical digest: `sha256-<base64>` (as VC 2.0 digestSRI and Gaia-X use). */
export function canonicalDigestSri(value: unknown): string {
  return `sha256-${canonicalDigest(value).toString('base64')}`;
}
