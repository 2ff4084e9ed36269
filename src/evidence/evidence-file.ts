// Reads an evidence file (schemas/evidence.schema.json): the provider's attestations for manual testcases.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { validateOrThrow } from '../standards/schemas.js';
import { StandardsError } from '../standards/errors.js';
import { readYamlFile } from '../standards/yaml-file.js';

export const EVIDENCE_SCHEMA_ID = 'https://scs-cert.dev/schemas/evidence.schema.json';

export interface Attestation {
  testcase: string;
  statement: string;
  attested_by: string;
  attested_at: string;
  valid_until: string;
  documents: Array<{ title?: string; path?: string; url?: string; sha256: string }>;
}

export interface EvidenceFile {
  /** Absolute path of the file. */
  file: string;
  /** Directory local document paths are relative to. */
  baseDir: string;
  sha256: string;
  scope?: string;
  attestations: Attestation[];
}

/** Loads and validates; a schema error or a testcase attested twice is a one-line error naming file and line. */
export function loadEvidenceFile(path: string): EvidenceFile {
  const file = resolve(path);
  const yf = readYamlFile(file);
  validateOrThrow(EVIDENCE_SCHEMA_ID, yf.data, file, yf.lineOf);
  const raw = yf.data as { scope?: string; attestations: Attestation[] };
  const seen = new Set<string>();
  raw.attestations.forEach((a, i) => {
    if (seen.has(a.testcase)) {
      const line = yf.lineOf(`/attestations/${i}/testcase`);
      throw new StandardsError(
        file,
        line === undefined ? undefined : `line ${line}`,
        `testcase ${a.testcase} is attested twice`,
        'merge the two entries',
      );
    }
    seen.add(a.testcase);
    a.documents.forEach((d, j) => {
      if ((d.path === undefined) === (d.url === undefined)) {
        const line = yf.lineOf(`/attestations/${i}/documents/${j}`);
        throw new StandardsError(
          file,
          line === undefined ? undefined : `line ${line}`,
          'a document needs exactly one of path (a local file) and url',
          'give path: or url:, not both',
        );
      }
    });
  });
  return {
    file,
    baseDir: dirname(file),
    sha256: createHash('sha256').update(yf.text).digest('hex'),
    ...(raw.scope !== undefined && { scope: raw.scope }),
    attestations: raw.attestations,
  };
}
