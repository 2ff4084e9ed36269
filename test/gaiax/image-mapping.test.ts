// gx:VMImage mapping from Glance images with full and partial scs-0102 metadata.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Image } from '../../src/artifacts/iaas.js';
import { buildDateTime, isOfferedImage, mapImage } from '../../src/gaiax/image.js';
import type { ParticipantConfig } from '../../src/gaiax/participant.js';

const images = JSON.parse(readFileSync('test/fixtures/gaiax/Images.json', 'utf8')) as Image[];
const byName = (n: string) => images.find((i) => i.name === n)!;
const ubuntuSw = {
  name: 'Ubuntu',
  copyrightOwnedBy: ['Canonical Ltd.'],
  license: ['GPL-2.0-only', 'https://ubuntu.com/legal/intellectual-property-policy'],
  resourcePolicy: ['default: allow intent'],
};
const config = {
  softwareResources: {
    ubuntu: ubuntuSw,
    debian: {
      copyrightOwnedBy: ['SPI'],
      license: ['GPL-2.0-or-later'],
      resourcePolicy: ['default: allow intent'],
    },
  },
} as unknown as ParticipantConfig;

type Node = Record<string, unknown>;
const get = (n: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (o as Node | undefined)?.[k], n);
const qty = (n: unknown) => get(n, 'qudt:quantityValue', '@value');

describe('full scs-0102 metadata', () => {
  const m = mapImage(byName('Ubuntu 24.04'), { config, id: 'urn:img:1' });
  const s = m.subject!;

  it('copyright, licence and policy come from the os_distro software resource', () => {
    expect(s.type).toBe('gx:VMImage');
    expect(s.name).toBe('Ubuntu 24.04');
    expect(s['gx:copyrightOwnedBy']).toEqual([{ '@value': 'Canonical Ltd.' }]);
    expect(s['gx:license']).toEqual([
      'GPL-2.0-only',
      { '@value': 'https://ubuntu.com/legal/intellectual-property-policy', '@type': 'xsd:anyURI' },
    ]);
    expect(s['gx:resourcePolicy']).toEqual(['default: allow intent']);
  });

  it.each([
    ['gx:vmImageDiskFormat', 'QCOW2'],
    ['gx:secureBoot', true],
    ['gx:firmwareType', 'UEFI'],
    ['gx:watchDogAction', 'reset'],
    ['gx:vPMU', false],
    ['gx:multiQueues', true],
    ['gx:hypervisorType', 'KVM'],
    ['gx:patchLevel', '20250501'],
    ['gx:licenseIncluded', false],
    ['description', 'https://ubuntu.com/server Managed by osism.'],
  ] as const)('%s = %j', (key, value) => {
    expect(s[key]).toEqual(value);
  });

  it('sizes and requirements carry QUDT units', () => {
    expect(qty(s['gx:fileSize'])).toBe('2361393152');
    expect(get(s, 'gx:fileSize', 'qudt:applicableUnit')).toBe('http://qudt.org/vocab/unit/BYTE');
    expect(qty(s['gx:videoRamSize'])).toBe('64');
    expect(get(s, 'gx:videoRamSize', 'qudt:applicableUnit')).toBe('http://qudt.org/vocab/unit/MebiBYTE');
    expect(qty(get(s, 'gx:ramReq', 'gx:memorySize'))).toBe('512');
    expect(get(s, 'gx:ramReq', 'type')).toBe('gx:Memory');
    expect(qty(get(s, 'gx:rootDiskReq', 'gx:diskSize'))).toBe('8');
    expect(get(s, 'gx:rootDiskReq', 'gx:diskSize', 'qudt:applicableUnit')).toBe(
      'http://qudt.org/vocab/unit/GibiBYTE',
    );
    expect(get(s, 'gx:rootDiskReq', 'gx:diskBusType')).toBe('SCSI');
    expect(get(s, 'gx:cpuReq', 'gx:cpuArchitecture')).toBe('x86-64');
  });

  it('checksum, signature, build date and maintenance', () => {
    expect(s['gx:checkSum']).toEqual({
      type: 'gx:CheckSum',
      'gx:checkSumCalculation': 'sha-512',
      'gx:checkSumValue': 'a1b2c3',
    });
    expect(s['gx:signature']).toEqual({
      type: 'gx:Signature',
      'gx:signatureValue': 'c2lnbmF0dXJl',
      'gx:signatureAlgorithm': 'RSA-Signature',
      'gx:hashAlgorithm': 'sha-256',
    });
    expect(s['gx:buildDate']).toEqual({ '@value': '2025-05-01T12:30:00Z', '@type': 'xsd:dateTime' });
    expect(s['gx:maintenance']).toEqual({
      type: 'gx:MaintenanceSubscription',
      'gx:subscriptionIncluded': true,
      'gx:maintainedUntil': { '@value': '2029-05-31', '@type': 'xsd:date' },
    });
  });

  it('the operating system names the libosinfo distribution and version', () => {
    const os = s['gx:operatingSystem'] as Node;
    expect(os.type).toBe('gx:OperatingSystem');
    expect(os['gx:osDistribution']).toBe('Ubuntu');
    expect(os['gx:version']).toBe('24.04');
    expect(os.name).toBe('Ubuntu');
    expect(os['gx:license']).toEqual(s['gx:license']);
  });
});

