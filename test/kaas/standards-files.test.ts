// The KaaS data, extension and binding files: valid against their schemas and consistent with the probes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kaasProbes } from '../../src/probes/kaas/index.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const read = (...p: string[]) =>
  parse(readFileSync(join(PACKAGE_ROOT, ...p), 'utf8')) as Record<string, unknown>;
const KAAS_SCOPE = '1fffebe6-fd4b-44d3-a36c-fc58b4bb0180';

describe('KaaS data files', () => {
  for (const id of ['k8s-eol', 'scs-sonobuoy-config-v1', 'scs-0211-provisioners']) {
    it(`${id}.yaml matches schemas/data/${id}.schema.json and names its source`, () => {
      const schema = JSON.parse(
        readFileSync(join(PACKAGE_ROOT, 'schemas', 'data', `${id}.schema.json`), 'utf8'),
      ) as { $id: string };
      expect(schema.$id).toBe(`https://scs-cert.dev/schemas/data/${id}.schema.json`);
      const ajv = new Ajv2020.default({ strict: true, allErrors: true });
      const validate = ajv.compile(schema);
      const data = read('standards', 'data', `${id}.yaml`);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...data, extra: 1 })).toBe(false);
      expect(readFileSync(join(PACKAGE_ROOT, 'standards', 'data', `${id}.yaml`), 'utf8')).toMatch(
        /^# .*scs-0\d{3}/,
      );
    });
  }

  it('okToFail regexes compile and match the names they were written for', () => {
    const list = (
      read('standards', 'data', 'scs-sonobuoy-config-v1.yaml').okToFail as Array<{ regex: string }>
    ).map((e) => new RegExp(e.regex));
    expect(list).toHaveLength(9);
    expect(
      list.some((r) =>
        r.test(
          '[sig-network] Netpol NetworkPolicy between server and client should allow egress access to server in CIDR block [Feature:NetworkPolicy]',
        ),
      ),
    ).toBe(true);
    expect(list.some((r) => r.test('[sig-network] DNS should provide DNS for services [Conformance]'))).toBe(
      false,
    );
  });

  it('end-of-life data has one entry per branch, newest first', () => {
    const branches = read('standards', 'data', 'k8s-eol.yaml').branches as Array<{
      branch: string;
      endOfLife: string;
    }>;
    expect(new Set(branches.map((b) => b.branch)).size).toBe(branches.length);
    const dates = branches.map((b) => b.endOfLife);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});

describe('KaaS extension and bindings', () => {
  const ext = read('standards', 'extensions', 'scs-compatible-kaas.yaml') as {
    scope: string;
    target: string;
    testcases: Array<{ id: string; lifetime?: string }>;
  };
  const bind = read('standards', 'bindings', 'scs-compatible-kaas.yaml') as {
    scope: string;
    bindings: Record<string, { probe: string; params?: Record<string, unknown> }>;
  };
  const probes = new Map(kaasProbes.map((p) => [p.meta.id, p]));

  it('the extension is for the KaaS scope under a target other than main', () => {
    expect(ext.scope).toBe(KAAS_SCOPE);
    expect(ext.target).toBe('advisory');
    for (const t of ext.testcases)
      expect(
        Object.keys(t).every((k) => ['id', 'description', 'url', 'lifetime', 'section'].includes(k)),
      ).toBe(true);
  });

  it('binds every automated main testcase and every extension testcase to a KaaS probe', () => {
    expect(bind.scope).toBe(KAAS_SCOPE);
    const ids = Object.keys(bind.bindings).sort();
    expect(ids).toEqual(
      [
        'cncf-k8s-conformance',
        'kaas-networking-check',
        'version-policy-check',
        ...ext.testcases.map((t) => t.id),
      ].sort(),
    );
    expect(ids).not.toContain('node-distribution-check');
    for (const [id, b] of Object.entries(bind.bindings)) {
      const p = probes.get(b.probe);
      expect(p, `${id} -> ${b.probe}`).toBeDefined();
      if (b.params) {
        const ajv = new Ajv2020.default({ strict: false });
        expect(ajv.validate(p!.meta.params ?? {}, b.params), `${id} params`).toBe(true);
      }
    }
  });

  it('every KaaS probe has a doc page and a test file', () => {
    const docs = readdirSync(join(PACKAGE_ROOT, 'docs', 'probes'));
    const tests = readdirSync(join(PACKAGE_ROOT, 'test', 'kaas', 'probes'));
    for (const id of probes.keys()) {
      expect(docs).toContain(`${id}.md`);
      expect(tests).toContain(`${id}.test.ts`);
    }
  });
});
