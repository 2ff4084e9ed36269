// A small scope, probes and gatherers for exercising the runner without a cloud.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gatherer } from '../../src/gatherers/types.js';
import { createRegistry } from '../../src/probes/registry.js';
import { defineProbe } from '../../src/probes/types.js';
import type { BindingsFile } from '../../src/standards/bindings.js';
import { compileSuite } from '../../src/standards/compile.js';
import { loadScopeFile } from '../../src/standards/load-scope.js';

export const FAKE_SCOPE = `name: Fake scope
uuid: 99999999-8888-7777-6666-555555555555
url: https://example.com/fake.yaml
variables:
  - os_cloud
scripts:
  - executable: ./fake.py
    args: -c {os_cloud} {testcases}
    testcases:
      - id: flavors-named
        description: Flavors have names.
        url: https://example.com/doc#flavors
      - id: flavors-many
        description: At least two flavors.
      - id: images-ok
        description: Images judged.
        lifetime: month
      - id: throws
      - id: unbound
        description: Nobody implements this.
      - id: slow
modules:
  - id: m1
    targets:
      main: [flavors-named, flavors-many, images-ok, throws, unbound, slow]
versions:
  - version: v1
    stabilized_at: 2025-01-01
    include: [m1]
timeline:
  - date: 2025-01-01
    versions:
      v1: effective
`;

const flavorsNamed = defineProbe({
  meta: {
    id: 'flavors-named',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    standards: [],
    artifacts: ['Flavors'],
  },
  evaluate(a) {
    const flavors = a.Flavors;
    const bad = flavors.filter((f) => !f.name);
    return bad.length
      ? {
          outcome: 'FAIL',
          messageId: 'unnamed',
          message: `${bad.length} unnamed`,
          evidence: { offenders: bad.map(() => ({ resource: '?', problem: 'no name' })) },
        }
      : {
          outcome: 'PASS',
          messageId: 'ok',
          message: 'all named',
          evidence: { judged: flavors.map((f) => f.name) },
        };
  },
});
const flavorsMany = defineProbe({
  meta: {
    id: 'flavors-many',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    standards: [],
    artifacts: ['Flavors'],
    deviations: [{ id: 'many-dev', standard: 'two', reference: 'one' }],
  },
  evaluate(a, ctx) {
    const n = a.Flavors.length;
    const min = ctx.mode === 'reference' ? 1 : 2;
    return n >= min
      ? { outcome: 'PASS', messageId: 'ok', message: `${n} flavors` }
      : {
          outcome: 'FAIL',
          messageId: 'too-few',
          message: `only ${n}`,
          deviations: ctx.mode === 'standard' && n >= 1 ? ['many-dev'] : [],
        };
  },
});
const imagesOk = defineProbe({
  meta: {
    id: 'images-ok',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    standards: [],
    artifacts: ['Images'],
  },
  evaluate: () => ({ outcome: 'PASS', messageId: 'ok', message: 'fine', warnings: ['image x is old'] }),
});
const throws = defineProbe({
  meta: {
    id: 'throws',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    standards: [],
    artifacts: ['Flavors'],
  },
  evaluate: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'vcpus')");
  },
});
const slow = defineProbe({
  meta: {
    id: 'slow',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    standards: [],
    artifacts: ['VolumeBackupCheck'],
  },
  evaluate: () => ({ outcome: 'PASS', messageId: 'ok', message: 'backup fine' }),
});

export const fakeRegistry = createRegistry([flavorsNamed, flavorsMany, imagesOk, throws, slow]);

export function fakeBindings(scopeUuid: string): BindingsFile {
  return {
    file: 'fake-bindings.yaml',
    text: 'fake',
    digest: 'sha256:b5d54c39e66671c9731b9f471e585d8262cd4f54963f0c93082d8dcf334d4c78',
    scope: scopeUuid,
    bindings: new Map(
      ['flavors-named', 'flavors-many', 'images-ok', 'throws', 'slow'].map((id) => [
        id,
        { probe: id, params: {} },
      ]),
    ),
    lineOf: () => undefined,
  };
}

export function fakeSuite(dir: string) {
  const p = join(dir, 'fake-scope.yaml');
  writeFileSync(p, FAKE_SCOPE);
  const scope = loadScopeFile(p);
  return compileSuite(scope, {
    referenceDate: '2026-11-24',
    registry: fakeRegistry,
    bindings: [fakeBindings(scope.uuid)],
    scopeExtensions: [],
    data: new Map(),
  });
}

/** A Nova flavor meeting the Flavors contract, named `name`. */
export function fakeFlavor(name: string) {
  return { id: `id-${name}`, name, vcpus: 2, ram: 4096, disk: 0, extra_specs: {} };
}

export function fakeGatherers(
  opts: { flavors?: unknown; imagesError?: string; backupMs?: number; onBackupCleanup?: () => void } = {},
): Gatherer[] {
  return [
    {
      artifact: 'Flavors',
      description: 'flavors',
      gather: async () => opts.flavors ?? [fakeFlavor('a'), fakeFlavor('b')],
    },
    {
      artifact: 'Images',
      description: 'images',
      gather: async () => {
        if (opts.imagesError) throw new Error(opts.imagesError);
        return [];
      },
    },
    {
      artifact: 'VolumeBackupCheck',
      description: 'backup',
      active: true,
      gather: async (ctx) => {
        const entry = ctx.ledger.record({
          kind: 'volume',
          name: `${ctx.ledger.prefix}vol`,
          createdBy: 'VolumeBackupCheck',
        });
        try {
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, opts.backupMs ?? 5);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(t);
              reject(new Error('aborted'));
            });
          });
          return { steps: [] };
        } finally {
          opts.onBackupCleanup?.();
          ctx.ledger.markDeleted(entry);
        }
      },
    },
  ];
}
