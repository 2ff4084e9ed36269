// JUnit XML for CI: one testsuite per version/target, one testcase per SCS testcase.
import junitModule, { type Builder } from 'junit-report-builder';
import type { ConformanceReport } from '../results/report.js';

// The package is CommonJS with an ESM `default`; under Node's ESM loader the builder arrives as the whole exports.
const junitBuilder: Builder = (
  'newBuilder' in junitModule ? junitModule : (junitModule as { default: Builder }).default
) as Builder;

export function renderJunit(report: ConformanceReport): string {
  const builder = junitBuilder.newBuilder().name(`${report.scope.name} — ${report.subject.name}`);
  const byId = new Map(report.testcases.map((t) => [t.id, t]));
  for (const v of report.versions) {
    for (const [target, t] of Object.entries(v.targets)) {
      const suite = builder
        .testSuite()
        .name(`${report.scope.name} ${v.version} ${target}`)
        .timestamp(new Date(report.checkedAt))
        .property('scope', report.scope.uuid)
        .property('version', v.version)
        .property('validity', v.validity)
        .property('target', target)
        .property('subject', report.subject.name)
        .property('suite-digest', report.suite.digest);
      if (report.provenance) {
        suite.property('provenance', report.provenance.source);
        suite.property('demo', String(report.provenance.demo || report.subject.demo));
      }
      for (const id of t.testcases) {
        const tc = byId.get(id);
        const c = suite
          .testCase()
          .className(`${report.scope.alias ?? report.scope.uuid}.${v.version}.${target}`)
          .name(id);
        if (!tc) {
          c.skipped();
          continue;
        }
        if (tc.durationMs !== undefined) c.time(tc.durationMs / 1000);
        const details = [tc.message, tc.description, tc.url].filter(Boolean).join('\n');
        if (tc.outcome === 'FAIL') c.failure(tc.message, tc.messageId).standardOutput(details);
        else if (tc.outcome === 'ABORT') c.error(tc.message, tc.messageId).standardOutput(details);
        else if (tc.outcome === 'MISSING') c.skipped().standardOutput(`MISSING: ${tc.message}`);
        if (tc.warnings?.length) c.standardError(tc.warnings.join('\n'));
      }
    }
  }
  return builder.build();
}
