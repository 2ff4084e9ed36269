// Golden bytes of the SCS report YAML for text the real compliance monitor refused or misread (500s, folded NEL, 0o17 as 15).
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderScsYaml, storableText, type ScsReport } from '../../src/reporters/scs-yaml.js';

const INV = '00000000-0000-4000-8000-000000000001';

function report(stderr: string[], extra: Partial<ScsReport['run']> = {}): ScsReport {
  return {
    spec: {
      uuid: '50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
      name: 'SCS-compatible IaaS',
      url: 'https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/scs-compatible-iaas.yaml',
    },
    checked_at: '2026-11-25 16:47:52.260000',
    reference_date: '2026-11-25',
    subject: 'scs-cert-test',
    run: {
      uuid: '4bcdf813-bcd1-4f76-8270-903c35a82e4d',
      argv: ['run', 'scs-compatible-iaas', '--os-cloud', 'scm-lab'],
      assignment: { os_cloud: 'scm-lab' },
      sections: null,
      forced_version: null,
      forced_tests: null,
      invocations: {
        [INV]: {
          id: INV,
          cmd: 'scs-cert/0.1.0 scs-compatible-iaas scs-0103-flavor-2v-4 scs-0104-image-ubuntu-2404',
          results: { 'scs-0103-flavor-2v-4': -1, 'scs-0104-image-ubuntu-2404': 1 },
          rc: 0,
          stdout: ['scs-0103-flavor-2v-4: FAIL', 'scs-0104-image-ubuntu-2404: PASS'],
          stderr,
          info: 0,
          warning: stderr.length - 1,
          error: 1,
          critical: 0,
        },
      },
      ...extra,
    },
  };
}

const ERROR_LINE = 'ERROR: scs-0103-flavor-2v-4: Standard flavor SCS-2V-4 (mandatory) is missing';

