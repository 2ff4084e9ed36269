// preflightReport refuses, before sending, the report YAML that made the real compliance monitor answer 500.
import { describe, expect, it } from 'vitest';
import { UploadRefusedError, preflightReport } from '../../src/attest/upload.js';
import { renderScsYaml, type ScsReport } from '../../src/reporters/scs-yaml.js';

const INV = '7d1c4b5e-0000-4000-8000-000000000001';

function reportText({ stderr = '[]', results = '{scs-0100-syntax-check: 1}', extra = '' } = {}): string {
  return [
    '---',
    'spec:',
    '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
    '  name: SCS-compatible IaaS',
    'checked_at: 2026-11-25 16:47:52.260000',
    'reference_date: 2026-11-25',
    'subject: scs-cert-test',
    'run:',
    '  uuid: 4bcdf813-bcd1-4f76-8270-903c35a82e4d',
    '  argv: []',
    '  assignment: {}',
    '  sections: null',
    '  forced_version: null',
    '  forced_tests: null',
    '  invocations:',
    `    ${INV}:`,
    `      id: ${INV}`,
    '      cmd: flavor-names-check',
    `      results: ${results}`,
    '      rc: 0',
    '      stdout: []',
    `      stderr: ${stderr}`,
    '      info: 0',
    '      warning: 0',
    '      error: 0',
    '      critical: 0',
    extra,
  ].join('\n');
}

const check = (text: string) => preflightReport(Buffer.from(text, 'utf8'), 'R.yaml');

describe('preflightReport: what the monitor cannot read', () => {
  it('accepts an ordinary report', () => {
    expect(check(reportText())).toEqual({
      notLive: [],
      subjects: ['scs-cert-test'],
      runUuids: ['4bcdf813-bcd1-4f76-8270-903c35a82e4d'],
    });
  });

  it.each([
    ['DEL', '\x7f', 'U+007F'],
    ['a C1 control', '\x9b', 'U+009B'],
    ['a C0 control', '\x01', 'U+0001'],
    ['U+FFFE', '\ufffe', 'U+FFFE'],
    ['NEL', '\x85', 'U+0085'],
    ['a line separator', '\u2028', 'U+2028'],
  ])('refuses %s written raw, naming the line', (_name, ch, code) => {
    expect(() => check(reportText({ stderr: `["WARNING: a${ch}b"]` }))).toThrow(
      new RegExp(
        `^R\\.yaml line 22 holds the raw character ${code.replace('+', '\\+')}, which YAML readers refuse or read as a line break`,
      ),
    );
  });

  it('accepts the same characters as escapes, and raw tabs', () => {
    expect(() =>
      check(reportText({ stderr: '["WARNING: a\\x7Fb \\x9B \\uFFFE \\x01 \\N \\L", "tab\there"]' })),
    ).not.toThrow();
  });

  it('refuses a plain = or << value, accepts them quoted and << as a merge key', () => {
    expect(() => check(reportText({ stderr: '[=]' }))).toThrow(
      /document 1 holds a plain =, which the monitor's YAML reader/,
    );
    expect(() => check(reportText({ extra: 'note: <<' }))).toThrow(/holds a plain <</);
    expect(() => check(reportText({ stderr: '["=", "<<"]' }))).not.toThrow();
    expect(() => check(reportText({ extra: 'base: &b {a: 1}\nmerged:\n  <<: *b' }))).not.toThrow();
  });

  it('refuses U+0000 (PostgreSQL cannot store it), naming where', () => {
    expect(() => check(reportText({ stderr: '["a\\0b"]' }))).toThrow(
      `R.yaml document 1 holds U+0000 in run.invocations.${INV}.stderr[0], which the monitor's PostgreSQL cannot store`,
    );
  });

  it('refuses results that are not integers, and invocations without results', () => {
    expect(() => check(reportText({ results: '{scs-0100-syntax-check: PASS}' }))).toThrow(
      `invocation ${INV} gives scs-0100-syntax-check the result "PASS"; results are the integers 1 (PASS), 0 (ABORT), -1 (FAIL)`,
    );
    const noResults = reportText().replace(/^ {6}results: .*\n/m, '');
    expect(() => check(noResults)).toThrow(`invocation ${INV} has no results mapping`);
    expect(() =>
      check(reportText().replace(/^ {2}invocations:[^]*?(?=^ {6}rc:)/m, '  invocations: []\n')),
    ).toThrow(UploadRefusedError);
  });

  it('leaves legacy reports with a per-version result map to the monitor', () => {
    const legacy = reportText({
      results: '[]',
      extra: 'versions:\n  v4:\n    scs-0100-syntax-check: {result: 1}',
    });
    expect(() => check(legacy)).not.toThrow();
  });

  it('accepts whatever the SCS report writer produces from hostile text', () => {
    const hostile = [
      '=',
      '<<',
      '0o17',
      'a\0b',
      '\ud800',
      'a\x7fb',
      'a\x9bb',
      'a\x85b',
      'a\u2028b',
      '\ufeff',
      '\ufffe',
      'tab\tx',
    ];
    const scs: ScsReport = {
      spec: { uuid: '50393e6f-2ae1-4c5c-a62c-3b75f2abef3f', name: 'SCS-compatible IaaS' },
      checked_at: '2026-11-25 16:47:52.260000',
      reference_date: '2026-11-25',
      subject: 'scs-cert-test',
      run: {
        uuid: '4bcdf813-bcd1-4f76-8270-903c35a82e4d',
        argv: hostile,
        assignment: Object.fromEntries(hostile.map((h, i) => [`v${i}`, h])),
        sections: null,
        forced_version: null,
        forced_tests: null,
        invocations: {
          [INV]: {
            id: INV,
            cmd: 'c',
            results: { 'scs-0100-syntax-check': 1 },
            rc: 0,
            stdout: hostile,
            stderr: hostile.map((h) => `WARNING: ${h}`),
            info: 0,
            warning: hostile.length,
            error: 0,
            critical: 0,
          },
        },
      },
    };
    expect(check(renderScsYaml(scs)).runUuids).toEqual(['4bcdf813-bcd1-4f76-8270-903c35a82e4d']);
  });
});

describe('reports whose every testcase aborted', () => {
  const aborted = reportText({ results: '{scs-0100-syntax-check: 0, scs-0100-semantics-check: 0}' });
  it('are refused: they would replace real results in the monitor', () => {
    expect(() => check(aborted)).toThrow(UploadRefusedError);
    expect(() => check(aborted)).toThrow(/every testcase ABORTed.*--allow-aborted/);
  });
  it('go through when asked to, and a single abort among passes always does', () => {
    expect(preflightReport(Buffer.from(aborted), 'R.yaml', { allowAllAborted: true }).subjects).toEqual([
      'scs-cert-test',
    ]);
    expect(
      check(reportText({ results: '{scs-0100-syntax-check: 0, scs-0100-semantics-check: 1}' })).subjects,
    ).toEqual(['scs-cert-test']);
  });
});
