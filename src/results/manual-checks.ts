// The manual-check part of a report: per manual testcase what the provider attests and the documents, digest-bound.

/** Outcome kinds of a manual testcase: never PASS, never counted with the automated testcases. */
export type ManualOutcome =
  /** Attested, within its validity, every local document matches its SHA-256. */
  | 'ATTESTED'
  /** No attestation for this testcase in the evidence file (or no evidence file). */
  | 'EVIDENCE-MISSING'
  /** A local document is missing or does not match its SHA-256, or the dates are inconsistent. */
  | 'EVIDENCE-INVALID'
  /** `valid_until` lies before the run's reference date. */
  | 'EVIDENCE-EXPIRED';

export interface ManualDocument {
  title?: string;
  /** Local path as the evidence file gives it (relative to the evidence file's directory). */
  path?: string;
  url?: string;
  /** The digest the evidence file states (lower-case hex). */
  sha256: string;
  /** `match`/`mismatch`/`missing` for local files; remote documents are bound by digest but not fetched. */
  check: 'match' | 'mismatch' | 'missing' | 'remote-not-fetched';
  /** The digest found, when it differs. */
  found?: string;
}

export interface ManualCheckReport {
  /** Manual testcase id (e.g. availability-zones-check). */
  id: string;
  /** Modules and targets of the scope that name it (e.g. scs-0121-v1-manual: preview). */
  modules: string[];
  outcome: ManualOutcome;
  message: string;
  statement?: string;
  attestedBy?: string;
  attestedAt?: string;
  validUntil?: string;
  documents: ManualDocument[];
  /** What the provider has to provide (from the standards' texts), when evidence is missing or invalid. */
  provide?: string;
  url?: string;
}

/** Where the evidence came from: the file and its digest, so the signed report binds the file too. */
export interface EvidenceSource {
  file: string;
  sha256: string;
}

/** JSON Schema of the report's `manualChecks` section (referenced from schemas/report.schema.json). */
export const MANUAL_CHECKS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['checks'],
  properties: {
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'sha256'],
      properties: { file: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'modules', 'outcome', 'message', 'documents'],
        properties: {
          id: { type: 'string' },
          modules: { type: 'array', items: { type: 'string' } },
          outcome: { enum: ['ATTESTED', 'EVIDENCE-MISSING', 'EVIDENCE-INVALID', 'EVIDENCE-EXPIRED'] },
          message: { type: 'string' },
          statement: { type: 'string' },
          attestedBy: { type: 'string' },
          attestedAt: { type: 'string' },
          validUntil: { type: 'string' },
          provide: { type: 'string' },
          url: { type: 'string' },
          documents: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['sha256', 'check'],
              properties: {
                title: { type: 'string' },
                path: { type: 'string' },
                url: { type: 'string' },
                sha256: { type: 'string' },
                check: { enum: ['match', 'mismatch', 'missing', 'remote-not-fetched'] },
                found: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;

export interface ManualChecks {
  source?: EvidenceSource;
  checks: ManualCheckReport[];
}
