// Pure judgement of Sonobuoy e2e results for cncf-k8s-conformance and kaas-networking-check: selection, okToFail, verdict.
import type { SonobuoyResults, SonobuoyTest } from '../artifacts/kaas.js';
import { decideWithDeviations } from '../results/deviations.js';
import type { Deviation, ProbeResult } from '../results/types.js';
import {
  CONFORMANCE_FOCUS,
  NON_DISRUPTIVE_SKIP,
  describeRun,
  effectiveSkip,
  runSelects,
} from './sonobuoy-run.js';

export interface OkToFail {
  regex: string;
  reason: string;
}

export function okToFailList(data: unknown): Array<OkToFail & { re: RegExp }> {
  const list = (data as { okToFail?: unknown } | undefined)?.okToFail;
  if (!Array.isArray(list))
    throw new Error(
      'okToFail data scs-sonobuoy-config-v1 is missing (standards/data/scs-sonobuoy-config-v1.yaml)',
    );
  return list.map((e) => {
    const x = e as OkToFail;
    try {
      return { regex: x.regex, reason: x.reason, re: new RegExp(x.regex) };
    } catch (err) {
      throw new Error(
        `okToFail regex ${JSON.stringify(x.regex)} is not a valid regular expression: ${(err as Error).message}`,
      );
    }
  });
}

/** Ginkgo suite-level nodes: their failure breaks every spec, so they count for every selection. */
const SUITE_NODE = /^\[(Synchronized)?(Before|After)Suite\]|^\[Report(Before|After)Suite\]/;

export interface Selection {
  /** Human name of the selection, e.g. `[Conformance] tests`. */
  name: string;
  /** Which testcases of the run belong to this check. */
  matches: (testName: string) => boolean;
  /**
   * The standard requires every selected test to pass (scs-0201: "All conformance tests MUST be passed successfully"),
   * so a selected test reported `skipped` is named: it did not pass. Whether it was left out by the run's focus/skip
   * settings or skipped itself cannot be told from the results file, so it is a warning, not a verdict.
   */
  allMustPass?: boolean;
  /**
   * The E2E_FOCUS / E2E_SKIP the SCS scope runs Sonobuoy with for this check: a run whose own definition leaves
   * out a test this pair selects did not run the check's tests.
   */
  scopeRun: { focus: string; skip?: string };
  /** The `sonobuoy run` command that produces a run covering the selection (named as the fix). */
  fix: string;
}

export const CONFORMANCE_SELECTION: Selection = {
  name: '[Conformance] tests',
  matches: (n) => n.includes('[Conformance]'),
  allMustPass: true,
  scopeRun: { focus: CONFORMANCE_FOCUS },
  fix: 'sonobuoy run --mode=certified-conformance',
};

/**
 * The focus the scope gives Sonobuoy for scs-0219 (`--e2e-focus "NetworkPolicy"`), applied as Ginkgo does: a search.
 * `--e2e-focus` keeps the E2E_SKIP of Sonobuoy's default mode (non-disruptive-conformance).
 */
export const NETWORKPOLICY_SELECTION: Selection = {
  name: 'NetworkPolicy tests',
  matches: (n) => /NetworkPolicy/.test(n),
  scopeRun: { focus: 'NetworkPolicy', skip: NON_DISRUPTIVE_SKIP },
  fix: 'sonobuoy run --e2e-focus NetworkPolicy',
};

export const SONOBUOY_DEVIATIONS: Deviation[] = [
  {
    id: 'sonobuoy-empty-run',
    standard: 'Results without a single executed test of the selection prove nothing: ABORT, never PASS.',
    reference: 'No failed testcase means PASS, even when no test ran at all.',
  },
  {
    id: 'sonobuoy-plugin-errors',
    standard:
      'A plugin error or timeout (Sonobuoy `errors/…` items) means the run is incomplete: ABORT unless a test failed.',
    reference: 'Only testcase items with status `failed` are looked at; plugin errors are ignored.',
  },
  {
    id: 'sonobuoy-dry-run',
    standard: 'A dry run (execution mode `dry`, E2E_DRYRUN) lists tests without running them: ABORT.',
    reference: 'Dry-run results (every test reported passed) give PASS.',
  },
  {
    id: 'sonobuoy-timeout-is-failure',
    standard: 'Testcases with status `timeout` did not pass and count as failed.',
    reference: 'Only status `failed` counts.',
  },
  {
    id: 'sonobuoy-run-selection',
    standard:
      "The results must come from a run that selected the check's tests: the run's own definition (plugins/e2e/definition.json: E2E_FOCUS, E2E_SKIP) and its JUnit report are read, and a run that left some of them out (mode quick, a focused or rerun-failed run, non-disruptive-conformance) is ABORT, naming the `sonobuoy run` that fixes it; a selected [Conformance] test reported skipped did not pass (FAIL). Results whose JUnit report and results tree disagree are ABORT.",
    reference:
      "The script runs Sonobuoy itself in the scope's mode and counts only failed testcases, so results of any run without a failure give PASS.",
  },
  {
    id: 'sonobuoy-selection',
    standard:
      'Only the testcases the check selects are judged ([Conformance] for cncf-k8s-conformance, NetworkPolicy for kaas-networking-check), so one archive of a broader run can serve both.',
    reference: 'Every testcase of the given run is judged.',
  },
];

