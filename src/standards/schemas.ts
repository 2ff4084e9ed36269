// JSON Schema validation (ajv, draft 2020-12) of every file under standards/, with errors that name file, line and fix.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from '../core/version.js';
import { StandardsError } from './errors.js';
import { passedAtBuild } from '../core/prevalidated.js';

// ajv (and its formats) load on first use only: files that passed at build time never need them. Both are
// CommonJS, so a synchronous require keeps the validators' synchronous signatures.
const require = createRequire(import.meta.url);

export const SCHEMA_DIR = join(PACKAGE_ROOT, 'schemas');

let ajvInstance: Ajv2020 | undefined;

/** One ajv instance with every schema under schemas/ registered by its $id. */
export function getAjv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as typeof addFormatsModule;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const file of listSchemaFiles(SCHEMA_DIR)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) throw new StandardsError(file, undefined, 'schema has no $id', 'add an $id');
    ajv.addSchema(schema);
  }
  ajvInstance = ajv;
  return ajv;
}

function listSchemaFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSchemaFiles(p));
    else if (entry.name.endsWith('.schema.json')) out.push(p);
  }
  return out.sort();
}

export const SCHEMA_ID = {
  scope: 'https://scs-cert.dev/schemas/scope.schema.json',
  bindings: 'https://scs-cert.dev/schemas/bindings.schema.json',
  extension: 'https://scs-cert.dev/schemas/extension.schema.json',
  compiledSuite: 'https://scs-cert.dev/schemas/compiled-suite.schema.json',
  report: 'https://scs-cert.dev/schemas/report.schema.json',
  scsReport: 'https://scs-cert.dev/schemas/scs-report.schema.json',
  data: (dataId: string) => `https://scs-cert.dev/schemas/data/${dataId}.schema.json`,
} as const;

export function getValidator(schemaId: string): ValidateFunction | undefined {
  return getAjv().getSchema(schemaId);
}

/** Validate `data`; on failure throw a StandardsError for the first (most specific) problem. */
export function validateOrThrow(
  schemaId: string,
  data: unknown,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
): void {
  if (passedAtBuild(data, schemaId)) return;
  const validate = getValidator(schemaId);
  if (!validate)
    throw new StandardsError(file, undefined, `no schema ${schemaId}`, 'add the schema under schemas/');
  if (validate(data)) return;
  const err = pickError(validate.errors ?? []);
  throw describeSchemaError(err, file, lineOf);
}

function pickError(errors: ErrorObject[]): ErrorObject {
  // oneOf/anyOf wrap the useful errors; prefer the deepest, most concrete one.
  const concrete = errors.filter((e) => !['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword));
  const pool = concrete.length ? concrete : errors;
  // Called with Ajv's errors of a failed validation: never empty.
  return pool.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best));
}

function describeSchemaError(
  err: ErrorObject,
  file: string,
  lineOf?: (pointer: string) => number | undefined,
): StandardsError {
  let pointer = err.instancePath;
  let cause: string;
  let fix: string | undefined;
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties':
      pointer = `${pointer}/${String(params.additionalProperty)}`;
      cause = `unknown key '${String(params.additionalProperty)}'`;
      fix = 'remove it or correct its spelling';
      break;
    case 'required':
      cause = `missing required key '${String(params.missingProperty)}'`;
      fix = `add '${String(params.missingProperty)}'`;
      break;
    case 'enum':
      cause = `value must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      fix = 'use one of the allowed values';
      break;
    case 'type':
      cause = `wrong type: must be ${String(params.type)}`;
      fix = `write a ${String(params.type)} here`;
      break;
    case 'pattern':
      cause = `value does not match the required pattern ${String(params.pattern)}`;
      fix =
        pointer.endsWith('date') || pointer.endsWith('stabilized_at')
          ? 'write the date as YYYY-MM-DD'
          : undefined;
      break;
    default:
      cause = err.message ?? 'invalid';
  }
  const line = lineOf?.(pointer);
  const where = `${line !== undefined ? `line ${line}, ` : ''}${pointer || '/'}`;
  return new StandardsError(file, where, cause, fix);
}
