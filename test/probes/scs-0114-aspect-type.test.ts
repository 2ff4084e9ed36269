// scs-0114-encrypted-type / -replicated-type: a volume type advertises the aspect.
import { describe, expect, it } from 'vitest';
import type { VolumeType } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0114-aspect-type.js';
import { run } from './helpers.js';

const vt = (name: string, description: string | null): VolumeType => ({ id: name, name, description });
const judge = (aspect: string, types: VolumeType[]) =>
  run(probe, { VolumeTypes: types }, { params: { aspect } });

describe('scs-0114-aspect-type', () => {
  const types = [vt('LUKS', '[scs:encrypted] LUKS'), vt('ceph', 'replicated three times'), vt('none', null)];

  it('finds an encrypted type', () => {
    const r = judge('encrypted', types);
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('volume-type-aspect-present');
    expect(r.evidence?.values?.types).toEqual(['LUKS']);
  });

  it('does not take prose for the aspect', () => {
    const r = judge('replicated', types);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('volume-type-aspect-missing');
    expect(r.message).toContain('[scs:replicated]');
  });

  it('one type may carry both aspects', () => {
    const both = [vt('x', '[scs:encrypted, replicated]')];
    expect(judge('encrypted', both).outcome).toBe('PASS');
    expect(judge('replicated', both).outcome).toBe('PASS');
  });

  it('counts an aspect in an unsorted list (syntax is the other testcase)', () => {
    expect(judge('encrypted', [vt('x', '[scs:replicated, encrypted]')]).outcome).toBe('PASS');
  });

  it('fails on no volume types at all', () => {
    expect(judge('encrypted', []).outcome).toBe('FAIL');
  });
});
