// The sonobuoy driver: argument lists per check and execution mode, progress, retrieve, and cleanup on every path.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSonobuoyArchive } from '../../../src/democluster/sonobuoy-archive.js';
import {
  type Exec,
  type ExecResult,
  executionModeArgs,
  findSonobuoy,
  runSonobuoyCheck,
  spawnExec,
} from '../../../src/clients/sonobuoy/driver.js';
import { gatherSonobuoy } from '../../../src/gatherers/kubernetes/sonobuoy.js';
import { RUN_SIDECAR } from '../../../src/clients/sonobuoy/results.js';
import { gatherContext, memoryLedger } from '../helpers.js';

/** A scripted stand-in for the sonobuoy CLI: records calls, reports status, retrieves a real-layout tarball. */
function fakeSonobuoy(
  opts: { statuses?: string[]; failOn?: string; tests?: Array<{ name: string; status: string }> } = {},
) {
  const calls: string[][] = [];
  const statuses = [...(opts.statuses ?? ['running', 'running', 'complete'])];
  const exec: Exec = async (_bin, args): Promise<ExecResult> => {
    calls.push(args);
    const cmd = args[0]!;
    if (opts.failOn === cmd) return { code: 1, stdout: '', stderr: `error: ${cmd} exploded` };
    if (cmd === 'status') {
      const s = statuses.shift() ?? 'complete';
      if (s === 'missing') return { code: 1, stdout: '', stderr: 'error: pod has status "Pending"' };
      return {
        code: 0,
        stdout: JSON.stringify({
          status: s,
          plugins: [
            {
              plugin: 'e2e',
              node: 'global',
              status: s,
              progress: { total: 411, completed: s === 'complete' ? 411 : 100, failures: [] },
            },
          ],
        }),
        stderr: '',
      };
    }
    if (cmd === 'retrieve') {
      const file = await writeSonobuoyArchive(args[1]!, {
        tests: opts.tests ?? [{ name: '[sig-apps] Deployment should work [Conformance]', status: 'passed' }],
      });
      return { code: 0, stdout: `${basename(file)}\n`, stderr: '' };
    }
    return { code: 0, stdout: '', stderr: '' };
  };
  return { calls, exec };
}

describe('sonobuoy arguments', () => {
  it('adds the execution mode arguments of the SCS handler', () => {
    expect(executionModeArgs('parallel')).toEqual(['--e2e-parallel=true']);
    expect(executionModeArgs('dry')).toEqual(['--plugin-env', 'e2e.E2E_DRYRUN=true']);
    expect(executionModeArgs('serial')).toEqual([]);
  });
});

