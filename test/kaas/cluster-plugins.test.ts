// run --cluster-plugin: create -> certify -> delete per cluster with a fake exec plugin, the kind plugin against a
// fake `kind` binary (none can run here), the static plugin, and every failure path deleting what it created.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type DemoCluster, startDemoCluster } from '../../src/democluster/index.js';
import { DEMO_RELEASE_DATA } from '../../src/targets/kubernetes-session.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'scs-cert-plugins-'));
const log = join(dir, 'calls.log');
const calls = () => readFileSync(log, 'utf8').trim().split('\n');

/** The fake provisioner: logs each call, and on create copies the kubeconfig named by its argument. */
const fake = join(dir, 'fake-provisioner.mjs');
writeFileSync(
  fake,
  `import { appendFileSync, copyFileSync } from 'node:fs';
const [action, source, fail] = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, \`\${action} \${process.env.SCS_CERT_CLUSTER} \${process.env.SCS_CERT_K8S_BRANCH ?? '-'}\\n\`);
if (fail === action) { console.error('quota exceeded'); process.exit(3); }
if (action === 'create') copyFileSync(source, process.env.SCS_CERT_KUBECONFIG);
`,
);

function execCluster(kubeconfig: string, branch: string, failOn?: string) {
  return {
    kind: 'exec',
    branch,
    config: {
      create: [process.execPath, fake, 'create', kubeconfig, ...(failOn ? [failOn] : [])],
      delete: [process.execPath, fake, 'delete', kubeconfig, ...(failOn ? [failOn] : [])],
    },
  };
}

function clustersFile(name: string, clusters: Record<string, unknown>): string {
  const f = join(dir, name);
  writeFileSync(f, stringify({ clusters }));
  writeFileSync(log, '');
  return f;
}

