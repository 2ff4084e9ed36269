// scs-0102-os_purpose-uniqueness: one visible public generic image per (os_distro, os_version, architecture).
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0102-os_purpose-uniqueness.js';
import { goodImage, offenderNames, run } from './helpers.js';

const gen = (name: string, over: Record<string, unknown> = {}) => goodImage({ id: name, name, ...over });

describe('scs-0102-os_purpose-uniqueness', () => {
  it('passes distinct assignments', () => {
    const r = run(probe, {
      Images: [
        gen('Ubuntu 24.04'),
        gen('Ubuntu 22.04', { os_version: '22.04' }),
        gen('Debian 13', { os_distro: 'debian', os_version: '13' }),
      ],
    });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('os-purpose-generic-unique');
  });

  it('passes duplicate generic images that differ only in architecture', () => {
    const r = run(probe, {
      Images: [gen('Ubuntu 24.04'), gen('Ubuntu 24.04 arm64', { architecture: 'aarch64' })],
    });
    expect(r.outcome).toBe('PASS');
  });

  it('fails two visible public generic images with the same triple, listing both', () => {
    const r = run(probe, {
      Images: [
        gen('Ubuntu 24.04'),
        gen('Ubuntu 24.04 20260101'),
        gen('Debian 13', { os_distro: 'debian', os_version: '13' }),
      ],
    });
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('os-purpose-generic-not-unique');
    expect(offenderNames(r)).toEqual(['Ubuntu 24.04', 'Ubuntu 24.04 20260101']);
    expect(r.evidence?.values?.groups).toEqual([
      {
        os_distro: 'ubuntu',
        os_version: '24.04',
        architecture: 'x86_64',
        images: ['Ubuntu 24.04', 'Ubuntu 24.04 20260101'],
      },
    ]);
  });

  it.each([
    ['hidden', { os_hidden: true }],
    ['oldgeneric', { os_purpose: 'oldgeneric' }],
    ['k8snode', { os_purpose: 'k8snode' }],
    ['community (not public)', { visibility: 'community' }],
    ['private', { visibility: 'private' }],
  ])('does not count a second image that is %s', (_l, over) => {
    const r = run(probe, { Images: [gen('Ubuntu 24.04'), gen('Ubuntu 24.04 old', over)] });
    expect(r.outcome).toBe('PASS');
  });

  it('groups images without architecture together', () => {
    const r = run(probe, {
      Images: [gen('A', { architecture: undefined }), gen('B', { architecture: '' })].map((i) => {
        if (i.architecture === undefined) delete (i as Record<string, unknown>).architecture;
        return i;
      }),
    });
    expect(r.outcome).toBe('FAIL');
    expect(offenderNames(r)).toEqual(['A', 'B']);
  });

  it('leaves images without os_distro or os_version out, with a warning', () => {
    const r = run(probe, { Images: [gen('A', { os_version: '' }), gen('B', { os_version: '' })] });
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('A, B');
  });

  it('reports the level of the rules used (v2: MUST, v1: recommendation)', () => {
    const images = [gen('Ubuntu 24.04'), gen('Ubuntu 24.04 x')];
    expect(run(probe, { Images: images }).evidence?.values?.level).toBe('mandatory');
    const v1 = run(probe, { Images: images }, { params: { rules: 'scs-0102-image-metadata-v1' } });
    expect(v1.outcome).toBe('FAIL');
    expect(v1.evidence?.values?.level).toBe('recommended');
  });
});
