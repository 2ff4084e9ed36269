// The gatherer contract: the only place (besides clients) that does IO; one artifact per gatherer.
import type { ArtifactName } from '../artifacts/names.js';
import type { ArtifactTypes } from '../artifacts/registry.js';
import type { Ledger } from '../core/ledger.js';
import type { Logger, ProgressFn } from '../core/logger.js';

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
  /**
   * Hands over work that may finish after the artifact (e.g. confirming deletions): the run judges without
   * waiting for it and awaits it before the report lists the resources. Absent: do the work before returning.
   */
  defer?: (work: Promise<unknown>) => void;
}

/** The artifacts a gatherer named in `dependsOn`, already checked against their contracts. */
export type GatherDeps = Partial<ArtifactTypes>;

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
  /**
   * Waits on the cloud longer than anything else (a backup cycle): started before every other artifact, so it
   * never queues behind shorter checks for a slot and the run lasts about as long as this chain.
   */
  startFirst?: boolean;
  gather(ctx: GatherContext, deps: GatherDeps): Promise<T>;
}

/** A gatherer typed by its artifact's contract: `const domainsGatherer: GathererOf<'Domains'> = { … }`. */
export type GathererOf<N extends ArtifactName> = Gatherer<ArtifactTypes[N]> & { artifact: N };