describe('partial metadata', () => {
  it('only what the image has is stated', () => {
    const s = mapImage(byName('Debian 12'), { config, id: 'urn:img:2' }).subject!;
    expect(s['gx:vmImageDiskFormat']).toBe('RAW');
    expect(get(s, 'gx:cpuReq', 'gx:cpuArchitecture')).toBe('AArch-64');
    expect(s['gx:buildDate']).toEqual({ '@value': '2025-04-02T00:00:00Z', '@type': 'xsd:dateTime' });
    for (const k of [
      'gx:secureBoot',
      'gx:firmwareType',
      'gx:checkSum',
      'gx:signature',
      'gx:fileSize',
      'gx:ramReq',
      'gx:rootDiskReq',
      'gx:maintenance',
      'gx:hypervisorType',
      'description',
    ])
      expect(s[k], k).toBeUndefined();
    expect(get(s, 'gx:operatingSystem', 'gx:osDistribution')).toBe('Debian');
  });

  it('an image without copyright/licence source is skipped with the fix', () => {
    const m = mapImage(byName('Gentoo'), { config, id: 'urn:img:5' });
    expect(m.subject).toBeUndefined();
    expect(m.skipped).toMatch(/softwareResources\.gentoo/);
  });

  it('a disk format outside the shapes list is left out with a warning', () => {
    const cfg = { softwareResources: { gentoo: ubuntuSw } } as unknown as ParticipantConfig;
    const m = mapImage(byName('Gentoo'), { config: cfg, id: 'urn:img:5' });
    expect(m.subject!['gx:vmImageDiskFormat']).toBeUndefined();
    expect(m.warnings.join()).toMatch(/ploop/);
    expect(get(m.subject, 'gx:operatingSystem', 'gx:osDistribution')).toBe('Gentoo Linux');
  });

  it('per-image overrides beat the os_distro entry and can exclude', () => {
    const cfg = {
      ...config,
      images: { 'Ubuntu 24.04': { license: ['MIT'], description: 'ours', licenseIncluded: true } },
    } as unknown as ParticipantConfig;
    const s = mapImage(byName('Ubuntu 24.04'), { config: cfg, id: 'urn:x' }).subject!;
    expect(s['gx:license']).toEqual(['MIT']);
    expect(s['gx:copyrightOwnedBy']).toEqual([{ '@value': 'Canonical Ltd.' }]);
    expect(s.description).toBe('ours');
    expect(s['gx:licenseIncluded']).toBe(true);
    const ex = { ...config, images: { 'Debian 12': { exclude: true } } } as unknown as ParticipantConfig;
    expect(mapImage(byName('Debian 12'), { config: ex, id: 'urn:x' }).skipped).toMatch(/excluded/);
  });

  it.each([
    ['qemu', 'quemu'],
    ['xen', 'Xen'],
    ['vmware', 'ESXi'],
    ['hyperv', 'Hyper-V'],
    ['lxc', 'other'],
  ])('hypervisor_type %s -> %s', (h, gx) => {
    const img = { ...byName('Debian 12'), hypervisor_type: h };
    expect(mapImage(img, { config, id: 'urn:x' }).subject!['gx:hypervisorType']).toBe(gx);
  });
});

describe('helpers', () => {
  it.each([
    ['2025-05-01', '2025-05-01T00:00:00Z'],
    ['2025-05-01 12:30', '2025-05-01T12:30:00Z'],
    ['2025-05-01 12:30:45', '2025-05-01T12:30:45Z'],
    ['2025-05-01T12:30:45Z', '2025-05-01T12:30:45Z'],
    ['May 1st', undefined],
  ])('image_build_date %s', (v, iso) => expect(buildDateTime(v)).toBe(iso));

  it('only public, non-hidden images are offered', () => {
    expect(images.filter(isOfferedImage).map((i) => i.name)).toEqual(['Ubuntu 24.04', 'Debian 12', 'Gentoo']);
  });
});
