import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/probes/registry.js';
import { bindingsForScope } from '../../src/standards/bindings.js';
import { builtinScopes, loadScopeFile } from '../../src/standards/load-scope.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const probes = builtinRegistry().all();

describe('every probe has its source, test and doc page', () => {
  it.each(probes.map((p) => [p.meta.id]))('%s', (id) => {
    const area = ['iaas', 'kaas'].find((a) => existsSync(join(PACKAGE_ROOT, 'src/probes', a, `${id}.ts`)));
    expect(area, `src/probes/<area>/${id}.ts`).toBeDefined();
    const tests = [
      join(PACKAGE_ROOT, 'test/probes', `${id}.test.ts`),
      join(PACKAGE_ROOT, 'test', area ?? '', 'probes', `${id}.test.ts`),
    ];
    expect(
      tests.some((t) => existsSync(t)),
      `test/probes/${id}.test.ts or test/${area}/probes/${id}.test.ts`,
    ).toBe(true);
    const doc = join(PACKAGE_ROOT, 'docs/probes', `${id}.md`);
    expect(existsSync(doc), `docs/probes/${id}.md`).toBe(true);
    const text = readFileSync(doc, 'utf8');
    for (const d of builtinRegistry().get(id)!.meta.deviations ?? []) {
      expect(text, `docs/probes/${id}.md names deviation ${d.id}`).toContain(d.id);
    }
  });
});

describe('every binding names a registered probe', () => {
  for (const { alias, file } of builtinScopes()) {
    const scope = loadScopeFile(file, alias);
    it(`${alias}`, () => {
      for (const bf of bindingsForScope(scope.uuid)) {
        for (const [tc, b] of bf.bindings) {
          expect(builtinRegistry().get(b.probe), `${tc} -> ${b.probe}`).toBeDefined();
        }
      }
    });
  }
});
