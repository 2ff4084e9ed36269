// The IaaS bindings file binds every automated testcase of the scope to a registered probe with valid parameters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { iaasProbes } from '../../src/probes/iaas/index.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { loadData } from './helpers.js';

/** The 91 testcase ids of SCS-compatible IaaS (scs-standards.md §1.4). */
const SCOPE_TESTCASES = [
  'scs-0100-syntax-check',
  'scs-0100-semantics-check',
  'scs-0101-flavor-property',
  'scs-0101-image-property',
  'scs-0101-rngd',
  'scs-0101-entropy-avail',
  'scs-0101-fips-test',
  ...[
    'architecture',
    'hash_algo',
    'min_disk',
    'min_ram',
    'os_version',
    'os_distro',
    'os_purpose',
    'hw_disk_bus',
    'hypervisor_type',
    'hw_rng_model',
    'image_build_date',
    'image_original_user',
    'image_source',
    'image_description',
    'replace_frequency',
    'provided_until',
    'uuid_validity',
    'hotfix_hours',
  ].map((p) => `scs-0102-prop-${p}`),
  'scs-0102-image-recency',
  'scs-0102-os_purpose-uniqueness',
  ...[
    '1v-4',
    '2v-8',
    '4v-16',
    '8v-32',
    '1v-2',
    '2v-4',
    '4v-8',
    '8v-16',
    '16v-32',
    '1v-8',
    '2v-16',
    '4v-32',
    '1l-1',
    '2v-4-20s',
    '4v-16-100s',
    '1v-4-10',
    '2v-8-20',
    '4v-16-50',
    '8v-32-100',
    '1v-2-5',
    '2v-4-10',
    '4v-8-20',
    '8v-16-50',
    '16v-32-100',
    '1v-8-20',
    '2v-16-50',
    '4v-32-100',
    '1l-1-5',
    '16v-64',
    '8v-64',
    '16v-128',
  ].map((x) => `scs-0103-flavor-${x}`),
  ...[
    'capi-1',
    'capi-2',
    'ubuntu-2404',
    'ubuntu-2204',
    'ubuntu-2004',
    'debian-13',
    'debian-12',
    'debian-11',
  ].map((x) => `scs-0104-source-${x}`),
  ...['capi-2', 'capi-1', 'ubuntu-2404', 'ubuntu-2204', 'debian-13', 'debian-12'].map(
    (x) => `scs-0104-image-${x}`,
  ),
  'scs-0114-syntax-check',
  'scs-0114-encrypted-type',
  'scs-0114-replicated-type',
  'scs-0115-default-rules',
  'scs-0116-presence',
  'scs-0116-permissions',
  'scs-0117-test-backup',
  ...['compute', 'identity', 'image', 'network', 'load-balancer', 'placement'].map(
    (x) => `scs-0123-service-${x}`,
  ),
  'scs-0123-storage-apis',
  'scs-0123-service-s3',
  'scs-0123-swift-s3',
  'key-manager-docs-check',
  'availability-zones-check',
  'domain-manager-check',
];
const UNBOUND = [
  'key-manager-docs-check',
  'availability-zones-check',
  'domain-manager-check',
  'scs-0101-flavor-property',
  'scs-0101-image-property',
  'scs-0101-rngd',
];
const LEAD_PROBES = ['scs-0100-syntax-check', 'scs-0100-semantics-check'];

const file = parse(
  readFileSync(join(PACKAGE_ROOT, 'standards', 'bindings', 'scs-compatible-iaas.yaml'), 'utf8'),
) as {
  scope: string;
  bindings: Record<string, { probe: string; params?: Record<string, unknown> }>;
};

describe('standards/bindings/scs-compatible-iaas.yaml', () => {
  it('names the IaaS scope', () => {
    expect(file.scope).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f');
  });

  it('binds exactly the automated, implemented testcases', () => {
    expect(SCOPE_TESTCASES).toHaveLength(91);
    const scoped = SCOPE_TESTCASES.filter((t) => !UNBOUND.includes(t));
    expect(scoped).toHaveLength(85);
    // plus scs-cert's advisory testcases of standards/extensions/scs-compatible-iaas.yaml
    const ext = parse(
      readFileSync(join(PACKAGE_ROOT, 'standards', 'extensions', 'scs-compatible-iaas.yaml'), 'utf8'),
    ) as { testcases: Array<{ id: string }> };
    const expected = [...scoped, ...ext.testcases.map((t) => t.id)].sort();
    expect(Object.keys(file.bindings).sort()).toEqual(expected);
  });

  it('binds only registered probes (scs-0100 probes come from the lead)', () => {
    const ids = new Set(iaasProbes.map((p) => p.meta.id));
    for (const [tc, b] of Object.entries(file.bindings)) {
      expect(ids.has(b.probe) || LEAD_PROBES.includes(b.probe), `${tc} -> ${b.probe}`).toBe(true);
    }
  });

  it("gives every binding parameters that its probe's params schema accepts (strict ajv)", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const data = loadData();
    for (const [tc, b] of Object.entries(file.bindings)) {
      const probe = iaasProbes.find((p) => p.meta.id === b.probe);
      if (!probe) continue;
      if (!probe.meta.params) {
        expect(b.params, `${tc} has params but ${b.probe} takes none`).toBeUndefined();
        continue;
      }
      const validate = ajv.compile(probe.meta.params);
      expect(validate(b.params ?? {}), `${tc}: ${JSON.stringify(validate.errors)}`).toBe(true);
      // Parameters that name data must name existing entries.
      const p = b.params ?? {};
      if (typeof p.spec === 'string') {
        const spec = data[p.spec] as { images: Array<{ name: string }> };
        expect(
          spec.images.map((e) => e.name),
          tc,
        ).toContain(p.entry);
      }
      if (typeof p.property === 'string') {
        const rules = data[(p.rules as string | undefined) ?? 'scs-0102-image-metadata-v1'] as {
          properties: Record<string, unknown>;
        };
        expect(Object.keys(rules.properties), tc).toContain(p.property);
      }
      if (b.probe === 'scs-0103-standard-flavor') {
        const flavors = data['scs-0103-standard-flavors'] as { flavors: Array<{ name: string }> };
        expect(flavors.flavors.map((f) => f.name)).toContain(p.name);
        expect(tc).toBe(`scs-0103-flavor-${String(p.name).slice(4).toLowerCase()}`);
      }
    }
  });

  it('every probe declares a strict-valid params schema with additionalProperties false', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const p of iaasProbes) {
      if (!p.meta.params) continue;
      expect(p.meta.params.additionalProperties, p.meta.id).toBe(false);
      expect(() => ajv.compile(p.meta.params!), p.meta.id).not.toThrow();
    }
  });
});
