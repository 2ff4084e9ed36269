// Digests over canonical JSON (RFC 8785, see src/util/jcs.ts) in the `sha256:<hex>` form suites and reports use.
import { createHash } from 'node:crypto';
import { canonicalize } from './jcs.js';

export function canonicalJson(value: unknown): string {
  return canonicalize(value);
}

export function sha256Digest(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function canonicalDigest(value: unknown): string {
  return sha256Digest(canonicalize(value));
}
