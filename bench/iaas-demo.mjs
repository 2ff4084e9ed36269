#!/usr/bin/env node
// Benchmark: the full IaaS selection (next + v5.1) against the embedded cloud with injected latency per API call.
// Prints wall time, API calls by route, the floor of calls the selected probes need, and where the time went.
// Usage: npm run build && node bench/iaas-demo.mjs [--latency MS] [--runs N]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startDemoCloud } from '../dist/democloud/index.js';
import { connectOpenStack } from '../dist/clients/openstack/index.js';
import { openstackGatherers } from '../dist/gatherers/openstack/index.js';
import { iaasPreflight } from '../dist/probes/iaas/index.js';
import { builtinRegistry } from '../dist/probes/registry.js';
import { runPipeline } from '../dist/runner/pipeline.js';
import { compileSuite } from '../dist/standards/compile.js';
import { dataValues, loadAllData } from '../dist/standards/data.js';
import { loadScope } from '../dist/standards/load-scope.js';
import { MIN_PER_ROUTE, floorOf } from './floor.mjs';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '25' }, runs: { type: 'string', default: '1' } } });
const latencyMs = Number(values.latency);

const isListing = (route) => / GET /.test(route) && !route.includes('{id}') && !route.includes('version document') && !route.startsWith('s3 ');

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const scope = loadScope('scs-compatible-iaas');
const suite = compileSuite(scope, { referenceDate: new Date().toISOString().slice(0, 10) });

for (let run = 1; run <= Number(values.runs); run++) {
  const cloud = await startDemoCloud({ faults: { latencyMs } });
  const client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' }, authenticate: false });
  const started = performance.now();
  const report = await runPipeline({
    suite,
    registry: builtinRegistry(),
    data: dataValues(loadAllData()),
    mode: 'standard',
    argv: ['bench'],
    session: {
      clients: { openstack: client },
      gatherers: openstackGatherers,
      subject: { name: 'bench', kind: 'openstack', demo: true },
      assignment: { os_cloud: 'demo' },
      options: {},
      apiCalls: () => ({ total: client.stats().total, byRoute: client.stats().byCall }),
      close: async () => undefined,
    },
    subject: { name: 'bench', kind: 'openstack', demo: true },
    assignment: { os_cloud: 'demo' },
    preflight: iaasPreflight,
    concurrency: 8,
    gatherTimeoutMs: 600_000,
    probeTimeoutMs: 1_200_000,
    signal: new AbortController().signal,
    log: quiet,
    progress: () => undefined,
  });
  const wallMs = performance.now() - started;
  await client.close();
  await cloud.stop();

  const byRoute = report.apiCalls?.byRoute ?? {};
  const routes = Object.keys(byRoute).sort();
  const floor = floorOf(byRoute);
  const listings = routes.filter(isListing);
  const listCalls = listings.reduce((n, r) => n + byRoute[r], 0);
  const total = report.apiCalls?.total ?? 0;
  const passed = report.testcases.filter((t) => t.outcome === 'PASS').length;
  const active = new Set(['VolumeBackupCheck', 'EntropyConsole', 'KeyManagerCheck']);
  const artifactTime = (pred) => Math.max(0, ...report.artifacts.filter((a) => pred(a.name)).map((a) => a.durationMs ?? 0));

  console.log(`run ${run}: ${suite.versions.map((v) => v.version).join(' + ')}, ${suite.testcases.length} testcases, ${passed} PASS, verdict ${report.verdict}`);
  console.log(`  injected latency per API call   ${latencyMs} ms`);
  console.log(`  wall time                       ${(wallMs / 1000).toFixed(2)} s`);
  console.log(`  API calls                       ${total}`);
  console.log(`  floor (fewest calls needed)     ${floor}  -> ${(total / floor).toFixed(2)}x the floor`);
  console.log(`  distinct listings (list floor)  ${listings.length}; list calls made ${listCalls} (${(listCalls / listings.length).toFixed(2)}x)`);
  console.log(`  longest passive artifact        ${(artifactTime((n) => !active.has(n)) / 1000).toFixed(2)} s`);
  console.log(`  longest active check (waits)    ${(artifactTime((n) => active.has(n)) / 1000).toFixed(2)} s`);
  for (const a of report.artifacts) console.log(`    ${a.name.padEnd(26)} ${((a.durationMs ?? 0) / 1000).toFixed(2)} s ${a.status}`);
  // Every wait of the active checks, once (several testcases can show the same artifact's steps).
  const waits = new Map();
  for (const t of report.testcases)
    for (const st of t.evidence?.values?.steps ?? []) if (st.wait) waits.set(`${st.step} ${JSON.stringify(st.wait)}`, st);
  const late = [...waits.values()].reduce((n, st) => n + st.wait.lateMs, 0);
  console.log(`  waits: ${waits.size}, noticed late by ${(late / 1000).toFixed(2)} s in sum (cloud time / waited / polls / late):`);
  for (const st of waits.values()) {
    const w = st.wait;
    const s = (ms) => (ms === undefined ? '   -  ' : `${(ms / 1000).toFixed(2)} s`.padStart(7));
    console.log(`    ${st.step.padEnd(26)} ${s(w.cloudMs)} ${s(w.waitedMs)} ${String(w.polls).padStart(3)} ${s(w.lateMs)}`);
  }
  console.log('  calls by route (made / floor):');
  for (const r of routes) console.log(`    ${String(byRoute[r]).padStart(3)} / ${MIN_PER_ROUTE[r] ?? 1}  ${r}`);
}
