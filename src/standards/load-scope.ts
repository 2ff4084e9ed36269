// Loads a scope file (ours or one published by the standards body), validates it and resolves its references.
import { createHash } from 'node:crypto';
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
  const where = (pointer: string) => {
    const line = yf.lineOf(pointer);
    return `${line !== undefined ? `line ${line}, ` : ''}${pointer}`;
  };

  const variables = (spec.variables ?? []).map((v) => {
    if (typeof v === 'string') return { name: v };
    const [name, def] = Object.entries(v)[0]!;
    return { name, default: String(def) };
  });

  const testcases = new Map<string, Testcase>();
  (spec.scripts ?? []).forEach((script, si) => {
    (script.testcases ?? []).forEach((tc, ti) => {
      if (testcases.has(tc.id)) {
        throw new StandardsError(
          file,
          where(`/scripts/${si}/testcases/${ti}/id`),
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

  const modules = new Map<string, Module>();
  (spec.modules ?? []).forEach((m, mi) => {
    if (modules.has(m.id)) {
      throw new StandardsError(
        file,
        where(`/modules/${mi}/id`),
        `duplicate module id '${m.id}'`,
        'module ids must be unique',
      );
    }
    const targets: Record<string, string[]> = {};
    for (const [target, ids] of Object.entries(m.targets ?? {})) {
      (ids ?? []).forEach((id, k) => {
        if (!testcases.has(id)) {
          throw new StandardsError(
            file,
            where(`/modules/${mi}/targets/${target}/${k}`),
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

  const seenVersions = new Set<string>();
  const versions: VersionDef[] = spec.versions.map((v, vi) => {
    if (seenVersions.has(v.version)) {
      throw new StandardsError(
        file,
        where(`/versions/${vi}/version`),
        `duplicate version '${v.version}'`,
        'version names must be unique',
      );
    }
    seenVersions.add(v.version);
    const includes = v.include.map((inc, ii) => {
      const ref = typeof inc === 'string' ? inc : inc.ref;
      const parameters = typeof inc === 'string' ? {} : (inc.parameters ?? {});
      const mod = modules.get(ref);
      if (!mod) {
        throw new StandardsError(
          file,
          where(`/versions/${vi}/include/${ii}`),
          `version '${v.version}' includes unknown module '${ref}'`,
          'define the module under modules or correct the id',
        );
      }
      for (const p of Object.keys(parameters)) {
        if (!(p in mod.parameters)) {
          throw new StandardsError(
            file,
            where(`/versions/${vi}/include/${ii}/parameters/${p}`),
            `module '${ref}' has no parameter '${p}'`,
            `use one of: ${Object.keys(mod.parameters).join(', ') || '(none)'}`,
          );
        }
      }
      return { ref, parameters };
    });
    const targets: Record<string, string[]> = {};
    for (const inc of includes) {
      for (const [target, ids] of Object.entries(modules.get(inc.ref)!.targets)) {
        const list = (targets[target] ??= []);
        for (const id of ids) if (!list.includes(id)) list.push(id);
      }
    }
    return {
      version: v.version,
      ...(v.stabilized_at !== undefined && { stabilizedAt: v.stabilized_at }),
      includes,
      targets,
    };
  });

  const timeline = (spec.timeline ?? []).map((entry, ei) => {
    for (const name of Object.keys(entry.versions)) {
      if (!seenVersions.has(name)) {
        throw new StandardsError(
          file,
          where(`/timeline/${ei}/versions/${name}`),
          `timeline names unknown version '${name}'`,
          `use one of: ${[...seenVersions].join(', ')}`,
        );
      }
      const def = versions.find((v) => v.version === name)!;
      const validity = entry.versions[name];
      if ((validity === 'effective' || validity === 'warn') && !def.stabilizedAt) {
        throw new StandardsError(
          file,
          where(`/timeline/${ei}/versions/${name}`),
          `version '${name}' is '${validity}' but has no stabilized_at`,
          'only stable versions may be effective or warn (scs-0003); mark it draft or stabilise it',
        );
      }
    }
    return { date: entry.date, versions: { ...entry.versions } };
  });

  return {
    uuid: spec.uuid,
    name: spec.name,
    ...(spec.url !== undefined && { url: spec.url }),
    ...(alias !== undefined && { alias }),
    file,
    fileDigest: `sha256:${createHash('sha256').update(yf.text).digest('hex')}`,
    spec,
    variables,
    testcases,
    modules,
    versions,
    timeline,
  };
}
