// Reads Sonobuoy results — a `sonobuoy retrieve` tarball or its extracted directory — into the SonobuoyResults artifact.
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import * as tar from 'tar';
import { parse } from 'yaml';
import type { SonobuoyResults, SonobuoyTest } from '../../artifacts/kaas.js';
import { type JunitStatus, crossCheckJunit, parseRunDefinition } from '../../kaas/sonobuoy-run.js';

export class SonobuoyResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SonobuoyResultsError';
  }
}

/** Sidecar scs-cert writes next to results it retrieved itself, so a later evaluation knows how they were run. */
export const RUN_SIDECAR = 'scs-cert-run.json';
export interface RunSidecar {
  executionMode: 'serial' | 'parallel' | 'dry';
  check: string;
  args: string[];
  startedAt: string;
  finishedAt?: string;
  sonobuoyVersion?: string;
}

interface ResultItem {
  name?: unknown;
  status?: unknown;
  meta?: Record<string, unknown>;
  details?: Record<string, unknown>;
  items?: unknown;
}

function firstLines(s: unknown, max = 400): string | undefined {
  if (typeof s !== 'string' || !s.trim()) return undefined;
  const t = s.trim().split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Walk Sonobuoy's post-processed results tree (`plugins/<plugin>/sonobuoy_results.yaml`): summary -> files ->
 * suites -> testcases. Leaves below a file are testcases; leaves that are plugin errors (`errors/…`, `timeout`) or
 * files that failed to parse are reported as errors.
 */
export function parseResultsTree(
  text: string,
  where: string,
): { pluginStatus: string; tests: SonobuoyTest[]; errors: string[] } {
  let root: ResultItem;
  try {
    root = parse(text) as ResultItem;
  } catch (err) {
    throw new SonobuoyResultsError(`${where} is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new SonobuoyResultsError(`${where} does not hold a Sonobuoy results tree`);
  const tests: SonobuoyTest[] = [];
  const errors: string[] = [];
  const visit = (item: ResultItem, depth: number) => {
    const name = typeof item.name === 'string' ? item.name : '';
    const status = typeof item.status === 'string' ? item.status : 'skipped';
    const file = typeof item.meta?.file === 'string' ? item.meta.file : '';
    if (typeof item.meta?.error === 'string') errors.push(`${name || file}: ${item.meta.error}`);
    const children = Array.isArray(item.items) ? (item.items as ResultItem[]) : [];
    if (children.length) {
      for (const c of children) if (c && typeof c === 'object') visit(c, depth + 1);
      return;
    }
    if (depth === 0) return;
    if (file.startsWith('errors/') || (status === 'timeout' && depth === 1)) {
      errors.push(`${name}: ${firstLines(item.details?.error) ?? status}`);
      return;
    }
    if (depth === 1) return; // a results file without testcases
    const failure = firstLines(item.details?.failure) ?? firstLines(item.details?.error);
    tests.push({
      name,
      status,
      ...(failure && status !== 'passed' && status !== 'skipped' ? { failure } : {}),
    });
  };
  visit(root, 0);
  return { pluginStatus: typeof root.status === 'string' ? root.status : 'unknown', tests, errors };
}

interface Collected {
  results?: { path: string; text: string };
  definition?: { path: string; text: string };
  junit?: { path: string; text: string };
  serverVersion?: string;
  sidecar?: RunSidecar;
}

function serverVersionOf(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { gitVersion?: unknown };
    return typeof v.gitVersion === 'string' ? v.gitVersion : undefined;
  } catch {
    return undefined;
  }
}

function sidecarOf(text: string): RunSidecar | undefined {
  try {
    const s = JSON.parse(text) as RunSidecar;
    return ['serial', 'parallel', 'dry'].includes(s.executionMode) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Sonobuoy writes the plugin definition as `definition.json`; releases before 0.56.6 spelled it `defintion.json`. */
const DEFINITION_FILES = ['definition.json', 'defintion.json'] as const;
/** Where the e2e plugin (a Job, hence `global`) leaves its JUnit report. */
const JUNIT_FILE = 'results/global/junit_01.xml';

/**
 * Every testcase of a JUnit report with its status (Ginkgo writes one testcase per spec, selected or not: specs the
 * run's focus left out are `skipped`). Answers undefined for text that is not a JUnit report.
 */
export function parseJunit(text: string): Array<{ name: string; status: JunitStatus }> | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    }).parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const holder = (doc.testsuites ?? doc) as { testsuite?: unknown };
  if (!Array.isArray(holder.testsuite)) return undefined;
  const out: Array<{ name: string; status: JunitStatus }> = [];
  for (const suite of holder.testsuite as Array<{ testcase?: unknown }>) {
    if (!suite || !Array.isArray(suite.testcase)) continue;
    for (const tc of suite.testcase as Array<Record<string, unknown>>) {
      if (!tc || typeof tc.name !== 'string') continue;
      const status: JunitStatus =
        'failure' in tc || 'error' in tc ? 'failed' : 'skipped' in tc ? 'skipped' : 'passed';
      out.push({ name: tc.name, status });
    }
  }
  return out;
}

/** Entry paths may carry `./` or a top directory (`results/plugins/e2e/...`); match on the Sonobuoy-relative tail. */
function tailMatch(path: string, tail: string): boolean {
  const p = path.replace(/^\.\//, '');
  return p === tail || p.endsWith(`/${tail}`);
}

async function collectFromArchive(file: string, plugin: string): Promise<Collected> {
  const want = `plugins/${plugin}/sonobuoy_results.yaml`;
  const out: Collected = {};
  const pending: Array<Promise<void>> = [];
  const fail = (why: string) =>
    new SonobuoyResultsError(
      `${file} is not a readable Sonobuoy results archive (gzip tar): ${why} — pass the tarball \`sonobuoy retrieve\` wrote, or its extracted directory`,
    );
  const head = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  const n = readSync(fd, head, 0, 512, 0);
  closeSync(fd);
  const gzip = n >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const ustar = n >= 262 && head.toString('latin1', 257, 262) === 'ustar';
  if (!gzip && !ustar) throw fail('neither gzip nor tar data');
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const p = entry.path;
        const kind = tailMatch(p, want)
          ? 'results'
          : tailMatch(p, 'serverversion.json')
            ? 'version'
            : DEFINITION_FILES.some((d) => tailMatch(p, `plugins/${plugin}/${d}`))
              ? 'definition'
              : tailMatch(p, `plugins/${plugin}/${JUNIT_FILE}`)
                ? 'junit'
                : undefined;
        if (!kind || entry.type !== 'File') return;
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        pending.push(
          new Promise((resolve) =>
            entry.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (kind === 'version') out.serverVersion = serverVersionOf(text);
              // With several matches (nested copies) the shortest path is Sonobuoy's own.
              else if (!out[kind] || p.length < (out[kind]?.path.length ?? 0)) out[kind] = { path: p, text };
              resolve();
            }),
          ),
        );
      },
    });
    await Promise.all(pending);
  } catch (err) {
    throw fail((err as Error).message);
  }
  const side = join(file, '..', RUN_SIDECAR);
  if (existsSync(side)) out.sidecar = sidecarOf(readFileSync(side, 'utf8'));
  return out;
}

