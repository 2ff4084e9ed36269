#!/usr/bin/env node
// Regenerates the KaaS demo fixtures under demo/ (Sonobuoy archives and a release-data snapshot) from the built
// package: run `npm run build && node scripts/make-kaas-demo-fixtures.mjs`. Demo data only, never real results.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSonobuoyArchive } from '../dist/democluster/sonobuoy-archive.js';
import { saveSnapshot } from '../dist/clients/release-data/snapshot.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'demo');

// ---- Sonobuoy: a small certified-conformance run and a NetworkPolicy-focused run ----
const conformancePassed = [
  '[sig-api-machinery] CustomResourceDefinition resources [Privileged:ClusterAdmin] Simple CustomResourceDefinition creating/deleting custom resource definition objects works [Conformance]',
  '[sig-api-machinery] Namespaces [Serial] should ensure that all pods are removed when a namespace is deleted [Conformance]',
  '[sig-api-machinery] ResourceQuota should create a ResourceQuota and capture the life of a pod. [Conformance]',
  '[sig-apps] Deployment deployment should support rollover [Conformance]',
  '[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]',
  '[sig-apps] ReplicaSet should serve a basic image on each replica with a public image [Conformance]',
  '[sig-apps] StatefulSet Basic StatefulSet functionality [StatefulSetBasic] should perform rolling updates and roll backs of template modifications [Conformance]',
  '[sig-apps] Job should run a job to completion when tasks sometimes fail and are locally restarted [Conformance]',
  '[sig-apps] CronJob should schedule multiple jobs concurrently [Conformance]',
  '[sig-auth] ServiceAccounts should mount an API token into pods [Conformance]',
  '[sig-cli] Kubectl client Kubectl version should check is all data is printed [Conformance]',
  '[sig-network] DNS should provide DNS for the cluster [Conformance]',
  '[sig-network] DNS should provide DNS for services [Conformance]',
  '[sig-network] Services should serve a basic endpoint from pods [Conformance]',
  '[sig-network] Services should be able to create a functioning NodePort service [Conformance]',
  '[sig-network] Networking Granular Checks: Pods should function for intra-pod communication: http [NodeConformance] [Conformance]',
  '[sig-network] Ingress API should support creating Ingress API operations [Conformance]',
  '[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]',
  '[sig-node] Container Runtime blackbox test on terminated container should report termination message if TerminationMessagePath is set [NodeConformance] [Conformance]',
  '[sig-node] Probing container should be restarted with a exec "cat /tmp/health" liveness probe [NodeConformance] [Conformance]',
  '[sig-node] Secrets should be consumable via the environment [NodeConformance] [Conformance]',
  '[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run [Conformance]',
  '[sig-storage] ConfigMap should be consumable from pods in volume [NodeConformance] [Conformance]',
  '[sig-storage] Projected secret should be consumable from pods in volume [NodeConformance] [Conformance]',
  '[sig-storage] EmptyDir volumes should support (root,0644,tmpfs) [LinuxOnly] [NodeConformance] [Conformance]',
];
const skipped = [
  '[sig-storage] In-tree Volumes [Driver: local][LocalVolumeType: dir] [Testpattern: Pre-provisioned PV (default fs)] subPath should support existing directory',
  '[sig-network] Netpol NetworkPolicy between server and client should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector [Feature:NetworkPolicy]',
  '[sig-apps] Daemon set [Serial] should not update pod when spec was updated and update strategy is OnDelete',
];
const excepted = {
  name: '[sig-network] Services should have session affinity work for NodePort service [LinuxOnly] [Conformance]',
  status: 'failed',
  failure: 'service is not reachable within 2m0s timeout on endpoint 192.168.10.21:31337 over TCP protocol',
};
const realFailure = {
  name: '[sig-network] DNS should provide DNS for services [Conformance]',
  status: 'failed',
  failure:
    'Unable to read wheezy_udp@dns-test-service.dns-7461.svc.cluster.local from pod dns-7461/dns-test-5c2d: the server could not find the requested resource',
};
const passed = (names) => names.map((name) => ({ name, status: 'passed' }));
const skip = (names) => names.map((name) => ({ name, status: 'skipped' }));

