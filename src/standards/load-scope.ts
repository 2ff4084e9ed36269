// Loads a scope file (ours or one published by the standards body), validates it and resolves its references.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/version.js';
import type { Lifetime } from '../results/types.js';
import { StandardsError } from './errors.js';
import { SCHEMA_ID, validateOrThrow } from './schemas.js';
import type { Module, Scope, ScopeSpec, Testcase, VersionDef } from './scope.js';
import { readYamlFile } from './yaml-file.js';

export const STANDARDS_DIR = join(PACKAGE_ROOT, 'standards');
export const SCOPES_DIR = join(STANDARDS_DIR, 'scopes');

/** The scopes shipped with the tool: alias -> file. */
export function builtinScopes(): Array<{ alias: string; file: string }> {
  if (!existsSync(SCOPES_DIR)) return [];
  return readdirSync(SCOPES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ alias: f.replace(/\.yaml$/, ''), file: join(SCOPES_DIR, f) }));
}

/**
 * Resolve the `<scope>` argument: a scope id (`scs-compatible-iaas`), a scope uuid, or a path to a scope YAML.
 */
export function resolveScopeArg(arg: string, cwd: string = process.cwd()): { file: string; alias?: string } {
  const builtin = builtinScopes();
  const byAlias = builtin.find((s) => s.alias === arg);
  if (byAlias) return byAlias;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(arg)) {
    for (const s of builtin) {
      const scope = loadScopeFile(s.file, s.alias);
      if (scope.uuid === arg) return s;
    }
  }
  const path = resolve(cwd, arg);
  if (existsSync(path)) {
    const alias = builtin.find((s) => s.file === path)?.alias;
    return alias ? { file: path, alias } : { file: path };
  }
  throw new StandardsError(
    arg,
    undefined,
    'unknown scope',
    `use one of ${builtin.map((s) => s.alias).join(', ')}, a scope uuid, or the path of a scope YAML file`,
  );
}

export function loadScope(arg: string, cwd?: string): Scope {
  const { file, alias } = resolveScopeArg(arg, cwd);
  return loadScopeFile(file, alias);
}

export function loadScopeFile(file: string, alias?: string): Scope {
  const yf = readYamlFile(file);
  if (typeof yf.data !== 'object' || yf.data === null || Array.isArray(yf.data)) {
    throw new StandardsError(
      file,
      undefined,
      'a scope file must be a YAML mapping',
      'see schemas/scope.schema.json',
    );
  }
  validateOrThrow(SCHEMA_ID.scope, yf.data, file, yf.lineOf);
  const spec = yf.data as ScopeSpec;
  const problem: Problem = (pointer, cause, fix) => {
    const line = yf.lineOf(pointer);
    return new StandardsError(file, `${line !== undefined ? `line ${line}, ` : ''}${pointer}`, cause, fix);
  };

  // A variable with a default is a one-entry mapping `name: default` (the schema allows exactly one entry).
  const variables = (spec.variables ?? []).flatMap((v) =>
    typeof v === 'string'
      ? [{ name: v }]
      : Object.entries(v)
          .slice(0, 1)
          .map(([name, def]) => ({ name, default: String(def) })),
  );
  const testcases = readTestcases(spec, problem);
  const modules = readModules(spec, testcases, problem);
  const versions = readVersions(spec, modules, problem);
  const timeline = readTimeline(spec, versions, problem);

  return {
    uuid: spec.uuid,
    name: spec.name,
    ...(spec.url !== undefined && { url: spec.url }),
    ...(alias !== undefined && { alias }),
    file,
    fileDigest: yf.digest,
    spec,
    variables,
    testcases,
    modules,
    versions,
    timeline,
  };
}

/** A StandardsError at a JSON pointer of the scope file, with its line. */
type Problem = (pointer: string, cause: string, fix: string) => StandardsError;

