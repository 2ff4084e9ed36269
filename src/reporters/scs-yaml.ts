// The SCS report YAML (scs-compliance-check.py's format), so the SCS compliance monitor accepts our reports unchanged.
import { Document, Scalar, visit } from 'yaml';
import type { ConformanceReport } from '../results/report.js';
import { OUTCOME_VALUE, type Outcome } from '../results/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../core/version.js';

/** Top-level key that marks a report of the embedded demo cloud; `upload` refuses such reports. */
export const DEMO_MARKER_KEY = 'x-scs-cert-demo';

export interface ScsInvocation {
  id: string;
  cmd: string;
  results: Record<string, 1 | 0 | -1>;
  rc: number;
  stdout: string[];
  stderr: string[];
  info: number;
  warning: number;
  error: number;
  critical: number;
}

export interface ScsReport {
  spec: { uuid: string; name: string; url?: string };
  checked_at: string;
  reference_date: string;
  subject: string;
  run: {
    uuid: string;
    argv: string[];
    assignment: Record<string, string>;
    sections: string[] | null;
    forced_version: string | null;
    forced_tests: string | null;
    invocations: Record<string, ScsInvocation>;
  };
}

/**
 * `checked_at` as Python writes a naive datetime: `YYYY-MM-DD HH:MM:SS[.ffffff]` (fraction omitted when zero).
 * We write UTC (the reference writes the runner's local time; docs/report-format.md explains why).
 */
export function pythonNaiveTimestamp(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
  const micros = d.getUTCMilliseconds() * 1000;
  return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}

/** Count log lines the way the reference runner does (lower-cased line starts with the level name). */
function countLevels(lines: string[]): Pick<ScsInvocation, 'info' | 'warning' | 'error' | 'critical'> {
  const c = { info: 0, warning: 0, error: 0, critical: 0 };
  for (const line of lines) {
    const l = line.toLowerCase();
    if (l.startsWith('info')) c.info++;
    else if (l.startsWith('warning')) c.warning++;
    else if (l.startsWith('error')) c.error++;
    else if (l.startsWith('critical')) c.critical++;
  }
  return c;
}

/**
 * Build the SCS report object. `invocationIds` supplies the UUIDs (random in a run; fixed in tests).
 * Testcases are grouped per scope script entry into invocations, as the reference runs one script per entry;
 * scs-cert's own extension testcases are left out (they are not part of the scope).
 */
export function toScsReport(report: ConformanceReport, makeUuid: () => string): ScsReport {
  const groups = new Map<string, ConformanceReport['testcases']>();
  for (const tc of report.testcases) {
    if (tc.extension || tc.outcome === 'MISSING') continue;
    const key = tc.probe ? 'scs-cert' : 'none';
    const list = groups.get(key) ?? [];
    list.push(tc);
    groups.set(key, list);
  }
  const invocations: Record<string, ScsInvocation> = {};
  const preflightNote = report.notes.find((n) => n.startsWith('pre-flight check failed'));
  const testcases = [...groups.values()].flat();
  if (testcases.length > 0 || preflightNote) {
    const id = makeUuid();
    const stdout: string[] = [];
    const stderr: string[] = [];
    const results: Record<string, 1 | 0 | -1> = {};
    for (const tc of testcases) {
      const outcome = tc.outcome as Outcome;
      results[tc.id] = OUTCOME_VALUE[outcome];
      for (const w of tc.warnings ?? []) stderr.push(`WARNING: ${tc.id}: ${oneLine(w)}`);
      if (outcome !== 'PASS') stderr.push(`ERROR: ${tc.id}: ${oneLine(tc.message)}`);
      stdout.push(`${tc.id}: ${outcome}`);
    }
    if (preflightNote) stderr.push(`CRITICAL: ${oneLine(preflightNote)}`);
    const args = [report.scope.alias ?? report.scope.uuid, ...testcases.map((t) => t.id).sort()];
    invocations[id] = {
      id,
      cmd: `${TOOL_NAME}/${TOOL_VERSION} ${args.join(' ')}`,
      results,
      rc: preflightNote ? 1 : 0,
      stdout,
      stderr,
      ...countLevels([...stdout, ...stderr]),
    };
  }
  return {
    spec: {
      uuid: report.scope.uuid,
      name: report.scope.name,
      ...(report.scope.url !== undefined && { url: report.scope.url }),
    },
    checked_at: pythonNaiveTimestamp(report.checkedAt),
    reference_date: report.referenceDate,
    subject: report.subject.name,
    run: {
      uuid: report.run.uuid,
      argv: report.run.argv,
      assignment: report.run.assignment,
      sections: report.suite.selection.sections,
      forced_version: report.suite.selection.forcedVersion,
      forced_tests: report.suite.selection.tests,
      invocations,
    },
  };
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

const CHECKED_AT = '__SCS_CERT_CHECKED_AT__';
const REFERENCE_DATE = '__SCS_CERT_REFERENCE_DATE__';
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Characters that the monitor's YAML reader (ruamel.yaml, like PyYAML) refuses raw (C1 controls, DEL,
 * U+FFFE/U+FFFF) or reads as line breaks (NEL, LS, PS), plus the BOM: always written as escapes.
 */
