// scs-0116-permissions: member can create/list/delete a secret; 403 = FAIL, other errors = ABORT.
import { describe, expect, it } from 'vitest';
import type { KeyManagerCheck } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0116-permissions.js';
import { run } from './helpers.js';

const OK_STEPS = [
  { step: 'delete-leftovers', ok: true },
  { step: 'create-secret', ok: true },
  { step: 'list-secrets', ok: true },
  { step: 'delete-secret', ok: true },
];
const judge = (c: KeyManagerCheck, mode: 'standard' | 'reference' = 'standard') =>
  run(probe, { KeyManagerCheck: c }, { mode });

describe('scs-0116-permissions', () => {
  it('passes without a key manager (nothing to configure)', () => {
    const r = judge({ present: false, steps: [] });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('key-manager-absent');
  });

  it('passes a successful round trip', () => {
    const r = judge({ present: true, steps: OK_STEPS, foundByListing: true });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('key-manager-member-ok');
  });

  it.each([
    ['HTTP 403 on create', { step: 'create-secret', ok: false, status: 403 }],
    [
      'a forbidden message',
      { step: 'list-secrets', ok: false, detail: 'Forbidden: policy does not allow secrets:get' },
    ],
  ])('fails on %s in both readings', (_l, bad) => {
    const c: KeyManagerCheck = { present: true, steps: [OK_STEPS[0]!, bad] };
    for (const mode of ['standard', 'reference'] as const) {
      const r = judge(c, mode);
      expect(r.outcome).toBe('FAIL');
      expect(r.messageId).toBe('key-manager-forbidden');
      expect(r.evidence?.offenders?.[0]?.resource).toBe(bad.step);
      expect(r.message).toContain('creator');
    }
  });

  it('aborts on other errors', () => {
    const r = judge({
      present: true,
      steps: [{ step: 'create-secret', ok: false, status: 500, detail: 'Internal Server Error' }],
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('key-manager-error');
    expect(r.message).toContain('HTTP 500');
  });

  it('secret not found by listing: FAIL by the text, ABORT like the reference', () => {
    const c: KeyManagerCheck = { present: true, steps: OK_STEPS, foundByListing: false };
    const s = judge(c);
    const r = judge(c, 'reference');
    expect(s.outcome).toBe('FAIL');
    expect(s.messageId).toBe('key-manager-secret-not-listed');
    expect(r.outcome).toBe('ABORT');
    expect(s.deviations).toEqual(['secret-not-listed']);
    expect(r.deviations).toEqual(['secret-not-listed']);
  });

  it('aborts on an empty step log', () => {
    expect(judge({ present: true, steps: [] }).outcome).toBe('ABORT');
  });
});

describe('scs-0116-permissions step order', () => {
  it('a failed look-up step together with foundByListing=false is the FAIL of the text, not an ABORT', () => {
    const c: KeyManagerCheck = {
      present: true,
      steps: [OK_STEPS[0]!, OK_STEPS[1]!, { step: 'find-secret', ok: false, detail: 'not found by listing' }],
      foundByListing: false,
    };
    expect(judge(c).outcome).toBe('FAIL');
    expect(judge(c, 'reference').outcome).toBe('ABORT');
  });
});