describe('runSonobuoyCheck', () => {
  it('deletes leftovers, runs, polls with progress, retrieves and always deletes', async () => {
    const f = fakeSonobuoy();
    const dir = mkdtempSync(join(tmpdir(), 'scs-cert-drv-'));
    const ledger = memoryLedger();
    const progress: string[] = [];
    const tarball = await runSonobuoyCheck({
      binary: '/usr/bin/sonobuoy',
      exec: f.exec,
      check: 'conformance',
      executionMode: 'parallel',
      kubeconfigPaths: ['/k/config'],
      context: 'ctx-a',
      resultsDir: dir,
      ledger,
      pollMs: 1,
      progress: (p) => progress.push(p),
    });
    expect(f.calls.map((c) => c[0])).toEqual([
      'delete',
      'run',
      'status',
      'status',
      'status',
      'retrieve',
      'delete',
    ]);
    expect(f.calls[1]).toEqual([
      'run',
      '--kubeconfig',
      '/k/config',
      '--context',
      'ctx-a',
      '--mode=certified-conformance',
      '--plugin-env',
      'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2',
      '--e2e-parallel=true',
    ]);
    expect(f.calls[0]).toEqual(['delete', '--kubeconfig', '/k/config', '--context', 'ctx-a', '--wait']);
    expect(existsSync(tarball)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, RUN_SIDECAR), 'utf8'))).toMatchObject({
      executionMode: 'parallel',
      check: 'cncf-k8s-conformance',
    });
    expect(progress.some((p) => p.includes('e2e running 100/411 done'))).toBe(true);
    expect(ledger.entries()).toEqual([
      expect.objectContaining({ kind: 'k8s-namespace', name: 'sonobuoy', state: 'deleted' }),
    ]);
  });

  it('uses the NetworkPolicy focus for scs-0219 and the dry-run env', async () => {
    const f = fakeSonobuoy({ statuses: ['complete'] });
    await runSonobuoyCheck({
      binary: 'sonobuoy',
      exec: f.exec,
      check: 'networking',
      executionMode: 'dry',
      kubeconfigPaths: ['/k'],
      resultsDir: mkdtempSync(join(tmpdir(), 'scs-cert-drv-')),
      pollMs: 1,
    });
    expect(f.calls[1]).toEqual([
      'run',
      '--kubeconfig',
      '/k',
      '--e2e-focus',
      'NetworkPolicy',
      '--plugin-env',
      'e2e.E2E_EXTRA_ARGS=--ginkgo.flake-attempts=2',
      '--plugin-env',
      'e2e.E2E_DRYRUN=true',
    ]);
  });

  it('keeps polling while the aggregator is not up yet', async () => {
    const f = fakeSonobuoy({ statuses: ['missing', 'missing', 'failed'] });
    await runSonobuoyCheck({
      binary: 'sonobuoy',
      exec: f.exec,
      check: 'conformance',
      executionMode: 'serial',
      kubeconfigPaths: ['/k'],
      resultsDir: mkdtempSync(join(tmpdir(), 'scs-cert-drv-')),
      pollMs: 1,
    });
    expect(f.calls.filter((c) => c[0] === 'status')).toHaveLength(3);
  });

  it('deletes even when the run fails, and reports the failure', async () => {
    const f = fakeSonobuoy({ failOn: 'run' });
    const ledger = memoryLedger();
    await expect(
      runSonobuoyCheck({
        binary: 'sonobuoy',
        exec: f.exec,
        check: 'conformance',
        executionMode: 'serial',
        kubeconfigPaths: ['/k'],
        resultsDir: mkdtempSync(join(tmpdir(), 'scs-cert-drv-')),
        ledger,
        pollMs: 1,
      }),
    ).rejects.toThrow(/sonobuoy run failed \(exit 1\): error: run exploded/);
    expect(f.calls.map((c) => c[0])).toEqual(['delete', 'run', 'delete']);
    expect(ledger.entries()[0]?.state).toBe('deleted');
  });

  it('deletes when aborted while waiting', async () => {
    const f = fakeSonobuoy({ statuses: Array(1000).fill('running') });
    const ac = new AbortController();
    const p = runSonobuoyCheck({
      binary: 'sonobuoy',
      exec: f.exec,
      check: 'conformance',
      executionMode: 'serial',
      kubeconfigPaths: ['/k'],
      resultsDir: mkdtempSync(join(tmpdir(), 'scs-cert-drv-')),
      pollMs: 5,
      signal: ac.signal,
      progress: () => ac.abort(),
    });
    await expect(p).rejects.toThrow(/abort/);
    expect(f.calls[f.calls.length - 1]?.[0]).toBe('delete');
    expect(f.calls.some((c) => c[0] === 'retrieve')).toBe(false);
  });

  it('marks the namespace leaked when the final delete fails', async () => {
    const f = fakeSonobuoy();
    const ledger = memoryLedger();
    let deletes = 0;
    const exec: Exec = async (b, args, o) => {
      if (args[0] === 'delete' && ++deletes === 2)
        return { code: 1, stdout: '', stderr: 'timed out waiting for namespace' };
      return f.exec(b, args, o);
    };
    await runSonobuoyCheck({
      binary: 'sonobuoy',
      exec,
      check: 'conformance',
      executionMode: 'serial',
      kubeconfigPaths: ['/k'],
      resultsDir: mkdtempSync(join(tmpdir(), 'scs-cert-drv-')),
      ledger,
      pollMs: 1,
    });
    expect(ledger.entries()[0]).toMatchObject({
      state: 'leaked',
      detail: expect.stringContaining('timed out'),
    });
  });
});

describe('the sonobuoy binary', () => {
  it('is found on PATH or in ~/.local/bin and driven as a process', async () => {
    const home = mkdtempSync(join(tmpdir(), 'scs-cert-home-'));
    mkdirSync(join(home, '.local', 'bin'), { recursive: true });
    const bin = join(home, '.local', 'bin', 'sonobuoy');
    writeFileSync(bin, '#!/bin/sh\necho "args: $*"\necho "to stderr" >&2\nexit 3\n');
    chmodSync(bin, 0o755);
    expect(findSonobuoy({ PATH: '/nonexistent', HOME: home })).toBe(bin);
    expect(findSonobuoy({ PATH: join(home, '.local', 'bin'), HOME: '/nonexistent' })).toBe(bin);
    expect(findSonobuoy({ PATH: '/nonexistent', HOME: '/nonexistent' })).toBeUndefined();
    const r = await spawnExec(bin, ['version', '--short'], { env: process.env });
    expect(r).toEqual({ code: 3, stdout: 'args: version --short\n', stderr: 'to stderr\n' });
  });
});

describe('gatherSonobuoy driving the binary', () => {
  it('runs sonobuoy against the cluster of the run and keeps results under the subject root', async () => {
    const f = fakeSonobuoy({ statuses: ['complete'] });
    const root = mkdtempSync(join(tmpdir(), 'scs-cert-subject-'));
    const ctx = gatherContext({
      clients: {
        sonobuoy: { binary: 'sonobuoy', exec: f.exec },
        kubernetes: { kubeconfigPaths: ['/k/config'], contextName: 'prod' },
      },
      options: { subjectRoot: root, executionMode: 'serial', sonobuoyPollMs: 1 },
    });
    const r = await gatherSonobuoy(ctx, 'conformance');
    expect(r.source.kind).toBe('run');
    expect(r.source.path.startsWith(join(root, 'sono-results-e2e'))).toBe(true);
    expect(r.executionMode).toBe('serial');
    expect(r.tests).toHaveLength(1);
    expect(ctx.ledger.entries()[0]?.state).toBe('deleted');
  });

  it('rejects an unknown execution mode', async () => {
    const f = fakeSonobuoy();
    const ctx = gatherContext({
      clients: {
        sonobuoy: { binary: 'sonobuoy', exec: f.exec },
        kubernetes: { kubeconfigPaths: ['/k'], contextName: 'x' },
      },
      options: { executionMode: 'turbo' },
    });
    await expect(gatherSonobuoy(ctx, 'conformance')).rejects.toThrow(/execution mode 'turbo'/);
  });
});