function findUp(dir: string, tail: string, depth = 3): string | undefined {
  const direct = join(dir, tail);
  if (existsSync(direct)) return direct;
  if (depth === 0) return undefined;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const hit = findUp(join(dir, e.name), tail, depth - 1);
    if (hit) return hit;
  }
  return undefined;
}

function collectFromDirectory(dir: string, plugin: string): Collected {
  const want = `plugins/${plugin}/sonobuoy_results.yaml`;
  const out: Collected = {};
  const hit = findUp(dir, want);
  if (hit) out.results = { path: relative(dir, hit), text: readFileSync(hit, 'utf8') };
  if (hit) {
    const pluginDir = join(hit, '..');
    for (const d of DEFINITION_FILES) {
      const f = join(pluginDir, d);
      if (existsSync(f) && !out.definition)
        out.definition = { path: relative(dir, f), text: readFileSync(f, 'utf8') };
    }
    const j = join(pluginDir, JUNIT_FILE);
    if (existsSync(j)) out.junit = { path: relative(dir, j), text: readFileSync(j, 'utf8') };
  }
  const root = hit ? join(hit, '..', '..', '..') : dir;
  const sv = join(root, 'serverversion.json');
  if (existsSync(sv)) out.serverVersion = serverVersionOf(readFileSync(sv, 'utf8'));
  for (const d of [dir, root]) {
    const side = join(d, RUN_SIDECAR);
    if (existsSync(side) && !out.sidecar) out.sidecar = sidecarOf(readFileSync(side, 'utf8'));
  }
  return out;
}

