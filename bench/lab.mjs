#!/usr/bin/env node
// Benchmark on the real OpenStack lab (test/lab/openstack, up and seeded): scs-cert and, given a checkout of
// SovereignCloudStack/standards, the SCS reference `scs-compliance-check.py`, on the same cloud and identity, one
// after the other; with and without the volume-backup testcase. Prints wall time, API requests (both counted by
// one loopback forward proxy set as HTTP_PROXY) and the ratios, plus the cloud's own backup+restore time.
// Usage: npm run build && node bench/lab.mjs [--standards DIR | $SCS_STANDARDS] [--cloud lab-member] [--skip-reference]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { floorOf } from './floor.mjs';
import { startLoopbackProxy } from '../test/helpers/loopback-proxy.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    standards: { type: 'string', default: process.env.SCS_STANDARDS ?? '' },
    cloud: { type: 'string', default: 'lab-member' },
    'lab-env': { type: 'string', default: join(root, 'test/lab/openstack/state/lab.env') },
    'skip-reference': { type: 'boolean', default: false },
    // Testcases both tools leave out (e.g. '(?!scs-0101)' on a lab whose fake hypervisor boots no guest).
    exclude: { type: 'string', default: '' },
  },
});
const ALL = values.exclude || undefined;
const WITHOUT_BACKUP = `${values.exclude}(?!scs-0117)`;

function labEnv(file) {
  if (!existsSync(file)) {
    console.error(`bench:lab: no lab environment at ${file}: run test/lab/openstack/up and seed baseline first`);
    process.exit(64);
  }
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  return env;
}

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, wallMs: performance.now() - started, out }));
  });
}

const lab = labEnv(values['lab-env']);
// Counts every plain-HTTP request (absolute-form URI) and every CONNECT tunnel (HTTPS: one tunnel can carry
// several requests, so those are counted as tunnels, apart).
const proxy = await startLoopbackProxy();
// Both tools see the same environment: the lab's clouds.yaml, the proxy, nothing bypassing it.
const env = { ...process.env, ...lab, HTTP_PROXY: proxy.url, http_proxy: proxy.url, HTTPS_PROXY: proxy.url, https_proxy: proxy.url };
delete env.NO_PROXY;
delete env.no_proxy;
const work = mkdtempSync(join(tmpdir(), 'scs-cert-bench-lab-'));

async function scsCert(label, tests) {
  const out = join(work, label.replace(/\W+/g, '-'));
  proxy.reset();
  const r = await run(
    process.execPath,
    [join(root, 'bin/scs-cert.js'), 'run', 'scs-compatible-iaas', '--os-cloud', values.cloud, '-q', '-f', 'json', '-o', out, ...(tests ? ['--tests', tests] : [])],
    { env, cwd: root },
  );
  const file = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.json')) : undefined;
  if (!file) throw new Error(`scs-cert wrote no report (exit ${r.code}):\n${r.out}`);
  const report = JSON.parse(readFileSync(join(out, file), 'utf8'));
  const waits = new Map();
  for (const t of report.testcases)
    for (const st of t.evidence?.values?.steps ?? []) if (st.wait) waits.set(st.step, st.wait);
  const own = report.apiCalls?.total;
  const counted = proxy.counts.requests;
  return {
    label,
    wallMs: r.wallMs,
    // Until the client honours HTTP_PROXY the proxy sees nothing of it: then its own counter stands in.
    requests: counted > 0 ? counted : own,
    countedBy: counted > 0 ? 'proxy' : 'client',
    own,
    floor: floorOf(report.apiCalls?.byRoute ?? {}),
    outcomes: countOutcomes(report.testcases.map((t) => t.outcome)),
    waits,
    leaked: report.resources?.filter((x) => x.state !== 'deleted').length ?? 0,
  };
}

async function reference(label, tests) {
  const dir = join(values.standards, 'Tests');
  const outFile = join(work, `${label.replace(/\W+/g, '-')}.yaml`);
  proxy.reset();
  // Debian's interpreter and openstacksdk, for the driver and for the test scripts it starts (`#!/usr/bin/env python3`).
  const r = await run(
    '/usr/bin/python3',
    ['scs-compliance-check.py', '-s', values.cloud, '-a', `os_cloud=${values.cloud}`, '-o', outFile, ...(tests ? ['-t', tests] : []), 'scs-compatible-iaas.yaml'],
    { env: { ...env, PATH: `/usr/bin:/bin:${env.PATH ?? ''}` }, cwd: dir },
  );
  const results = {};
  if (existsSync(outFile))
    for (const inv of Object.values(parseYaml(readFileSync(outFile, 'utf8'))?.run?.invocations ?? {}))
      Object.assign(results, inv.results ?? {});
  const verdict = { 1: 'PASS', [-1]: 'FAIL', 0: 'MISSING' };
  const outcomes = countOutcomes(Object.values(results).map((v) => verdict[v] ?? String(v)));
  if (!Object.keys(results).length) console.error(`bench:lab: the reference reported no results (exit ${r.code}):\n${r.out.slice(-2000)}`);
  return { label, wallMs: r.wallMs, requests: proxy.counts.requests, countedBy: 'proxy', tunnels: proxy.counts.tunnels, outcomes, code: r.code, tail: r.out.split('\n').slice(-4).join('\n') };
}

