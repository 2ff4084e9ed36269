// A self-contained HTML report for people: verdict per version, failing testcases first with their evidence.
import type { ConformanceReport, TestcaseReport } from '../results/report.js';
import type { Evidence, OutcomeOrMissing } from '../results/types.js';
import { placeOf } from './deciding.js';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = (v: unknown): string => escapeHtml(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Only http(s) links become anchors; anything else (javascript:, data:) stays text. */
function link(url: string | undefined, text: string): string {
  if (!url || !/^https?:\/\//i.test(url)) return e(text);
  return `<a href="${e(url)}" rel="noreferrer noopener">${e(text)}</a>`;
}

const OUTCOME_ORDER: Record<OutcomeOrMissing, number> = { FAIL: 0, ABORT: 1, MISSING: 2, PASS: 3 };

// Inline only: the file must render the same offline, from a CI artifact store or an e-mail attachment.
const STYLE = `
:root { color-scheme: light; --fail:#b42318; --abort:#9a3412; --missing:#854d0e; --pass:#166534; --muted:#555; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: #1a1a1a; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: var(--muted); font-size: .9em; margin: 0; }
.verdict { display: inline-block; padding: 6px 14px; border-radius: 6px; font-weight: 700; font-size: 1.1em; color: #fff; margin: 12px 0; }
.verdict.compliant { background: var(--pass); } .verdict.non-compliant { background: var(--fail); } .verdict.incomplete { background: var(--missing); }
.banner { background: #fff7d6; border: 1px solid #e3c84b; padding: 8px 12px; border-radius: 6px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 6px 0; }
th, td { border: 1px solid #ddd; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.o { font-weight: 700; white-space: nowrap; } .o.FAIL { color: var(--fail); } .o.ABORT { color: var(--abort); } .o.MISSING { color: var(--missing); } .o.PASS { color: var(--pass); }
.tc { background: #fff; border: 1px solid #ddd; border-left: 6px solid #999; border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.tc.FAIL { border-left-color: var(--fail); } .tc.ABORT { border-left-color: var(--abort); } .tc.MISSING { border-left-color: var(--missing); }
.tc h3 { font-size: 1.05em; margin: 0 0 6px; } .tc .msg { margin: 4px 0; white-space: pre-wrap; }
.tag { display: inline-block; font-size: .8em; border: 1px solid #bbb; border-radius: 10px; padding: 0 8px; margin-left: 6px; color: var(--muted); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.nowrap { white-space: nowrap; }
details summary { cursor: pointer; color: var(--muted); }
footer { color: var(--muted); font-size: .85em; margin-top: 32px; }
`;

function evidenceHtml(ev: Evidence | undefined): string {
  if (!ev) return '';
  const parts: string[] = [];
  if (ev.offenders?.length) {
    const extraKeys = [
      ...new Set(
        ev.offenders.flatMap((o) => Object.keys(o).filter((k) => k !== 'resource' && k !== 'problem')),
      ),
    ];
    parts.push(
      '<table class="offenders"><thead><tr><th>Resource</th><th>Problem</th>' +
        extraKeys.map((k) => `<th>${e(k)}</th>`).join('') +
        '</tr></thead><tbody>' +
        ev.offenders
          .map(
            (o) =>
              `<tr><td><code>${e(o.resource)}</code></td><td>${e(o.problem)}</td>` +
              extraKeys.map((k) => `<td>${o[k] === undefined ? '' : e(o[k])}</td>`).join('') +
              '</tr>',
          )
          .join('') +
        '</tbody></table>',
    );
  }
  if (ev.values && Object.keys(ev.values).length)
    parts.push(`<pre class="values">${e(JSON.stringify(ev.values, null, 2))}</pre>`);
  if (ev.judged?.length)
    parts.push(
      `<details><summary>${ev.judged.length} resource(s) judged</summary><p>${ev.judged.map((j) => `<code>${e(j)}</code>`).join(', ')}</p></details>`,
    );
  return parts.length ? `<div class="evidence"><strong>Evidence</strong>${parts.join('')}</div>` : '';
}

function testcaseCard(report: ConformanceReport, tc: TestcaseReport): string {
  const place = placeOf(report, tc);
  return `<section class="tc ${e(tc.outcome)}" id="tc-${e(tc.id)}">
<h3><span class="o ${e(tc.outcome)}">${e(tc.outcome)}</span> <code>${e(tc.id)}</code>${place.decides ? '' : '<span class="tag">does not decide the verdict</span>'}</h3>
${tc.description ? `<p class="desc">${e(tc.description)}</p>` : ''}
<p class="msg">${e(tc.message)}</p>
<p class="meta">${[
    `in ${e(place.places.join(', ') || '—')}`,
    tc.expiresAt ? `result valid until ${e(tc.expiresAt.slice(0, 10))}` : '',
    tc.url ? `standard: ${link(tc.url, tc.url)}` : '',
    tc.probe ? `probe <code>${e(tc.probe.id)}</code>` : 'no probe bound',
  ]
    .filter(Boolean)
    .join(' · ')}</p>
${tc.warnings?.length ? `<ul class="warnings">${tc.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>` : ''}
${tc.deviations?.length ? `<p>Decided by deviation(s): ${tc.deviations.map((d) => `<a href="#dev-${e(d)}"><code>${e(d)}</code></a>`).join(', ')}</p>` : ''}
${evidenceHtml(tc.evidence)}
</section>`;
}

function provenance(report: ConformanceReport): string {
  switch (report.subject.kind) {
    case 'replay':
      return 'a replayed recording';
    case 'artifacts':
      return 'saved artifacts';
    default:
      return report.subject.demo
        ? `the embedded demo ${report.subject.kind === 'kubernetes' ? 'cluster' : 'cloud'}`
        : 'a live cloud';
  }
}

export function renderHtml(report: ConformanceReport): string {
  const title = `${report.scope.name} — ${report.subject.name}: ${report.verdict}`;
  const notPassed = report.testcases
    .filter((t) => t.outcome !== 'PASS')
    .map((t) => ({ t, decides: placeOf(report, t).decides }))
    .sort(
      (a, b) =>
        Number(b.decides) - Number(a.decides) ||
        OUTCOME_ORDER[a.t.outcome] - OUTCOME_ORDER[b.t.outcome] ||
        a.t.id.localeCompare(b.t.id),
    );
  const passed = report.testcases.filter((t) => t.outcome === 'PASS');
  const deciding = report.deviations.filter((d) => d.testcases.length);
  const out: string[] = [];
  out.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`${report.tool.name} ${report.tool.version}`)}">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(report.scope.name)} — ${e(report.subject.name)}</h1>
<p class="meta">Checked ${e(report.checkedAt)} (reference date ${e(report.referenceDate)}) · data from ${e(provenance(report))} · ${e(report.tool.name)} ${e(report.tool.version)} · mode ${e(report.run.mode)} · run <code>${e(report.run.uuid)}</code>${report.run.interrupted ? ' · <strong>interrupted</strong>' : ''}</p>
${report.subject.demo ? `<p class="banner">${e(report.subject.note ?? 'This report certifies the embedded demo cloud, not a real cloud.')}</p>` : ''}
<div class="verdict ${e(report.verdict)}" id="verdict">${e(report.verdict.toUpperCase())}</div>
<h2>Versions</h2>
<table id="versions"><thead><tr><th>Version</th><th>Validity</th><th>Target</th><th>Result</th><th>Passed</th><th>Failed</th><th>Aborted</th><th>Missing</th></tr></thead><tbody>`);
  for (const v of report.versions)
    for (const [target, t] of Object.entries(v.targets))
      out.push(
        `<tr><td>${e(v.version)}</td><td>${e(v.validity)}${v.stabilizedAt ? ` since ${e(v.stabilizedAt)}` : ''}</td><td>${e(target)}</td><td class="o ${e(t.result)}">${e(t.result)}</td><td class="num">${t.counts.passed}</td><td class="num">${t.counts.failed}</td><td class="num">${t.counts.aborted}</td><td class="num">${t.counts.missing}</td></tr>`,
      );
  out.push('</tbody></table>');
  out.push(`<h2 id="not-passed">Testcases that did not pass (${notPassed.length})</h2>`);
  out.push(
    notPassed.length
      ? notPassed.map(({ t }) => testcaseCard(report, t)).join('\n')
      : '<p>Every testcase passed.</p>',
  );
  if (deciding.length) {
    out.push('<h2 id="deviations">Deviations from the reference scripts that decided outcomes</h2>');
    for (const d of deciding)
      out.push(
        `<section class="tc" id="dev-${e(d.id)}"><h3><code>${e(d.id)}</code> <span class="tag">${e(d.probe)}</span></h3><p><strong>Standard:</strong> ${e(d.standard)}</p><p><strong>Reference scripts:</strong> ${e(d.reference)}</p><p>Decided: ${d.testcases.map((t) => `<code>${e(t)}</code>`).join(', ')}</p></section>`,
      );
  }
  out.push(`<h2 id="passed">Passed (${passed.length})</h2>`);
  out.push(
    '<table><thead><tr><th>Testcase</th><th>Valid until</th><th>Versions</th><th>Message</th></tr></thead><tbody>' +
      passed
        .map(
          (t) =>
            `<tr><td><code>${e(t.id)}</code></td><td>${e(t.expiresAt?.slice(0, 10) ?? '')}</td><td>${e(placeOf(report, t).places.join(', '))}</td><td>${e(t.message)}</td></tr>`,
        )
        .join('') +
      '</tbody></table>',
  );
  out.push(`<h2 id="resources">Resources created by the run (${report.resources.length})</h2>`);
  out.push(
    report.resources.length
      ? '<table><thead><tr><th>Kind</th><th>Name</th><th>Created by</th><th>State</th></tr></thead><tbody>' +
          report.resources
            .map(
              (r) =>
                `<tr><td>${e(r.kind)}</td><td><code>${e(r.name)}</code></td><td>${e(r.createdBy)}</td><td class="state-${e(r.state)}">${e(r.state)}${r.detail ? ` (${e(r.detail)})` : ''}</td></tr>`,
            )
            .join('') +
          '</tbody></table>'
      : '<p>None.</p>',
  );
  if (report.notes.length) {
    out.push('<h2 id="notes">Notes</h2><ul>');
    for (const n of report.notes) out.push(`<li>${e(n)}</li>`);
    out.push('</ul>');
  }
  out.push(
    `<footer>Scope <code>${e(report.scope.uuid)}</code>${report.scope.url ? ` (${link(report.scope.url, report.scope.url)})` : ''} · suite digest <code>${e(report.suite.digest)}</code>${report.apiCalls ? ` · ${report.apiCalls.total} API calls` : ''}. The JSON report is the source of truth; this page is rendered from it.</footer>
</main>
</body>
</html>
`,
  );
  return out.join('\n');
}
