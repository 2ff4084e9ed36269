// Compiles a scope for a date and selection into a CompiledSuite: versions, testcases, probe bindings, gather plan.
import { relative } from 'node:path';
import type { ArtifactName } from '../artifacts/names.js';
import { builtinCatalog, type ProbeBindingMeta, type ProbeCatalog } from '../probes/catalog.js';
import { canonicalDigest } from '../util/canonical-json.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { bindingsForScope, type BindingsFile } from './bindings.js';
import {
  COMPILED_SUITE_SCHEMA_VERSION,
  type CompiledSuite,
  type CompiledTestcase,
} from './compiled-suite.js';
import { loadAllData, type DataFile } from './data.js';
import { StandardsError } from './errors.js';
import { extensionsForScope, type ScopeExtension } from './extensions.js';
import { getAjv } from './schemas.js';
import type { Scope } from './scope.js';
import { selectVersions } from './timeline.js';
import { present } from '../core/invariant.js';

export interface CompileOptions {
  referenceDate: string;
  forcedVersion?: string;
  /** Python `re.match` semantics: anchored at the start only. */
  tests?: string;
  sections?: string[];
  /** Include scs-cert's extension testcases (default true). */
  extensions?: boolean;
  /** The probes to bind (default: the shipped ones, from the build's manifest without loading them). */
  registry?: ProbeCatalog;
  bindings?: BindingsFile[];
  scopeExtensions?: ScopeExtension[];
  data?: Map<string, DataFile>;
}

