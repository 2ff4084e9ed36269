// scs-0101-entropy-avail: PASS on 256, FAIL otherwise, ABORT when the VM procedure broke or printed nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntropyConsole } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0101-entropy-avail.js';
import { run } from './helpers.js';

const base = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'iaas', 'entropy-console-ok.json'), 'utf8'),
) as EntropyConsole;
const withLines = (lines: EntropyConsole['lines'], over: Partial<EntropyConsole> = {}): EntropyConsole => ({
  ...base,
  lines,
  ...over,
});

describe('scs-0101-entropy-avail', () => {
  it('passes when the first entropy-avail line is 256', () => {
    const r = run(probe, { EntropyConsole: base });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('entropy-avail-256');
    expect(r.evidence?.values?.entropy_avail).toBe('256');
  });

  it.each(['255', '3712', '4096', 'cat: /proc/sys/kernel/random/entropy_avail: No such file or directory'])(
    'fails on %s',
    (value) => {
      const r = run(probe, { EntropyConsole: withLines([{ section: 'entropy-avail', payload: value }]) });
      expect(r.outcome).toBe('FAIL');
      expect(r.messageId).toBe('entropy-avail-not-256');
      expect(r.evidence?.offenders?.[0]?.resource).toBe('Debian 13');
    },
  );

  it('judges the first line only, trimmed', () => {
    const r = run(probe, {
      EntropyConsole: withLines([
        { section: 'entropy-avail', payload: ' 256 ' },
        { section: 'entropy-avail', payload: '17' },
      ]),
    });
    expect(r.outcome).toBe('PASS');
  });

  it('aborts without an entropy-avail line', () => {
    const r = run(probe, { EntropyConsole: withLines([{ section: 'fips-test', payload: 'failures: 0' }]) });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('entropy-avail-missing');
  });

  it('aborts with the failing step when the VM procedure failed', () => {
    const r = run(probe, {
      EntropyConsole: withLines([{ section: 'entropy-avail', payload: '256' }], {
        steps: [
          { step: 'create-network', ok: true },
          { step: 'find-external-network', ok: false, detail: 'no network with router:external=True' },
        ],
      }),
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('entropy-vm-procedure-failed');
    expect(r.message).toContain('find-external-network');
    expect(r.message).toContain('router:external');
  });

  it('aborts when the end marker never came', () => {
    const r = run(probe, { EntropyConsole: { ...base, finished: false } });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('entropy-vm-unfinished');
  });

  it('aborts without the artifact', () => {
    expect(run(probe, {}).outcome).toBe('ABORT');
  });
});