/** The newest `*_sonobuoy_*.tar.gz` (or any .tar.gz) directly in a directory, if the directory holds no extracted results. */
export function tarballIn(dir: string): string | undefined {
  const tars = readdirSync(dir)
    .filter((f) => f.endsWith('.tar.gz') || f.endsWith('.tgz'))
    .map((f) => ({ f, m: statSync(join(dir, f)).mtimeMs, sono: /_sonobuoy_/.test(f) }))
    .sort((a, b) => Number(b.sono) - Number(a.sono) || b.m - a.m || b.f.localeCompare(a.f));
  return tars[0] ? join(dir, tars[0].f) : undefined;
}

function focusOf(side: RunSidecar | undefined): string | undefined {
  const args = side?.args ?? [];
  const i = args.indexOf('--e2e-focus');
  if (i >= 0 && typeof args[i + 1] === 'string') return args[i + 1];
  return args.find((a) => a.startsWith('--e2e-focus='))?.slice('--e2e-focus='.length);
}

/** Read results from a tarball or an (extracted) directory; any unreadable or incomplete input is an error. */
export async function readSonobuoyResults(
  path: string,
  opts: { plugin?: string } = {},
): Promise<SonobuoyResults> {
  const plugin = opts.plugin ?? 'e2e';
  if (!existsSync(path))
    throw new SonobuoyResultsError(
      `Sonobuoy results ${path} do not exist — pass a results tarball or directory`,
    );
  let kind: 'archive' | 'directory' = 'archive';
  let collected: Collected;
  let source = path;
  if (statSync(path).isDirectory()) {
    collected = collectFromDirectory(path, plugin);
    kind = 'directory';
    if (!collected.results) {
      const t = tarballIn(path);
      if (t) {
        source = t;
        kind = 'archive';
        const side = collected.sidecar;
        collected = await collectFromArchive(t, plugin);
        collected.sidecar ??= side;
      }
    }
  } else collected = await collectFromArchive(path, plugin);
  if (!collected.results)
    throw new SonobuoyResultsError(
      `${source} has no plugins/${plugin}/sonobuoy_results.yaml — not the results of a completed Sonobuoy ${plugin} run`,
    );
  const tree = parseResultsTree(collected.results.text, `${source}: ${collected.results.path}`);
  const definition = collected.definition
    ? parseRunDefinition(collected.definition.text, collected.definition.path)
    : undefined;
  if (collected.definition && !definition)
    throw new SonobuoyResultsError(
      `${source}: ${collected.definition.path} is not a Sonobuoy plugin definition (no Definition.spec) — pass the results exactly as \`sonobuoy retrieve\` wrote them`,
    );
  let junit: SonobuoyResults['junit'];
  if (collected.junit) {
    const cases = parseJunit(collected.junit.text);
    if (!cases)
      throw new SonobuoyResultsError(
        `${source}: ${collected.junit.path} is not a JUnit report — pass the results exactly as \`sonobuoy retrieve\` wrote them`,
      );
    junit = crossCheckJunit(collected.junit.path, cases, tree.tests);
  }
  const sidecarMode = collected.sidecar?.executionMode;
  return {
    source: { kind, path: source },
    plugin,
    pluginStatus: tree.pluginStatus,
    executionMode: sidecarMode ?? (definition?.dryRun ? 'dry' : 'unknown'),
    ...(focusOf(collected.sidecar) ? { focus: focusOf(collected.sidecar) } : {}),
    errors: tree.errors,
    tests: tree.tests,
    ...(collected.serverVersion ? { serverVersion: collected.serverVersion } : {}),
    ...(definition ? { definition } : {}),
    ...(junit ? { junit } : {}),
  };
}