function statusOf(t: SonobuoyTest): 'passed' | 'failed' | 'skipped' | 'unknown' {
  if (t.status === 'passed') return 'passed';
  if (t.status === 'skipped') return 'skipped';
  if (t.status === 'failed' || t.status === 'timeout') return 'failed';
  return 'unknown';
}

/** Which of the check's tests the run covered, by its own definition and the statuses it reported. */
interface Coverage {
  /** Tests of the run the scope's own `sonobuoy run` selects for this check. */
  required: number;
  /** Required tests the run's definition left out (E2E_FOCUS / E2E_SKIP). */
  notSelected: string[];
  /** Required tests the run selected but reported skipped. */
  skippedSelected: string[];
  /** Required tests reported skipped where no definition tells why. */
  skippedUnexplained: string[];
  /** Set when the definition's regular expressions cannot be read. */
  unreadable?: string;
}

function coverageOf(r: SonobuoyResults, sel: Selection): Coverage {
  const scope = runSelects(sel.scopeRun);
  const required = r.tests.filter((t) => sel.matches(t.name) && (!scope || scope(t.name)));
  const out: Coverage = {
    required: required.length,
    notSelected: [],
    skippedSelected: [],
    skippedUnexplained: [],
  };
  const def = r.definition;
  const selects = def ? runSelects(def) : undefined;
  if (def && !selects) {
    out.unreadable = `E2E_FOCUS ${JSON.stringify(def.focus ?? '')} / E2E_SKIP ${JSON.stringify(def.skip ?? '')}`;
    return out;
  }
  for (const t of required) {
    if (selects && !selects(t.name)) out.notSelected.push(t.name);
    else if (t.status === 'skipped') (selects ? out.skippedSelected : out.skippedUnexplained).push(t.name);
  }
  return out;
}

function some(names: string[], n = 3): string {
  return `${names.slice(0, n).join('; ')}${names.length > n ? '; …' : ''}`;
}

interface Judged {
  result: ProbeResult;
  fired: Set<string>;
}

type Mode = 'standard' | 'reference';

/** A verdict before its evidence is attached. */
interface Verdict {
  outcome: ProbeResult['outcome'];
  messageId: string;
  message: string;
  offenders?: Array<{ resource: string; problem: string }>;
}

type Counts = Record<'passed' | 'failed' | 'skipped' | 'unknown', number>;

/** The tests the mode judges, counted by status; a timeout counts as failed by the text, skipped by the script. */
function tally(
  r: SonobuoyResults,
  sel: Selection,
  mode: Mode,
  fired: Set<string>,
): { counts: Counts; failed: SonobuoyTest[]; unknown: SonobuoyTest[] } {
  const all = r.tests;
  const selected =
    mode === 'standard' ? all.filter((t) => sel.matches(t.name) || SUITE_NODE.test(t.name)) : all;
  if (selected.length !== all.length && all.some((t) => !sel.matches(t.name) && t.status === 'failed'))
    fired.add('sonobuoy-selection');
  const counts: Counts = { passed: 0, failed: 0, skipped: 0, unknown: 0 };
  const failed: SonobuoyTest[] = [];
  const unknown: SonobuoyTest[] = [];
  for (const t of selected) {
    let s = statusOf(t);
    if (t.status === 'timeout') {
      fired.add('sonobuoy-timeout-is-failure');
      if (mode === 'reference') s = 'skipped';
    }
    if (mode === 'reference' && s === 'unknown') s = 'skipped';
    counts[s]++;
    if (s === 'failed') failed.push(t);
    if (s === 'unknown') unknown.push(t);
  }
  return { counts, failed, unknown };
}

