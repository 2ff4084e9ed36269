// SHA-256 with node:crypto loaded on the first digest: loading it costs about as much as a short command's own
// work, and commands that never digest (--help, flavor-name) should not pay for it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;

/** SHA-256 of `data` (strings as UTF-8). */
export function sha256(data: string | Buffer): Buffer {
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest();
}
