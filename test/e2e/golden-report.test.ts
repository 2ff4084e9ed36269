// The whole JSON report of one demo run against a committed golden file, so any change to the report is reviewed.
// Update after an intended change: UPDATE_GOLDEN=1 npx vitest run test/e2e/golden-report.test.ts
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { maskReport } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';

const GOLDEN = 'test/fixtures/golden/iaas-demo-report.json';

describe('golden report', () => {
  it('a demo run of scs-compatible-iaas reports exactly what the golden file says (volatile fields masked)', async () => {
    const out = tempDir('scs-cert-golden-');
    const r = await runCli([
      'run',
      'scs-compatible-iaas',
      '--demo',
      '-q',
      '-d',
      '2026-12-01',
      '-f',
      'json',
      '-o',
      out,
    ]);
    expect(r.stderr).toBe('');
    const file = readdirSync(out).find((f) => f.endsWith('.json'));
    const report = JSON.parse(readFileSync(join(out, file ?? 'missing.json'), 'utf8')) as unknown;
    const actual = `${JSON.stringify(maskReport(report, [out]), null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(GOLDEN)) {
      if (process.env['CI'] && !existsSync(GOLDEN))
        throw new Error(`${GOLDEN} is missing; run with UPDATE_GOLDEN=1`);
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, actual);
    }
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