const netpol = (s) =>
  `[sig-network] Netpol NetworkPolicy between server and client ${s} [Feature:NetworkPolicy]`;
const networkPassed = [
  netpol("should support a 'default-deny-ingress' policy"),
  netpol("should support a 'default-deny-all' policy"),
  netpol('should enforce policy to allow traffic from pods within server namespace based on PodSelector'),
  netpol('should enforce policy based on Ports'),
  netpol('should deny ingress from pods on other namespaces'),
  netpol('should allow egress access on one named port'),
  netpol('should enforce ingress policy allowing any port traffic to a server on a specific protocol'),
  '[sig-network] NetworkPolicy API should support creating NetworkPolicy API operations',
];

const sonoDir = join(demo, 'sonobuoy');
rmSync(sonoDir, { recursive: true, force: true });
const common = { timestamp: '2026-11-20T09:00:00Z', serverVersion: 'v1.37.2' };
const made = [];
made.push(
  await writeSonobuoyArchive(join(sonoDir, 'conformance-passed'), {
    ...common,
    uuid: '3f1c5a62-8d2e-4b7a-9f10-1c2d3e4f5a01',
    tests: [...passed(conformancePassed), excepted, ...skip(skipped)],
  }),
);
made.push(
  await writeSonobuoyArchive(join(sonoDir, 'conformance-failed'), {
    ...common,
    uuid: '3f1c5a62-8d2e-4b7a-9f10-1c2d3e4f5a02',
    tests: [
      ...passed(conformancePassed.filter((n) => n !== realFailure.name)),
      realFailure,
      excepted,
      ...skip(skipped),
    ],
  }),
);
made.push(
  await writeSonobuoyArchive(join(sonoDir, 'networkpolicy-passed'), {
    ...common,
    uuid: '3f1c5a62-8d2e-4b7a-9f10-1c2d3e4f5a03',
    // What the SCS scope runs for scs-0219: `sonobuoy run --e2e-focus NetworkPolicy` (default mode's E2E_SKIP kept).
    run: { focus: 'NetworkPolicy', skip: '\\[Disruptive\\]|NoExecuteTaintManager' },
    tests: [
      ...passed(networkPassed),
      {
        name: netpol('should allow egress access to server in CIDR block'),
        status: 'failed',
        failure: 'pod client-can-connect-81 could not connect',
      },
      ...skip(skipped.slice(0, 1)),
    ],
  }),
);

