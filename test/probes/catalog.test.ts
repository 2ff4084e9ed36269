// The build's probe manifest (dist/prevalidated/probes.json) and the bundled CLI must bind exactly what the
// registry binds: a stale or lossy record would change compiled suites silently.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { catalogOf, probeManifest, type ProbeBindingMeta } from '../../src/probes/catalog.js';
import { builtinRegistry } from '../../src/probes/registry.js';
import { compileSuite } from '../../src/standards/compile.js';
import { builtinScopes, loadScopeFile } from '../../src/standards/load-scope.js';

// `npm test` builds first; the record belongs to that build.
const recorded = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'dist', 'prevalidated', 'probes.json'), 'utf8'),
) as ProbeBindingMeta[];

describe('probe manifest', () => {
  it('records every registered probe with its artifacts and params schema, as the registry has them', () => {
    expect(recorded).toEqual(probeManifest(builtinRegistry().all()));
    expect(recorded.map((p) => p.id)).toContain('scs-0102-image-property');
    expect(recorded.find((p) => p.id === 'scs-0102-image-property')?.params).toBeDefined();
  });

  it('compiles every scope version to the same suite as the loaded registry', () => {
    const fromManifest = catalogOf(recorded);
    for (const { alias, file } of builtinScopes()) {
      const scope = loadScopeFile(file, alias);
      for (const forcedVersion of [undefined, ...scope.versions.map((v) => v.version)]) {
        const opts = { referenceDate: '2026-12-01', ...(forcedVersion && { forcedVersion }) };
        expect(compileSuite(scope, { ...opts, registry: fromManifest })).toEqual(
          compileSuite(scope, { ...opts, registry: builtinRegistry() }),
        );
      }
    }
  });

  it('is what the built CLI binds with: its suites match the committed ones', () => {
    const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'scs-cert.js'), 'suites', '--check'], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('an unknown probe id is not bound', () => {
    expect(catalogOf(recorded).get('no-such-probe')).toBeUndefined();
  });
});
