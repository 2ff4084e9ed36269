// scs-0102-prop-*: one table per property, values drawn from the scs-0102 texts and the Glance vocabulary.
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0102-image-property.js';
import { goodImage, offenderNames, run } from './helpers.js';

const GIB = 1024 ** 3;
type Case = [
  label: string,
  over: Record<string, unknown>,
  standard: 'PASS' | 'FAIL' | 'ABORT',
  reference: 'PASS' | 'FAIL' | 'ABORT',
];

/** Judge a good image plus one bad image carrying `over`. */
function judge(
  property: string,
  over: Record<string, unknown>,
  mode: 'standard' | 'reference',
  rules?: string,
) {
  const bad = goodImage({ id: 'bad', name: 'Bad Image', ...over });
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete (bad as Record<string, unknown>)[k];
  return run(
    probe,
    { Images: [goodImage(), bad] },
    { params: { property, ...(rules ? { rules } : {}) }, mode, testcaseId: `scs-0102-prop-${property}` },
  );
}

const TABLES: Record<string, Case[]> = {
  architecture: [
    ['x86_64', { architecture: 'x86_64' }, 'PASS', 'PASS'],
    ['aarch64', { architecture: 'aarch64' }, 'PASS', 'PASS'],
    ['s390x (Glance vocabulary)', { architecture: 's390x' }, 'PASS', 'FAIL'],
    ['risc-v (reference only)', { architecture: 'risc-v' }, 'FAIL', 'PASS'],
    ['amd64 (not a Glance value)', { architecture: 'amd64' }, 'FAIL', 'FAIL'],
    ['missing', { architecture: undefined }, 'FAIL', 'FAIL'],
  ],
  hash_algo: [
    ['sha256', { os_hash_algo: 'sha256' }, 'PASS', 'PASS'],
    ['sha512', { os_hash_algo: 'sha512' }, 'PASS', 'PASS'],
    ['md5', { os_hash_algo: 'md5' }, 'FAIL', 'FAIL'],
    ['missing', { os_hash_algo: undefined }, 'FAIL', 'FAIL'],
  ],
  min_disk: [
    ['exactly the image size', { min_disk: 3, size: 3 * GIB }, 'PASS', 'PASS'],
    ['one byte too small', { min_disk: 3, size: 3 * GIB + 1 }, 'FAIL', 'FAIL'],
    ['zero = not set', { min_disk: 0 }, 'FAIL', 'FAIL'],
    ['missing', { min_disk: undefined }, 'FAIL', 'FAIL'],
    ['size unknown', { min_disk: 8, size: null }, 'PASS', 'ABORT'],
  ],
  min_ram: [
    ['512 MiB', { min_ram: 512 }, 'PASS', 'PASS'],
    ['32 MiB (warning only)', { min_ram: 32 }, 'PASS', 'PASS'],
    ['zero = not set', { min_ram: 0 }, 'FAIL', 'FAIL'],
  ],
  os_version: [
    ['24.04', { os_version: '24.04' }, 'PASS', 'PASS'],
    ['empty', { os_version: '' }, 'FAIL', 'FAIL'],
  ],
  os_distro: [
    ['ubuntu', { os_distro: 'ubuntu' }, 'PASS', 'PASS'],
    ['rocky', { os_distro: 'rocky' }, 'PASS', 'PASS'],
    ['flatcar (outside the recognised list: a warning)', { os_distro: 'flatcar' }, 'PASS', 'PASS'],
    ['Ubuntu (not lower case: a warning)', { os_distro: 'Ubuntu' }, 'PASS', 'PASS'],
    ['empty string', { os_distro: '' }, 'FAIL', 'FAIL'],
    ['missing', { os_distro: undefined }, 'FAIL', 'FAIL'],
  ],
  hw_disk_bus: [
    ['scsi', { hw_disk_bus: 'scsi' }, 'PASS', 'PASS'],
    ['virtio', { hw_disk_bus: 'virtio' }, 'PASS', 'PASS'],
    ['ide (Glance value)', { hw_disk_bus: 'ide' }, 'PASS', 'FAIL'],
    ['missing (mandatory by the text)', { hw_disk_bus: undefined }, 'FAIL', 'PASS'],
    ['nvme (not a value)', { hw_disk_bus: 'nvme' }, 'FAIL', 'FAIL'],
  ],
  hypervisor_type: [
    ['kvm', { hypervisor_type: 'kvm' }, 'PASS', 'PASS'],
    ['missing (recommended only)', { hypervisor_type: undefined }, 'PASS', 'PASS'],
    ['hyperv (Glance)', { hypervisor_type: 'hyperv' }, 'PASS', 'FAIL'],
    ['esxi (reference)', { hypervisor_type: 'esxi' }, 'FAIL', 'PASS'],
  ],
  hw_rng_model: [
    ['virtio', { hw_rng_model: 'virtio' }, 'PASS', 'PASS'],
    ['missing', { hw_rng_model: undefined }, 'PASS', 'PASS'],
    ['random', { hw_rng_model: 'random' }, 'FAIL', 'FAIL'],
  ],
  image_build_date: [
    ['date', { image_build_date: '2026-08-19' }, 'PASS', 'PASS'],
    ['date hh:mm', { image_build_date: '2026-08-19 23:59' }, 'PASS', 'PASS'],
    ['date hh:mm:ss', { image_build_date: '2026-08-19 23:59:59' }, 'PASS', 'PASS'],
    [
      'equal to created_at',
      { image_build_date: '2026-08-20 10:00:00', created_at: '2026-08-20T10:00:00Z' },
      'PASS',
      'PASS',
    ],
    [
      'one second after created_at',
      { image_build_date: '2026-08-20 10:00:01', created_at: '2026-08-20T10:00:00Z' },
      'FAIL',
      'FAIL',
    ],
    ['ISO form with T and Z', { image_build_date: '2026-08-19T08:00:00Z' }, 'FAIL', 'PASS'],
    ['in the future', { image_build_date: '2026-09-02', created_at: '2026-09-03T00:00:00Z' }, 'FAIL', 'FAIL'],
    ['no real date', { image_build_date: '2026-02-30' }, 'FAIL', 'FAIL'],
    ['missing', { image_build_date: undefined }, 'FAIL', 'FAIL'],
  ],
  image_original_user: [
    ['ubuntu', { image_original_user: 'ubuntu' }, 'PASS', 'PASS'],
    ['none', { image_original_user: 'none' }, 'PASS', 'PASS'],
    ['missing', { image_original_user: undefined }, 'FAIL', 'FAIL'],
  ],
  image_source: [
    [
      'https URL',
      { image_source: 'https://cloud.debian.org/images/cloud/trixie/latest/x.qcow2' },
      'PASS',
      'PASS',
    ],
    ['ftp URL', { image_source: 'ftp://mirror.example.org/img.raw' }, 'PASS', 'PASS'],
    ['private', { image_source: 'private' }, 'PASS', 'PASS'],
    ['scheme without host', { image_source: 'https://' }, 'FAIL', 'PASS'],
    ['file URL', { image_source: 'file:///srv/img.raw' }, 'FAIL', 'FAIL'],
    ['Private (case matters)', { image_source: 'Private' }, 'FAIL', 'FAIL'],
    ['missing', { image_source: undefined }, 'FAIL', 'FAIL'],
  ],
  image_description: [
    ['URL', { image_description: 'https://www.debian.org/releases/trixie/' }, 'PASS', 'PASS'],
    ['text', { image_description: 'Debian 13 generic cloud image' }, 'PASS', 'PASS'],
    ['missing', { image_description: undefined }, 'FAIL', 'FAIL'],
  ],
  replace_frequency: [
    ['monthly', { replace_frequency: 'monthly' }, 'PASS', 'PASS'],
    ['critical_bug', { replace_frequency: 'critical_bug' }, 'PASS', 'PASS'],
    ['never', { replace_frequency: 'never' }, 'PASS', 'PASS'],
    ['biweekly', { replace_frequency: 'biweekly' }, 'FAIL', 'FAIL'],
    ['missing', { replace_frequency: undefined }, 'FAIL', 'FAIL'],
  ],
  provided_until: [
    ['date', { provided_until: '2029-04-30' }, 'PASS', 'PASS'],
    ['none', { provided_until: 'none' }, 'PASS', 'PASS'],
    ['notice', { provided_until: 'notice' }, 'PASS', 'PASS'],
    ['forever (uuid_validity only)', { provided_until: 'forever' }, 'FAIL', 'PASS'],
    ['missing', { provided_until: undefined }, 'FAIL', 'FAIL'],
  ],
  uuid_validity: [
    ['last-3', { uuid_validity: 'last-3' }, 'PASS', 'PASS'],
    ['forever', { uuid_validity: 'forever' }, 'PASS', 'PASS'],
    ['date', { uuid_validity: '2027-12-31' }, 'PASS', 'PASS'],
    ['date with time', { uuid_validity: '2027-12-31 12:00' }, 'FAIL', 'PASS'],
    ['last- without number', { uuid_validity: 'last-' }, 'FAIL', 'FAIL'],
    ['missing (mandatory by the text)', { uuid_validity: undefined }, 'FAIL', 'PASS'],
  ],
  hotfix_hours: [
    ['48', { hotfix_hours: '48' }, 'PASS', 'PASS'],
    ['0 = best effort', { hotfix_hours: '0' }, 'PASS', 'PASS'],
    ['missing = no commitment', { hotfix_hours: undefined }, 'PASS', 'PASS'],
    ['2 days', { hotfix_hours: '2 days' }, 'FAIL', 'FAIL'],
  ],
};

