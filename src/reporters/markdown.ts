// Markdown report for humans and review tools: summary table, then every non-passing testcase with its reason.
import { escapeControlDeep } from '../core/control-chars.js';
import type { ConformanceReport } from '../results/report.js';

const ICON: Record<string, string> = { PASS: '✅', FAIL: '🛑', ABORT: '⚠️', MISSING: '❓' };

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function renderMarkdown(raw: ConformanceReport): string {
  // Control characters from the cloud are shown as escapes, never passed to viewers raw.
  const report = escapeControlDeep(raw);
  const out: string[] = [];
  out.push(`# ${report.scope.name} — ${report.subject.name}`);
  out.push('');
  if (report.subject.demo || report.provenance?.demo)
    out.push(
      `> **Note:** ${report.subject.note ?? 'this report certifies the embedded demo cloud, not a real cloud.'}`,
      '',
    );
  out.push(`- Verdict: **${report.verdict}**`);
  if (report.provenance)
    out.push(
      `- Data: ${report.provenance.source}${report.provenance.demo ? ' (embedded demo)' : ''} — ${esc(report.provenance.basis.join('; '))}`,
    );
  out.push(`- Checked at: ${report.checkedAt} (reference date ${report.referenceDate})`);
  out.push(`- Tool: ${report.tool.name} ${report.tool.version}; suite digest \`${report.suite.digest}\``);
  out.push(`- Scope: ${report.scope.name} (\`${report.scope.uuid}\`)`);
  out.push(`- Run: \`${report.run.uuid}\`${report.run.interrupted ? ' (interrupted)' : ''}`);
  out.push('');
  out.push('| Version | Validity | Target | Result | Passed | Failed | Aborted | Missing |');
  out.push('| --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const v of report.versions) {
    for (const [target, t] of Object.entries(v.targets)) {
      out.push(
        `| ${v.version} | ${v.validity} | ${target} | ${ICON[t.result] ?? ''} ${t.result} | ${t.counts.passed} | ${t.counts.failed} | ${t.counts.aborted} | ${t.counts.missing} |`,
      );
    }
  }
  out.push('');
  const notPassed = report.testcases.filter((t) => t.outcome !== 'PASS');
  if (notPassed.length) {
    out.push('## Testcases that did not pass', '');
    out.push('| Testcase | Result | Why | Standard |');
    out.push('| --- | --- | --- | --- |');
    for (const t of notPassed) {
      out.push(
        `| \`${t.id}\` | ${ICON[t.outcome]} ${t.outcome} | ${esc(t.message)} | ${t.url ? `[text](${t.url})` : ''} |`,
      );
    }
    out.push('');
  }
  out.push('## All testcases', '');
  out.push('| Testcase | Result | Expires | Probe |');
  out.push('| --- | --- | --- | --- |');
  for (const t of report.testcases) {
    out.push(
      `| \`${t.id}\` | ${ICON[t.outcome]} ${t.outcome} | ${t.expiresAt?.slice(0, 10) ?? ''} | ${t.probe ? `\`${t.probe.id}\`` : '—'} |`,
    );
  }
  out.push('');
  // Only the deviations that decided an outcome of this run; the full list is docs/deviations.md.
  const decided = report.deviations.filter((d) => d.testcases.length);
  if (decided.length) {
    out.push('## Deviations from the reference scripts that decided outcomes', '');
    for (const d of decided) {
      out.push(
        `- **${d.id}** (\`${d.probe}\`), decided ${d.testcases.map((t) => `\`${t}\``).join(', ')}`,
        `  - Standard: ${esc(d.standard)}`,
        `  - Reference scripts: ${esc(d.reference)}`,
      );
    }
    out.push('');
  }
  if (report.resources.length) {
    out.push('## Resources created by the run', '');
    out.push('| Kind | Name | State |', '| --- | --- | --- |');
    for (const r of report.resources)
      out.push(`| ${r.kind} | \`${r.name}\` | ${r.state}${r.detail ? ` (${esc(r.detail)})` : ''} |`);
    out.push('');
  }
  if (report.manualChecks) {
    out.push('## Manual testcases (statements of the provider, not automated checks)', '');
    out.push('| Testcase | Outcome | Attested | Documents |', '| --- | --- | --- | --- |');
    for (const m of report.manualChecks.checks) {
      const who = m.attestedBy ? `${esc(m.attestedBy)}, ${m.attestedAt} – ${m.validUntil}` : esc(m.message);
      const docs = m.documents
        .map((d) => `${esc(d.path ?? d.url ?? '')} (${d.check}, sha256 \`${d.sha256.slice(0, 12)}…\`)`)
        .join('<br>');
      out.push(`| \`${m.id}\` | ${m.outcome} | ${who} | ${docs || '—'} |`);
    }
    out.push('');
  }
  if (report.notes.length) {
    out.push('## Notes', '');
    for (const n of report.notes) out.push(`- ${esc(n)}`);
    out.push('');
  }
  return out.join('\n');
}
