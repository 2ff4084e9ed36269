#!/usr/bin/env node
// Benchmark on the real OpenStack lab (test/lab/openstack, up and seeded): scs-cert and, given a checkout of
// SovereignCloudStack/standards, the SCS reference `scs-compliance-check.py`, on the same cloud and identity, one
// after the other; with and without the volume-backup testcase, and scs-cert twice: from an empty state directory
// and again with the pace memory the first run kept. Prints wall time, API requests (both counted by one loopback
// forward proxy set as HTTP_PROXY) and the ratios, plus the cloud's own backup+restore time.
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
    // The lab's TLS material (server.pem: haproxy's certificate and key; ca.pem): lets the proxy count inside TLS.
    'lab-tls': { type: 'string', default: '/var/lib/scs-lab/tls' },
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
// Counts every request of both tools alike: absolute-form ones (Python's requests for http://) and those inside
// CONNECT tunnels (undici tunnels everything). The lab's APIs are behind TLS: the proxy ends those tunnels with the
// lab's own server certificate (which both tools trust through the lab CA), counts, and forwards over TLS.
const tlsDir = values['lab-tls'];
const labTls = existsSync(join(tlsDir, 'server.pem'))
  ? { cert: readFileSync(join(tlsDir, 'server.pem')), key: readFileSync(join(tlsDir, 'server.pem')), ca: readFileSync(join(tlsDir, 'ca.pem')) }
  : undefined;
const proxy = await startLoopbackProxy({ lookInsideTunnels: true, ...(labTls && { terminateTls: labTls }) });
// Both tools see the same environment: the lab's clouds.yaml, the proxy, nothing bypassing it.
const env = { ...process.env, ...lab, HTTP_PROXY: proxy.url, http_proxy: proxy.url, HTTPS_PROXY: proxy.url, https_proxy: proxy.url };
delete env.NO_PROXY;
delete env.no_proxy;
const work = mkdtempSync(join(tmpdir(), 'scs-cert-bench-lab-'));

// scs-cert's state directory for this bench: empty at first, so the first run knows nothing of the lab's pace;
// the second run of the same selection finds what the first kept (its pace memory).
const stateDir = join(work, 'state');

async function scsCert(label, tests) {
  const out = join(work, label.replace(/\W+/g, '-'));
  proxy.reset();
  const r = await run(
    process.execPath,
    // --no-extensions: the reference runs the scope's testcases only; scs-cert's advisory ones (the cross-AZ attach
    // with a server and a volume, the TLS scan, …) would be work the reference never does.
    [join(root, 'bin/scs-cert.js'), 'run', 'scs-compatible-iaas', '--os-cloud', values.cloud, '-q', '--no-extensions', '-f', 'json', '-o', out, ...(tests ? ['--tests', tests] : [])],
    { env: { ...env, SCS_CERT_STATE_DIR: stateDir }, cwd: root },
  );
  const file = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.json')) : undefined;
  if (!file) throw new Error(`scs-cert wrote no report (exit ${r.code}):\n${r.out}`);
  const report = JSON.parse(readFileSync(join(out, file), 'utf8'));
  const waits = new Map();
  for (const t of report.testcases)
    for (const st of t.evidence?.values?.steps ?? []) if (st.wait) waits.set(st.step, st.wait);
  const own = report.apiCalls?.total;
  const byRoute = report.apiCalls?.byRoute ?? {};
  const backupRoutes = Object.keys(byRoute).filter((k) => /^block-storage .*\/(volumes|backups)\b/.test(k));
  return {
    label,
    wallMs: r.wallMs,
    ...counted(own),
    own,
    floor: floorOf(byRoute),
    backupCalls: backupRoutes.reduce((n, k) => n + byRoute[k], 0),
    backupFloor: floorOf(Object.fromEntries(backupRoutes.map((k) => [k, byRoute[k]]))),
    backupByRoute: Object.fromEntries(backupRoutes.sort().map((k) => [k, byRoute[k]])),
    outcomes: countOutcomes(report.testcases.map((t) => t.outcome)),
    waits,
    leaked: report.resources?.filter((x) => x.state !== 'deleted').length ?? 0,
  };
}

/**
 * The proxy's count, the same for both tools. Requests inside TLS tunnels cannot be counted by it: then scs-cert's
 * own count stands in (marked), and the reference's figure is a lower bound.
 */
