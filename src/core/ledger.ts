// The run ledger: resources active checks create, recorded before waiting on them, listed in the report.

/** Resources an active gatherer created during the run (for the report's ledger). */
export interface LedgerEntry {
  kind: string;
  id?: string;
  name: string;
  createdBy: string;
  state: 'created' | 'deleted' | 'leaked';
  detail?: string;
}

/** Records resources created by active gatherers so they are always deleted and the report can list them. */
export interface Ledger {
  /** Prefix every created resource name carries, unique per run (e.g. `scs-cert-1a2b3c-`). */
  readonly prefix: string;
  /** Records a resource about to be created (no id yet: the intent) or just created. */
  record(entry: Omit<LedgerEntry, 'state'>): LedgerEntry;
  /** Sets the id of an entry once the cloud named it (from the answer, or found by name after a failure). */
  identify?(entry: LedgerEntry, id: string): void;
  /** Drops an intent the cloud refused outright: nothing was created. */
  discard?(entry: LedgerEntry): void;
  markDeleted(entry: LedgerEntry): void;
  markLeaked(entry: LedgerEntry, detail: string): void;
  entries(): LedgerEntry[];
}