function readTestcases(spec: ScopeSpec, problem: Problem): Map<string, Testcase> {
  const testcases = new Map<string, Testcase>();
  (spec.scripts ?? []).forEach((script, si) => {
    (script.testcases ?? []).forEach((tc, ti) => {
      if (testcases.has(tc.id)) {
        throw problem(
          `/scripts/${si}/testcases/${ti}/id`,
          `duplicate testcase id '${tc.id}'`,
          'testcase ids must be unique within a scope file',
        );
      }
      testcases.set(tc.id, {
        id: tc.id,
        lifetime: (tc.lifetime ?? 'week') as Lifetime,
        lifetimeExplicit: tc.lifetime !== undefined,
        ...(tc.section !== undefined && { section: tc.section }),
        ...(tc.description !== undefined && { description: tc.description.trim() }),
        ...(tc.url !== undefined && { url: tc.url }),
        scriptIndex: si,
        manual: !script.executable,
      });
    });
  });
  return testcases;
}

function readModules(
  spec: ScopeSpec,
  testcases: Map<string, Testcase>,
  problem: Problem,
): Map<string, Module> {
  const modules = new Map<string, Module>();
  (spec.modules ?? []).forEach((m, mi) => {
    if (modules.has(m.id))
      throw problem(`/modules/${mi}/id`, `duplicate module id '${m.id}'`, 'module ids must be unique');
    const targets: Record<string, string[]> = {};
    for (const [target, ids] of Object.entries(m.targets ?? {})) {
      (ids ?? []).forEach((id, k) => {
        if (!testcases.has(id)) {
          throw problem(
            `/modules/${mi}/targets/${target}/${k}`,
            `module '${m.id}' names unknown testcase '${id}'`,
            'define the testcase under scripts[].testcases or correct the id',
          );
        }
      });
      targets[target] = [...(ids ?? [])];
    }
    modules.set(m.id, {
      id: m.id,
      ...(m.name !== undefined && { name: m.name.trim() }),
      ...(m.url !== undefined && { url: m.url }),
      parameters: m.parameters ?? {},
      targets,
    });
  });
  return modules;
}

function readVersions(spec: ScopeSpec, modules: Map<string, Module>, problem: Problem): VersionDef[] {
  const seen = new Set<string>();
  return spec.versions.map((v, vi) => {
    if (seen.has(v.version))
      throw problem(
        `/versions/${vi}/version`,
        `duplicate version '${v.version}'`,
        'version names must be unique',
      );
    seen.add(v.version);
    const targets: Record<string, string[]> = {};
    const includes = v.include.map((inc, ii) => {
      const ref = typeof inc === 'string' ? inc : inc.ref;
      const parameters = typeof inc === 'string' ? {} : (inc.parameters ?? {});
      const mod = modules.get(ref);
      if (!mod) {
        throw problem(
          `/versions/${vi}/include/${ii}`,
          `version '${v.version}' includes unknown module '${ref}'`,
          'define the module under modules or correct the id',
        );
      }
      for (const p of Object.keys(parameters)) {
        if (!(p in mod.parameters)) {
          throw problem(
            `/versions/${vi}/include/${ii}/parameters/${p}`,
            `module '${ref}' has no parameter '${p}'`,
            `use one of: ${Object.keys(mod.parameters).join(', ') || '(none)'}`,
          );
        }
      }
      for (const [target, ids] of Object.entries(mod.targets)) {
        const list = (targets[target] ??= []);
        for (const id of ids) if (!list.includes(id)) list.push(id);
      }
      return { ref, parameters };
    });
    return {
      version: v.version,
      ...(v.stabilized_at !== undefined && { stabilizedAt: v.stabilized_at }),
      includes,
      targets,
    };
  });
}

function readTimeline(spec: ScopeSpec, versions: VersionDef[], problem: Problem): Scope['timeline'] {
  const byName = new Map(versions.map((v) => [v.version, v]));
  return (spec.timeline ?? []).map((entry, ei) => {
    for (const [name, validity] of Object.entries(entry.versions)) {
      const def = byName.get(name);
      if (!def) {
        throw problem(
          `/timeline/${ei}/versions/${name}`,
          `timeline names unknown version '${name}'`,
          `use one of: ${[...byName.keys()].join(', ')}`,
        );
      }
      if ((validity === 'effective' || validity === 'warn') && !def.stabilizedAt) {
        throw problem(
          `/timeline/${ei}/versions/${name}`,
          `version '${name}' is '${validity}' but has no stabilized_at`,
          'only stable versions may be effective or warn (scs-0003); mark it draft or stabilise it',
        );
      }
    }
    return { date: entry.date, versions: { ...entry.versions } };
  });
}
