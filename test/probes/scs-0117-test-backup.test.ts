// scs-0117-test-backup: the backup round trip works; any failure of it (incl. the clean-up before) is a FAIL.
import { describe, expect, it } from 'vitest';
import type { ActionStep, VolumeBackupCheck } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0117-test-backup.js';
import { run } from './helpers.js';

const steps = (...failing: Array<[string, Partial<ActionStep>]>): ActionStep[] =>
  [
    'cleanup-before',
    'create-volume',
    'wait-volume',
    'create-backup',
    'wait-backup',
    'restore-backup',
    'wait-restored',
    'cleanup-after',
  ].map((step) => {
    const f = failing.find(([s]) => s === step);
    return f ? { step, ok: false, ...f[1] } : { step, ok: true };
  });
const judge = (c: VolumeBackupCheck) => run(probe, { VolumeBackupCheck: c });

describe('scs-0117-test-backup', () => {
  it('passes a full round trip', () => {
    const r = judge({
      steps: steps(),
      volumeStatus: 'available',
      backupStatus: 'available',
      restoredStatus: 'available',
    });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('backup-restored');
  });

  it.each([
    ['cleanup-before', { detail: 'ResourceNotFound: cinder-backup service is not available' }],
    ['create-backup', { status: 500, detail: 'Service cinder-backup could not be found' }],
    ['wait-backup', { detail: 'backup in status error' }],
    ['wait-restored', { detail: 'timed out after 110 s' }],
  ] as const)('fails when %s fails', (step, detail) => {
    const r = judge({ steps: steps([step, detail]) });
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('backup-failed');
    expect(r.evidence?.offenders?.map((o) => o.resource)).toEqual([step]);
  });

  it('a failed clean-up after the test is a warning only', () => {
    const r = judge({
      steps: steps(['cleanup-after', { detail: 'volume stuck in deleting' }]),
      restoredStatus: 'available',
    });
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('cleanup-after');
  });

  it('fails a restored volume that is not available', () => {
    const r = judge({ steps: steps(), restoredStatus: 'error_restoring' });
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('backup-restore-not-available');
  });

  it.each([
    [
      'create-volume',
      { status: 429, detail: 'block-storage POST /volumes answered HTTP 429', inconclusive: true },
    ],
    ['wait-backup', { detail: 'timeout after 60000 ms: block-storage GET …/backups/b1', inconclusive: true }],
    [
      'restore-backup',
      { detail: 'cannot reach http://cloud for block-storage POST [ECONNRESET]', inconclusive: true },
    ],
  ] as const)('aborts, never fails, when %s failed inconclusively', (step, detail) => {
    const r = judge({ steps: steps([step, detail]) });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('backup-inconclusive');
    expect(r.message).toContain(detail.detail);
    expect(r.deviations).toEqual(['backup-inconclusive']);
    // the reference script counts every exception as a failure
    const ref = run(probe, { VolumeBackupCheck: { steps: steps([step, detail]) } }, { mode: 'reference' });
    expect(ref.outcome).toBe('FAIL');
    expect(ref.deviations).toEqual(['backup-inconclusive']);
  });

  it('an inconclusive failure next to a real refusal still aborts (the refusal may be its consequence)', () => {
    const r = judge({
      steps: steps(
        ['wait-volume', { detail: 'timeout', inconclusive: true }],
        ['create-backup', { status: 400, detail: 'volume not available' }],
      ),
    });
    expect(r.outcome).toBe('ABORT');
  });

  it('aborts on an empty step log', () => {
    expect(judge({ steps: [] }).outcome).toBe('ABORT');
  });
});
