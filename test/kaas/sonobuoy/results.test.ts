// Reading Sonobuoy results in the real tarball layout, and where results given on the command line are looked up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import type { SonobuoyResults } from '../../../src/artifacts/kaas.js';
import { writeSonobuoyArchive } from '../../../src/democluster/sonobuoy-archive.js';
import { gatherSonobuoy } from '../../../src/gatherers/kubernetes/sonobuoy.js';
import {
  RUN_SIDECAR,
  SonobuoyResultsError,
  readSonobuoyResults,
} from '../../../src/clients/sonobuoy/results.js';
import { gatherContext } from '../helpers.js';
import { archive, archiveDir as dir, passedConformance, realFailure } from './fixtures.js';

describe('reading Sonobuoy archives', () => {
  it('parses tests, statuses and failure messages from a real-layout tarball', async () => {
    const file = await archive('read', { tests: [...passedConformance, realFailure] });
    expect(file).toMatch(/\/202611251000_sonobuoy_[0-9a-f-]{36}\.tar\.gz$/);
    const listed: string[] = [];
    await tar.t({ file, onReadEntry: (e) => void listed.push(e.path) });
    expect(listed).toEqual(
      expect.arrayContaining([
        'plugins/e2e/sonobuoy_results.yaml',
        'plugins/e2e/results/global/junit_01.xml',
        'meta/config.json',
        'serverversion.json',
      ]),
    );
    const r = await readSonobuoyResults(file);
    expect(r.source).toEqual({ kind: 'archive', path: file });
    expect(r.pluginStatus).toBe('failed');
    expect(r.tests).toHaveLength(5);
    expect(r.tests.find((t) => t.name === realFailure.name)).toEqual(realFailure);
    expect(r.serverVersion).toBe('v1.37.2');
    expect(r.executionMode).toBe('unknown');
  });

  it('reads an extracted directory, also below a top-level folder, and a directory holding the tarball', async () => {
    const file = await archive('extract', { tests: passedConformance });
    const out = join(dir, 'extracted', 'results');
    mkdirSync(out, { recursive: true });
    await tar.x({ file, cwd: out });
    const a = await readSonobuoyResults(join(dir, 'extracted'));
    expect(a.source.kind).toBe('directory');
    expect(a.tests).toHaveLength(4);
    const b = await readSonobuoyResults(join(dir, 'extract'));
    expect(b.source).toEqual({ kind: 'archive', path: file });
  });

  it('rejects a corrupt archive with a one-line error', async () => {
    const bad = join(dir, 'corrupt.tar.gz');
    writeFileSync(bad, Buffer.from('this is not gzip at all, just text pretending to be a tarball'));
    await expect(readSonobuoyResults(bad)).rejects.toThrow(SonobuoyResultsError);
    await expect(readSonobuoyResults(bad)).rejects.toThrow(/not a readable Sonobuoy results archive/);
  });

  it('rejects a truncated tarball', async () => {
    const file = await archive('trunc', { tests: passedConformance });
    const { readFileSync } = await import('node:fs');
    const data = readFileSync(file);
    const cut = join(dir, 'truncated.tar.gz');
    writeFileSync(cut, data.subarray(0, Math.floor(data.length / 2)));
    await expect(readSonobuoyResults(cut)).rejects.toThrow(SonobuoyResultsError);
  });

  it('rejects an archive without sonobuoy_results.yaml', async () => {
    const file = await archive('nofile', { tests: passedConformance, omitResultsFile: true });
    await expect(readSonobuoyResults(file)).rejects.toThrow(/no plugins\/e2e\/sonobuoy_results.yaml/);
  });

  it('rejects a missing path', async () => {
    await expect(readSonobuoyResults(join(dir, 'nope.tar.gz'))).rejects.toThrow(/do not exist/);
  });

  it('records plugin errors (timeout waiting for results)', async () => {
    const file = await archive('err', {
      tests: [],
      errors: [
        { name: 'timeout waiting for results', error: 'timeout waiting for results', status: 'timeout' },
      ],
    });
    const r = await readSonobuoyResults(file);
    expect(r.errors).toEqual(['timeout waiting for results: timeout waiting for results']);
    expect(r.tests).toEqual([]);
  });

  it('takes the execution mode from the scs-cert sidecar', async () => {
    const file = await archive('dry', { tests: passedConformance });
    writeFileSync(
      join(dir, 'dry', RUN_SIDECAR),
      JSON.stringify({ executionMode: 'dry', check: 'cncf-k8s-conformance', args: [], startedAt: 'x' }),
    );
    expect((await readSonobuoyResults(file)).executionMode).toBe('dry');
  });
});

describe('results given on the command line', () => {
  it('maps a subject root to sono-results-e2e / sono-results-0219', async () => {
    const root = join(dir, 'subject');
    const e2e = await writeSonobuoyArchive(join(root, 'sono-results-e2e'), { tests: passedConformance });
    await writeSonobuoyArchive(join(root, 'sono-results-0219'), {
      tests: [
        {
          name: '[sig-network] NetworkPolicy API should support creating NetworkPolicy API operations',
          status: 'passed',
        },
      ],
    });
    const c = await gatherSonobuoy(gatherContext({ options: { sonobuoyResults: root } }), 'conformance');
    expect(c.source.path).toBe(e2e);
    const n: SonobuoyResults = await gatherSonobuoy(
      gatherContext({ options: { sonobuoyResults: root } }),
      'networking',
    );
    expect(n.tests[0]?.name).toContain('NetworkPolicy');
  });

  it('fails clearly when neither results nor sonobuoy are available', async () => {
    await expect(
      gatherSonobuoy(gatherContext({ clients: { sonobuoy: undefined } }), 'conformance'),
    ).rejects.toThrow(/sonobuoy is not on PATH|no cluster/);
  });
});
