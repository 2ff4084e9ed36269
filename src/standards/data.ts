// Parameter data for probes (standards/data/<data-id>.yaml), each validated by schemas/data/<data-id>.schema.json.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StandardsError } from './errors.js';
import { STANDARDS_DIR } from './load-scope.js';
import { SCHEMA_ID, getValidator, validateOrThrow } from './schemas.js';
import { readYamlFile } from './yaml-file.js';

export const DATA_DIR = join(STANDARDS_DIR, 'data');

export interface DataFile {
  id: string;
  file: string;
  digest: string;
  value: unknown;
}

let cache: Map<string, DataFile> | undefined;

/** Every data file, validated; an invalid or schema-less file is an error naming the file and the fix. */
export function loadAllData(dir: string = DATA_DIR): Map<string, DataFile> {
  if (dir === DATA_DIR && cache) return cache;
  const out = new Map<string, DataFile>();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.yaml')) continue;
      const id = f.replace(/\.yaml$/, '');
      const file = join(dir, f);
      const yf = readYamlFile(file);
      const schemaId = SCHEMA_ID.data(id);
      // A shipped file that passed its schema at build time is neither parsed nor validated until used.
      if (!yf.passed.includes(schemaId)) {
        if (!getValidator(schemaId)) {
          throw new StandardsError(
            file,
            undefined,
            `no schema for data file '${id}'`,
            `add schemas/data/${id}.schema.json`,
          );
        }
        validateOrThrow(schemaId, yf.data, file, yf.lineOf);
      }
      out.set(id, {
        id,
        file,
        digest: yf.digest,
        get value() {
          return yf.data;
        },
      });
    }
  }
  if (dir === DATA_DIR) cache = out;
  return out;
}

export function dataValues(files: Map<string, DataFile>): Record<string, unknown> {
  return Object.fromEntries([...files.values()].map((d) => [d.id, d.value]));
}
