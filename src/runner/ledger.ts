// The run's ledger of created resources: every resource an active gatherer creates, and whether it was deleted.
import { randomBytes } from 'node:crypto';
import type { LedgerEntry } from '../artifacts/iaas.js';
import type { Ledger } from '../gatherers/types.js';

export function runPrefix(): string {
  return `scs-cert-${randomBytes(3).toString('hex')}-`;
}

export class RunLedger implements Ledger {
  private readonly list: LedgerEntry[] = [];
  constructor(readonly prefix: string = runPrefix()) {}
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
  entries(): LedgerEntry[] {
    return this.list.map((e) => ({ ...e }));
  }
}
