// Plain-text lines for the manual checks (console and Markdown share them).
import type { ManualChecks } from '../results/manual-checks.js';

export function manualCheckLines(m: ManualChecks): string[] {
  const lines = m.checks.map((c) => `${c.outcome.padEnd(17)} ${c.id}: ${c.message}`);
  if (m.source) lines.push(`evidence file ${m.source.file} (sha256 ${m.source.sha256})`);
  return lines;
}

/** The console block: one line per manual testcase, then the evidence file. */
export function renderManualChecks(m: ManualChecks): string {
  return `manual testcases (statements of the provider, not automated checks):\n${manualCheckLines(m)
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}
