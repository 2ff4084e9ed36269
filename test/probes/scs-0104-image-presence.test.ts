// scs-0104-image-*: presence of an image per entry of the standard image list.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0104-image-presence.js';
import { goodImage, run } from './helpers.js';

const V12 = 'scs-0104-images-v1-2';
const img = (name: string, over: Record<string, unknown> = {}) => goodImage({ id: name, name, ...over });
const judge = (
  entry: string,
  images: ReturnType<typeof img>[],
  mode: 'standard' | 'reference' = 'standard',
) => run(probe, { Images: images }, { params: { spec: V12, entry }, mode });

describe('scs-0104-image-presence', () => {
  it('finds an image by exact name', () => {
    const r = judge('Ubuntu 24.04', [img('Ubuntu 24.04')]);
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('standard-image-present');
    expect(r.evidence?.judged).toEqual(['Ubuntu 24.04']);
    expect(r.evidence?.values?.status).toBe('mandatory');
  });

  it.each(['Ubuntu 24.04 LTS', 'ubuntu 24.04', 'Ubuntu-24.04'])(
    'does not take %s for Ubuntu 24.04',
    (name) => {
      const r = judge('Ubuntu 24.04', [img(name)]);
      expect(r.outcome).toBe('FAIL');
      expect(r.messageId).toBe('standard-image-missing');
      expect(r.evidence?.offenders).toEqual([{ resource: 'Ubuntu 24.04', problem: 'missing' }]);
      expect(r.message).toContain('MUST');
    },
  );

  it.each([
    ['community', { visibility: 'community' }, 'PASS'],
    ['hidden', { os_hidden: true }, 'FAIL'],
    ['shared', { visibility: 'shared' }, 'FAIL'],
  ] as const)('a %s image: %s', (_l, over, outcome) => {
    expect(judge('Debian 12', [img('Debian 12', over)]).outcome).toBe(outcome);
  });

  it.each([
    ['ubuntu-capi-image', 'ubuntu-capi-image-v1.33.4', 'PASS', 'PASS'],
    ['ubuntu-capi-image', 'ubuntu-capi-image-v1.33.4-amd64', 'FAIL', 'PASS'],
    ['ubuntu-capi-image', 'ubuntu-capi-image v1.33', 'FAIL', 'FAIL'],
    ['ubuntu-capi-image-1', 'ubuntu-capi-image v1.33', 'PASS', 'PASS'],
    ['ubuntu-capi-image-1', 'ubuntu-capi-image v1', 'FAIL', 'FAIL'],
  ] as const)('entry %s with image %s: text %s, reference %s', (entry, name, std, ref) => {
    const s = judge(entry, [img(name)]);
    const r = judge(entry, [img(name)], 'reference');
    expect(s.outcome).toBe(std);
    expect(r.outcome).toBe(ref);
    expect(s.deviations).toEqual(std !== ref ? ['name-scheme-fullmatch'] : undefined);
  });

  it('says SHOULD for recommended entries', () => {
    expect(judge('Debian 12', []).message).toContain('SHOULD');
  });

  it('covers the Debian 13 entry the spec file lacks', () => {
    expect(judge('Debian 13', [img('Debian 13')]).outcome).toBe('PASS');
    expect(judge('Debian 13', [img('Debian 12')]).outcome).toBe('FAIL');
  });
});
