// The run's resource ledger: every cloud resource an active gatherer creates, and whether it was deleted.
import { randomBytes } from 'node:crypto';
import type { LedgerEntry } from '../core/ledger.js';
import type { Ledger } from '../core/ledger.js';

/** Prefix shape: `scs-cert-` + 6 hex digits + `-`, unique per run. */
export function newRunPrefix(): string {
  return `scs-cert-${randomBytes(3).toString('hex')}-`;
}

/** Told of every change, so the ledger can be kept on disk while the run lives (see run-record.ts). */
export type LedgerJournal = (entries: LedgerEntry[]) => void;

/**
 * In-memory ledger; entries are live objects so gatherers can mark the ones they hold. An entry is recorded
 * before its create call (intent: no id yet), so a resource whose create answer was lost is still known by
 * its name.
 */
export class RunLedger implements Ledger {
  readonly prefix: string;
  private readonly list: LedgerEntry[] = [];

  constructor(
    prefix: string = newRunPrefix(),
    private readonly journal?: LedgerJournal,
  ) {
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
    this.changed();
    return e;
  }

  identify(entry: LedgerEntry, id: string): void {
    entry.id = id;
    this.changed();
  }

  discard(entry: LedgerEntry): void {
    const i = this.list.indexOf(entry);
    if (i >= 0) this.list.splice(i, 1);
    this.changed();
  }

  markDeleted(entry: LedgerEntry): void {
    entry.state = 'deleted';
    delete entry.detail;
    this.changed();
  }

  markLeaked(entry: LedgerEntry, detail: string): void {
    entry.state = 'leaked';
    entry.detail = detail;
    this.changed();
  }

  /** Copies, in creation order. */
  entries(): LedgerEntry[] {
    return this.list.map((e) => ({ ...e }));
  }

  /** Entries not known to be deleted (still `created`, or `leaked`). */
  outstanding(): LedgerEntry[] {
    return this.entries().filter((e) => e.state !== 'deleted');
  }

  private changed(): void {
    this.journal?.(this.entries());
  }
}

export function createLedger(prefix?: string): RunLedger {
  return new RunLedger(prefix);
}
