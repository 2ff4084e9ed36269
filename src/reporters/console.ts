// Console summary: the reference runner's per-version/target lines plus why each testcase failed.
import { escapeControlDeep } from '../core/control-chars.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ConformanceReport, TestcaseReport } from '../results/report.js';
import type { OutcomeOrMissing } from '../results/types.js';

export interface ConsoleOptions {
  color: boolean;
  verbose?: boolean;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

export function renderConsole(raw: ConformanceReport, opts: ConsoleOptions): string {
  // Names and messages from the cloud must not drive the terminal.
  const report = escapeControlDeep(raw);
  const c: ChalkInstance = new Chalk({ level: opts.color ? 1 : 0 });
  const paint = (o: OutcomeOrMissing | string, text: string = o) =>
    o === 'PASS'
      ? c.green(text)
      : o === 'FAIL'
        ? c.red(text)
        : o === 'ABORT'
          ? c.magenta(text)
          : c.yellow(text);
  const lines: string[] = [];
  if (report.provenance && report.provenance.source !== 'live') {
    lines.push(c.bold(`data: ${report.provenance.source} — ${report.provenance.basis.join('; ')}`));
  }
  if (report.subject.demo || report.provenance?.demo) {
    lines.push(
      c.bold.yellow(
        `NOTE: ${report.subject.note ?? 'this run certifies the embedded demo cloud, not a real cloud'}`,
      ),
    );
  }
  const sel = report.suite.selection;
  const filters = `${sel.sections ? ` [sections: ${sel.sections.join(', ')}]` : ''}${sel.tests ? ` [tests: '${sel.tests}']` : ''}`;
  const byId = new Map(report.testcases.map((t) => [t.id, t]));
  for (const v of report.versions) {
    lines.push(c.bold(`${report.subject.name} ${report.scope.name}${filters} ${v.version} (${v.validity}):`));
    for (const [target, t] of Object.entries(v.targets)) {
      const parts = [`${t.counts.passed} passed`];
      if (t.counts.failed) parts.push(`${t.counts.failed} failed`);
      if (t.counts.aborted) parts.push(`${t.counts.aborted} aborted`);
      if (t.counts.missing) parts.push(`${t.counts.missing} missing`);
      lines.push(`- ${target}: ${paint(t.result)} (${parts.join(', ')})`);
      const group = (label: string, outcome: OutcomeOrMissing) => {
        const items = t.testcases
          .map((id) => byId.get(id))
          .filter((x): x is TestcaseReport => x?.outcome === outcome);
        if (!items.length) return;
        lines.push(`  - ${paint(outcome, label)}:`);
        for (const tc of items) {
          lines.push(`    - ${tc.id}${outcome === 'PASS' ? '' : `: ${tc.message}`}`);
          if (tc.description) lines.push(c.dim(`      > ${tc.description.replace(/\s*\n\s*/g, ' ')}`));
          if (tc.url) lines.push(c.dim(`      > ${tc.url}`));
        }
      };
      group('FAILED', 'FAIL');
      group('ABORTED', 'ABORT');
      if (!sel.sections && !sel.tests) group('MISSING', 'MISSING');
      if (opts.verbose) group('PASSED', 'PASS');
    }
  }
  for (const note of report.notes) lines.push(c.yellow(`! ${note}`));
  const leaked = report.resources.filter((r) => r.state !== 'deleted');
  if (report.resources.length) {
    lines.push(
      `resources created: ${report.resources.length}, deleted: ${report.resources.length - leaked.length}` +
        (leaked.length ? c.red(`, LEAKED: ${leaked.map((r) => `${r.kind} ${r.name}`).join(', ')}`) : ''),
    );
  }
  const applied = report.deviations.filter((d) => d.testcases.length);
  if (applied.length) {
    lines.push(
      `deviations from the reference scripts that decided results: ${applied.map((d) => d.id).join(', ')}`,
    );
  }
  const verdictText =
    report.verdict === 'compliant'
      ? c.green.bold('COMPLIANT')
      : report.verdict === 'non-compliant'
        ? c.red.bold('NOT COMPLIANT')
        : c.yellow.bold('INCOMPLETE');
  lines.push(
    `verdict: ${verdictText}${report.subject.demo ? ` (embedded demo ${report.subject.kind === 'kubernetes' ? 'cluster' : 'cloud'})` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
