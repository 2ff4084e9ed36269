// Renders a report in every file format; one place that knows the formats and their file extensions.
import { randomUUID } from 'node:crypto';
import type { ConformanceReport } from '../results/report.js';
import { renderJson } from './json.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderScsYaml, toScsReport } from './scs-yaml.js';

export const FORMATS = ['json', 'yaml', 'junit', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const EXTENSION: Record<Format, string> = {
  json: 'json',
  yaml: 'yaml',
  junit: 'junit.xml',
  md: 'md',
  html: 'html',
};

export function parseFormats(list: string): Format[] {
  const items = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: Format[] = [];
  for (const item of items) {
    const f = item === 'markdown' ? 'md' : item === 'xml' ? 'junit' : item;
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new Error(`unknown report format '${item}': use a comma-separated list of ${FORMATS.join(', ')}`);
    }
    if (!out.includes(f as Format)) out.push(f as Format);
  }
  return out;
}

export function render(
  report: ConformanceReport,
  format: Format,
  makeUuid: () => string = randomUUID,
): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'yaml':
      return renderScsYaml(
        toScsReport(report, makeUuid),
        report.subject.demo || report.provenance?.demo === true,
        report.provenance,
      );
    case 'junit':
      return renderJunit(report);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}