describe('SCS report YAML for the compliance monitor', () => {
  it('writes an ordinary report byte for byte as the monitor accepted it', () => {
    expect(renderScsYaml(report([ERROR_LINE]))).toBe(
      [
        '---',
        'spec:',
        '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
        '  name: SCS-compatible IaaS',
        '  url: https://raw.githubusercontent.com/SovereignCloudStack/standards/main/Tests/scs-compatible-iaas.yaml',
        'checked_at: 2026-11-25 16:47:52.260000',
        'reference_date: 2026-11-25',
        'subject: scs-cert-test',
        'run:',
        '  uuid: 4bcdf813-bcd1-4f76-8270-903c35a82e4d',
        '  argv:',
        '  - run',
        '  - scs-compatible-iaas',
        '  - --os-cloud',
        '  - scm-lab',
        '  assignment:',
        '    os_cloud: scm-lab',
        '  sections: null',
        '  forced_version: null',
        '  forced_tests: null',
        '  invocations:',
        `    ${INV}:`,
        `      id: ${INV}`,
        '      cmd: scs-cert/0.1.0 scs-compatible-iaas scs-0103-flavor-2v-4 scs-0104-image-ubuntu-2404',
        '      results:',
        '        scs-0103-flavor-2v-4: -1',
        '        scs-0104-image-ubuntu-2404: 1',
        '      rc: 0',
        '      stdout:',
        '      - "scs-0103-flavor-2v-4: FAIL"',
        '      - "scs-0104-image-ubuntu-2404: PASS"',
        '      stderr:',
        `      - "${ERROR_LINE}"`,
        '      info: 0',
        '      warning: 0',
        '      error: 1',
        '      critical: 0',
        '',
      ].join('\n'),
    );
  });

  // Each row: text in a report (cloud data ends up in stderr lines) -> its exact YAML spelling. The raw forms
  // made ruamel.yaml fail (C1 controls, U+FFFE, `=`, `<<`: HTTP 500), fold (NEL inside quotes), misread
  // (`0o17` as 15) or PostgreSQL refuse (U+0000: HTTP 500); PyYAML cannot read a tab in a plain scalar.
  const cases: [string, string, string][] = [
    ['DEL', 'WARNING: x: a\x7fb', '"WARNING: x: a\\x7Fb"'],
    ['C1 control', 'WARNING: x: a\x9bb', '"WARNING: x: a\\x9Bb"'],
    ['NEL', 'WARNING: x: a\x85b', '"WARNING: x: a\\Nb"'],
    ['line separator', 'WARNING: x a\u2028b', '"WARNING: x a\\Lb"'],
    ['paragraph separator', 'WARNING: x a\u2029b', '"WARNING: x a\\Pb"'],
    ['U+FFFE', 'WARNING: x: a\ufffeb', '"WARNING: x: a\\uFFFEb"'],
    ['BOM', '\ufeffWARNING: x', '"\\uFEFFWARNING: x"'],
    ['tab', 'WARNING: x:\ttab', '"WARNING: x:\\ttab"'],
    ['plain tab', 'tab\there', '"tab\\there"'],
    ['YAML 1.1 value tag', '=', '"="'],
    ['YAML 1.1 merge key', '<<', '"<<"'],
    ['YAML 1.2 octal', '0o17', '"0o17"'],
    ['YAML 1.1 boolean', 'yes', '"yes"'],
    ['NUL', 'WARNING: image a\0b', '"WARNING: image a\ufffdb"'],
    ['lone surrogate', 'WARNING: \ud800 lone', '"WARNING: \ufffd lone"'],
  ];

  it.each(cases)(
    '%s: written as an escape or quoted so the monitor reads the same text',
    (_name, text, spelled) => {
      const yaml = renderScsYaml(report([ERROR_LINE, text]));
      const lines = yaml.split('\n');
      expect(lines[lines.indexOf('      stderr:') + 2]).toBe(`      - ${spelled}`);
      // Nothing the YAML 1.1/1.2 readers refuse or break lines at is left raw anywhere in the file.
      expect(yaml).not.toMatch(/[\0\t\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/);
      for (const version of ['1.1', '1.2'] as const) {
        const doc = parse(yaml, { version }) as {
          run: { invocations: Record<string, { stderr: string[] }> };
        };
        expect(doc.run.invocations[INV]!.stderr[1]).toBe(storableText(text));
      }
    },
  );

  it('quotes keys and every other field the same way', () => {
    const yaml = renderScsYaml({
      ...report([ERROR_LINE], { argv: ['<<', '=', '0o17'], assignment: { '<<': '=', os_cloud: 'a\x85b' } }),
      subject: '<<',
    });
    expect(yaml).toContain('\nsubject: "<<"\n');
    expect(yaml).toContain('  argv:\n  - "<<"\n  - "="\n  - "0o17"\n');
    expect(yaml).toContain('  assignment:\n    "<<": "="\n    os_cloud: "a\\Nb"\n');
  });

  it('never writes anchors or aliases, even for shared objects', () => {
    const shared = ['same'];
    const r = report([ERROR_LINE], { argv: shared, sections: shared });
    const yaml = renderScsYaml(r);
    expect(yaml).not.toMatch(/[&*][a-z]+\d/);
    expect(yaml).toContain('  sections:\n  - same\n');
  });

  it('makes text storable: U+0000 and lone surrogates become U+FFFD, pairs stay', () => {
    expect(storableText('a\0b')).toBe('a\ufffdb');
    expect(storableText('\udc00x\ud800')).toBe('\ufffdx\ufffd');
    expect(storableText('emoji \ud83d\uded1')).toBe('emoji \ud83d\uded1');
  });

  it('concatenated reports stay separate documents (the batch runner uploads them as one file)', () => {
    const a = renderScsYaml(report([ERROR_LINE]));
    const b = renderScsYaml(report([ERROR_LINE, '<<'], { uuid: '5bcdf813-bcd1-4f76-8270-903c35a82e4d' }));
    const docs = parseAllDocuments(a + b);
    expect(Array.isArray(docs) && docs.map((d) => (d.toJS() as ScsReport).run.uuid)).toEqual([
      '4bcdf813-bcd1-4f76-8270-903c35a82e4d',
      '5bcdf813-bcd1-4f76-8270-903c35a82e4d',
    ]);
  });
});
