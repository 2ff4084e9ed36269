// RFC 8785 JSON Canonicalization Scheme (JCS): the byte form report digests are computed over.
import { createHash } from 'node:crypto';
import jcs from 'canonicalize';

export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

/**
 * Serialises JSON data canonically (RFC 8785) with the `canonicalize` package. Object members whose value is
 * `undefined` are left out (as JSON.stringify does). Anything that is not JSON data (NaN, Infinity, functions,
 * bigint, lone surrogates, undefined in arrays, Dates and other class instances) is refused with its path first:
 * the package would quietly turn some of them into `null` or their `toJSON()` form, and a digest that is
 * signed must be over exactly the data given.
 */
export function canonicalize(value: unknown): string {
  assertJsonData(value, []);
  const text = jcs(value);
  if (text === undefined) throw new CanonicalizationError('$: not JSON data');
  return text;
}

/** `$`, `$.a`, `$.a[0]` for a path of keys and indexes (built only for an error: the walk allocates nothing). */
function pathOf(keys: ReadonlyArray<string | number>): string {
  return keys.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${k}`), '$');
}

function assertJsonData(value: unknown, keys: Array<string | number>): void {
  if (value === null) return;
  switch (typeof value) {
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalizationError(`${pathOf(keys)}: ${value} is not a JSON number`);
      return;
    case 'string':
      checkWellFormed(value, keys);
      return;
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) continue; // a hole, skipped as forEach skips it
          const v: unknown = value[i];
          keys.push(i);
          if (v === undefined) throw new CanonicalizationError(`${pathOf(keys)}: undefined is not JSON`);
          assertJsonData(v, keys);
          keys.pop();
        }
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalizationError(
          `${pathOf(keys)}: ${value.constructor.name || 'object'} is not plain JSON`,
        );
      }
      for (const k in value) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
        checkWellFormed(k, keys);
        const v: unknown = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        keys.push(k);
        assertJsonData(v, keys);
        keys.pop();
      }
      return;
    }
    default:
      throw new CanonicalizationError(`${pathOf(keys)}: a ${typeof value} is not JSON`);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

function checkWellFormed(s: string, keys: ReadonlyArray<string | number>): void {
  if (!SURROGATE.test(s)) return; // the common case, checked natively
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      throw new CanonicalizationError(`${pathOf(keys)}: string holds a lone surrogate`);
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      throw new CanonicalizationError(`${pathOf(keys)}: string holds a lone surrogate`);
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
