// Identifiers and timestamps of the embedded cloud: deterministic resource ids, unguessable tokens, per-service date formats.
import { createHash, randomBytes } from 'node:crypto';

/**
 * Deterministic id source: the same seed string yields the same ids in the same order. Each kind counts on
 * its own, so (say) issuing more tokens never shifts the ids of servers created later.
 */
export class IdSource {
  private readonly counters = new Map<string, number>();
  constructor(private readonly seed: string) {}

  private next(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return createHash('sha256').update(`${this.seed}:${kind}:${n}`).digest('hex');
  }

  /** RFC 4122 version-4 shaped UUID (Nova, Glance, Cinder, Neutron, Barbican, Octavia ids). */
  uuid(kind = 'uuid'): string {
    const h = this.next(kind);
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Keystone-style 32 hex digit id. */
  hex(kind = 'hex'): string {
    return this.next(kind).slice(0, 32);
  }

  /** A MAC address in OpenStack's fa:16:3e prefix. */
  mac(): string {
    const h = this.next('mac');
    return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
  }
}

/** A Fernet-looking token id; random because tokens are bearer secrets. */
export function newTokenId(): string {
  return 'gAAAAAB' + randomBytes(135).toString('base64url');
}

/** A random request id as every service stamps it (`req-<uuid>`). */
export function requestId(): string {
  const h = randomBytes(16).toString('hex');
  return `req-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `2026-08-21T10:00:00Z` (Nova, Glance, Neutron). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-08-21T10:00:00.000000Z` (Keystone). */
export function isoMicrosZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** `2026-08-21T10:00:00.000000` (Cinder: naive UTC with microseconds). */
export function isoMicrosNaive(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

/** `2026-08-21T10:00:00` (Octavia, Barbican: naive UTC). */
export function isoNaive(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
}
