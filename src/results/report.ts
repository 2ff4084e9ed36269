// The conformance report: the JSON source of truth every other format is rendered from.
import type { LedgerEntry } from '../core/ledger.js';
import type { Provenance } from '../core/provenance.js';
import type { Counts, RunVerdict } from './verdict.js';
import type { Evidence, Lifetime, OutcomeOrMissing, Validity } from './types.js';
import type { ManualChecks } from './manual-checks.js';

export const REPORT_SCHEMA_VERSION = '1';

export interface TestcaseReport {
  id: string;
  description?: string;
  url?: string;
  lifetime: Lifetime;
  section?: string;
  outcome: OutcomeOrMissing;
  messageId: string;
  message: string;
  evidence?: Evidence;
  warnings?: string[];
  /** Deviations from the reference scripts that decided this outcome. */
  deviations?: string[];
  probe: { id: string; params: Record<string, unknown> } | null;
  /** Version -> targets this testcase belongs to in the run. */
  targets: Record<string, string[]>;
  extension?: boolean;
  durationMs?: number;
  /** ISO 8601 UTC; absent for MISSING. */
  expiresAt?: string;
}

export interface TargetReport {
  result: OutcomeOrMissing;
  counts: Counts;
  testcases: string[];
}

export interface VersionReport {
  version: string;
  validity: Validity;
  stabilizedAt?: string;
  /** Verdict of the `main` target: what the certificate rests on. */
  result: OutcomeOrMissing;
  verdict: RunVerdict;
  targets: Record<string, TargetReport>;
}

export interface ArtifactReport {
  name: string;
  source: 'live' | 'files' | 'replay';
  status: 'ok' | 'error' | 'not-gathered';
  error?: string;
  durationMs?: number;
}

export interface SubjectInfo {
  /** The subject name (as the compliance monitor knows it). */
  name: string;
  kind: 'openstack' | 'kubernetes' | 'artifacts' | 'replay';
  /** True when the subject is scs-cert's embedded demo cloud or cluster, never a real one. */
  demo: boolean;
  note?: string;
  /** Identity of what was checked: cloud name, auth URL, region, project, cluster server, version. */
  details?: Record<string, unknown>;
}

export interface ConformanceReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: 'scs-cert/report';
  tool: { name: string; version: string; node: string };
  run: {
    uuid: string;
    argv: string[];
    assignment: Record<string, string>;
    mode: 'standard' | 'reference';
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    interrupted: boolean;
  };
  scope: { uuid: string; name: string; url?: string; alias?: string };
  suite: {
    digest: string;
    selection: { forcedVersion: string | null; tests: string | null; sections: string[] | null };
    inputs: Record<string, string>;
  };
  subject: SubjectInfo;
  /** Where the judged data came from (live, replay, saved artifacts) and whether it is a demo. */
  provenance: Provenance;
  referenceDate: string;
  /** ISO 8601 UTC instant the cloud was checked (the run's start). */
  checkedAt: string;
  verdict: RunVerdict;
  versions: VersionReport[];
  testcases: TestcaseReport[];
  artifacts: ArtifactReport[];
  resources: LedgerEntry[];
  deviations: Array<{ id: string; probe: string; standard: string; reference: string; testcases: string[] }>;
  apiCalls?: { total: number; byRoute?: Record<string, number> };
  /** Problems of the run itself (preflight, interrupted, cleanup), one line each. */
  notes: string[];
  /**
   * The scope's manual testcases with the provider's attestations (`run --evidence`, `--target preview`): statements
   * and document digests, signed with the report; never counted with the automated testcases.
   */
  manualChecks?: ManualChecks;
}