const RAW_UNSAFE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Lone UTF-16 surrogates (from broken API data) cannot be encoded as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Whether a string must be double-quoted: tabs (PyYAML cannot read them in plain scalars), the characters
 * above, and `=` and `<<`, which YAML 1.1 readers resolve to the value and merge tags that Python's safe
 * loaders cannot construct (the monitor answers 500).
 */
function needsDoubleQuotes(s: string): boolean {
  return s === '=' || s === '<<' || /[\t\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s);
}

/**
 * Text the monitor can store: PostgreSQL's jsonb refuses U+0000 (the monitor answers 500), and lone
 * surrogates have no UTF-8 form; both become U+FFFD.
 */
export function storableText(s: string): string {
  return s.replace(/\0/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

function escapeRaw(ch: string): string {
  if (ch === '\x85') return '\\N';
  if (ch === '\u2028') return '\\L';
  if (ch === '\u2029') return '\\P';
  const code = ch.charCodeAt(0).toString(16).toUpperCase();
  return code.length <= 2 ? `\\x${code.padStart(2, '0')}` : `\\u${code.padStart(4, '0')}`;
}

/**
 * Serialise as PyYAML's safe_dump would (block style, `---` start, key order kept, YAML 1.1 quoting so
 * strings like `yes` or `1.0` stay strings for Python, and YAML 1.2 core quoting so `0o17` stays a string
 * for the monitor's ruamel.yaml), with `checked_at` and `reference_date` as plain timestamps/dates, exactly
 * as the reference writes them. Every string reads back unchanged in PyYAML and ruamel.yaml
 * (docs/compliance-monitor-check.md lists the cases the real monitor refused before).
 */
export function renderScsYaml(scs: ScsReport, demo = false): string {
  const obj: Record<string, unknown> = {
    spec: scs.spec,
    checked_at: CHECKED_AT,
    reference_date: REFERENCE_DATE,
    subject: scs.subject,
    run: scs.run,
  };
  if (demo) obj[DEMO_MARKER_KEY] = "this report certifies scs-cert's embedded demo cloud, not a real cloud";
  const doc = new Document(obj, {
    version: '1.1',
    compat: 'core',
    aliasDuplicateObjects: false,
    // Without the merge tag, `<<` is a string that the visitor below can quote.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== MERGE_TAG),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const text = storableText(node.value);
      node.value = text;
      if (needsDoubleQuotes(text)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Strings holding these characters are double-quoted (above), and the library's JSON-style quoting leaves
  // them raw there: escape them.
  const body = doc
    .toString({ lineWidth: 0, indentSeq: false, nullStr: 'null' })
    .replace(RAW_UNSAFE, escapeRaw);
  return `---\n${body}`.replace(CHECKED_AT, scs.checked_at).replace(REFERENCE_DATE, scs.reference_date);
}
