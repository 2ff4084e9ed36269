// The artifact contracts: one per name, schemas that accept what real gatherers produce and name what breaks them.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ALL_ARTIFACTS } from '../../src/artifacts/names.js';
import { ARTIFACT_CONTRACTS } from '../../src/artifacts/registry.js';
import { checkArtifact } from '../../src/artifacts/validate.js';

const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('artifact contracts', () => {
  it('has exactly one contract per artifact name, under its own name', () => {
    expect(Object.keys(ARTIFACT_CONTRACTS).sort()).toEqual([...ALL_ARTIFACTS].sort());
    for (const [key, contract] of Object.entries(ARTIFACT_CONTRACTS)) {
      expect(contract.name).toBe(key);
      expect(contract.description.length).toBeGreaterThan(10);
    }
  });

  it('has schemas that are valid JSON Schema (2020-12) and compile in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateSchema: true });
    for (const contract of Object.values(ARTIFACT_CONTRACTS)) {
      expect(ajv.validateSchema(contract.schema), `${contract.name}: ${ajv.errorsText()}`).toBe(true);
      expect(() => ajv.compile(contract.schema)).not.toThrow();
    }
  });

  it('accepts saved artifacts of real shape', () => {
    expect(checkArtifact('Flavors', json('test/fixtures/gaiax/Flavors.json')).ok).toBe(true);
    expect(checkArtifact('Images', json('test/fixtures/gaiax/Images.json')).ok).toBe(true);
    expect(checkArtifact('EntropyConsole', json('test/fixtures/iaas/entropy-console-ok.json')).ok).toBe(true);
  });

  it('names the JSON pointer and the problem of the first mismatch', () => {
    const flavor = { id: 'f', name: 'SCS-2V-4', vcpus: 2, ram: 4096, disk: 0, extra_specs: {} };
    expect(checkArtifact('Flavors', [flavor, { ...flavor, ram: '4096' }])).toEqual({
      ok: false,
      pointer: '/1/ram',
      problem: 'must be number',
    });
    expect(checkArtifact('Flavors', [{ ...flavor, extra_specs: { 'scs:cpu-type': 3 } }])).toMatchObject({
      pointer: '/0/extra_specs/scs:cpu-type',
    });
    expect(checkArtifact('TokenInfo', { roles: 'member' })).toMatchObject({ pointer: '/roles' });
  });

  describe('schemas the compiler cannot check against their type', () => {
    it('Images: custom properties are free, the Glance core fields are typed', () => {
      const image = {
        id: 'i',
        name: null,
        visibility: 'public',
        os_distro: 'debian',
        hw_rng_model: 'virtio',
      };
      expect(checkArtifact('Images', [image]).ok).toBe(true);
      expect(checkArtifact('Images', [{ ...image, visibility: undefined }])).toMatchObject({ pointer: '/0' });
      expect(checkArtifact('Images', [{ ...image, size: '12' }])).toMatchObject({ pointer: '/0/size' });
    });

    it('DefaultSecurityGroupRules: either shape, told apart by api', () => {
      const rule = { direction: 'egress', ethertype: 'IPv4', protocol: null, port_range_min: null };
      expect(
        checkArtifact('DefaultSecurityGroupRules', { api: 'default-security-group-rules', rules: [rule] }).ok,
      ).toBe(true);
      expect(
        checkArtifact('DefaultSecurityGroupRules', {
          api: 'fallback-new-group',
          groupName: 'g',
          rules: [{ direction: 'ingress', ethertype: 'IPv6' }],
        }).ok,
      ).toBe(true);
      expect(checkArtifact('DefaultSecurityGroupRules', { api: 'fallback-new-group', rules: [] }).ok).toBe(
        false,
      );
      expect(checkArtifact('DefaultSecurityGroupRules', { api: 'other', rules: [] }).ok).toBe(false);
      expect(
        checkArtifact('DefaultSecurityGroupRules', {
          api: 'default-security-group-rules',
          rules: [{ ...rule, direction: 'sideways' }],
        }).ok,
      ).toBe(false);
    });

    it('EntropyConsole: image facts as the image has them, the rest typed', () => {
      const con = json('test/fixtures/iaas/entropy-console-ok.json') as Record<string, unknown>;
      expect(checkArtifact('EntropyConsole', { ...con, finished: 'yes' })).toMatchObject({
        pointer: '/finished',
      });
      expect(checkArtifact('EntropyConsole', { ...con, lines: [{ section: 'x' }] })).toMatchObject({
        pointer: '/lines/0',
      });
    });

    it('K8sReleaseData: CVE record parts as published, the rest typed', () => {
      const data = {
        source: 'snapshot',
        fetchedAt: '2026-12-01T00:00:00Z',
        releases: [{ tag_name: 'v1.37.0', published_at: null, draft: false, prerelease: false }],
        cveIds: ['CVE-2026-1'],
        cves: [{ id: 'CVE-2026-1', metrics: [{ anything: 1 }], affected: [] }],
        cveErrors: [],
      };
      expect(checkArtifact('K8sReleaseData', data).ok).toBe(true);
      expect(checkArtifact('K8sReleaseData', { ...data, source: 'guess' })).toMatchObject({
        pointer: '/source',
      });
      expect(checkArtifact('K8sReleaseData', { ...data, cves: [{ metrics: [] }] })).toMatchObject({
        pointer: '/cves/0',
      });
    });
  });
});