const run = (file: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  runCli(
    [
      'run',
      'scs-compatible-kaas',
      '--cluster-plugin',
      file,
      '--release-data',
      DEMO_RELEASE_DATA,
      '--tests',
      'version-policy',
      '--format',
      'json',
      '-o',
      join(dir, 'out'),
      ...extra,
    ],
    { env: { HOME: dir, PATH: process.env.PATH, ...env } },
  );

describe('--cluster-plugin', () => {
  let current: DemoCluster;
  let eol: DemoCluster;
  const kc = { current: join(dir, 'current.yaml'), eol: join(dir, 'eol.yaml'), dead: join(dir, 'dead.yaml') };
  beforeAll(async () => {
    current = await startDemoCluster();
    eol = await startDemoCluster({ profile: 'eol-version' });
    writeFileSync(kc.current, current.kubeconfigYaml);
    writeFileSync(kc.eol, eol.kubeconfigYaml);
    const dead = await startDemoCluster();
    writeFileSync(kc.dead, dead.kubeconfigYaml);
    await dead.stop();
  });
  afterAll(async () => {
    await current.stop();
    await eol.stop();
  });

  it('creates, certifies and deletes each cluster in turn; the worst verdict decides the exit code', async () => {
    const file = clustersFile('two.yaml', {
      'k8s-1-37': execCluster(kc.current, '1.37'),
      'k8s-1-33': execCluster(kc.eol, '1.33'),
    });
    const r = await run(file);
    expect(calls()).toEqual([
      'create k8s-1-37 1.37',
      'delete k8s-1-37 1.37',
      'create k8s-1-33 1.33',
      'delete k8s-1-33 1.33',
    ]);
    expect(r.code).toBe(1);
    const report = (id: string) => {
      const d = join(dir, 'out', id);
      const f = readdirSync(d).find((x) => x.endsWith('.json'))!;
      return JSON.parse(readFileSync(join(d, f), 'utf8')) as {
        subject: { name: string };
        testcases: Array<{ id: string; outcome: string }>;
      };
    };
    expect(report('k8s-1-37').subject.name).toBe('k8s-1-37');
    expect(report('k8s-1-37').testcases.find((t) => t.id === 'version-policy-check')?.outcome).toBe('PASS');
    expect(report('k8s-1-33').testcases.find((t) => t.id === 'version-policy-check')?.outcome).toBe('FAIL');
    expect(r.stderr).toContain('cluster k8s-1-33 (exec, Kubernetes 1.33): deleted');
  });

  it('--cluster picks clusters by id', async () => {
    const file = clustersFile('pick.yaml', {
      a: execCluster(kc.current, '1.37'),
      b: execCluster(kc.eol, '1.33'),
    });
    const r = await run(file, ['--cluster', 'a']);
    expect([r.code, calls()]).toEqual([0, ['create a 1.37', 'delete a 1.37']]);
  });

  it('a failed create still deletes, names the cause and exits 69', async () => {
    const file = clustersFile('failcreate.yaml', { broken: execCluster(kc.current, '1.37', 'create') });
    const r = await run(file);
    expect(r.code).toBe(69);
    expect(r.stderr).toContain("cluster 'broken': create command failed (exit 3): quota exceeded");
    expect(calls()).toEqual(['create broken 1.37', 'delete broken 1.37']);
  });

  it('a cluster that cannot be reached after create is deleted, exit 69', async () => {
    const file = clustersFile('unreachable.yaml', { gone: execCluster(kc.dead, '1.37') });
    const r = await run(file);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/cannot reach the Kubernetes API server/);
    expect(calls()).toEqual(['create gone 1.37', 'delete gone 1.37']);
  });

  it('a failed delete is reported with the fix and exits 69', async () => {
    const file = clustersFile('faildelete.yaml', { sticky: execCluster(kc.current, '1.37', 'delete') });
    const r = await run(file);
    expect(r.code).toBe(69);
    expect(r.stderr).toContain('delete failed');
    expect(r.stderr).toContain('delete the cluster by hand');
  });

  it('static: an existing cluster, its kubeconfig relative to the clusters file', async () => {
    const file = clustersFile('static.yaml', {
      prod: { kind: 'static', config: { kubeconfig: 'current.yaml' } },
    });
    expect((await run(file)).code).toBe(0);
  });

  it('kind: a clear error without the binary; with it, create and delete as kind takes them', async () => {
    const file = clustersFile('kind.yaml', {
      'kind-1-37': {
        kind: 'kind',
        branch: '1.37',
        config: { name: 'scs-137', image: 'kindest/node:v1.37.2' },
      },
    });
    const none = await run(file, [], { PATH: join(dir, 'empty') });
    expect(none.code).toBe(69);
    expect(none.stderr).toContain('needs the kind binary, which is not on PATH — install kind');
    // A stand-in `kind`: logs its arguments and writes the kubeconfig it is asked for.
    const bin = mkdtempSync(join(tmpdir(), 'scs-cert-kindbin-'));
    writeFileSync(
      join(bin, 'kind'),
      `#!/bin/sh\necho "kind $*" >> ${JSON.stringify(log)}\nif [ "$1" = create ]; then while [ $# -gt 0 ]; do if [ "$1" = --kubeconfig ]; then cp ${JSON.stringify(kc.current)} "$2"; fi; shift; done; fi\n`,
    );
    chmodSync(join(bin, 'kind'), 0o755);
    writeFileSync(log, '');
    const r = await run(file, [], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(0);
    const work = join(dir, '.scs-cert-clusters', 'kind-1-37', 'kubeconfig.yaml');
    expect(calls()).toEqual([
      `kind create cluster --name scs-137 --kubeconfig ${work} --wait 5m --image kindest/node:v1.37.2`,
      `kind delete cluster --name scs-137 --kubeconfig ${work}`,
    ]);
  });

  it('bad clusters files and flag mixes are usage errors (64)', async () => {
    const unknown = clustersFile('unknown.yaml', { x: { kind: 'gardener', config: {} } });
    const r = await run(unknown);
    expect([r.code, r.stderr.trim()]).toEqual([
      64,
      `scs-cert: cluster 'x' in ${unknown}: plugin kind 'gardener' is unknown — use one of static, kind, exec`,
    ]);
    expect((await run(join(dir, 'missing.yaml'))).code).toBe(64);
    expect((await run(unknown, ['--demo'])).stderr).toContain(
      '--cluster-plugin creates the clusters it certifies',
    );
  });
});