function counted(own) {
  const { requests, tlsTunnels } = proxy.counts;
  if (tlsTunnels > 0 && own !== undefined && own > requests) return { requests: own, countedBy: 'client', tlsTunnels };
  return { requests, countedBy: 'proxy', tlsTunnels };
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
  return { label, wallMs: r.wallMs, ...counted(undefined), outcomes, code: r.code, tail: r.out.split('\n').slice(-4).join('\n') };
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
  const cold = shown(await scsCert('scs-cert, all, first run', ALL));
  results.push(cold);
  const full = shown(await scsCert('scs-cert, all, again', ALL));
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

  const x = (a, b) => (b ? `${(a / b).toFixed(2)}x` : '-');
  const floorOfRun = (r) => r.floor ?? (r.label.includes('without') ? quick.floor : full.floor);
  console.log(`lab bench: cloud ${values.cloud}; requests counted by one loopback forward proxy (HTTP_PROXY), the same way for both tools${labTls ? ", TLS ended there with the lab's certificate" : ''}${values.exclude ? `; both tools run --tests '${values.exclude}'` : ''}`);
  console.log("  scs-cert's first run starts from an empty state directory; 'again' finds the pace memory the first run kept");
  console.log(`  ${'run'.padEnd(30)} ${'wall'.padStart(8)} ${'requests'.padStart(9)} ${'floor'.padStart(6)} ${'ratio'.padStart(6)}  outcomes`);
  for (const r of results)
    console.log(`  ${r.label.padEnd(30)} ${s(r.wallMs).padStart(8)} ${String(r.requests).padStart(8)}${r.countedBy === 'client' ? '*' : ' '} ${String(floorOfRun(r)).padStart(6)} ${x(r.requests, floorOfRun(r)).padStart(6)}  ${r.outcomes}`);
  console.log("  floor: the fewest requests scs-cert's routes need for that selection (bench/floor.mjs); the reference is held to the same");
  if (results.some((r) => r.countedBy === 'client')) console.log("  * inside TLS tunnels the proxy cannot count: scs-cert's own count stands in");
  const tls = results.filter((r) => r.tlsTunnels);
  if (tls.length) console.log(`  TLS tunnels (requests inside not counted by the proxy): ${tls.map((r) => `${r.label} ${r.tlsTunnels}`).join(', ')}`);
  const seenAll = [cold, full, quick].every((r) => r.own === r.requests);
  console.log(`  scs-cert's own count: ${cold.own} (first run), ${full.own} (again), ${quick.own} (without scs-0117)${seenAll ? ': the proxy saw every request' : ''}`);

  for (const run of [cold, full]) {
    const w = run.waits;
    const cloudOf = (k) => w.get(k)?.cloudMs ?? w.get(k)?.waitedMs ?? 0;
    const chain = ['volume-available', 'backup-available', 'restored-volume-available'];
    const cloudChain = chain.reduce((n, k) => n + cloudOf(k), 0);
    const backupRestore = cloudOf('backup-available') + cloudOf('restored-volume-available');
    const late = [...w.values()].reduce((n, v) => n + v.lateMs, 0);
    console.log(`  ${run.label}: waits (cloud time / waited / polls / noticed late):`);
    for (const [k, v] of w) console.log(`    ${k.padEnd(26)} ${v.cloudMs === undefined ? '   -   ' : s(v.cloudMs).padStart(7)} ${s(v.waitedMs).padStart(7)} ${String(v.polls).padStart(3)} ${s(v.lateMs).padStart(7)}`);
    const over = run.wallMs - backupRestore;
    console.log(`    cloud's own backup+restore time   ${s(backupRestore)} (whole volume chain ${s(cloudChain)}); noticed late in sum ${s(late)}`);
    console.log(`    scs-cert wall - (backup+restore)  ${s(over)} (target <= 5 s: ${over <= 5000 ? 'met' : 'NOT met'})`);
    console.log(`    backup routes (block-storage volumes/backups): ${run.backupCalls} requests / floor ${run.backupFloor} = ${x(run.backupCalls, run.backupFloor)}`);
    for (const [k, n] of Object.entries(run.backupByRoute)) console.log(`      ${String(n).padStart(3)} / ${floorOf({ [k]: n })}  ${k}`);
    console.log(`    requests / floor: ${x(run.requests, run.floor)} (target <= 1.20x: ${run.requests <= 1.2 * run.floor ? 'met' : 'NOT met'})`);
  }
  console.log(`  resources left behind by scs-cert   ${cold.leaked + full.leaked + quick.leaked}`);
  console.log(`  scs-cert without scs-0117: requests / floor ${x(quick.requests, quick.floor)}`);
  if (refFull) {
    for (const run of [cold, full])
      console.log(`  ratios scs-cert (${run.label.replace('scs-cert, ', '')}) / reference: wall ${x(run.wallMs, refFull.wallMs)}, requests ${x(run.requests, refFull.requests)} (requests target <= 1.00x: ${run.requests <= refFull.requests ? 'met' : 'NOT met'})`);
    console.log(`  ratios without scs-0117: wall ${x(quick.wallMs, refQuick.wallMs)}, requests ${x(quick.requests, refQuick.requests)}`);
  } else {
    console.log('  no reference run: give a checkout of SovereignCloudStack/standards with --standards DIR or $SCS_STANDARDS');
  }
} finally {
  await proxy.close();
  rmSync(work, { recursive: true, force: true });
}
