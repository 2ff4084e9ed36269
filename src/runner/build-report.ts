// Aggregates testcase runs into the ConformanceReport: verdicts per target and version, expiry, deviations.
import type { LedgerEntry } from '../core/ledger.js';
import type { ProbeRegistry } from '../probes/registry.js';
import type { CompiledSuite } from '../standards/compiled-suite.js';
import { expiresAt } from '../results/expiry.js';
import { provenanceOf, type Provenance } from '../core/provenance.js';
import {
  REPORT_SCHEMA_VERSION,
  type ArtifactReport,
  type ConformanceReport,
  type SubjectInfo,
  type TestcaseReport,
  type VersionReport,
} from '../results/report.js';
import type { OutcomeOrMissing } from '../results/types.js';
import { combine, countOutcomes, versionVerdict, type RunVerdict } from '../results/verdict.js';
import { TOOL_NAME, TOOL_VERSION } from '../core/version.js';
import type { TestcaseRun } from './execute.js';

export interface BuildReportInput {
  suite: CompiledSuite;
  runs: TestcaseRun[];
  registry: ProbeRegistry;
  subject: SubjectInfo;
  /** Default: derived from the subject (its kind and demo flag). */
  provenance?: Provenance;
  runUuid: string;
  argv: string[];
  assignment: Record<string, string>;
  mode: 'standard' | 'reference';
  startedAt: Date;
  /** When the cloud's state was observed (= startedAt for live runs; the recording's time for replays). */
  checkedAt?: Date;
  finishedAt: Date;
  interrupted: boolean;
  artifacts: ArtifactReport[];
  resources: LedgerEntry[];
  notes: string[];
  apiCalls?: { total: number; byRoute?: Record<string, number> };
}

export function buildReport(input: BuildReportInput): ConformanceReport {
  const { suite, runs } = input;
  const byId = new Map(runs.map((r) => [r.testcase.id, r]));

  const testcases: TestcaseReport[] = runs.map((r) => {
    const tc = r.testcase;
    return {
      id: tc.id,
      ...(tc.description !== undefined && { description: tc.description }),
      ...(tc.url !== undefined && { url: tc.url }),
      lifetime: tc.lifetime,
      ...(tc.section !== undefined && { section: tc.section }),
      outcome: r.outcome,
      messageId: r.messageId,
      message: r.message,
      ...(r.evidence !== undefined && { evidence: r.evidence }),
      ...(r.warnings?.length && { warnings: r.warnings }),
      ...(r.deviations?.length && { deviations: r.deviations }),
      probe: tc.probe ? { id: tc.probe.id, params: tc.probe.params } : null,
      targets: tc.targets,
      ...(tc.extension && { extension: true }),
      ...(r.durationMs !== undefined && { durationMs: r.durationMs }),
      ...(r.outcome !== 'MISSING' && {
        expiresAt: expiresAt(input.checkedAt ?? input.startedAt, tc.lifetime).toISOString(),
      }),
    };
  });

  const versions: VersionReport[] = suite.versions.map((v) => {
    const targets: VersionReport['targets'] = {};
    for (const [target, ids] of Object.entries(v.targets)) {
      const outcomes: OutcomeOrMissing[] = ids.map((id) => byId.get(id)?.outcome ?? 'MISSING');
      targets[target] = { result: combine(outcomes), counts: countOutcomes(outcomes), testcases: [...ids] };
    }
    const main = targets['main'];
    const mainResult = main?.result ?? 'PASS';
    const ran = main ? main.counts.passed + main.counts.failed + main.counts.aborted : 0;
    return {
      version: v.version,
      validity: v.validity,
      ...(v.stabilizedAt !== undefined && { stabilizedAt: v.stabilizedAt }),
      result: mainResult,
      verdict: versionVerdict(mainResult, ran),
      targets,
    };
  });

  const deviations = collectDeviations(testcases, input.registry);

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'scs-cert/report',
    tool: { name: TOOL_NAME, version: TOOL_VERSION, node: process.versions.node },
    run: {
      uuid: input.runUuid,
      argv: input.argv,
      assignment: input.assignment,
      mode: input.mode,
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
      interrupted: input.interrupted,
    },
    scope: {
      uuid: suite.scope.uuid,
      name: suite.scope.name,
      ...(suite.scope.url !== undefined && { url: suite.scope.url }),
      ...(suite.scope.alias !== undefined && { alias: suite.scope.alias }),
    },
    suite: { digest: suite.digest, selection: suite.selection, inputs: suite.inputs },
    subject: input.subject,
    provenance: input.provenance ?? provenanceOf(input.subject),
    referenceDate: suite.referenceDate,
    checkedAt: (input.checkedAt ?? input.startedAt).toISOString(),
    verdict: overallVerdict(versions),
    versions,
    testcases,
    artifacts: input.artifacts,
    resources: input.resources,
    deviations,
    ...(input.apiCalls && { apiCalls: input.apiCalls }),
    notes: input.notes,
  };
}

/**
 * The run's verdict rests on the certifiable versions (effective or warn) among those run; when none of them
 * was run (e.g. a forced draft), on all versions run. Any failure there makes it non-compliant; otherwise any
 * abort, missing result or empty main target makes it incomplete.
 */
export function overallVerdict(versions: VersionReport[]): RunVerdict {
  const certifiable = versions.filter((v) => v.validity === 'effective' || v.validity === 'warn');
  const deciding = certifiable.length ? certifiable : versions;
  if (deciding.length === 0) return 'incomplete';
  if (deciding.some((v) => v.verdict === 'non-compliant')) return 'non-compliant';
  if (deciding.some((v) => v.verdict === 'incomplete')) return 'incomplete';
  return 'compliant';
}

function collectDeviations(
  testcases: TestcaseReport[],
  registry: ProbeRegistry,
): ConformanceReport['deviations'] {
  const out = new Map<string, ConformanceReport['deviations'][number]>();
  for (const tc of testcases) {
    if (!tc.probe) continue;
    const probe = registry.get(tc.probe.id);
    if (!probe) continue;
    for (const d of probe.meta.deviations ?? []) {
      const key = `${probe.meta.id}/${d.id}`;
      const entry = out.get(key) ?? {
        id: d.id,
        probe: probe.meta.id,
        standard: d.standard,
        reference: d.reference,
        testcases: [],
      };
      if (tc.deviations?.includes(d.id)) entry.testcases.push(tc.id);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}
