// Standards files that shipped already checked: the build parses every YAML file under standards/, validates it
// against its schema and records its text, data, digest and schema text next to the compiled code
// (scripts/prevalidate-standards.mjs). Readers of a byte-identical file, whose schema is byte-identical too, skip
// the YAML parser, ajv and hashing; that is what keeps start-up near bare node. Texts are compared in full (no
// hashing: loading node:crypto alone would cost more than the comparison).
//
// All records are one file (one read per process instead of one per standards file): a JSON header line, then
// the texts one after the other. The header gives each text as [offset, length] into the rest of the file, so
// nothing is unescaped and a file's data is parsed only when it is used.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './version.js';

/** Pseudo check: every `params` of a bindings file fits the params schema of its probe (in this build). */
export const BINDING_PARAMS_CHECK = 'scs-cert:binding-params';

/** Next to the compiled code (dist/), so a record is only ever used with the code that produced it. */
export const PREVALIDATED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'prevalidated');
/** The records of all standards files. */
export const PREVALIDATED_STANDARDS_FILE = join(PREVALIDATED_DIR, 'standards.records');

/** A slice of the text after the header line: [offset, length] in UTF-16 code units. */
export type TextSpan = readonly [number, number];

export interface PrevalidatedEntry {
  /** The YAML text that was checked. */
  text: TextSpan;
  /** The parsed YAML as JSON text (parsed anew for every reader, so nobody shares a mutable object). */
  json: TextSpan;
  /** `sha256:<hex>` of the YAML text's UTF-8 bytes. */
  digest: string;
  /** Schema ids (and pseudo checks) the data passed at build time. */
  passed: string[];
  /** The schema files used, by path under the package root ('/'-separated). */
  schemas: string[];
}

export interface PrevalidatedHeader {
  /** By path under the package root ('/'-separated). */
  entries: Record<string, PrevalidatedEntry>;
  /** The texts of the schema files then. */
  schemas: Record<string, TextSpan>;
}

/** The records file's text for these records (the build writes it; texts by the spans it assigns). */
export function encodeRecords(
  files: ReadonlyArray<{
    path: string;
    text: string;
    json: string;
    digest: string;
    passed: string[];
    schemas: string[];
  }>,
  schemaTexts: Readonly<Record<string, string>>,
): string {
  const parts: string[] = [];
  let at = 0;
  const put = (text: string): TextSpan => {
    parts.push(text);
    const span: TextSpan = [at, text.length];
    at += text.length;
    return span;
  };
  const header: PrevalidatedHeader = { entries: {}, schemas: {} };
  for (const [path, text] of Object.entries(schemaTexts)) header.schemas[path] = put(text);
  for (const f of files) {
    header.entries[f.path] = {
      text: put(f.text),
      json: put(f.json),
      digest: f.digest,
      passed: f.passed,
      schemas: f.schemas,
    };
  }
  return `${JSON.stringify(header)}\n${parts.join('')}`;
}

interface Records {
  header: PrevalidatedHeader;
  body: string;
  schemaUnchanged: Map<string, boolean>;
}

let records: Records | null | undefined;

function loadRecords(): Records | null {
  if (records !== undefined) return records;
  records = null;
  if (!existsSync(PREVALIDATED_STANDARDS_FILE)) return records;
  try {
    const all = readFileSync(PREVALIDATED_STANDARDS_FILE, 'utf8');
    const nl = all.indexOf('\n');
    records = {
      header: JSON.parse(all.slice(0, nl)) as PrevalidatedHeader,
      body: all.slice(nl + 1),
      schemaUnchanged: new Map(),
    };
  } catch {
    // an unreadable record only costs speed: every file is parsed and validated as usual
  }
  return records;
}

const slice = (r: Records, [at, length]: TextSpan): string => r.body.slice(at, at + length);

function schemaUnchanged(r: Records, path: string): boolean {
  let same = r.schemaUnchanged.get(path);
  if (same === undefined) {
    const span = r.header.schemas[path];
    try {
      same = span !== undefined && readFileSync(join(PACKAGE_ROOT, path), 'utf8') === slice(r, span);
    } catch {
      same = false;
    }
    r.schemaUnchanged.set(path, same);
  }
  return same;
}

/** A file as checked at build time: its digest, the checks it passed, and its data (parsed on first use). */
export interface Prevalidated {
  digest: string;
  passed: readonly string[];
  data(): unknown;
}

const passedBy = new WeakMap<object, readonly string[]>();

/** The build's record of a file with exactly this text (and unchanged schemas), or undefined. */
export function prevalidated(file: string, text: string): Prevalidated | undefined {
  const rel = relative(PACKAGE_ROOT, file);
  if (rel.startsWith('..') || !rel.startsWith('standards')) return undefined;
  const r = loadRecords();
  const entry = r?.header.entries[sep === '/' ? rel : rel.split(sep).join('/')];
  if (!r || !entry || slice(r, entry.text) !== text) return undefined;
  if (!entry.schemas.every((s) => schemaUnchanged(r, s))) return undefined;
  let data: unknown;
  let parsed = false;
  return {
    digest: entry.digest,
    passed: entry.passed,
    data() {
      if (!parsed) {
        data = JSON.parse(slice(r, entry.json)) as unknown;
        if (typeof data === 'object' && data !== null) passedBy.set(data, entry.passed);
        parsed = true;
      }
      return data;
    },
  };
}

/** The data of a file's text as checked at build time, or undefined (then parse and validate as usual). */
export function prevalidatedData(file: string, text: string): unknown {
  return prevalidated(file, text)?.data();
}

/** Whether `data` came from a text that passed `check` (a schema id or a pseudo check) at build time. */
export function passedAtBuild(data: unknown, check: string): boolean {
  return typeof data === 'object' && data !== null && (passedBy.get(data)?.includes(check) ?? false);
}
