// The run's resource ledger: every cloud resource an active gatherer creates, and whether it was deleted.
import { randomBytes } from 'node:crypto';
import type { LedgerEntry } from '../core/ledger.js';
import type { Ledger } from './types.js';

/** Prefix shape: `scs-cert-` + 6 hex digits + `-`, unique per run. */
export function newRunPrefix(): string {
  return `scs-cert-${randomBytes(3).toString('hex')}-`;
}

/** In-memory ledger; entries are live objects so gatherers can mark the ones they hold. */
export class RunLedger implements Ledger {
  readonly prefix: string;
  private readonly list: LedgerEntry[] = [];

  constructor(prefix: string = newRunPrefix()) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{3,}$/.test(prefix)) {
      throw new Error(
        `ledger prefix "${prefix}" is unsafe: use at least 4 letters, digits, dots, dashes or underscores`,
      );
    }
    this.prefix = prefix;
  }

  record(entry: Omit<LedgerEntry, 'state'>): LedgerEntry {
    const e: LedgerEntry = { ...entry, state: 'created' };
    this.list.push(e);
    return e;
  }

  markDeleted(entry: LedgerEntry): void {
    entry.state = 'deleted';
    delete entry.detail;
  }

  markLeaked(entry: LedgerEntry, detail: string): void {
    entry.state = 'leaked';
    entry.detail = detail;
  }

  /** Copies, in creation order. */
  entries(): LedgerEntry[] {
    return this.list.map((e) => ({ ...e }));
  }

  /** Entries not known to be deleted (still `created`, or `leaked`). */
  outstanding(): LedgerEntry[] {
    return this.entries().filter((e) => e.state !== 'deleted');
  }
}

export function createLedger(prefix?: string): RunLedger {
  return new RunLedger(prefix);
}
