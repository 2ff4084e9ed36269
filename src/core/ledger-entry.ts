// A resource an active gatherer created during the run: recorded before waiting on it, listed in the report.

/** Resources an active gatherer created during the run (for the report's ledger). */
export interface LedgerEntry {
  kind: string;
  id?: string;
  name: string;
  createdBy: string;
  state: 'created' | 'deleted' | 'leaked';
  detail?: string;
}
