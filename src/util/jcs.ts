// RFC 8785 JSON Canonicalization Scheme (JCS): the byte form report digests are computed over.
import jcs from 'canonicalize';
import { sha256 } from './sha256.js';

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
  const sorted = withSortedMembers(value);
  const text = sorted === NOT_PLAIN ? jcs(value) : JSON.stringify(sorted);
  if (text === undefined) throw new CanonicalizationError('$: not JSON data');
  return text;
}

const NOT_PLAIN = Symbol('not plain');
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * A copy of checked JSON data whose object members are in JCS order, or NOT_PLAIN. RFC 8785 writes numbers,
 * strings and literals exactly as ECMAScript's JSON.stringify does (§3.2.2) and differs from it only in member
 * order (§3.2.3: by UTF-16 code units, which is what Array.prototype.sort compares): so JSON.stringify of this
 * copy is the canonical form, written natively, several times faster than the package's walk on a cold start.
 * Two things JavaScript cannot hold in JCS order fall back to the package: an array-index-like key ("0", "42"),
 * which every object enumerates first in numeric order, and an array hole. Tests compare both paths on random
 * data.
 */
function withSortedMembers(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return NOT_PLAIN;
      const v = withSortedMembers(value[i]);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  // No prototype: a member named "__proto__" (JSON.parse makes such) stays a member.
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(record).sort()) {
    const v = record[k];
    if (v === undefined) continue;
    if (ARRAY_INDEX.test(k)) return NOT_PLAIN;
    const sorted = withSortedMembers(v);
    if (sorted === NOT_PLAIN) return NOT_PLAIN;
    out[k] = sorted;
  }
  return out;
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
  return sha256(canonicalize(value));
}

/** Subresource-Integrity form of the canonical digest: `sha256-<base64>` (as VC 2.0 digestSRI and Gaia-X use). */
export function canonicalDigestSri(value: unknown): string {
  return `sha256-${canonicalDigest(value).toString('base64')}`;
}
