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
  record(entry: Omit<LedgerEntry, 'state'>): LedgerEntry;
  markDeleted(entry: LedgerEntry): void;
  markLeaked(entry: LedgerEntry, detail: string): void;
  entries(): LedgerEntry[];
}
