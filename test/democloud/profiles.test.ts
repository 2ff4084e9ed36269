// The default seed passes every automated SCS IaaS testcase; each profile makes exactly its own testcases fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { PROFILES, startDemoCloud } from '../../src/democloud/index.js';
import { NOW, call, session, type Session } from './helpers.js';
import { SCS_0103, judge } from './judge.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

/** What each profile must break, written down from the profile list of the task (not read from the code). */
const EXPECTED: Record<string, string[]> = {
  'misnamed-flavor': ['scs-0100-syntax-check'],
  'flavor-overpromise': ['scs-0100-semantics-check'],
  'missing-standard-flavor': ['scs-0103-flavor-2v-4'],
  'wrong-extra-spec': ['scs-0103-flavor-4v-16'],
  'missing-image-property': ['scs-0102-prop-os_distro'],
  'bad-architecture': ['scs-0102-prop-architecture'],
  'outdated-image': ['scs-0102-image-recency'],
  'duplicate-generic-image': ['scs-0102-os_purpose-uniqueness'],
  'missing-ubuntu-2404': ['scs-0104-image-ubuntu-2404'],
  'bad-image-source': ['scs-0104-source-debian-12'],
  'bad-volume-type-syntax': ['scs-0114-syntax-check'],
  'permissive-default-rules': ['scs-0115-default-rules'],
  'no-default-rules-api': [],
  'no-key-manager': [],
  'key-manager-forbidden': ['scs-0116-permissions'],
  'backup-broken': ['scs-0117-test-backup'],
  'missing-load-balancer': ['scs-0123-service-load-balancer'],
  'no-s3': ['scs-0123-service-s3', 'scs-0123-swift-s3'],
  'admin-user': ['preflight'],
  'low-entropy': ['scs-0101-entropy-avail'],
  'fips-failures': ['scs-0101-fips-test'],
  zed: ['scs-0101-entropy-avail', 'scs-0101-fips-test', 'scs-0123-service-s3'],
  // scs-0126/0127 advisory testcases only (test/e2e/iaas-advisory.test.ts)
  'no-default-network': [],
  'no-ipv6-pool': [],
  'no-floating-ip': [],
  'rbac-allowed': [],
  'no-dns-extensions': [],
  // Break only the advisory scs-0302 extension testcase (test/democloud/domain-manager.test.ts), no SCS testcase.
  'no-domain-manager-policy': [],
  'native-domain-manager': [],
  'domain-manager-unscoped': [],
  'domain-manager-assigns-admin': [],
  'domain-manager-lists-all': [],
  // scs-0121 is advisory too (test/democloud/availability-zones.test.ts)
  'multi-az': [],
  'cross-az-attach': [],
};

describe('default seed', () => {
  it('passes every automated testcase of scs-compatible-iaas v5.1 and next', async () => {
    s = await session();
    expect([...(await judge(s, NOW.getTime()))]).toEqual([]);
  });

  it('carries the 31 standard flavors with exact figures and scs extra specs (scs-0103 table)', async () => {
    s = await session();
    const flavors = (
      await call<{
        flavors: Array<{
          name: string;
          vcpus: number;
          ram: number;
          disk: number;
          extra_specs: Record<string, string>;
        }>;
      }>(s, 'GET', '/compute/v2.1/flavors/detail', undefined, { 'openstack-api-version': 'compute 2.61' })
    ).body.flavors;
    for (const [name, vcpus, ram, disk, diskType] of SCS_0103) {
      const f = flavors.find((x) => x.name === name);
      expect(f, name).toBeDefined();
      expect([f?.vcpus, f?.ram, f?.disk], name).toEqual([vcpus, ram * 1024, disk]);
      expect(f?.extra_specs['scs:disk0-type'], name).toBe(diskType ?? undefined);
    }
    expect(flavors.filter((f) => f.name.startsWith('SCS-')).length).toBeGreaterThan(SCS_0103.length);
  });

  it('merges seed settings key by key and replaces lists', async () => {
    s = await session({
      seed: { timings: { backupMs: 5 }, volumeTypes: [{ name: '__DEFAULT__', description: null }] },
    });
    expect(s.cloud.state.timings.backupMs).toBe(5);
    expect(s.cloud.state.timings.serverBuildMs).toBeGreaterThan(0);
    const types = await call<{ volume_types: Array<{ name: string }> }>(
      s,
      'GET',
      `/volume/v3/${s.projectId}/types`,
    );
    expect(types.body.volume_types.map((t) => t.name)).toEqual(['__DEFAULT__']);
  });

  it('dates images relative to `now`', async () => {
    s = await session({ now: new Date('2030-01-15T00:00:00Z') });
    const res = await call<{ images: Array<{ image_build_date: string }> }>(
      s,
      'GET',
      '/image/v2/images?name=Debian%2013',
    );
    expect(res.body.images[0]?.image_build_date).toBe('2030-01-12');
  });
});

describe('profiles', () => {
  it('lists exactly the profiles the documentation table covers', () => {
    expect(PROFILES.map((p) => p.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    const full = readFileSync(join(PACKAGE_ROOT, 'docs', 'embedded-cloud.md'), 'utf8');
    const doc = full.slice(full.indexOf('## Profiles'), full.indexOf('## Fault injection'));
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| .* \| .* \| .* \|$/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} makes exactly ${expected.length ? expected.join(', ') : 'nothing'} fail`, async () => {
      s = await session({ profile: name });
      expect([...(await judge(s, NOW.getTime()))].sort()).toEqual([...expected].sort());
    });
  }

  it('no-default-rules-api answers 404 on the default-rules API, as Neutron before 2023.2', async () => {
    s = await session({ profile: 'no-default-rules-api' });
    const res = await call(s, 'GET', '/networking/v2.0/default-security-group-rules');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ NeutronError: { type: 'HTTPNotFound' } });
  });

  it('no-key-manager drops the key-manager catalog entry', async () => {
    s = await session({ profile: 'no-key-manager' });
    expect(s.catalog.map((c) => c.type)).not.toContain('key-manager');
  });

  it('composes: a,b breaks what a and b break', async () => {
    s = await session({ profile: 'bad-architecture, backup-broken' });
    expect(s.cloud.profiles).toEqual(['bad-architecture', 'backup-broken']);
    expect([...(await judge(s, NOW.getTime()))].sort()).toEqual([
      'scs-0102-prop-architecture',
      'scs-0117-test-backup',
    ]);
  });

  it('refuses unknown profile names, naming the known ones', async () => {
    await expect(startDemoCloud({ profile: 'no-such-thing' })).rejects.toThrow(
      /unknown demo-cloud profile 'no-such-thing' \(known: misnamed-flavor, /,
    );
  });
});