function judge(r: SonobuoyResults, oks: ReturnType<typeof okToFailList>, sel: Selection, mode: Mode): Judged {
  const fired = new Set<string>();
  const { counts, failed, unknown } = tally(r, sel, mode, fired);
  const excepted: Array<{ test: string; reason: string; regex: string }> = [];
  const real: SonobuoyTest[] = [];
  for (const t of failed) {
    const ok = oks.find((o) => o.re.test(t.name));
    if (ok) excepted.push({ test: t.name, reason: ok.reason, regex: ok.regex });
    else real.push(t);
  }
  const warnings = excepted.map((e) => `excepted by okToFail: ${e.test} — ${e.reason}`);
  const cover = coverageOf(r, sel);
  const skippedSelected = [...cover.skippedSelected, ...cover.skippedUnexplained];
  if (skippedSelected.length && (mode === 'reference' || !sel.allMustPass))
    warnings.push(
      `${skippedSelected.length} ${sel.name} were skipped, so they did not pass (${some(skippedSelected)}) — run \`${sel.fix}\` and check in e2e.log why they skipped`,
    );
  const values: Record<string, unknown> = {
    source: r.source,
    executionMode: r.executionMode ?? 'unknown',
    pluginStatus: r.pluginStatus,
    selection: sel.name,
    testsInRun: r.tests.length,
    ...counts,
    ...(excepted.length ? { excepted } : {}),
    ...(skippedSelected.length ? { skippedSelected: skippedSelected.slice(0, 20) } : {}),
    ...(r.errors.length ? { pluginErrors: r.errors } : {}),
    ...(r.serverVersion ? { serverVersion: r.serverVersion } : {}),
    ...(r.definition
      ? {
          runDefinition: {
            path: r.definition.path,
            focus: r.definition.focus ?? '',
            skip: r.definition.skip ?? '',
            run: describeRun(r.definition),
          },
        }
      : {}),
    requiredInRun: cover.required,
    ...(cover.notSelected.length
      ? { notSelected: cover.notSelected.length, notSelectedSample: cover.notSelected.slice(0, 20) }
      : {}),
    ...(r.junit ? { junit: r.junit } : {}),
  };
  const v: Verdict = real.length
    ? failedVerdict(real, counts, sel)
    : (runHealthVerdict(r, unknown, mode, fired) ??
      selectionVerdict(r, cover, sel, mode, fired) ??
      emptyOrPassVerdict(r, counts, excepted.length, sel, mode, fired));
  return {
    result: {
      outcome: v.outcome,
      messageId: v.messageId,
      message: v.message,
      evidence: {
        judged: [r.source.path],
        values,
        ...(v.offenders?.length ? { offenders: v.offenders } : {}),
      },
      ...(warnings.length ? { warnings } : {}),
    },
    fired,
  };
}

/** Failures that no okToFail entry excepts. */
function failedVerdict(real: SonobuoyTest[], counts: Counts, sel: Selection): Verdict {
  const offenders = real.map((t) => ({ resource: t.name, problem: t.failure ?? `status ${t.status}` }));
  const names = real
    .slice(0, 3)
    .map((t) => t.name)
    .join('; ');
  return {
    outcome: 'FAIL',
    messageId: 'e2e-tests-failed',
    message: `${real.length} of ${counts.passed + counts.failed + counts.unknown} executed ${sel.name} failed (${names}${real.length > 3 ? '; …' : ''}) — fix the cluster so they pass; a failure caused by an upstream test bug needs an okToFail entry from SCS`,
    offenders,
  };
}

/** A dry run, plugin errors or unknown statuses: the run itself says nothing sure. */
function runHealthVerdict(
  r: SonobuoyResults,
  unknown: SonobuoyTest[],
  mode: Mode,
  fired: Set<string>,
): Verdict | undefined {
  if (r.executionMode === 'dry') {
    fired.add('sonobuoy-dry-run');
    if (mode === 'standard')
      return {
        outcome: 'ABORT',
        messageId: 'sonobuoy-dry-run',
        message:
          'the results come from a dry run (tests listed, not executed) — run Sonobuoy in serial or parallel mode',
      };
  }
  if (r.errors.length) {
    fired.add('sonobuoy-plugin-errors');
    if (mode === 'standard')
      return {
        outcome: 'ABORT',
        messageId: 'sonobuoy-plugin-error',
        message: `the Sonobuoy run is incomplete: ${r.errors.slice(0, 2).join('; ')} — rerun Sonobuoy (check its aggregator and plugin logs)`,
      };
  }
  if (unknown.length)
    return {
      outcome: 'ABORT',
      messageId: 'sonobuoy-unknown-status',
      message: `${unknown.length} test(s) ended with an unknown status (${unknown[0]?.name}) — rerun Sonobuoy`,
    };
  return undefined;
}

