// Builds Sonobuoy results tarballs in the real layout (plugins/e2e/sonobuoy_results.yaml, results/global/junit_01.xml,
// meta/, serverversion.json) from a list of testcases — for tests and the bundled demo fixtures, never for real runs.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { stringify } from 'yaml';
import type { SonobuoyTest } from '../artifacts/kaas.js';
import { CONFORMANCE_FOCUS } from '../kaas/sonobuoy-run.js';

export interface ArchiveSpec {
  tests: SonobuoyTest[];
  suiteName?: string;
  /** Plugin-level errors to record under plugins/e2e/errors/ (e.g. a timeout). */
  errors?: Array<{ name: string; error: string; status?: string }>;
  serverVersion?: string;
  /** Leave out sonobuoy_results.yaml (a broken/incomplete archive). */
  omitResultsFile?: boolean;
  /** Fixed run time (for reproducible fixtures). */
  timestamp?: string;
  uuid?: string;
  /** Sonobuoy version stamped into meta/config.json. */
  sonobuoyVersion?: string;
  /**
   * The e2e plugin's environment recorded in plugins/e2e/definition.json (default: mode certified-conformance,
   * `E2E_FOCUS=\[Conformance\]`); `null` leaves the definition out.
   */
  run?: { focus?: string; skip?: string; dryRun?: boolean; parallel?: boolean } | null;
  /** `defintion.json`, as Sonobuoy before 0.56.6 named it. */
  definitionFileName?: 'definition.json' | 'defintion.json';
  /** Testcases for junit_01.xml when it should differ from the results tree (a tampered or truncated archive). */
  junitTests?: SonobuoyTest[];
  omitJunit?: boolean;
  /** `ginkgo-v1`: one `<testsuite>` root whose `tests` counts executed specs, as Kubernetes before 1.25 wrote it. */
  junitStyle?: 'ginkgo-v1' | 'ginkgo-v2';
}

function definitionJson(spec: ArchiveSpec): string {
  const run = spec.run === undefined ? { focus: CONFORMANCE_FOCUS } : spec.run;
  const env = [
    { name: 'E2E_EXTRA_ARGS', value: '--progress-report-url=http://localhost:8099/progress' },
    { name: 'E2E_FOCUS', value: run?.focus ?? '' },
    { name: 'E2E_PARALLEL', value: String(run?.parallel ?? false) },
    { name: 'E2E_SKIP', value: run?.skip ?? '' },
    { name: 'E2E_USE_GO_RUNNER', value: 'true' },
    { name: 'SONOBUOY_K8S_VERSION', value: spec.serverVersion ?? 'v1.37.2' },
    ...(run?.dryRun ? [{ name: 'E2E_DRYRUN', value: 'true' }] : []),
  ];
  return JSON.stringify({
    Definition: {
      'sonobuoy-config': { driver: 'Job', 'plugin-name': 'e2e', 'result-format': 'junit' },
      spec: {
        name: 'e2e',
        image: `registry.k8s.io/conformance:${spec.serverVersion ?? 'v1.37.2'}`,
        command: ['/run_e2e.sh'],
        env,
        resources: {},
        volumeMounts: [{ name: 'results', mountPath: '/tmp/sonobuoy/results' }],
        imagePullPolicy: 'IfNotPresent',
      },
    },
    SessionID: 'e26600506d6c420f',
    Namespace: 'sonobuoy',
    SonobuoyImage: `sonobuoy/sonobuoy:${spec.sonobuoyVersion ?? 'v0.57.3'}`,
    CleanedUp: true,
  });
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function junit(spec: ArchiveSpec, suite: string, ts: string): string {
  const tests = spec.junitTests ?? spec.tests;
  const failures = tests.filter((t) => t.status === 'failed').length;
  const skipped = tests.filter((t) => t.status === 'skipped').length;
  const cases = tests.map((t) => {
    const head = `      <testcase name="${xml(t.name)}" classname="${xml(suite)}" status="${xml(t.status)}" time="${t.status === 'skipped' ? 0 : 1.5}">`;
    if (t.status === 'skipped')
      return `${head}\n        <skipped message="skipped"></skipped>\n      </testcase>`;
    if (t.status === 'failed' || t.status === 'timeout')
      return `${head}\n        <failure message="${xml(t.failure ?? 'failed')}" type="failed">${xml(t.failure ?? 'failed')}</failure>\n      </testcase>`;
    return `${head}</testcase>`;
  });
  if (spec.junitStyle === 'ginkgo-v1')
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `  <testsuite name="${xml(suite)}" tests="${tests.length - skipped}" failures="${failures}" errors="0" time="${tests.length * 1.5}">`,
      ...cases.map((c) =>
        c.replace(/ status="[^"]*"/, '').replace('<skipped message="skipped">', '<skipped>'),
      ),
      '  </testsuite>',
      '',
    ].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `  <testsuites tests="${tests.length}" disabled="0" errors="0" failures="${failures}" time="${tests.length * 1.5}">`,
    `    <testsuite name="${xml(suite)}" package="/usr/local/bin" tests="${tests.length}" disabled="0" skipped="${skipped}" errors="0" failures="${failures}" time="${tests.length * 1.5}" timestamp="${ts.replace(/Z$/, '')}">`,
    '      <properties>',
    `        <property name="SuiteSucceeded" value="${failures === 0}"></property>`,
    '      </properties>',
    ...cases,
    '    </testsuite>',
    '  </testsuites>',
    '',
  ].join('\n');
}

