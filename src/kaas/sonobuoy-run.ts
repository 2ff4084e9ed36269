// What a Sonobuoy e2e run was told to run (its plugin definition) and whether that covers a check's tests: pure
// functions over the definition, the results tree and the JUnit report.
import type { SonobuoyJunitCheck, SonobuoyRunDefinition, SonobuoyTest } from '../artifacts/kaas.js';

/** Sonobuoy's `--mode` presets (cmd/sonobuoy/app/modes.go): the E2E_FOCUS / E2E_SKIP pair each sets. */
export const CONFORMANCE_FOCUS = '\\[Conformance\\]';
export const NON_DISRUPTIVE_SKIP = '\\[Disruptive\\]|NoExecuteTaintManager';
export const QUICK_FOCUS = 'Pods should be submitted and removed';

/** The mode a focus/skip pair corresponds to, or `custom` for anything a mode does not set. */
export function sonobuoyModeOf(def: Pick<SonobuoyRunDefinition, 'focus' | 'skip'>): string {
  const focus = def.focus ?? '';
  const skip = def.skip ?? '';
  if (focus === QUICK_FOCUS && !skip) return 'quick';
  if (focus === CONFORMANCE_FOCUS && !skip) return 'certified-conformance';
  if (focus === CONFORMANCE_FOCUS && skip === NON_DISRUPTIVE_SKIP) return 'non-disruptive-conformance';
  if (focus === CONFORMANCE_FOCUS) return 'conformance-lite or a custom E2E_SKIP';
  return 'custom';
}

/** How the run was configured, in the words of the `sonobuoy run` flags, for messages. */
export function describeRun(def: SonobuoyRunDefinition): string {
  const mode = sonobuoyModeOf(def);
  const env = [
    `E2E_FOCUS=${JSON.stringify(shorten(def.focus ?? ''))}`,
    `E2E_SKIP=${JSON.stringify(shorten(def.skip ?? ''))}`,
    ...(def.parallel && def.parallel !== 'false' ? [`E2E_PARALLEL=${def.parallel}`] : []),
  ].join(', ');
  return mode === 'custom' ? `a focused run (${env})` : `Sonobuoy mode ${mode} (${env})`;
}

function shorten(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Ginkgo matches E2E_FOCUS / E2E_SKIP as Go (RE2) regular expressions searched in the full test text. RE2 and
 * JavaScript agree on the syntax Sonobuoy and the SCS scripts use; a leading `(?i)` becomes the `i` flag. A pattern
 * JavaScript cannot compile answers undefined: the selection is then unknown, never guessed.
 */
export function goRegExp(pattern: string): RegExp | undefined {
  let src = pattern;
  let flags = '';
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (inline) {
    if (!/^[is]+$/.test(inline[1] ?? '')) return undefined;
    flags = inline[1] ?? '';
    src = src.slice(inline[0].length);
  }
  try {
    return new RegExp(src, flags);
  } catch {
    return undefined;
  }
}

/** The conformance image's runner skips serial tests in a parallel run unless E2E_SKIP is set (go-runner/cmd.go). */
export const SERIAL_SKIP = '\\[Serial\\]';

/** The E2E_SKIP the conformance image applies: E2E_PARALLEL `y`/`Y`/`true` with no E2E_SKIP skips [Serial] tests. */
export function effectiveSkip(def: Pick<SonobuoyRunDefinition, 'skip' | 'parallel'>): string | undefined {
  if (def.skip) return def.skip;
  return ['y', 'Y', 'true'].includes(def.parallel ?? '') ? SERIAL_SKIP : undefined;
}

/** Whether the run selected a test by name; undefined when a regex cannot be read. */
export function runSelects(
  def: Pick<SonobuoyRunDefinition, 'focus' | 'skip' | 'parallel'>,
): ((name: string) => boolean) | undefined {
  const focus = def.focus ? goRegExp(def.focus) : null;
  const skipText = effectiveSkip(def);
  const skip = skipText ? goRegExp(skipText) : null;
  if (focus === undefined || skip === undefined) return undefined;
  return (name) => (!focus || focus.test(name)) && !(skip && skip.test(name));
}

interface EnvVar {
  name?: unknown;
  value?: unknown;
}

/**
 * Read `plugins/<plugin>/definition.json` (the plugin as Sonobuoy serialised it: `Definition.spec.env` holds the
 * E2E_* variables). Answers undefined for text that is not such a definition.
 */
export function parseRunDefinition(text: string, path: string): SonobuoyRunDefinition | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const spec = (doc as { Definition?: { spec?: { env?: unknown; image?: unknown } } } | null)?.Definition
    ?.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  const env = new Map<string, string>();
  if (Array.isArray(spec.env))
    for (const e of spec.env as EnvVar[])
      if (e && typeof e.name === 'string') env.set(e.name, typeof e.value === 'string' ? e.value : '');
  const out: SonobuoyRunDefinition = { path };
  const set = (key: 'focus' | 'skip' | 'parallel' | 'kubernetesVersion', name: string) => {
    const v = env.get(name);
    if (v !== undefined && v !== '') out[key] = v;
  };
  set('focus', 'E2E_FOCUS');
  set('skip', 'E2E_SKIP');
  set('parallel', 'E2E_PARALLEL');
  set('kubernetesVersion', 'SONOBUOY_K8S_VERSION');
  if (env.get('E2E_DRYRUN') === 'true') out.dryRun = true;
  if (typeof spec.image === 'string') out.image = spec.image;
  return out;
}

/** Statuses as both files write them; JUnit knows passed (no child), skipped, failure and error. */
export type JunitStatus = 'passed' | 'failed' | 'skipped';

function comparable(status: string): string {
  return status === 'timeout' || status === 'error' ? 'failed' : status;
}

/** Compare the JUnit report with the results tree Sonobuoy derived from it: counts and every test's status. */
export function crossCheckJunit(
  path: string,
  junit: Array<{ name: string; status: JunitStatus }>,
  tests: SonobuoyTest[],
): SonobuoyJunitCheck {
  const fromTree = new Map<string, string>();
  for (const t of tests) fromTree.set(t.name, comparable(t.status));
  const seen = new Set<string>();
  const disagreements: string[] = [];
  for (const t of junit) {
    seen.add(t.name);
    const other = fromTree.get(t.name);
    if (other !== t.status) disagreements.push(`${t.name}: junit ${t.status}, results ${other ?? 'absent'}`);
  }
  for (const t of tests)
    if (!seen.has(t.name)) disagreements.push(`${t.name}: junit absent, results ${comparable(t.status)}`);
  return {
    path,
    testcases: junit.length,
    executed: junit.filter((t) => t.status !== 'skipped').length,
    skipped: junit.filter((t) => t.status === 'skipped').length,
    failed: junit.filter((t) => t.status === 'failed').length,
    disagreements: disagreements.slice(0, 20),
    disagreementCount: disagreements.length,
  };
}
