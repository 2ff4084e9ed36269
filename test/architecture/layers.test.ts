// The layer rules of src/: no cycles between folders, and the lint rule refuses imports against the direction.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { folderCycles, folderGraph } from '../../scripts/folder-cycles.mjs';
import { LAYERS, PENDING_EDGES } from '../../scripts/layers.mjs';

const srcDir = resolve('src');

describe('folders of src/', () => {
  it('import each other without cycles', () => {
    const edges = folderGraph(srcDir);
    for (const p of PENDING_EDGES) edges.get(p.from)?.delete(p.to);
    expect(folderCycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const edges = new Map([
      ['a', new Map([['b', 'x']])],
      ['b', new Map([['c', 'x']])],
      ['c', new Map([['a', 'x']])],
      ['d', new Map([['a', 'x']])],
    ]);
    expect(folderCycles(edges)).toEqual([['a', 'b', 'c']]);
  });

  it('are each governed by a layer rule', () => {
    const folders = [...folderGraph(srcDir).keys()];
    for (const f of folders) expect(Object.keys(LAYERS)).toContain(f);
  });
});

describe('lint rule layers/imports', () => {
  const eslint = new ESLint();
  const messages = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: resolve(file) }))[0]!.messages
      .filter((m) => m.ruleId === 'layers/imports')
      .map((m) => m.message);

  it('fails a probe that imports a client, and a client that imports the CLI', async () => {
    expect(
      await messages(
        'src/probes/iaas/x.ts',
        "import type { OpenStackClient } from '../../clients/openstack/index.js';\nexport type X = OpenStackClient;\n",
      ),
    ).toEqual([expect.stringMatching(/^src\/probes\/ may not import src\/clients\//)]);
    expect(
      await messages(
        'src/clients/openstack/x.ts',
        "import { UsageError } from '../../cli/errors.js';\nexport const x = UsageError;\n",
      ),
    ).toEqual([expect.stringMatching(/^src\/clients\/ may not import src\/cli\//)]);
    expect(await messages('src/core/x.ts', "export { EXIT } from '../cli/exit-codes.js';\n")).toHaveLength(1);
  });

  it('allows imports along the direction, and resolves paths (a sub-folder is not a top folder)', async () => {
    expect(
      await messages(
        'src/probes/iaas/x.ts',
        "import type { Flavor } from '../../artifacts/iaas.js';\nexport type X = Flavor;\n",
      ),
    ).toEqual([]);
    expect(
      await messages('src/artifacts/x.ts', "export { nodesArtifact } from './kaas/nodes.js';\n"),
    ).toEqual([]);
  });
});
