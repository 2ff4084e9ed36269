// scs-0101-fips-test: "below 5 out of 1000 blocks" per scs-0101-w1; the reference still passes 5 (deviation).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntropyConsole } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0101-fips-test.js';
import { run } from './helpers.js';

const base = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'iaas', 'entropy-console-ok.json'), 'utf8'),
) as EntropyConsole;
const withFailures = (n: number): EntropyConsole => ({
  ...base,
  lines: [
    { section: 'entropy-avail', payload: '256' },
    { section: 'fips-test', payload: `rngtest: FIPS 140-2 successes: ${1000 - n}` },
    { section: 'fips-test', payload: `rngtest: FIPS 140-2 failures: ${n}` },
  ],
});

describe('scs-0101-fips-test', () => {
  it('passes the recorded console with 2 failures', () => {
    const r = run(probe, { EntropyConsole: base });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('fips-test-passed');
    expect(r.evidence?.values).toMatchObject({ failures: 2, successes: 998, max: 4 });
  });

  it.each([
    [0, 'PASS', 'PASS'],
    [3, 'PASS', 'PASS'],
    [4, 'PASS', 'PASS'],
    [5, 'FAIL', 'PASS'],
    [6, 'FAIL', 'FAIL'],
  ] as const)('%i failures: %s by the text, %s by the reference', (n, std, ref) => {
    const s = run(probe, { EntropyConsole: withFailures(n) });
    const r = run(probe, { EntropyConsole: withFailures(n) }, { mode: 'reference' });
    expect(s.outcome).toBe(std);
    expect(r.outcome).toBe(ref);
    const decided = std !== ref ? ['fips-threshold'] : undefined;
    expect(s.deviations).toEqual(decided);
    expect(r.deviations).toEqual(decided);
    if (std === 'FAIL') {
      expect(s.messageId).toBe('fips-test-failures');
      expect(s.evidence?.offenders?.[0]?.problem).toBe(`${n} FIPS failures`);
    }
  });

  it('notes the lenient pass of the reference for 4 and 5 failures', () => {
    expect(run(probe, { EntropyConsole: withFailures(4) }, { mode: 'reference' }).warnings?.[0]).toContain(
      'lenient',
    );
    expect(run(probe, { EntropyConsole: withFailures(3) }, { mode: 'reference' }).warnings).toBeUndefined();
  });

  it('aborts when rngtest printed no failure count', () => {
    const r = run(probe, {
      EntropyConsole: {
        ...base,
        lines: [{ section: 'fips-test', payload: 'rngtest: FIPS 140-2 successes: 1000' }],
      },
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('fips-test-unparsable');
  });

  it('aborts without fips-test lines', () => {
    const r = run(probe, {
      EntropyConsole: { ...base, lines: [{ section: 'entropy-avail', payload: '256' }] },
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('fips-test-missing');
  });

  it('aborts with the failing step when the server did not boot', () => {
    const r = run(probe, {
      EntropyConsole: {
        ...base,
        steps: [{ step: 'create-server', ok: false, status: 409, detail: 'Quota exceeded for instances' }],
      },
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('entropy-vm-procedure-failed');
    expect(r.message).toContain('create-server');
    expect(r.message).toContain('HTTP 409');
  });
});
