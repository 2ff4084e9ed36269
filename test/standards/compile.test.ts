import { describe, expect, it } from 'vitest';
import { compileSuite } from '../../src/standards/compile.js';
import { loadScope } from '../../src/standards/load-scope.js';
import { createRegistry } from '../../src/probes/registry.js';
import { defineProbe } from '../../src/probes/types.js';
import type { BindingsFile } from '../../src/standards/bindings.js';
import { getAjv, SCHEMA_ID } from '../../src/standards/schemas.js';

const iaas = loadScope('scs-compatible-iaas');
const kaas = loadScope('scs-compatible-kaas');
const emptyRegistry = createRegistry([]);
const base = { registry: emptyRegistry, bindings: [], scopeExtensions: [], data: new Map() };

describe('compile', () => {
  it('selects next and v5.1 with 57 distinct testcases on 2026-11-24', () => {
    const suite = compileSuite(iaas, { ...base, referenceDate: '2026-11-24' });
    expect(suite.versions.map((v) => v.version)).toEqual(['next', 'v5.1']);
    expect(suite.testcases).toHaveLength(57);
    expect(suite.versions[0]!.targets['main']).toHaveLength(55);
    expect(suite.versions[1]!.targets['main']).toHaveLength(54);
    const next = new Set(suite.versions[0]!.targets['main']);
    const v51 = new Set(suite.versions[1]!.targets['main']);
    expect([...v51].filter((x) => !next.has(x)).sort()).toEqual([
      'scs-0123-service-placement',
      'scs-0123-swift-s3',
    ]);
    expect([...next].filter((x) => !v51.has(x)).sort()).toEqual([
      'scs-0102-os_purpose-uniqueness',
      'scs-0102-prop-os_purpose',
      'scs-0123-service-s3',
    ]);
  });

  it.each([
    ['v5.1', 54],
    ['v4', 39],
    ['v3', 16],
    ['next', 55],
  ])('version %s has %i main testcases', (version, n) => {
    const suite = compileSuite(iaas, { ...base, referenceDate: '2026-11-24', forcedVersion: version });
    expect(suite.versions[0]!.targets['main']).toHaveLength(n);
    expect(suite.testcases).toHaveLength(n);
  });

  it('gives KaaS v1 with its 3 main testcases', () => {
    const suite = compileSuite(kaas, { ...base, referenceDate: '2026-11-24' });
    expect(suite.versions.map((v) => `${v.version}:${v.validity}`)).toEqual(['v1:effective']);
    expect(suite.versions[0]!.targets['main']!.sort()).toEqual([
      'cncf-k8s-conformance',
      'kaas-networking-check',
      'version-policy-check',
    ]);
  });

  it('lists testcases without a probe as not implemented, never drops them', () => {
    const suite = compileSuite(iaas, { ...base, referenceDate: '2026-11-24' });
    expect(suite.testcases.every((t) => t.probe === null && t.notImplemented)).toBe(true);
    expect(suite.artifacts).toEqual([]);
  });

  it('filters with --tests anchored at the start, like re.match', () => {
    const suite = compileSuite(iaas, {
      ...base,
      referenceDate: '2026-11-24',
      forcedVersion: 'v5.1',
      tests: 'scs-0103',
    });
    expect(suite.testcases).toHaveLength(15);
    const mid = compileSuite(iaas, {
      ...base,
      referenceDate: '2026-11-24',
      forcedVersion: 'v5.1',
      tests: 'flavor',
    });
    expect(mid.testcases).toHaveLength(0);
    expect(mid.skipped.every((s) => s.reason === 'filtered-by-tests')).toBe(true);
    expect(() => compileSuite(iaas, { ...base, referenceDate: '2026-11-24', tests: '(' })).toThrow(
      /invalid --tests regular expression/,
    );
  });

  it('drops testcases without a section when --sections is given', () => {
    const suite = compileSuite(iaas, { ...base, referenceDate: '2026-11-24', sections: ['light'] });
    expect(suite.testcases).toHaveLength(0);
    const k = compileSuite(kaas, { ...base, referenceDate: '2026-11-24', sections: ['light'] });
    expect(k.testcases.map((t) => t.id)).toEqual(['version-policy-check']);
    expect(k.skipped.map((s) => s.id).sort()).toEqual(['cncf-k8s-conformance', 'kaas-networking-check']);
  });

  it('binds probes with parameters, plans their artifacts, and validates the result against the schema', () => {
    const probe = defineProbe({
      meta: {
        id: 'fake-flavor',
        title: 't',
        failureTitle: 'f',
        description: 'd',
        standards: [],
        artifacts: ['Flavors'],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string' } },
        },
      },
      evaluate: () => ({ outcome: 'PASS', messageId: 'ok', message: 'ok' }),
    });
    const bindings: BindingsFile = {
      file: 'bindings.yaml',
      text: '',
      digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      scope: iaas.uuid,
      bindings: new Map([['scs-0103-flavor-1v-4', { probe: 'fake-flavor', params: { name: 'SCS-1V-4' } }]]),
      lineOf: () => undefined,
    };
    const suite = compileSuite(iaas, {
      ...base,
      registry: createRegistry([probe]),
      bindings: [bindings],
      referenceDate: '2026-11-24',
    });
    const tc = suite.testcases.find((t) => t.id === 'scs-0103-flavor-1v-4')!;
    expect(tc.probe).toEqual({ id: 'fake-flavor', params: { name: 'SCS-1V-4' }, artifacts: ['Flavors'] });
    expect(tc.targets).toEqual({ next: ['main'], 'v5.1': ['main'] });
    expect(suite.artifacts).toEqual(['Flavors']);
    const validate = getAjv().getSchema(SCHEMA_ID.compiledSuite)!;
    expect(validate(suite), JSON.stringify(validate.errors)).toBe(true);

    const badParams: BindingsFile = {
      ...bindings,
      bindings: new Map([['scs-0103-flavor-1v-4', { probe: 'fake-flavor', params: { nam: 'x' } }]]),
    };
    expect(() =>
      compileSuite(iaas, {
        ...base,
        registry: createRegistry([probe]),
        bindings: [badParams],
        referenceDate: '2026-11-24',
      }),
    ).toThrow(/parameters do not fit probe 'fake-flavor'/);
    const dangling: BindingsFile = {
      ...bindings,
      bindings: new Map([['scs-9999-nope', { probe: 'fake-flavor', params: {} }]]),
    };
    expect(() =>
      compileSuite(iaas, {
        ...base,
        registry: createRegistry([probe]),
        bindings: [dangling],
        referenceDate: '2026-11-24',
      }),
    ).toThrow(/binds unknown testcase 'scs-9999-nope'/);
  });

  it('is deterministic: same inputs, same digest; other selection, other digest', () => {
    const a = compileSuite(iaas, { ...base, referenceDate: '2026-11-24' });
    const b = compileSuite(iaas, { ...base, referenceDate: '2026-11-24' });
    const c = compileSuite(iaas, { ...base, referenceDate: '2026-11-24', tests: 'scs-0100' });
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
  });

  it('adds extension testcases under their own target, never to main', () => {
    const suite = compileSuite(kaas, {
      ...base,
      referenceDate: '2026-11-24',
      scopeExtensions: [
        {
          file: 'ext.yaml',
          text: '',
          digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          scope: kaas.uuid,
          target: 'advisory',
          testcases: [{ id: 'x-check', lifetime: 'week', description: 'x' }],
        },
      ],
    });
    expect(suite.versions[0]!.targets['advisory']).toEqual(['x-check']);
    expect(suite.versions[0]!.targets['main']).toHaveLength(3);
    expect(suite.testcases.find((t) => t.id === 'x-check')?.extension).toBe(true);
  });

  it('--no-extensions leaves the extension testcases out, and their bindings stay valid', () => {
    const withExt = compileSuite(iaas, { referenceDate: '2026-11-24' });
    const without = compileSuite(iaas, { referenceDate: '2026-11-24', extensions: false });
    const ext = withExt.testcases.filter((t) => t.extension).map((t) => t.id);
    expect(ext).toEqual(
      expect.arrayContaining(['scs-0121-v1-availability-zones', 'scs-0302-v1-domain-manager']),
    );
    expect(ext).toEqual(
      expect.arrayContaining(['scs-0125-secure-connections', 'scs-0128-tempest-non-admin']),
    );
    expect(without.testcases.filter((t) => t.extension)).toEqual([]);
    expect(without.testcases).toHaveLength(withExt.testcases.length - ext.length);
    expect(Object.keys(without.versions[0]!.targets)).not.toContain('advisory');
    expect(withExt.versions[0]!.targets['advisory']).toHaveLength(ext.length);
  });
});
