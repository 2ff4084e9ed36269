// The fleet's exit code: the worst subject decides (non-compliant > not judged > upload failed > compliant).
import { describe, expect, it } from 'vitest';
import type { SubjectResult, SubjectStatus } from '../../src/fleet/run.js';
import { fleetExitCode } from '../../src/fleet/summary.js';

const subject = (status: SubjectStatus): SubjectResult => ({
  name: status,
  scope: 's',
  target: 't',
  status,
  exitCode: 0,
  failed: [],
  aborted: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  log: 'l',
});

describe('fleetExitCode', () => {
  it.each<[SubjectStatus[], number]>([
    [['compliant', 'compliant'], 0],
    [['compliant', 'upload-failed'], 4],
    [['upload-failed', 'timeout'], 2],
    [['compliant', 'incomplete'], 2],
    [['unavailable'], 2],
    [['usage-error'], 2],
    [['timeout', 'non-compliant', 'upload-failed'], 1],
  ])('%j → %i', (statuses, code) => {
    expect(fleetExitCode(statuses.map(subject), statuses.length)).toBe(code);
  });
  it('subjects that never ran (interrupted fleet) make it 2', () => {
    expect(fleetExitCode([subject('compliant')], 2)).toBe(2);
  });
});
