// Replays a recording of a real OpenStack (the Debian Zed lab, test/lab/openstack) offline: the client,
// gatherers and probes see the real services' answers without the lab running.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../src/results/report.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const recording = join(PACKAGE_ROOT, 'test/fixtures/lab-recording');
const out = tempDir('scs-cert-lab-replay-');

describe('replay of the real OpenStack lab (baseline, application credential)', () => {
  it('gives the lab verdicts: all PASS but no S3 (FAIL) and no guest console (ABORT)', async () => {
    const r = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--no-extensions',
      '--from',
      recording,
      '--date',
      '2026-11-25',
      '-q',
      '-f',
      'json,yaml',
      '-o',
      out,
    ]);
    const file = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, file), 'utf8')) as ConformanceReport;
    const by = (o: string) =>
      report.testcases
        .filter((t) => t.outcome === o && !t.extension)
        .map((t) => t.id)
        .sort();
    expect(by('FAIL')).toEqual(['scs-0123-service-s3', 'scs-0123-swift-s3']);
    expect(by('ABORT')).toEqual(['scs-0101-entropy-avail', 'scs-0101-fips-test']);
    expect(by('PASS')).toHaveLength(53);
    // --no-extensions: the recording predates the advisory checks, which are left out
    expect(report.testcases.filter((t) => t.extension)).toEqual([]);
    expect(report.testcases.find((t) => t.id === 'scs-0101-entropy-avail')!.message).toMatch(/console/);
    expect(report.subject).toMatchObject({ name: 'scs-lab', kind: 'replay', demo: false });
    expect(r.code).toBe(1);
  });

  it('holds no secret: tokens and credentials are redacted', () => {
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
      );
    for (const f of walk(recording)) {
      const text = readFileSync(f, 'utf8');
      expect(text).not.toMatch(/"(x-auth-token|x-subject-token)": "(?!<redacted>)/i);
      expect(text).not.toMatch(/"(password|secret)": "(?!<redacted>)[^"]+"/);
    }
  });
});
