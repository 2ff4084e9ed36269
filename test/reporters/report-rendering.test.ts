// The HTML report in real headless Chromium, JUnit as CI servers count it, Markdown deviations that decided outcomes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/reporters/index.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { dumpDom, screenshot, testArtifactsDir } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { expectValidJunit } from '../helpers/junit.js';

const dir = tempDir('scs-cert-render-');
const FAILING = 'scs-0102-image-recency';
let failing: ConformanceReport;

const clone = (r: ConformanceReport): ConformanceReport => structuredClone(r);

beforeAll(async () => {
  const out = join(dir, 'run');
  const r = await runCli([
    'run',
    'scs-compatible-iaas',
    '--demo',
    '--demo-profile',
    'outdated-image',
    '-q',
    '-f',
    'json',
    '-o',
    out,
  ]);
  expect(r.code).toBe(1);
  failing = JSON.parse(readFileSync(join(out, readdirSync(out)[0]!), 'utf8')) as ConformanceReport;
}, 120_000);

/** The failing testcase counts only for the draft version `next`: the run is compliant. */
function draftOnlyFailure(): ConformanceReport {
  const r = clone(failing);
  for (const v of r.versions) {
    if (v.validity === 'draft') continue;
    const main = v.targets['main']!;
    main.testcases = main.testcases.filter((id) => id !== FAILING);
    main.counts.failed = 0;
    main.result = 'PASS';
    v.result = 'PASS';
    v.verdict = 'compliant';
  }
  r.testcases.find((t) => t.id === FAILING)!.targets = { next: ['main'] };
  r.verdict = 'compliant';
  return r;
}

function withDeviations(): ConformanceReport {
  const r = clone(failing);
  r.testcases.find((t) => t.id === FAILING)!.deviations = ['decisive-one'];
  r.deviations = [
    {
      id: 'decisive-one',
      probe: 'scs-0102-image-recency',
      standard: 'the text says a.',
      reference: 'the script does b.',
      testcases: [FAILING],
    },
    {
      id: 'idle-one',
      probe: 'scs-0100-syntax-check',
      standard: 'the rule.',
      reference: 'Names….',
      testcases: [],
    },
  ];
  return r;
}

