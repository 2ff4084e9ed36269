// The full JSON report: the source of truth, pretty-printed with a trailing newline.
import type { ConformanceReport } from '../results/report.js';

export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
