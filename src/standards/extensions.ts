// scs-cert extensions of a scope: extra testcases under a target of their own, never part of the certificate verdict.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lifetime } from '../results/types.js';
import { STANDARDS_DIR } from './load-scope.js';
import { SCHEMA_ID, validateOrThrow } from './schemas.js';
import { readYamlFile } from './yaml-file.js';

export const EXTENSIONS_DIR = join(STANDARDS_DIR, 'extensions');

export interface ScopeExtension {
  file: string;
  text: string;
  /** `sha256:<hex>` of the text. */
  digest: string;
  scope: string;
  target: string;
  testcases: Array<{ id: string; lifetime: Lifetime; section?: string; description: string; url?: string }>;
}

export function extensionsForScope(scopeUuid: string, dir: string = EXTENSIONS_DIR): ScopeExtension[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const yf = readYamlFile(file);
      validateOrThrow(SCHEMA_ID.extension, yf.data, file, yf.lineOf);
      const raw = yf.data as Omit<ScopeExtension, 'file' | 'text' | 'digest'> & {
        testcases: Array<{
          id: string;
          lifetime?: Lifetime;
          section?: string;
          description: string;
          url?: string;
        }>;
      };
      return {
        file,
        text: yf.text,
        digest: yf.digest,
        scope: raw.scope,
        target: raw.target,
        testcases: raw.testcases.map((t) => ({ ...t, lifetime: t.lifetime ?? 'week' })),
      };
    })
    .filter((e) => e.scope === scopeUuid);
}
