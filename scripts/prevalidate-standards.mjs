#!/usr/bin/env node
// Build step (after tsc): parse every YAML file under standards/, validate it against its schema (and bindings'
// params against their probes), and record text, data, digest and schema text in dist/prevalidated/
// standards.records, so the CLI can skip the YAML parser, ajv and hashing for shipped files. A file that fails is
// not recorded (it fails when used, as before).
// It also records what compiling needs of every probe (dist/prevalidated/probes.json), so `compile` and the
// suites bind probes without loading them.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  BINDING_PARAMS_CHECK,
  PREVALIDATED_DIR,
  PREVALIDATED_STANDARDS_FILE,
  encodeRecords,
} from '../dist/core/prevalidated.js';

// Start from nothing: the checks below must not be answered by an older record.
rmSync(PREVALIDATED_DIR, { recursive: true, force: true });

const { PACKAGE_ROOT } = await import('../dist/core/version.js');
const { sha256Digest } = await import('../dist/util/canonical-json.js');
const { parseYamlText } = await import('../dist/standards/yaml-file.js');
const { SCHEMA_ID, validateOrThrow } = await import('../dist/standards/schemas.js');
const { loadBindingsFile } = await import('../dist/standards/bindings.js');
const { checkBindingParams } = await import('../dist/standards/compile.js');
const { builtinRegistry } = await import('../dist/probes/registry.js');
const { PROBE_MANIFEST_FILE, probeManifest } = await import('../dist/probes/catalog.js');

// Schema files by $id (schemas reference no other files, so one file is all a check depends on).
const schemaFileById = new Map();
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.schema.json')) schemaFileById.set(JSON.parse(readFileSync(p, 'utf8')).$id, p);
  }
};
walk(join(PACKAGE_ROOT, 'schemas'));

const SCHEMA_BY_DIR = {
  scopes: () => SCHEMA_ID.scope,
  bindings: () => SCHEMA_ID.bindings,
  extensions: () => SCHEMA_ID.extension,
  data: (name) => SCHEMA_ID.data(name.replace(/\.yaml$/, '')),
};

const records = [];
const schemaTexts = {};
const skipped = [];
const packagePath = (file) => relative(PACKAGE_ROOT, file).split(sep).join('/');
for (const [dir, schemaFor] of Object.entries(SCHEMA_BY_DIR)) {
  const base = join(PACKAGE_ROOT, 'standards', dir);
  for (const name of readdirSync(base).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(base, name);
    const text = readFileSync(file, 'utf8');
    try {
      const yf = parseYamlText(file, text);
      const json = JSON.stringify(yf.data);
      if (!isDeepStrictEqual(JSON.parse(json), yf.data)) throw new Error('data does not survive JSON');
      const schemaId = schemaFor(name);
      const schemaFile = schemaFileById.get(schemaId);
      if (!schemaFile) throw new Error(`no schema ${schemaId}`);
      validateOrThrow(schemaId, yf.data, file, yf.lineOf);
      const passed = [schemaId];
      if (dir === 'bindings') {
        checkBindingParams(loadBindingsFile(file), builtinRegistry());
        passed.push(BINDING_PARAMS_CHECK);
      }
      const schemaPath = packagePath(schemaFile);
      schemaTexts[schemaPath] = readFileSync(schemaFile, 'utf8');
      records.push({ path: packagePath(file), text, json, digest: sha256Digest(text), passed, schemas: [schemaPath] });
    } catch (err) {
      skipped.push(`${dir}/${name}: ${err.message}`);
    }
  }
}
mkdirSync(PREVALIDATED_DIR, { recursive: true });
writeFileSync(PREVALIDATED_STANDARDS_FILE, encodeRecords(records, schemaTexts));
// The probe manifest, checked to survive JSON (a params schema that does not would bind differently).
const manifest = probeManifest(builtinRegistry().all());
const manifestJson = JSON.stringify(manifest);
if (!isDeepStrictEqual(JSON.parse(manifestJson), manifest)) throw new Error('probe manifest does not survive JSON');
mkdirSync(dirname(PROBE_MANIFEST_FILE), { recursive: true });
writeFileSync(PROBE_MANIFEST_FILE, `${manifestJson}\n`);

const note = skipped.length ? `; not recorded (they fail when used): ${skipped.join('; ')}` : '';
console.log(`prevalidated ${records.length} standards files and ${manifest.length} probes${note}`);
