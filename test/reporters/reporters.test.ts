import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/reporters/console.js';
import { render } from '../../src/reporters/index.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { pythonNaiveTimestamp, toScsReport } from '../../src/reporters/scs-yaml.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { runPipeline } from '../../src/runner/pipeline.js';
import { getAjv, SCHEMA_ID } from '../../src/standards/schemas.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { fakeFlavor, fakeGatherers, fakeRegistry, fakeSuite } from '../helpers/fake-suite.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let report: ConformanceReport;
let uuidCounter = 0;
const fixedUuid = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

beforeAll(async () => {
  report = await runPipeline({
    suite: fakeSuite(dir),
    registry: fakeRegistry,
    data: {},
    mode: 'standard',
    argv: ['run', 'fake', '-a', 'os_cloud=yes'],
    session: {
      clients: {},
      gatherers: fakeGatherers({ flavors: [fakeFlavor('a')] }),
      subject: { name: 'on', kind: 'openstack', demo: false },
      assignment: {},
      options: {},
      close: async () => undefined,
    },
    // A subject named like a YAML 1.1 boolean must stay a string for Python.
    subject: { name: 'on', kind: 'openstack', demo: false },
    assignment: { os_cloud: 'yes' },
    concurrency: 2,
    gatherTimeoutMs: 2_000,
    probeTimeoutMs: 2_000,
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    progress: () => undefined,
    clock: () => new Date('2026-11-25T10:20:30.123Z'),
    runUuid: '6f1c8d4e-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
  });
});

describe('SCS report YAML', () => {
  it('writes checked_at like a Python naive datetime', () => {
    expect(pythonNaiveTimestamp('2026-11-25T10:20:30.123Z')).toBe('2026-11-25 10:20:30.123000');
    expect(pythonNaiveTimestamp('2026-11-25T10:20:30.000Z')).toBe('2026-11-25 10:20:30');
  });

  it('has the exact shape of the reference report and validates against its schema', () => {
    const yaml = render(report, 'yaml', fixedUuid);
    expect(yaml.startsWith('---\nspec:\n')).toBe(true);
    expect(yaml).toMatch(/^checked_at: 2026-11-25 10:20:30\.123000$/m);
    expect(yaml).toMatch(/^reference_date: 2026-11-24$/m);
    expect(yaml).not.toMatch(/x-scs-cert-demo/);
    const doc = parseYaml(yaml) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['spec', 'checked_at', 'reference_date', 'subject', 'run']);
    const run = doc['run'] as Record<string, unknown>;
    expect(Object.keys(run)).toEqual([
      'uuid',
      'argv',
      'assignment',
      'sections',
      'forced_version',
      'forced_tests',
      'invocations',
    ]);
    const validate = getAjv().getSchema(SCHEMA_ID.scsReport)!;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const inv = Object.values(run['invocations'] as Record<string, Record<string, unknown>>)[0]!;
    expect(inv['results']).toEqual({
      'flavors-named': 1,
      'flavors-many': -1,
      'images-ok': 1,
      throws: 0,
      slow: 1,
    });
    expect(inv).toMatchObject({ rc: 0, warning: 1, error: 2, critical: 0 });
  });

  it('reads back in Python (PyYAML) with a datetime, a date, strings and integers', () => {
    const file = join(dir, 'report.yaml');
    writeFileSync(file, render(report, 'yaml', fixedUuid));
    const script = [
      'import sys, yaml, datetime, json',
      'd = yaml.safe_load(open(sys.argv[1]))',
      'inv = list(d["run"]["invocations"].values())[0]',
      'print(json.dumps({"checked_at": type(d["checked_at"]).__name__, "reference_date": type(d["reference_date"]).__name__,',
      '  "subject": d["subject"], "os_cloud": d["run"]["assignment"]["os_cloud"], "results": inv["results"], "micro": d["checked_at"].microsecond}))',
    ].join('\n');
    const out = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }),
    ) as Record<string, unknown>;
    expect(out).toEqual({
      checked_at: 'datetime',
      reference_date: 'date',
      subject: 'on',
      os_cloud: 'yes',
      results: { 'flavors-named': 1, 'flavors-many': -1, 'images-ok': 1, throws: 0, slow: 1 },
      micro: 123000,
    });
  });

  it('leaves MISSING testcases out of results, as the reference does', () => {
    const scs = toScsReport(report, fixedUuid);
    const inv = Object.values(scs.run.invocations)[0]!;
    expect(Object.keys(inv.results)).not.toContain('unbound');
    expect(inv.stdout).toContain('flavors-many: FAIL');
  });

  it('marks demo reports with a top-level key', () => {
    const demo = { ...report, subject: { ...report.subject, demo: true } };
    const doc = parseYaml(render(demo, 'yaml', fixedUuid)) as Record<string, unknown>;
    expect(doc['x-scs-cert-demo']).toMatch(/embedded demo cloud/);
  });
});

describe('JUnit', () => {
  it('validates against a JUnit XSD with one suite per version/target', () => {
    const file = join(dir, 'report.junit.xml');
    const xml = render(report, 'junit');
    writeFileSync(file, xml);
    const r = spawnSync(
      'xmllint',
      ['--noout', '--schema', join(PACKAGE_ROOT, 'test/fixtures/junit/junit.xsd'), file],
      { encoding: 'utf8' },
    );
    expect(r.error, 'xmllint (Debian libxml2-utils) must be installed').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(xml).toContain('<testsuite name="Fake scope v1 main"');
    expect(xml).toMatch(/name="flavors-many"[^>]*>\s*<failure message="only 1" type="too-few"/);
    expect(xml).toMatch(/name="throws"[^>]*>\s*<error /);
    expect(xml).toMatch(/name="unbound"[^>]*>\s*<skipped\/>/);
  });
});

describe('JSON, Markdown and console', () => {
  it('JSON validates against the report schema', () => {
    const validate = getAjv().getSchema(SCHEMA_ID.report)!;
    expect(validate(JSON.parse(render(report, 'json'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('console prints the reference line per target and the failures with description and URL', () => {
    const text = renderConsole(report, { color: false });
    expect(text).toContain('on Fake scope v1 (effective):');
    expect(text).toContain('- main: FAIL (3 passed, 1 failed, 1 aborted, 1 missing)');
    expect(text).toMatch(/FAILED:\n {4}- flavors-many: only 1\n {6}> At least two flavors\./);
    expect(text).toMatch(/MISSING:\n {4}- unbound: no probe is bound/);
    expect(text).toMatch(/verdict: NOT COMPLIANT/);
    expect(text.includes('\u001b[')).toBe(false);
    expect(renderConsole(report, { color: true }).includes('\u001b[')).toBe(true);
  });

  it('markdown has the summary table and the reasons', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| v1 | effective | main | 🛑 FAIL | 3 | 1 | 1 | 1 |');
    expect(md).toContain('| `flavors-many` | 🛑 FAIL | only 1 |');
  });
});