describe('HTML report in headless Chromium', () => {
  it('renders verdict, the failing testcase first with message, fix, evidence, due date, and the resources', async () => {
    const file = join(dir, 'failing.html');
    writeFileSync(file, render(failing, 'html'));
    const png = join(testArtifactsDir(), 'html-report-failing.png');
    await screenshot(file, png);
    const head = readFileSync(png);
    expect(head.subarray(1, 4).toString()).toBe('PNG');
    expect(head.readUInt32BE(16)).toBe(1200); // IHDR width: the window size asked for
    expect(head.length).toBeGreaterThan(20_000); // a rendered page, not a blank one

    const dom = await dumpDom(file);
    expect(dom).toMatch(/<div class="verdict non-compliant" id="verdict">NON-COMPLIANT<\/div>/);
    // the first card after the versions table is the failing testcase
    const cards = [...dom.matchAll(/<section class="tc (\w+)" id="tc-([\w-]+)">/g)].map((m) => [m[1], m[2]]);
    expect(cards[0]).toEqual(['FAIL', FAILING]);
    const card = dom.slice(
      dom.indexOf(`id="tc-${FAILING}"`),
      dom.indexOf('</section>', dom.indexOf(`id="tc-${FAILING}"`)),
    );
    expect(card).toMatch(/outdated without replacement: Ubuntu 22\.04\. Upload a current build/); // message + fix
    expect(card).toMatch(
      /<td><code>Ubuntu 22\.04<\/code><\/td><td>outdated without replacement: monthly replacement was due \d{4}-\d\d-\d\d/,
    ); // evidence with due date
    expect(card).toMatch(/result valid until \d{4}-\d\d-\d\d/);
    expect(card).toMatch(/in next\/main, v5\.1\/main/);
    // versions table: one row per version
    expect(dom).toMatch(
      /<tr><td>v5\.1<\/td><td>effective since [\d-]+<\/td><td>main<\/td><td class="o FAIL">FAIL<\/td>/,
    );
    // resources created and deleted
    const deleted = dom.match(/<td class="state-deleted">deleted<\/td>/g) ?? [];
    expect(deleted.length).toBe(failing.resources.length);
    expect(failing.resources.length).toBeGreaterThan(0);
    expect(dom).toMatch(/embedded demo cloud/);
    // self-contained: nothing fetched from anywhere
    expect(dom).not.toMatch(/<(link|script|img|iframe)\b/);
    expect(dom).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  }, 120_000);

  it('escapes hostile text: no markup from the cloud or the report reaches the DOM', async () => {
    const r = clone(failing);
    const tc = r.testcases.find((t) => t.id === FAILING)!;
    tc.message = `<script>document.title='pwned'</script><img src=x onerror="alert(1)"> & "quoted"`;
    tc.url = 'javascript:alert(1)';
    tc.evidence = { offenders: [{ resource: '</td><b>bold</b>', problem: "x' onmouseover='y" }] };
    r.subject.name = '</title><script>alert(2)</script>';
    const file = join(dir, 'hostile.html');
    writeFileSync(file, render(r, 'html'));
    const dom = await dumpDom(file);
    expect(dom).not.toMatch(/<script|<img|<b>bold/);
    expect(dom).not.toMatch(/href="javascript:/);
    expect(dom).toMatch(
      /<title>SCS-compatible IaaS — &lt;\/title&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;: non-compliant<\/title>/,
    );
    expect(dom).toContain(
      '&lt;script&gt;document.title=\'pwned\'&lt;/script&gt;&lt;img src=x onerror="alert(1)"&gt; &amp; "quoted"',
    );
  }, 120_000);

  it('a passing report says so; a non-deciding failure is marked as such; deciding deviations are shown', async () => {
    const r = draftOnlyFailure();
    const html = render(r, 'html');
    expect(html).toMatch(/<div class="verdict compliant" id="verdict">COMPLIANT<\/div>/);
    expect(html).toMatch(/does not decide the verdict/);
    const dev = render(withDeviations(), 'html');
    expect(dev).toMatch(/id="dev-decisive-one"/);
    expect(dev).not.toMatch(/idle-one/);
  });
});

describe('JUnit as CI servers read it', () => {
  const validate = (xml: string, name: string) => expectValidJunit(xml, join(dir, name));

  it('one test case per testcase with plain class names; a deciding failure is one failure', () => {
    const xml = render(failing, 'junit');
    validate(xml, 'failing.junit.xml');
    expect(xml.match(/<testcase /g)).toHaveLength(failing.testcases.length);
    expect(xml).toMatch(
      new RegExp(
        `^<testsuites [^>]*tests="${failing.testcases.length}" failures="1" errors="0" skipped="\\d+"`,
        'm',
      ),
    );
    expect([...xml.matchAll(/classname="([^"]*)"/g)].map((m) => m[1])).toEqual(
      failing.testcases.map(() => 'scs-compatible-iaas'),
    );
    expect(xml).toMatch(
      new RegExp(
        `name="${FAILING}"[^>]*>\\s*<properties>[\\s\\S]*?</properties>\\s*<failure message="1 image\\(s\\) are outdated`,
      ),
    );
  });

  it('a failure of the draft version alone is skipped with its outcome in properties, never a failure', () => {
    const r = draftOnlyFailure();
    const xml = render(r, 'junit');
    validate(xml, 'draft.junit.xml');
    expect(xml).toMatch(/^<testsuites [^>]*failures="0" errors="0" skipped="\d+"/m);
    const tc = xml.slice(
      xml.indexOf(`name="${FAILING}"`),
      xml.indexOf('</testcase>', xml.indexOf(`name="${FAILING}"`)),
    );
    expect(tc).toMatch(/<property name="outcome" value="FAIL"\/>/);
    expect(tc).toMatch(/<property name="versions" value="next\/main"\/>/);
    expect(tc).toMatch(/<property name="counts-for-verdict" value="false"\/>/);
    expect(tc).toMatch(/<skipped\/>/);
    expect(xml).toMatch(/<property name="verdict" value="compliant"\/>/);
  });
});

describe('Markdown deviations', () => {
  it('lists only the deviations that decided an outcome, each on clean lines', () => {
    const md = render(withDeviations(), 'md');
    expect(md).toContain('## Deviations from the reference scripts that decided outcomes');
    expect(md).toContain('- **decisive-one** (`scs-0102-image-recency`), decided `scs-0102-image-recency`');
    expect(md).toContain('  - Standard: the text says a.');
    expect(md).toContain('  - Reference scripts: the script does b.');
    expect(md).not.toContain('idle-one');
    expect(md).not.toMatch(/\.;|\.\.\./);
  });
  it('a run where no deviation decided anything has no deviations section', () => {
    const r = clone(failing);
    expect(r.deviations.length).toBeGreaterThan(0);
    expect(r.deviations.every((d) => d.testcases.length === 0)).toBe(true);
    expect(render(r, 'md')).not.toMatch(/Deviations/);
  });
});
