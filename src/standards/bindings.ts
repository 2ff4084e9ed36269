// Testcase -> probe bindings (standards/bindings/*.yaml): which probe judges a testcase, with which parameters.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StandardsError } from './errors.js';
import { STANDARDS_DIR } from './load-scope.js';
import { SCHEMA_ID, validateOrThrow } from './schemas.js';
import { readYamlFile } from './yaml-file.js';
import { BINDING_PARAMS_CHECK, passedAtBuild } from '../core/prevalidated.js';

export const BINDINGS_DIR = join(STANDARDS_DIR, 'bindings');

export interface Binding {
  probe: string;
  params: Record<string, unknown>;
}

export interface BindingsFile {
  file: string;
  text: string;
  /** `sha256:<hex>` of the text. */
  digest: string;
  scope: string;
  bindings: Map<string, Binding>;
  /** Every binding's params were checked against its probe's params schema when the package was built. */
  paramsChecked?: boolean;
  lineOf(pointer: string): number | undefined;
}

export function loadBindingsFile(file: string): BindingsFile {
  const yf = readYamlFile(file);
  validateOrThrow(SCHEMA_ID.bindings, yf.data, file, yf.lineOf);
  const raw = yf.data as {
    scope: string;
    bindings: Record<string, { probe: string; params?: Record<string, unknown> }>;
  };
  const bindings = new Map<string, Binding>();
  for (const [id, b] of Object.entries(raw.bindings))
    bindings.set(id, { probe: b.probe, params: b.params ?? {} });
  return {
    file,
    text: yf.text,
    digest: yf.digest,
    scope: raw.scope,
    bindings,
    paramsChecked: passedAtBuild(yf.data, BINDING_PARAMS_CHECK),
    lineOf: yf.lineOf,
  };
}

/** The bindings for a scope uuid (every file under standards/bindings/ whose `scope` matches, merged). */
export function bindingsForScope(scopeUuid: string, dir: string = BINDINGS_DIR): BindingsFile[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadBindingsFile(join(dir, f)))
    .filter((b) => b.scope === scopeUuid);
  const seen = new Map<string, string>();
  for (const bf of files) {
    for (const id of bf.bindings.keys()) {
      const other = seen.get(id);
      if (other) {
        throw new StandardsError(
          bf.file,
          `/bindings/${id}`,
          `testcase '${id}' is also bound in ${other}`,
          'bind each testcase once',
        );
      }
      seen.set(id, bf.file);
    }
  }
  return files;
}
