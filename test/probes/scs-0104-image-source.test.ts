// scs-0104-source-*: image_source prefixes per entry of the standard image lists; full-match name schemes.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0104-image-source.js';
import { goodImage, offenderNames, run } from './helpers.js';

const V12 = 'scs-0104-images-v1-2';
const NBG1 =
  'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2404-kube-v1.33/x.qcow2';
const img = (name: string, source: unknown, over: Record<string, unknown> = {}) =>
  goodImage({ id: `${name}-${String(source)}`, name, image_source: source, ...over });
const judge = (
  entry: string,
  images: ReturnType<typeof img>[],
  mode: 'standard' | 'reference' = 'standard',
  spec = V12,
) => run(probe, { Images: images }, { params: { spec, entry }, mode });

describe('scs-0104-image-source', () => {
  it.each([
    ['Ubuntu 24.04', 'https://cloud-images.ubuntu.com/releases/noble/release-20260819/x.img', 'PASS'],
    ['Ubuntu 24.04', 'https://cloud-images.ubuntu.com/noble/current/x.img', 'PASS'],
    ['Ubuntu 24.04', 'https://cloud-images.ubuntu.com/releases/jammy/x.img', 'FAIL'],
    ['Ubuntu 24.04', 'http://cloud-images.ubuntu.com/releases/noble/x.img', 'FAIL'],
    ['Debian 13', 'https://cloud.debian.org/images/cloud/trixie/latest/x.qcow2', 'PASS'],
    ['Debian 13', 'https://cdimage.debian.org/cdimage/cloud/trixie/x.qcow2', 'PASS'],
    ['Debian 13', 'https://cloud.debian.org/images/cloud/bookworm/x.qcow2', 'FAIL'],
    ['Debian 12', 'https://cloud.debian.org/images/cloud/bookworm/latest/x.qcow2', 'PASS'],
    ['Debian 11', 'private', 'FAIL'],
    ['Ubuntu 20.04', 'https://cloud-images.ubuntu.com/focal/x.img', 'PASS'],
  ] as const)('%s from %s: %s', (name, source, outcome) => {
    const r = judge(name, [img(name, source)]);
    expect(r.outcome).toBe(outcome);
    if (outcome === 'FAIL') {
      expect(r.messageId).toBe('image-source-mismatch');
      expect(offenderNames(r)).toEqual([name]);
      expect(r.evidence?.offenders?.[0]?.image_source).toBe(source);
    }
  });

  it('fails an image without image_source', () => {
    const i = img('Ubuntu 22.04', undefined);
    delete (i as Record<string, unknown>).image_source;
    expect(judge('Ubuntu 22.04', [i]).outcome).toBe('FAIL');
  });

  it('passes vacuously when no image of the entry exists', () => {
    const r = judge('Debian 11', [img('Ubuntu 24.04', 'https://cloud-images.ubuntu.com/noble/x')]);
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('image-source-no-images');
  });

  describe('name schemes', () => {
    it.each([
      ['ubuntu-capi-image', 'ubuntu-capi-image-v1.33', 'FAIL', 'FAIL'],
      ['ubuntu-capi-image', 'ubuntu-capi-image-v1.33.4', 'FAIL', 'FAIL'],
      ['ubuntu-capi-image', 'ubuntu-capi-image-v1.33.4-rc1', 'PASS', 'FAIL'],
      ['ubuntu-capi-image', 'ubuntu-capi-image v1.33', 'PASS', 'PASS'],
      ['ubuntu-capi-image-1', 'ubuntu-capi-image v1.33', 'FAIL', 'FAIL'],
      ['ubuntu-capi-image-1', 'ubuntu-capi-image-v1.33', 'PASS', 'PASS'],
    ] as const)('entry %s, image %s with a wrong source: text %s, reference %s', (entry, name, std, ref) => {
      const images = [img(name, 'https://example.org/capi.qcow2')];
      const s = judge(entry, images);
      const r = judge(entry, images, 'reference');
      expect(s.outcome).toBe(std);
      expect(r.outcome).toBe(ref);
      if (std !== ref) expect(s.deviations).toEqual(['name-scheme-fullmatch']);
    });

    it.each([
      NBG1,
      'https://swift.services.a.regiocloud.tech/swift/v1/AUTH_b182637428444b9aa302bb8d5a5a418c/openstack-k8s-capi-images/ubuntu-2204-kube-v1.30/x.qcow2',
    ])('accepts the CAPI source %s', (src) => {
      expect(judge('ubuntu-capi-image', [img('ubuntu-capi-image-v1.33.1', src)]).outcome).toBe('PASS');
    });

    it('the v1-1 list has the space-separated scheme', () => {
      const r = judge(
        'ubuntu-capi-image',
        [img('ubuntu-capi-image v1.30', 'https://example.org/x')],
        'standard',
        'scs-0104-images-v1-1',
      );
      expect(r.outcome).toBe('FAIL');
    });
  });

  it('judges every image of a name, the reference only the last one listed', () => {
    const images = [
      img('Debian 12', 'https://example.org/bad.qcow2'),
      img('Debian 12', 'https://cloud.debian.org/images/cloud/bookworm/good.qcow2'),
    ];
    const s = judge('Debian 12', images);
    expect(s.outcome).toBe('FAIL');
    expect(s.deviations).toEqual(['source-duplicate-names']);
    expect(judge('Debian 12', images, 'reference').outcome).toBe('PASS');
  });

  it('judges hidden images too (the reference never sees them)', () => {
    const images = [img('Debian 12', 'https://example.org/old.qcow2', { os_hidden: true })];
    const s = judge('Debian 12', images);
    expect(s.outcome).toBe('FAIL');
    expect(s.deviations).toEqual(['source-hidden-images']);
    expect(judge('Debian 12', images, 'reference').outcome).toBe('PASS');
  });

  it('ignores shared and private images', () => {
    const r = judge('Debian 12', [img('Debian 12', 'https://example.org/x', { visibility: 'shared' })]);
    expect(r.outcome).toBe('PASS');
    expect(r.evidence?.judged).toEqual([]);
  });

  it('aborts on an entry the list does not have', () => {
    expect(judge('Debian 9', []).outcome).toBe('ABORT');
  });
});
