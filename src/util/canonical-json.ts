// Digests over canonical JSON (RFC 8785, see src/util/jcs.ts) in the `sha256:<hex>` form suites and reports use.
import { canonicalize } from './jcs.js';
import { sha256 } from './sha256.js';

export function canonicalJson(value: unknown): string {
  return canonicalize(value);
}

export function sha256Digest(text: string | Buffer): string {
  return `sha256:${sha256(text).toString('hex')}`;
}

export function canonicalDigest(value: unknown): string {
  return sha256Digest(canonicalize(value));
}
