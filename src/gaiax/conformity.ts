// Turns a scs-cert conformance report into SCS conformity statements (gx:StandardConformity) bound to its digest.
import { readFileSync } from 'node:fs';
import { canonicalDigest } from '../util/canonical-json.js';
import type { ConformanceReport, VersionReport } from '../results/report.js';
import { xsdAnyUri, type JsonLdNode } from './vocab.js';
import { GaiaxError } from './errors.js';

export const SCS_PUBLISHER = 'Sovereign Cloud Stack (SCS)';
/** RDF type of the report in a credential's evidence. */
export const SCS_CERT_REPORT_TYPE = 'https://scs-cert.dev/schemas/report.schema.json#ConformanceReport';

/** The one place the report digest is computed: sha256 over the canonical JSON of the report file's parsed JSON. */
export function reportDigest(parsedReport: unknown): string {
  return canonicalDigest(parsedReport);
}

/** `sha256:<hex>` -> Subresource-Integrity form `sha256-<base64>` (VC 2.0 digestSRI). */
export function digestToSri(digest: string): string {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
  if (!hex) throw new Error(`not a sha256 digest: ${digest}`);
  return `sha256-${Buffer.from(hex, 'hex').toString('base64')}`;
}

export class ReportError extends GaiaxError {}

/** One version the cloud passed, as it goes into a credential. */
export interface ConformityStatement {
  scope: { uuid: string; name: string; url?: string; alias?: string };
  version: string;
  /** dcterms:title, e.g. "SCS-compatible IaaS v5.1". */
  title: string;
  standardReference: string;
  digest: string;
  reportRunId: string;
  checkedAt: string;
  subject: string;
  demo: boolean;
}

export interface ConformityResult {
  statements: ConformityStatement[];
  /** Versions in the report that are not compliant, with their verdict (left out). */
  omitted: Array<{ version: string; verdict: string }>;
  digest: string;
}

/** Reads a report file, keeping the parsed JSON exactly as written for the digest. */
export function readReport(file: string): { report: ConformanceReport; parsed: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReportError(
      `cannot read the report ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the report JSON that \`scs-cert run\` wrote`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ReportError(
      `${file} is not JSON (${(err as Error).message}); give the report .json, not the YAML`,
    );
  }
  const r = parsed as Partial<ConformanceReport> | null;
  if (!r || typeof r !== 'object' || r.kind !== 'scs-cert/report' || !Array.isArray(r.versions) || !r.scope)
    throw new ReportError(
      `${file} is not an scs-cert report (kind scs-cert/report); give the report JSON of a run`,
    );
  return { report: r as ConformanceReport, parsed };
}

/**
 * The statements a report supports: one per version whose verdict is compliant. Refuses reports without any
 * compliant version, and demo reports unless `allowDemo` (then the statements say DEMO).
 */
export function conformityFromReport(
  report: ConformanceReport,
  parsed: unknown,
  opts: { allowDemo?: boolean; file?: string } = {},
): ConformityResult {
  const where = opts.file ?? 'the report';
  const demo = report.subject?.demo === true;
  if (demo && !opts.allowDemo)
    throw new ReportError(
      `${where} is from the embedded demo cloud, not a real one; certify your cloud, or pass --allow-demo to try the flow (credentials are then marked DEMO)`,
    );
  const digest = reportDigest(parsed);
  const compliant: VersionReport[] = [];
  const omitted: ConformityResult['omitted'] = [];
  for (const v of report.versions) {
    if (v.verdict === 'compliant') compliant.push(v);
    else omitted.push({ version: v.version, verdict: v.verdict });
  }
  if (compliant.length === 0) {
    const list = omitted.map((o) => `${o.version} ${o.verdict}`).join(', ') || 'no versions';
    throw new ReportError(
      `${where} shows no compliant version of ${report.scope.name} (${list}); fix the failures and run again before stating conformity, or leave out --report`,
    );
  }
  const statements = compliant.map((v) => {
    const title = `${report.scope.name} ${v.version}${demo ? ' (DEMO: embedded demo cloud, not a real cloud)' : ''}`;
    const s: ConformityStatement = {
      scope: report.scope,
      version: v.version,
      title,
      standardReference: report.scope.url ?? `urn:uuid:${report.scope.uuid}`,
      digest,
      reportRunId: report.run?.uuid ?? '',
      checkedAt: report.checkedAt,
      subject: report.subject?.name ?? '',
      demo,
    };
    return s;
  });
  return { statements, omitted, digest };
}

/** The gx:StandardConformity subject of one statement. */
export function conformitySubject(s: ConformityStatement, id: string): JsonLdNode {
  return {
    id,
    type: 'gx:StandardConformity',
    'dcterms:title': s.title,
    'gx:publisher': SCS_PUBLISHER,
    'gx:standardReference': xsdAnyUri(s.standardReference),
  };
}

/**
 * What binds a statement to its report, outside the (closed) subject: a VC 2.0 relatedResource with the
 * report's digest, and an evidence entry naming scope, version, verdict, run and date.
 */
export function conformityEvidence(s: ConformityStatement): {
  relatedResource: JsonLdNode[];
  evidence: JsonLdNode[];
} {
  const reportId = s.reportRunId ? `urn:uuid:${s.reportRunId}` : `urn:scs-cert:report:${s.digest}`;
  return {
    relatedResource: [{ id: reportId, mediaType: 'application/json', digestSRI: digestToSri(s.digest) }],
    evidence: [
      {
        id: reportId,
        // A full IRI: a bare term would land in the gx: vocabulary (the Gaia-X context sets @vocab).
        type: [SCS_CERT_REPORT_TYPE],
        name: `scs-cert conformance report: ${s.scope.name} ${s.version} compliant`,
        description: `Checked ${s.checkedAt} on subject ${s.subject}${s.demo ? ' (DEMO: the embedded demo cloud)' : ''}; report digest ${s.digest} (sha256 over the canonical JSON of the report).`,
      },
    ],
  };
}
