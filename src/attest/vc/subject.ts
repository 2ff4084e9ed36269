// What a report credential asserts: the credentialSubject built from a scs-cert report JSON, and its expiry.
import { canonicalDigestSri } from '../../util/jcs.js';

/** A report that cannot be turned into a credential (missing identity fields). One line. */
export class ReportShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportShapeError';
  }
}

/** How the credential refers to the report. */
export interface ReportReference {
  /** `sha256-<base64>` over the RFC 8785 canonical JSON of the report. */
  digestSRI: string;
  canonicalization: 'RFC8785';
  mediaType: 'application/json';
  schemaVersion?: string | number;
  /** The report itself, when embedded (`--embed-report`). */
  content?: unknown;
}

export interface ReportCredentialSubject {
  type: 'ScsConformanceResult';
  subject: { name: string; demo?: true };
  scope: { uuid: string; name?: string };
  versions: Array<{ version: string; verdict: string }>;
  tool?: { name?: string; version?: string };
  suite?: { digest?: string };
  checkedAt: string;
  report: ReportReference;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const get = (o: unknown, ...path: string[]): unknown => {
  let cur = o;
  for (const p of path) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
};

/**
 * Builds the credentialSubject from the report JSON. The only place that knows the report's field
 * names: adapt it here when the report schema changes. Required: subject.name, scope.uuid, checkedAt,
 * versions[].version/verdict. Everything else is copied when present.
 */
export function buildCredentialSubject(
  report: unknown,
  opts: { embed?: boolean } = {},
): ReportCredentialSubject {
  if (!isObj(report)) throw new ReportShapeError('the report is not a JSON object');
  const missing: string[] = [];
  const subjectName = str(get(report, 'subject', 'name'));
  const scopeUuid = str(get(report, 'scope', 'uuid'));
  const checkedAt = str(get(report, 'checkedAt'));
  const versionsRaw = get(report, 'versions');
  if (!subjectName) missing.push('subject.name');
  if (!scopeUuid) missing.push('scope.uuid');
  if (!checkedAt) missing.push('checkedAt');
  if (!Array.isArray(versionsRaw)) missing.push('versions');
  if (!subjectName || !scopeUuid || !checkedAt || !Array.isArray(versionsRaw)) {
    throw new ReportShapeError(`the report lacks ${missing.join(', ')}; is it a scs-cert report JSON?`);
  }
  if (Number.isNaN(Date.parse(checkedAt)))
    throw new ReportShapeError(`the report's checkedAt ${checkedAt} is not a date`);
  const versions = versionsRaw.map((v, i) => {
    const version = str(get(v, 'version'));
    const verdict = str(get(v, 'verdict'));
    if (!version || !verdict)
      throw new ReportShapeError(`the report's versions[${i}] lacks version or verdict`);
    return { version, verdict };
  });
  const toolName = str(get(report, 'tool', 'name'));
  const toolVersion = str(get(report, 'tool', 'version'));
  const suiteDigest = str(get(report, 'suite', 'digest'));
  const scopeName = str(get(report, 'scope', 'name'));
  const schemaVersion = get(report, 'schemaVersion');
  const reference: ReportReference = {
    digestSRI: canonicalDigestSri(report),
    canonicalization: 'RFC8785',
    mediaType: 'application/json',
    ...(typeof schemaVersion === 'string' || typeof schemaVersion === 'number' ? { schemaVersion } : {}),
    ...(opts.embed ? { content: report } : {}),
  };
  return {
    type: 'ScsConformanceResult',
    subject: {
      name: subjectName,
      ...(get(report, 'subject', 'demo') === true ? { demo: true as const } : {}),
    },
    scope: { uuid: scopeUuid, ...(scopeName ? { name: scopeName } : {}) },
    versions,
    ...(toolName || toolVersion
      ? {
          tool: { ...(toolName ? { name: toolName } : {}), ...(toolVersion ? { version: toolVersion } : {}) },
        }
      : {}),
    ...(suiteDigest ? { suite: { digest: suiteDigest } } : {}),
    checkedAt,
    report: reference,
  };
}

export type Lifetime = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * End of a result's validity (exclusive), from the monitor's add_period rules (scs-standards §2.2),
 * computed on the UTC calendar date of `checkedAt` (the monitor uses naive local time).
 */
export function addPeriod(checkedAt: Date, lifetime: Lifetime | undefined): Date {
  const y = checkedAt.getUTCFullYear();
  const m = checkedAt.getUTCMonth();
  const d = checkedAt.getUTCDate();
  switch (lifetime ?? 'week') {
    case 'day':
      return new Date(Date.UTC(y, m, d + 2));
    case 'week': {
      const weekday = (checkedAt.getUTCDay() + 6) % 7; // Monday = 0
      return new Date(Date.UTC(y, m, d + 14 - weekday));
    }
    case 'month':
      return new Date(Date.UTC(y, m + 2, 1));
    case 'quarter':
      return new Date(Date.UTC(y, Math.floor(m / 3) * 3 + 6, 1));
    case 'year':
      return new Date(Date.UTC(y + 1, m + 2, 1));
  }
}

const LIFETIMES = new Set(['day', 'week', 'month', 'quarter', 'year']);

/**
 * The earliest expiry among the report's testcase results: an explicit `expiresAt`/`validUntil`
 * (on the testcase or its `result`), else `lifetime` applied to the report's checkedAt.
 * Undefined when the report says nothing about expiry.
 */
export function earliestExpiry(report: unknown): Date | undefined {
  const checked = str(get(report, 'checkedAt'));
  const checkedAt = checked ? new Date(checked) : undefined;
  const testcases = get(report, 'testcases');
  if (!Array.isArray(testcases)) return undefined;
  let earliest: Date | undefined;
  for (const tc of testcases) {
    let when: Date | undefined;
    for (const holder of [tc, get(tc, 'result')]) {
      for (const field of ['expiresAt', 'validUntil', 'expires']) {
        const v = str(get(holder, field));
        if (v && !Number.isNaN(Date.parse(v))) when ??= new Date(v);
      }
    }
    if (!when && checkedAt && !Number.isNaN(checkedAt.getTime())) {
      const lifetime = get(tc, 'lifetime');
      if (typeof lifetime === 'string' && LIFETIMES.has(lifetime))
        when = addPeriod(checkedAt, lifetime as Lifetime);
    }
    if (when && (!earliest || when < earliest)) earliest = when;
  }
  return earliest;
}