function resultsTree(spec: ArchiveSpec, suite: string): Record<string, unknown> {
  const failed =
    spec.tests.some((t) => t.status === 'failed' || t.status === 'timeout') || (spec.errors?.length ?? 0) > 0;
  const items: Array<Record<string, unknown>> = [];
  if (spec.tests.length)
    items.push({
      name: 'junit_01.xml',
      status: spec.tests.some((t) => t.status === 'failed') ? 'failed' : 'passed',
      meta: { file: 'results/global/junit_01.xml', type: 'file' },
      items: [
        {
          name: suite,
          status: spec.tests.some((t) => t.status === 'failed') ? 'failed' : 'passed',
          items: spec.tests.map((t) => ({
            name: t.name,
            status: t.status,
            ...(t.failure ? { details: { failure: t.failure } } : {}),
          })),
        },
      ],
    });
  for (const [i, e] of (spec.errors ?? []).entries())
    items.push({
      name: e.name,
      status: e.status ?? 'failed',
      meta: { file: `errors/global/error${i ? `-${i}` : ''}.json`, type: 'file' },
      details: { error: e.error },
    });
  return { name: 'e2e', status: failed ? 'failed' : 'passed', meta: { type: 'summary' }, items };
}

/** Write `<outDir>/<YYYYmmDDHHMM>_sonobuoy_<uuid>.tar.gz` and answer its path. */
export async function writeSonobuoyArchive(outDir: string, spec: ArchiveSpec): Promise<string> {
  const ts = spec.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const uuid = spec.uuid ?? randomUUID();
  const suite = spec.suiteName ?? 'Kubernetes e2e suite';
  const stage = mkdtempSync(join(tmpdir(), 'scs-cert-sonobuoy-stage-'));
  try {
    const put = (rel: string, content: string) => {
      const p = join(stage, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    };
    put(
      'meta/config.json',
      JSON.stringify({
        UUID: uuid,
        Version: spec.sonobuoyVersion ?? 'v0.57.3',
        ResultsDir: '/tmp/sonobuoy/results',
        Namespace: 'sonobuoy',
      }),
    );
    put('meta/query-time.json', JSON.stringify({ queryobj: 'Nodes', time: '12.3ms' }) + '\n');
    put('meta/run.log', `time="${ts}" level=info msg="Starting server Expected Results: [{global e2e}]"\n`);
    put(
      'serverversion.json',
      JSON.stringify({
        major: '1',
        minor: (spec.serverVersion ?? 'v1.37.2').split('.')[1] ?? '37',
        gitVersion: spec.serverVersion ?? 'v1.37.2',
        platform: 'linux/amd64',
      }),
    );
    put('servergroups.json', JSON.stringify({ kind: 'APIGroupList', groups: [] }));
    put('resources/cluster/Nodes.json', JSON.stringify({ kind: 'NodeList', items: [] }));
    if (!spec.omitJunit) put('plugins/e2e/results/global/junit_01.xml', junit(spec, suite, ts));
    if (spec.run !== null)
      put(`plugins/e2e/${spec.definitionFileName ?? 'definition.json'}`, definitionJson(spec));
    put(
      'plugins/e2e/results/global/e2e.log',
      spec.tests
        .filter((t) => t.status !== 'skipped')
        .map((t) => `${t.status === 'passed' ? '•' : '[FAILED]'} ${t.name}`)
        .join('\n') + '\n',
    );
    for (const [i, e] of (spec.errors ?? []).entries())
      put(`plugins/e2e/errors/global/error${i ? `-${i}` : ''}.json`, JSON.stringify({ error: e.error }));
    if (!spec.omitResultsFile) put('plugins/e2e/sonobuoy_results.yaml', stringify(resultsTree(spec, suite)));
    mkdirSync(outDir, { recursive: true });
    const stamp = ts.replace(/[-:T]/g, '').slice(0, 12);
    const file = join(outDir, `${stamp}_sonobuoy_${uuid}.tar.gz`);
    const entries = ['meta', 'plugins', 'resources', 'serverversion.json', 'servergroups.json'];
    await tar.c({ gzip: true, file, cwd: stage, portable: true, mtime: new Date(ts) }, entries);
    return file;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
