// Result vocabulary shared by probes, the runner, reports and the compliance-monitor format.

/** Per-testcase outcome as SCS defines it (scs_cert_lib: PASS 1, ABORT 0, FAIL -1; MISSING = no result). */
export type Outcome = 'PASS' | 'FAIL' | 'ABORT';
export type OutcomeOrMissing = Outcome | 'MISSING';

export const OUTCOME_VALUE: Record<Outcome, 1 | 0 | -1> = { PASS: 1, ABORT: 0, FAIL: -1 };

/** Result lifetimes of the scope YAML (`week` when unset). */
export type Lifetime = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Validity codes of a scope timeline entry. */
export type Validity = 'effective' | 'warn' | 'draft' | 'deprecated';

/**
 * What a probe judged: the resources it looked at and the values that decided the outcome.
 * Kept small and JSON-clean so it can go into reports verbatim; never holds secrets.
 */
export interface Evidence {
  /** Names/ids of the resources judged, e.g. flavor names. */
  judged?: string[];
  /** Offending resources with what is wrong with each. */
  offenders?: Array<{ resource: string; problem: string; [key: string]: unknown }>;
  /** Any further values the verdict rests on. */
  values?: Record<string, unknown>;
}

/** A documented difference between the standard's text and the reference scripts (kept next to the probe). */
export interface Deviation {
  id: string;
  /** What the standard's text says (what we implement by default). */
  standard: string;
  /** What the reference implementation (SovereignCloudStack/standards Tests/) does instead. */
  reference: string;
}

/** The outcome of one probe evaluation for one testcase. */
export interface ProbeResult {
  outcome: Outcome;
  /** Stable machine id of the message, e.g. `flavor-name-invalid`; tests assert ids, not English. */
  messageId: string;
  /** Human message; on FAIL it tells the operator what to change. */
  message: string;
  evidence?: Evidence;
  /** Non-fatal observations (the reference's WARNING/INFO lines). */
  warnings?: string[];
  /** Ids of probe deviations that decided this result (the reference would have judged otherwise). */
  deviations?: string[];
}
