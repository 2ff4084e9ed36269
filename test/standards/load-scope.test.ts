import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StandardsError } from '../../src/standards/errors.js';
import { loadScope, loadScopeFile, resolveScopeArg } from '../../src/standards/load-scope.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const MINIMAL = `name: Test scope
uuid: 11111111-2222-3333-4444-555555555555
url: https://example.com/scope.yaml
variables:
  - os_cloud
  - mode: fast
scripts:
  - executable: ./check.py
    args: -c {os_cloud} {testcases}
    testcases:
      - id: tc-a
        description: first
      - id: tc-b
        lifetime: day
        section: light
  - testcases:
      - id: manual-c
modules:
  - id: mod-1
    name: Module one
    targets:
      main: [tc-a, tc-b]
      preview: [manual-c]
  - id: mod-2
    parameters:
      spec: a url
    targets:
      main: [tc-b]
versions:
  - version: v2
    include:
      - mod-1
      - ref: mod-2
        parameters:
          spec: https://example.com/spec.yaml
  - version: v1
    stabilized_at: 2024-01-01
    include: [mod-2]
timeline:
  - date: 2024-01-01
    versions:
      v1: effective
  - date: 2025-01-01
    versions:
      v1: effective
      v2: draft
`;

function expectError(text: string, pattern: RegExp): StandardsError {
  const p = write(`bad-${Math.random().toString(36).slice(2)}.yaml`, text);
  let caught: unknown;
  try {
    loadScopeFile(p);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(StandardsError);
  expect((caught as Error).message).toMatch(pattern);
  expect((caught as Error).message).toContain(p);
  return caught as StandardsError;
}

describe('scope loading', () => {
  it('resolves modules, versions and targets', () => {
    const scope = loadScopeFile(write('ok.yaml', MINIMAL));
    expect(scope.variables).toEqual([{ name: 'os_cloud' }, { name: 'mode', default: 'fast' }]);
    expect(scope.testcases.get('tc-a')).toMatchObject({
      lifetime: 'week',
      lifetimeExplicit: false,
      manual: false,
    });
    expect(scope.testcases.get('tc-b')).toMatchObject({ lifetime: 'day', section: 'light' });
    expect(scope.testcases.get('manual-c')?.manual).toBe(true);
    const v2 = scope.versions.find((v) => v.version === 'v2')!;
    expect(v2.targets).toEqual({ main: ['tc-a', 'tc-b'], preview: ['manual-c'] });
    expect(v2.includes[1]).toEqual({ ref: 'mod-2', parameters: { spec: 'https://example.com/spec.yaml' } });
  });

  it('loads both built-in scopes by id and by uuid', () => {
    const iaas = loadScope('scs-compatible-iaas');
    expect(iaas.uuid).toBe('50393e6f-2ae1-4c5c-a62c-3b75f2abef3f');
    expect(iaas.testcases.size).toBe(91);
    expect(iaas.versions.map((v) => v.version)).toEqual(['next', 'v5.1', 'v4', 'v3']);
    const kaas = loadScope('1fffebe6-fd4b-44d3-a36c-fc58b4bb0180');
    expect(kaas.name).toBe('SCS-compatible KaaS');
    expect(resolveScopeArg('scs-compatible-kaas').alias).toBe('scs-compatible-kaas');
  });

  it('rejects an unknown scope argument with the choices', () => {
    expect(() => loadScope('scs-compatible-paas')).toThrow(/unknown scope.*scs-compatible-iaas/);
  });

  it('names the line of malformed YAML', () => {
    const err = expectError('name: x\nuuid: [unclosed\n', /malformed YAML/);
    expect(err.message).toMatch(/line \d+, column \d+/);
  });

  it('names an unknown key with its line and the fix', () => {
    const err = expectError(
      MINIMAL.replace('    name: Module one', '    name: Module one\n    descripton: typo'),
      /unknown key 'descripton'/,
    );
    expect(err.message).toMatch(/line 21, \/modules\/0\/descripton/);
    expect(err.message).toMatch(/fix: remove it or correct its spelling/);
  });

  it('rejects wrong types and invalid values', () => {
    expectError(MINIMAL.replace('lifetime: day', 'lifetime: fortnight'), /lifetime: value must be one of/);
    expectError(MINIMAL.replace('include: [mod-2]', 'include: mod-2'), /wrong type: must be array/);
    expectError(MINIMAL.replace('stabilized_at: 2024-01-01', 'stabilized_at: 2024-13-01'), /YYYY-MM-DD/);
    expectError(MINIMAL.replace('      v2: draft', '      v2: active'), /value must be one of/);
  });

  it('rejects dangling references and duplicates', () => {
    expectError(MINIMAL.replace('      - mod-1\n', '      - mod-9\n'), /unknown module 'mod-9'/);
    expectError(MINIMAL.replace('main: [tc-a, tc-b]', 'main: [tc-a, tc-z]'), /unknown testcase 'tc-z'/);
    expectError(MINIMAL.replace('      - id: tc-b\n', '      - id: tc-a\n'), /duplicate testcase id 'tc-a'/);
    expectError(MINIMAL.replace('  - version: v1\n', '  - version: v2\n'), /duplicate version 'v2'/);
    expectError(MINIMAL.replace('      v2: draft', '      v3: draft'), /unknown version 'v3'/);
    expectError(
      MINIMAL.replace('          spec: https', '          spek: https'),
      /module 'mod-2' has no parameter 'spek'/,
    );
    expectError(MINIMAL.replace('  - id: mod-2\n', '  - id: mod-1\n'), /duplicate module id 'mod-1'/);
  });

  it('refuses an effective version that was never stabilised', () => {
    expectError(
      MINIMAL.replace('      v2: draft', '      v2: effective'),
      /'v2' is 'effective' but has no stabilized_at/,
    );
  });

  it('reports a missing file', () => {
    expect(() => loadScopeFile(join(dir, 'nope.yaml'))).toThrow(/file not found/);
  });
});
