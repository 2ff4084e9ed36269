// The gatherer contract: the only place (besides clients) that does IO; one artifact per gatherer.
import type { ArtifactName } from '../artifacts/names.js';
import type { ArtifactTypes } from '../artifacts/registry.js';
import type { LedgerEntry } from '../core/ledger-entry.js';

import type { Logger, ProgressFn } from '../core/logger.js';

// moved to src/core/logger.ts; kept until all callers are moved
export type { Logger, ProgressFn } from '../core/logger.js';

/** Records resources created by active gatherers so they are always deleted and the report can list them. */
export interface Ledger {
  /** Prefix every created resource name carries, unique per run (e.g. `scs-cert-1a2b3c-`). */
  readonly prefix: string;
  record(entry: Omit<LedgerEntry, 'state'>): LedgerEntry;
  markDeleted(entry: LedgerEntry): void;
  markLeaked(entry: LedgerEntry, detail: string): void;
  entries(): LedgerEntry[];
}

export interface GatherContext {
  /** Clients by kind; a gatherer for a kind the run has no client for fails with a clear error. */
  clients: Record<string, unknown>;
  ledger: Ledger;
  log: Logger;
  progress: ProgressFn;
  /** Aborted on Ctrl-C or run timeout; gatherers must stop waiting and clean up. */
  signal: AbortSignal;
  /** Run options a gatherer may need (e.g. sonobuoy results path, release data dir). */
  options: Readonly<Record<string, unknown>>;
  /** Data files from standards/, by data id. */
  data: Readonly<Record<string, unknown>>;
}

/** Produces one artifact of type `T`; the runner checks every value against the artifact's contract. */
export interface Gatherer<T = unknown> {
  artifact: ArtifactName;
  description: string;
  /** Artifacts this one is computed from (gathered first, passed in `deps`). */
  dependsOn?: ArtifactName[];
  /** Creates cloud resources (runs after passive gatherers, always cleans up). */
  active?: boolean;
  /** Per-gatherer timeout in ms (default from run options). */
  timeoutMs?: number;
  gather(ctx: GatherContext, deps: Partial<Record<ArtifactName, unknown>>): Promise<T>;
}

/** A gatherer typed by its artifact's contract: `const domainsGatherer: GathererOf<'Domains'> = { … }`. */
export type GathererOf<N extends ArtifactName> = Gatherer<ArtifactTypes[N]> & { artifact: N };