/** Whether the run selected (and ran) the required tests; the text asks for all of them. */
function selectionVerdict(
  r: SonobuoyResults,
  cover: Coverage,
  sel: Selection,
  mode: Mode,
  fired: Set<string>,
): Verdict | undefined {
  const run = r.definition ? describeRun(r.definition) : 'a run without a plugin definition';
  const serialOnly = Boolean(r.definition && !r.definition.skip && effectiveSkip(r.definition));
  const checks: Array<[boolean, () => Verdict]> = [
    [
      Boolean(r.junit?.disagreementCount),
      () => ({
        outcome: 'ABORT',
        messageId: 'sonobuoy-results-disagree',
        message: `${r.junit?.path} and the results tree disagree on ${r.junit?.disagreementCount} test(s) (${some(r.junit?.disagreements ?? [], 2)}) — pass the tarball exactly as \`sonobuoy retrieve\` wrote it`,
      }),
    ],
    [
      Boolean(cover.unreadable),
      () => ({
        outcome: 'ABORT',
        messageId: 'sonobuoy-selection-unknown',
        message: `the run's ${cover.unreadable} cannot be read as regular expressions, so whether it ran the ${sel.name} is unknown — run \`${sel.fix}\``,
      }),
    ],
    [
      cover.notSelected.length > 0,
      () => ({
        outcome: 'ABORT',
        messageId: 'sonobuoy-selection-incomplete',
        message: `the results come from ${run}, which left out ${cover.notSelected.length} of ${cover.required} ${sel.name} (${some(cover.notSelected, 2)}), so they were not run — run \`${sel.fix}\`${serialOnly ? ' without --e2e-parallel (a parallel run skips the [Serial] tests)' : ''} and pass the tarball \`sonobuoy retrieve\` writes`,
      }),
    ],
    [
      Boolean(sel.allMustPass) && cover.skippedUnexplained.length > 0,
      () => ({
        outcome: 'ABORT',
        messageId: 'sonobuoy-selection-unknown',
        message: `${cover.skippedUnexplained.length} of ${cover.required} ${sel.name} were skipped (${some(cover.skippedUnexplained, 2)}) and the results hold no plugin definition (plugins/e2e/definition.json) telling whether the run left them out — run \`${sel.fix}\` and pass the tarball \`sonobuoy retrieve\` writes`,
      }),
    ],
    [
      Boolean(sel.allMustPass) && cover.skippedSelected.length > 0,
      () => ({
        outcome: 'FAIL',
        messageId: 'e2e-selected-skipped',
        message: `${cover.skippedSelected.length} of ${cover.required} ${sel.name} were selected by the run but skipped, so they did not pass (${some(cover.skippedSelected, 2)}) — all must pass: find in e2e.log why they skipped (e.g. a missing feature or too few nodes) and fix the cluster`,
        offenders: cover.skippedSelected.map((t) => ({ resource: t, problem: 'skipped' })),
      }),
    ],
  ];
  for (const [applies, verdict] of checks) {
    if (!applies) continue;
    fired.add('sonobuoy-run-selection');
    if (mode === 'standard') return verdict();
  }
  return undefined;
}

/** No executed test at all, else PASS. */
function emptyOrPassVerdict(
  r: SonobuoyResults,
  counts: Counts,
  exceptedCount: number,
  sel: Selection,
  mode: Mode,
  fired: Set<string>,
): Verdict {
  if (counts.passed === 0) {
    fired.add('sonobuoy-empty-run');
    if (mode === 'standard')
      return {
        outcome: 'ABORT',
        messageId: 'sonobuoy-no-tests',
        message: `the results contain no executed ${sel.name} (${r.tests.length} testcases in the run, none selected and run) — run the check's Sonobuoy mode`,
      };
  }
  return {
    outcome: 'PASS',
    messageId: 'e2e-passed',
    message: `all ${counts.passed + exceptedCount} executed ${sel.name} passed${exceptedCount ? ` (${exceptedCount} failure(s) excepted by okToFail)` : ''}`,
  };
}

/** Judge results in the chosen mode; deviations are named when the other reading would give another verdict. */
export function judgeSonobuoy(
  r: SonobuoyResults | undefined,
  okData: unknown,
  sel: Selection,
  mode: 'standard' | 'reference',
): ProbeResult {
  if (!r || !Array.isArray(r.tests))
    throw new Error('no Sonobuoy results (the results file is missing or could not be read)');
  const oks = okToFailList(okData);
  return decideWithDeviations(mode, (m) => {
    const j = judge(r, oks, sel, m);
    return { ...j.result, ...(j.fired.size ? { deviations: [...j.fired].sort() } : {}) };
  });
}
