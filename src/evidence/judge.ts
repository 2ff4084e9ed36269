// Judges the manual testcases of a scope against an evidence file: attested, missing, invalid or expired.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Scope } from '../standards/scope.js';
import { StandardsError } from '../standards/errors.js';
import type { EvidenceFile } from './evidence-file.js';
import type { ManualCheckReport, ManualChecks, ManualDocument } from '../results/manual-checks.js';

/** What to provide per manual testcase (standards/data/manual-evidence.yaml). */
export interface ProvideTable {
  testcases: Record<string, { standard: string; provide: string; url: string }>;
}

export interface ManualTestcase {
  id: string;
  /** `module: target` pairs that name the testcase. */
  modules: string[];
  description?: string;
  url?: string;
}

/** The scope's manual testcases (scripts without an executable), with the modules and targets naming them. */
export function manualTestcases(scope: Scope): ManualTestcase[] {
  return [...scope.testcases.values()]
    .filter((t) => t.manual)
    .map((t) => ({
      id: t.id,
      modules: [...scope.modules.values()].flatMap((m) =>
        Object.entries(m.targets)
          .filter(([, ids]) => ids.includes(t.id))
          .map(([target]) => `${m.id}: ${target}`),
      ),
      ...(t.description !== undefined && { description: t.description }),
      ...(t.url !== undefined && { url: t.url }),
    }));
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Checks one stated document: local files are hashed, remote ones are only bound by their stated digest. */
export function checkDocument(
  doc: { title?: string; path?: string; url?: string; sha256: string },
  baseDir: string,
): ManualDocument {
  const out: ManualDocument = {
    ...(doc.title !== undefined && { title: doc.title }),
    ...(doc.path !== undefined && { path: doc.path }),
    ...(doc.url !== undefined && { url: doc.url }),
    sha256: doc.sha256,
    check: 'remote-not-fetched',
  };
  if (doc.path === undefined) return out;
  const full = isAbsolute(doc.path) ? doc.path : resolve(baseDir, doc.path);
  if (!existsSync(full) || !statSync(full).isFile()) return { ...out, check: 'missing' };
  const found = sha256File(full);
  return found === doc.sha256 ? { ...out, check: 'match' } : { ...out, check: 'mismatch', found };
}

/**
 * Every manual testcase of the scope, judged: attested (documents match, dates valid), or what is missing.
 * An attestation for a testcase that is not manual in this scope, or evidence for another scope, is an error.
 */
export function judgeManualChecks(
  scope: Scope,
  evidence: EvidenceFile | undefined,
  referenceDate: string,
  table: ProvideTable | undefined,
): ManualChecks {
  const manual = manualTestcases(scope);
  if (evidence) {
    if (evidence.scope !== undefined && evidence.scope !== scope.uuid && evidence.scope !== scope.alias) {
      throw new StandardsError(
        evidence.file,
        undefined,
        `the evidence is for scope '${evidence.scope}', the run is for '${scope.alias ?? scope.uuid}'`,
        'give the evidence file of this scope',
      );
    }
    const ids = new Set(manual.map((m) => m.id));
    const stray = evidence.attestations.find((a) => !ids.has(a.testcase));
    if (stray) {
      throw new StandardsError(
        evidence.file,
        undefined,
        `'${stray.testcase}' is no manual testcase of scope ${scope.name} (manual: ${[...ids].join(', ') || 'none'})`,
        'attest only the manual testcases of the scope',
      );
    }
  }
  const checks = manual.map((m): ManualCheckReport => {
    const what = table?.testcases[m.id];
    const provide = what?.provide ?? m.description ?? 'documents proving the requirements of the testcase';
    const url = what?.url ?? m.url;
    const a = evidence?.attestations.find((x) => x.testcase === m.id);
    if (!a) {
      return {
        id: m.id,
        modules: m.modules,
        outcome: 'EVIDENCE-MISSING',
        message: `No evidence for ${m.id}: provide ${provide}`,
        documents: [],
        provide,
        ...(url !== undefined && { url }),
      };
    }
    const documents = a.documents.map((d) => checkDocument(d, evidence?.baseDir ?? '.'));
    const base = {
      id: m.id,
      modules: m.modules,
      statement: a.statement,
      attestedBy: a.attested_by,
      attestedAt: a.attested_at,
      validUntil: a.valid_until,
      documents,
    };
    const bad = documents.filter((d) => d.check === 'missing' || d.check === 'mismatch');
    const problems = [
      ...bad.map((d) =>
        d.check === 'missing'
          ? `document ${d.path} not found`
          : `document ${d.path} changed (sha256 ${d.found} instead of ${d.sha256})`,
      ),
      ...(a.valid_until < a.attested_at
        ? [`valid_until ${a.valid_until} lies before attested_at ${a.attested_at}`]
        : []),
      ...(a.attested_at > referenceDate
        ? [`attested_at ${a.attested_at} lies after the reference date ${referenceDate}`]
        : []),
    ];
    if (problems.length) {
      return {
        ...base,
        outcome: 'EVIDENCE-INVALID',
        message: `Evidence for ${m.id} does not hold: ${problems.join('; ')}`,
        provide,
        ...(url !== undefined && { url }),
      };
    }
    if (a.valid_until < referenceDate) {
      return {
        ...base,
        outcome: 'EVIDENCE-EXPIRED',
        message: `Evidence for ${m.id} expired on ${a.valid_until}: renew the attestation`,
        provide,
        ...(url !== undefined && { url }),
      };
    }
    const local = documents.filter((d) => d.check === 'match').length;
    const remote = documents.length - local;
    return {
      ...base,
      outcome: 'ATTESTED',
      message:
        `Attested by ${a.attested_by} on ${a.attested_at}, valid until ${a.valid_until}; ` +
        `${local} local document(s) match their SHA-256${remote ? `, ${remote} remote document(s) bound by digest (not fetched)` : ''}. ` +
        'A statement of the provider, not an automated check.',
    };
  });
  return { ...(evidence && { source: { file: evidence.file, sha256: evidence.sha256 } }), checks };
}

/**
 * Re-checks the local documents a report's manual checks name, relative to `baseDir` (where the documents are at
 * hand now): one line per document that is missing or changed.
 */
export function recheckDocuments(checks: ManualChecks, baseDir: string): string[] {
  const problems: string[] = [];
  for (const c of checks.checks) {
    for (const d of c.documents) {
      if (d.path === undefined) continue;
      const now = checkDocument({ path: d.path, sha256: d.sha256 }, baseDir);
      if (now.check === 'missing') problems.push(`${c.id}: document ${d.path} not found under ${baseDir}`);
      else if (now.check === 'mismatch')
        problems.push(
          `${c.id}: document ${d.path} changed (sha256 ${now.found}, the signed report states ${d.sha256})`,
        );
    }
  }
  return problems;
}