/** Compile `--tests` like Python's re.match: a bad pattern is a usage error naming it. */
export function testsMatcher(pattern: string): (id: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})`);
  } catch (err) {
    throw new Error(`invalid --tests regular expression '${pattern}': ${(err as Error).message}`);
  }
  return (id) => re.test(id);
}

type Binding = { probe: string; params: Record<string, unknown>; file: BindingsFile };
type ExtensionTestcases = Map<string, { target: string; tc: ScopeExtension['testcases'][number] }>;

export function compileSuite(scope: Scope, opts: CompileOptions): CompiledSuite {
  const registry = opts.registry ?? builtinCatalog;
  const bindingFiles = opts.bindings ?? bindingsForScope(scope.uuid);
  // Bindings may name testcases of any extension of the scope, also of those --no-extensions leaves out.
  const allExtensions = opts.scopeExtensions ?? extensionsForScope(scope.uuid);
  const extensions = opts.extensions === false ? [] : allExtensions;
  const data = opts.data ?? loadAllData();
  const chosen = selectVersions(scope, opts.referenceDate, opts.forcedVersion);
  const matchTests = opts.tests !== undefined ? testsMatcher(opts.tests) : undefined;
  const sections = opts.sections?.map((s) => s.trim()).filter(Boolean);
  const bindings = collectBindings(scope, bindingFiles, allExtensions, extensions);
  const extTestcases = extensionTestcases(scope, extensions);
  const skipped: CompiledSuite['skipped'] = [];
  const isSelected = selector(sections, matchTests, skipped);
  const testcases = new Map<string, CompiledTestcase>();
  const addTestcase = (id: string, version: string, target: string): boolean => {
    const scopeTc = scope.testcases.get(id);
    const ext = extTestcases.get(id);
    const meta = scopeTc ?? (ext ? { ...ext.tc, manual: false } : undefined);
    if (!meta) return false;
    if (!isSelected(id, meta.section, scopeTc?.manual ?? false)) return false;
    let ctc = testcases.get(id);
    if (!ctc) {
      ctc = {
        id,
        ...(meta.description !== undefined && { description: meta.description }),
        ...(meta.url !== undefined && { url: meta.url }),
        lifetime: meta.lifetime,
        ...(meta.section !== undefined && { section: meta.section }),
        targets: {},
        ...bindProbe(id, bindings.get(id), registry),
        ...(ext && { extension: true }),
      };
      testcases.set(id, ctc);
    }
    const list = (ctc.targets[version] ??= []);
    if (!list.includes(target)) list.push(target);
    return true;
  };
  const versions = chosen.map((vv) => compileVersion(scope, vv, extTestcases, addTestcase));
  const artifacts = new Set<ArtifactName>();
  for (const tc of testcases.values()) for (const a of tc.probe?.artifacts ?? []) artifacts.add(a);
  const body: Omit<CompiledSuite, 'digest'> = {
    schemaVersion: COMPILED_SUITE_SCHEMA_VERSION,
    kind: 'scs-cert/compiled-suite',
    scope: {
      uuid: scope.uuid,
      name: scope.name,
      ...(scope.url !== undefined && { url: scope.url }),
      ...(scope.alias !== undefined && { alias: scope.alias }),
      fileDigest: scope.fileDigest,
    },
    referenceDate: opts.referenceDate,
    selection: {
      forcedVersion: opts.forcedVersion ?? null,
      tests: opts.tests ?? null,
      sections: sections ?? null,
    },
    variables: scope.variables,
    versions,
    testcases: [...testcases.values()],
    skipped,
    artifacts: [...artifacts].sort(),
    inputs: suiteInputs(scope, bindingFiles, extensions, data),
  };
  return { ...body, digest: canonicalDigest(body) };
}

/** The bindings of the compiled testcases; a binding of a testcase the scope does not know is an error. */
function collectBindings(
  scope: Scope,
  bindingFiles: BindingsFile[],
  allExtensions: ScopeExtension[],
  extensions: ScopeExtension[],
): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const inExtension = (exts: ScopeExtension[], id: string) =>
    exts.some((e) => e.testcases.some((t) => t.id === id));
  for (const bf of bindingFiles) {
    for (const [id, b] of bf.bindings) {
      const known = scope.testcases.has(id) || inExtension(allExtensions, id);
      if (!known) {
        const line = bf.lineOf(`/bindings/${id}`);
        throw new StandardsError(
          bf.file,
          `${line !== undefined ? `line ${line}, ` : ''}/bindings/${id}`,
          `binds unknown testcase '${id}' of scope '${scope.name}'`,
          'correct the testcase id or remove the binding',
        );
      }
      if (scope.testcases.has(id) || inExtension(extensions, id)) bindings.set(id, { ...b, file: bf });
    }
  }
  return bindings;
}

/** Extension testcases, keyed by id, with their target; their ids must be new. */
function extensionTestcases(scope: Scope, extensions: ScopeExtension[]): ExtensionTestcases {
  const extTestcases: ExtensionTestcases = new Map();
  for (const ext of extensions) {
    for (const tc of ext.testcases) {
      if (scope.testcases.has(tc.id) || extTestcases.has(tc.id)) {
        throw new StandardsError(
          ext.file,
          `/testcases/${tc.id}`,
          `duplicate testcase id '${tc.id}'`,
          'extension ids must be new',
        );
      }
      extTestcases.set(tc.id, { target: ext.target, tc });
    }
  }
  return extTestcases;
}

/** Whether a testcase is selected; one left out is listed in `skipped` (once) with the reason. */
function selector(
  sections: string[] | undefined,
  matchTests: ((id: string) => boolean) | undefined,
  skipped: CompiledSuite['skipped'],
): (id: string, section: string | undefined, manual: boolean) => boolean {
  const skip = (id: string, reason: CompiledSuite['skipped'][number]['reason']): false => {
    if (!skipped.some((s) => s.id === id)) skipped.push({ id, reason });
    return false;
  };
  return (id, section, manual) => {
    if (manual) return skip(id, 'manual');
    if (sections && !(section !== undefined && sections.includes(section)))
      return skip(id, 'filtered-by-sections');
    if (matchTests && !matchTests(id)) return skip(id, 'filtered-by-tests');
    return true;
  };
}

/** One chosen version: its targets' selected testcases, the extension testcases added to their targets. */
function compileVersion(
  scope: Scope,
  vv: ReturnType<typeof selectVersions>[number],
  extTestcases: ExtensionTestcases,
  addTestcase: (id: string, version: string, target: string) => boolean,
): CompiledSuite['versions'][number] {
  const def = present(
    scope.versions.find((v) => v.version === vv.version),
    `version ${vv.version}, chosen from this scope`,
  );
  const targets: Record<string, string[]> = {};
  for (const [target, ids] of Object.entries(def.targets)) {
    targets[target] = ids.filter((id) => addTestcase(id, def.version, target));
  }
  for (const [id, { target }] of extTestcases) {
    if (addTestcase(id, def.version, target)) (targets[target] ??= []).push(id);
  }
  return {
    version: def.version,
    validity: vv.validity,
    explicit: vv.explicit,
    ...(def.stabilizedAt !== undefined && { stabilizedAt: def.stabilizedAt }),
    modules: def.includes.map((i) => ({ ref: i.ref, parameters: i.parameters })),
    targets,
  };
}

/** The digest of every file the suite was compiled from, by its path in the package. */
function suiteInputs(
  scope: Scope,
  bindingFiles: BindingsFile[],
  extensions: ScopeExtension[],
  data: Map<string, DataFile>,
): Record<string, string> {
  const rel = (f: string) => relative(PACKAGE_ROOT, f).replace(/\\/g, '/');
  const inputs: Record<string, string> = {};
  if (!scope.file.startsWith(PACKAGE_ROOT)) inputs['scope'] = scope.fileDigest;
  else inputs[rel(scope.file)] = scope.fileDigest;
  for (const bf of bindingFiles) inputs[rel(bf.file)] = bf.digest;
  for (const ext of extensions) inputs[rel(ext.file)] = ext.digest;
  for (const d of data.values()) inputs[rel(d.file)] = d.digest;
  return inputs;
}

function bindProbe(
  testcaseId: string,
  binding: { probe: string; params: Record<string, unknown>; file: BindingsFile } | undefined,
  registry: ProbeCatalog,
): Pick<CompiledTestcase, 'probe' | 'notImplemented'> {
  if (!binding) return { probe: null, notImplemented: 'no probe is bound to this testcase' };
  const probe = registry.get(binding.probe);
  if (!probe) return { probe: null, notImplemented: `probe '${binding.probe}' is not implemented` };
  if (probe.meta.params) {
    if (binding.file.paramsChecked) return bound(probe, binding.params);
    const validate = getAjv().compile({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...probe.meta.params,
    });
    if (!validate(binding.params)) {
      const e = validate.errors?.[0];
      throw new StandardsError(
        binding.file.file,
        `/bindings/${testcaseId}/params${e?.instancePath ?? ''}`,
        `parameters do not fit probe '${probe.meta.id}': ${e?.message ?? 'invalid'}`,
        `see the params schema of probe '${probe.meta.id}' (docs/probes/${probe.meta.id}.md)`,
      );
    }
  } else if (Object.keys(binding.params).length > 0) {
    throw new StandardsError(
      binding.file.file,
      `/bindings/${testcaseId}/params`,
      `probe '${probe.meta.id}' takes no parameters`,
      'remove params',
    );
  }
  return bound(probe, binding.params);
}

function bound(
  probe: { meta: Pick<ProbeBindingMeta, 'id' | 'artifacts'> },
  params: Record<string, unknown>,
): Pick<CompiledTestcase, 'probe'> {
  return { probe: { id: probe.meta.id, params, artifacts: [...probe.meta.artifacts] } };
}

/** Check the params of every binding in a file against its probe (the build records the files that pass). */
export function checkBindingParams(file: BindingsFile, registry: ProbeCatalog): void {
  for (const [testcaseId, b] of file.bindings) bindProbe(testcaseId, { ...b, file }, registry);
}
