// JUnit XML as CI servers read it: one test case per SCS testcase, judged as the verdict (and exit code) judge it.
import junitModule, { type Builder } from 'junit-report-builder';
import type { ConformanceReport } from '../results/report.js';
import { decidingVersions, placeOf } from './deciding.js';

// The package is CommonJS with an ESM `default`; under Node's ESM loader the builder arrives as the whole exports.
const junitBuilder: Builder = (
  'newBuilder' in junitModule ? junitModule : (junitModule as { default: Builder }).default
) as Builder;

/**
 * One `<testsuite>` for the run, one `<testcase>` per SCS testcase (never one per version: CI servers would count
 * a testcase twice). A testcase's outcome is a failure/error only when it counts for the verdict (main target of
 * a deciding version); outcomes in draft versions or non-main targets alone are `<skipped>` with the outcome in
 * properties, so the XML never shows a failure while the exit code says compliant. Mapping: docs/report-format.md.
 */
export function renderJunit(report: ConformanceReport): string {
  const builder = junitBuilder.newBuilder().name(`${report.scope.name} — ${report.subject.name}`);
  const deciding = decidingVersions(report).map((v) => v.version);
  const className = report.scope.alias ?? report.scope.name.replace(/[^A-Za-z0-9_-]+/g, '-');
  const suite = builder
    .testSuite()
    .name(report.scope.alias ?? report.scope.name)
    .timestamp(new Date(report.checkedAt))
    .property('scope', report.scope.uuid)
    .property('subject', report.subject.name)
    .property('verdict', report.verdict)
    .property('deciding-versions', deciding.join(', '))
    .property('versions', report.versions.map((v) => `${v.version} (${v.validity}): ${v.result}`).join('; '))
    .property('suite-digest', report.suite.digest)
    .property('demo', String((report.provenance?.demo ?? false) || report.subject.demo));
  if (report.provenance) suite.property('provenance', report.provenance.source);
  for (const tc of report.testcases) {
    const place = placeOf(report, tc);
    const c = suite.testCase().className(className).name(tc.id);
    c.property('outcome', tc.outcome).property('versions', place.places.join(', '));
    if (tc.expiresAt) c.property('expires-at', tc.expiresAt);
    if (tc.deviations?.length) c.property('deviations', tc.deviations.join(', '));
    if (tc.durationMs !== undefined) c.time(tc.durationMs / 1000);
    const details = [tc.message, tc.description, tc.url].filter(Boolean).join('\n');
    if (!place.decides) {
      // Counted for no verdict: what happened is kept, but never as a failure.
      c.property('counts-for-verdict', 'false');
      if (tc.outcome !== 'PASS')
        c.skipped().standardOutput(`${tc.outcome} in ${place.places.join(', ')} (not deciding): ${details}`);
    } else if (tc.outcome === 'FAIL') c.failure(tc.message, tc.messageId).standardOutput(details);
    else if (tc.outcome === 'ABORT') c.error(tc.message, tc.messageId).standardOutput(details);
    else if (tc.outcome === 'MISSING') c.skipped().standardOutput(`MISSING: ${tc.message}`);
    if (tc.warnings?.length) c.standardError(tc.warnings.join('\n'));
  }
  return builder.build();
}