function countOutcomes(list) {
  const n = {};
  for (const o of list) n[o] = (n[o] ?? 0) + 1;
  return Object.entries(n).map(([k, v]) => `${v} ${k}`).join(', ');
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
// Each run is shown as soon as it ends (a lab session is short; partial figures still count).
const shown = (r) => {
  console.error(`bench:lab: ${r.label}: ${s(r.wallMs)}, ${r.requests} requests (${r.countedBy}), ${r.outcomes}`);
  return r;
};
try {
  const full = shown(await scsCert('scs-cert, all testcases', ALL));
  results.push(full);
  const quick = shown(await scsCert('scs-cert, without scs-0117', WITHOUT_BACKUP));
  results.push(quick);
  let refFull;
  let refQuick;
  if (values.standards && !values['skip-reference']) {
    refFull = shown(await reference('reference, all testcases', ALL));
    results.push(refFull);
    refQuick = shown(await reference('reference, without scs-0117', WITHOUT_BACKUP));
    results.push(refQuick);
  }

  console.log(`lab bench: cloud ${values.cloud}, requests counted by a loopback forward proxy (HTTP_PROXY)${values.exclude ? `; both tools run --tests '${values.exclude}'` : ''}`);
  console.log(`  ${'run'.padEnd(32)} ${'wall'.padStart(8)} ${'requests'.padStart(9)}  outcomes`);
  for (const r of results)
    console.log(`  ${r.label.padEnd(32)} ${s(r.wallMs).padStart(8)} ${String(r.requests).padStart(9)}${r.countedBy === 'client' ? '*' : ' '} ${r.outcomes}`);
  if (results.some((r) => r.countedBy === 'client'))
    console.log('  * counted by scs-cert\'s own client (it does not go through HTTP_PROXY in this build)');
  const w = full.waits;
  const cloudOf = (k) => w.get(k)?.cloudMs ?? w.get(k)?.waitedMs ?? 0;
  const chain = ['volume-available', 'backup-available', 'restored-volume-available'];
  const cloudChain = chain.reduce((n, k) => n + cloudOf(k), 0);
  const backupRestore = cloudOf('backup-available') + cloudOf('restored-volume-available');
  const late = [...w.values()].reduce((n, x) => n + x.lateMs, 0);
  console.log('  scs-cert waits (cloud time / waited / polls / noticed late):');
  for (const [k, x] of w) console.log(`    ${k.padEnd(26)} ${x.cloudMs === undefined ? '   -   ' : s(x.cloudMs).padStart(7)} ${s(x.waitedMs).padStart(7)} ${String(x.polls).padStart(3)} ${s(x.lateMs).padStart(7)}`);
  console.log(`  cloud's own backup+restore time     ${s(backupRestore)} (whole volume chain ${s(cloudChain)}); noticed late in sum ${s(late)}`);
  console.log(`  scs-cert wall - (backup+restore)    ${s(full.wallMs - backupRestore)}`);
  console.log(`  resources left behind by scs-cert   ${full.leaked + quick.leaked}`);
  console.log(`  scs-cert requests / floor of its routes: ${full.own} / ${full.floor} = ${(full.own / full.floor).toFixed(2)}x (all), ${quick.own} / ${quick.floor} = ${(quick.own / quick.floor).toFixed(2)}x (without scs-0117)`);
  if (refFull) {
    console.log(`  ratios scs-cert / reference: wall ${(full.wallMs / refFull.wallMs).toFixed(2)}x, requests ${(full.requests / refFull.requests).toFixed(2)}x (all testcases)`);
    console.log(`                               wall ${(quick.wallMs / refQuick.wallMs).toFixed(2)}x, requests ${(quick.requests / refQuick.requests).toFixed(2)}x (without scs-0117)`);
    if (refFull.tunnels) console.log(`  (the reference also opened ${refFull.tunnels} HTTPS tunnels)`);
  } else {
    console.log('  no reference run: give a checkout of SovereignCloudStack/standards with --standards DIR or $SCS_STANDARDS');
  }
} finally {
  await proxy.close();
  rmSync(work, { recursive: true, force: true });
}