describe('scs-0102-image-property', () => {
  for (const [property, cases] of Object.entries(TABLES)) {
    describe(property, () => {
      it.each(cases)('%s: text %s, reference %s', (_label, over, std, ref) => {
        const s = judge(property, over, 'standard');
        const r = judge(property, over, 'reference');
        expect(s.outcome).toBe(std);
        expect(r.outcome).toBe(ref);
        if (std === 'FAIL') {
          expect(s.messageId).toBe('image-property-invalid');
          expect(offenderNames(s)).toEqual(['Bad Image']);
        } else {
          expect(s.messageId).toBe('image-property-valid');
        }
        if (ref === 'ABORT') expect(r.messageId).toBe('image-property-undecidable');
        // A deviation is named exactly when the two readings disagree.
        expect(Boolean(s.deviations)).toBe(std !== ref);
        expect(s.deviations).toEqual(r.deviations);
      });
    });
  }

  describe('os_purpose: v1 and v2 rules', () => {
    it.each([
      ['generic', 'PASS', 'PASS'],
      ['k8snode', 'PASS', 'PASS'],
      ['oldgeneric', 'FAIL', 'PASS'],
      ['desktop', 'FAIL', 'FAIL'],
    ] as const)('%s: v1 %s, v2 %s', (value, v1, v2) => {
      expect(
        judge('os_purpose', { os_purpose: value }, 'standard', 'scs-0102-image-metadata-v1').outcome,
      ).toBe(v1);
      expect(
        judge('os_purpose', { os_purpose: value }, 'standard', 'scs-0102-image-metadata-v2').outcome,
      ).toBe(v2);
    });

    it('v1 rules name the oldgeneric deviation; the reference accepts oldgeneric', () => {
      const s = judge('os_purpose', { os_purpose: 'oldgeneric' }, 'standard', 'scs-0102-image-metadata-v1');
      expect(s.deviations).toEqual(['os-purpose-oldgeneric-v1']);
      expect(
        judge('os_purpose', { os_purpose: 'oldgeneric' }, 'reference', 'scs-0102-image-metadata-v1').outcome,
      ).toBe('PASS');
    });

    it('is mandatory in v2', () => {
      expect(
        judge('os_purpose', { os_purpose: undefined }, 'standard', 'scs-0102-image-metadata-v2').outcome,
      ).toBe('FAIL');
    });
  });

  describe('which images are judged', () => {
    const bad = { architecture: 'amd64' };
    it.each([
      ['public', { visibility: 'public' }, 'FAIL'],
      ['community', { visibility: 'community' }, 'FAIL'],
      ['shared (a tenant image)', { visibility: 'shared' }, 'PASS'],
      ['private', { visibility: 'private' }, 'PASS'],
      ['hidden public (rotated out)', { visibility: 'public', os_hidden: true }, 'PASS'],
    ] as const)('%s', (_l, over, outcome) => {
      expect(judge('architecture', { ...bad, ...over }, 'standard').outcome).toBe(outcome);
    });

    it('passes vacuously without public images', () => {
      const r = run(probe, { Images: [] }, { params: { property: 'architecture' } });
      expect(r.outcome).toBe('PASS');
      expect(r.messageId).toBe('image-property-no-images');
    });
  });

  it('lists every offender with its id and problem', () => {
    const r = run(
      probe,
      {
        Images: [
          goodImage({ id: 'a', name: 'A', min_ram: 0 }),
          goodImage({ id: 'b', name: 'B' }),
          goodImage({ id: 'c', name: 'C', min_ram: 0 }),
        ],
      },
      { params: { property: 'min_ram' } },
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders).toEqual([
      { resource: 'A', id: 'a', problem: 'min_ram not set' },
      { resource: 'C', id: 'c', problem: 'min_ram not set' },
    ]);
    expect(r.evidence?.judged).toEqual(['A', 'B', 'C']);
    expect(r.message).toContain('min_ram');
  });

  it('warns about min_ram below 64 MiB without failing', () => {
    const r = judge('min_ram', { min_ram: 32 }, 'standard');
    expect(r.warnings?.[0]).toContain('Bad Image');
  });

  it('aborts on a property the data file does not know', () => {
    const r = run(probe, { Images: [goodImage()] }, { params: { property: 'colour' } });
    expect(r.outcome).toBe('ABORT');
    expect(r.message).toContain("no rule 'colour'");
  });
});

describe('architecture vocabulary (Glance list plus the libosinfo names it defers to)', () => {
  it.each([
    ['x86_64', 'PASS'],
    ['aarch64', 'PASS'],
    ['riscv64', 'PASS'],
    ['ppc64', 'PASS'],
    ['amd64', 'FAIL'],
    ['arm64', 'FAIL'],
    ['risc-v', 'FAIL'],
    ['X86_64', 'FAIL'],
  ])('%s -> %s', (arch, outcome) => {
    expect(judge('architecture', { architecture: arch }, 'standard').outcome).toBe(outcome);
  });
});
