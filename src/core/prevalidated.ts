// Standards files that shipped already checked: the build parses every YAML file under standards/, validates it
// against its schema and records its text, data and schema text next to the compiled code
// (scripts/prevalidate-standards.mjs). Readers of a byte-identical file, whose schema is byte-identical too, skip
// the YAML parser and ajv; that is what keeps start-up near bare node. Texts are compared in full (no hashing:
// loading node:crypto alone would cost more than the comparison).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './version.js';

/** Pseudo check: every `params` of a bindings file fits the params schema of its probe (in this build). */
export const BINDING_PARAMS_CHECK = 'scs-cert:binding-params';

export interface PrevalidatedRecord {
  /** The YAML text that was checked. */
  text: string;
  /** The parsed YAML as JSON text (parsed anew for every reader, so nobody shares a mutable object). */
  json: string;
  /** Schema ids (and pseudo checks) the data passed at build time. */
  passed: string[];
  /** The schema files used, by path under the package root, with their texts then. */
  schemas: Record<string, string>;
}

/** Next to the compiled code (dist/), so a record is only ever used with the code that produced it. */
export const PREVALIDATED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'prevalidated');

const passedBy = new WeakMap<object, readonly string[]>();

/** Where the record of a file lives: its path under the package root, below PREVALIDATED_DIR. */
export function recordPath(file: string): string | undefined {
  const rel = relative(PACKAGE_ROOT, file);
  if (rel.startsWith('..') || !rel.startsWith('standards')) return undefined;
  return join(PREVALIDATED_DIR, `${rel}.json`);
}

function readRecord(file: string): PrevalidatedRecord | undefined {
  const path = recordPath(file);
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PrevalidatedRecord;
  } catch {
    return undefined; // an unreadable record only costs speed: the file is parsed and validated as usual
  }
}

function unchanged(schemas: Record<string, string>): boolean {
  return Object.entries(schemas).every(([rel, text]) => {
    try {
      return readFileSync(join(PACKAGE_ROOT, rel), 'utf8') === text;
    } catch {
      return false;
    }
  });
}

/** The data of a file's text as checked at build time, or undefined (then parse and validate as usual). */
export function prevalidatedData(file: string, text: string): unknown {
  const record = readRecord(file);
  if (!record || record.text !== text || !unchanged(record.schemas)) return undefined;
  const data = JSON.parse(record.json) as unknown;
  if (typeof data === 'object' && data !== null) passedBy.set(data, record.passed);
  return data;
}

/** Whether `data` came from a text that passed `check` (a schema id or a pseudo check) at build time. */
export function passedAtBuild(data: unknown, check: string): boolean {
  return typeof data === 'object' && data !== null && (passedBy.get(data)?.includes(check) ?? false);
}