// ---- Release data: patch releases on the kubernetes.io schedule (target dates), fictitious CVE records ----
const R = (tag, date, extra = {}) => ({
  tag_name: tag,
  published_at: `${date}T16:00:00Z`,
  draft: false,
  prerelease: false,
  ...extra,
});
const releases = [
  R('v1.37.2', '2026-10-13'),
  R('v1.36.6', '2026-10-13'),
  R('v1.35.10', '2026-10-13'),
  R('v1.34.13', '2026-10-13'),
  R('v1.38.0-alpha.1', '2026-09-30', { prerelease: true }),
  R('v1.37.1', '2026-09-15'),
  R('v1.36.5', '2026-09-15'),
  R('v1.35.9', '2026-09-15'),
  R('v1.34.12', '2026-09-15'),
  R('v1.37.0', '2026-08-26'),
  R('v1.37.0-rc.1', '2026-08-12', { prerelease: true }),
  R('v1.36.4', '2026-08-11'),
  R('v1.35.8', '2026-08-11'),
  R('v1.34.11', '2026-08-11'),
  R('v1.36.3', '2026-07-14'),
  R('v1.35.7', '2026-07-14'),
  R('v1.34.10', '2026-07-14'),
  R('v1.36.2', '2026-06-09'),
  R('v1.35.6', '2026-06-09'),
  R('v1.34.9', '2026-06-09'),
  R('v1.33.13', '2026-06-09'),
  R('v1.36.1', '2026-05-13'),
  R('v1.35.5', '2026-05-12'),
  R('v1.34.8', '2026-05-12'),
  R('v1.33.12', '2026-05-12'),
  R('v1.36.0', '2026-04-22'),
];
const cvss = (score) => [
  {
    format: 'CVSS',
    scenarios: [{ lang: 'en', value: 'GENERAL' }],
    cvssV3_1: {
      version: '3.1',
      baseScore: score,
      baseSeverity: score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : 'MEDIUM',
    },
  },
];
const k8s = (versions) => [
  { vendor: 'Kubernetes', product: 'Kubernetes', repo: 'https://github.com/kubernetes/kubernetes', versions },
];
const cves = [
  {
    id: 'CVE-2026-90001',
    datePublished: '2026-09-16T00:00:00Z',
    metrics: cvss(8.8),
    affected: k8s([
      { version: '1.37.0', lessThan: '1.37.1', status: 'affected', versionType: 'semver' },
      { version: '1.36.0', lessThan: '1.36.5', status: 'affected', versionType: 'semver' },
      { version: '1.35.0', lessThan: '1.35.9', status: 'affected', versionType: 'semver' },
      { version: '1.34.0', lessThan: '1.34.12', status: 'affected', versionType: 'semver' },
    ]),
  },
  {
    id: 'CVE-2026-90002',
    datePublished: '2026-10-14T00:00:00Z',
    metrics: cvss(6.5),
    affected: k8s([
      { version: '1.37.0', lessThanOrEqual: '1.37.2', status: 'affected', versionType: 'semver' },
    ]),
  },
  {
    id: 'CVE-2026-90003',
    datePublished: '2026-10-20T00:00:00Z',
    affected: k8s([{ version: '1.36.x', status: 'affected' }]),
  },
];
const rdDir = join(demo, 'release-data');
rmSync(rdDir, { recursive: true, force: true });
saveSnapshot(
  rdDir,
  {
    source: 'snapshot',
    fetchedAt: '2026-11-01T00:00:00Z',
    note: 'DEMO DATA for `scs-cert run --demo`: patch releases follow the kubernetes.io patch-release schedule (target dates); the CVE records CVE-2026-9000x are fictitious. Not a recording of GitHub, kubernetes.io or cveawg.mitre.org.',
    releases,
    cveIds: cves.map((c) => c.id),
    cves,
    cveErrors: [],
  },
  { generator: 'scripts/make-kaas-demo-fixtures.mjs' },
);

mkdirSync(demo, { recursive: true });
writeFileSync(
  join(demo, 'README.md'),
  `# KaaS demo fixtures (generated — do not edit)

Made by \`scripts/make-kaas-demo-fixtures.mjs\` (run \`npm run build\` first). Used by \`scs-cert run scs-compatible-kaas --demo\`
together with the embedded cluster API (src/democluster/). None of this is real upstream or cluster data.

- \`sonobuoy/conformance-passed/\`, \`sonobuoy/conformance-failed/\`, \`sonobuoy/networkpolicy-passed/\`: Sonobuoy results
  tarballs in the real layout (plugins/e2e/sonobuoy_results.yaml, plugins/e2e/results/global/junit_01.xml, meta/, …) with a
  small sample of real e2e test names; \`conformance-passed\` has one failure excused by okToFail, \`conformance-failed\` one real failure.
- \`release-data/\`: a release-data snapshot (the layout \`scs-cert data fetch\` writes) with releases on the kubernetes.io
  patch schedule and fictitious CVE records (CVE-2026-9000x), fetchedAt 2026-11-01.
`,
);
for (const f of made) console.log(`wrote ${f.slice(root.length + 1)}`);
console.log(`wrote ${rdDir.slice(root.length + 1)}/`);
