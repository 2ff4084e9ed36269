#!/usr/bin/env node
// Benchmark: scs-cert against large embedded clouds (`demo-cloud --scale N`: N × 50 images, 20 flavors, 5 volume
// types on top of the default seed). The cloud runs in its own process; scs-cert runs the listing-based testcases
// (scs-0100/0102/0103/0104/0114) in another, whose peak RSS (getrusage maxrss at exit), wall time and API
// requests are printed, with the requests the listings need at least (one per page) and the ratios to 1×.
// Usage: npm run build && node bench/scale.mjs [--scales 1,10,100] [--runs N]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import { defaultSeed } from '../dist/democloud/seed.js';
import { SCALE_UNIT } from '../dist/democloud/scale.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/scs-cert.js');
const { values } = parseArgs({ options: { scales: { type: 'string', default: '1,10,100' }, runs: { type: 'string', default: '1' } } });
const scales = values.scales.split(',').map(Number);
const TESTS = '(?!scs-0101)scs-010|scs-0114';
const RSS_TARGET_MB = 150;
// Page sizes: what scs-cert asks Glance for (limit=1000), and Nova's and Cinder's default maximum (1000).
const PAGE = { images: 1000, flavors: 1000, volumeTypes: 1000 };

const work = mkdtempSync(join(tmpdir(), 'scs-cert-bench-scale-'));
// Reports the child's peak resident set size at exit (kilobytes, as getrusage gives it on Linux).
const rssProbe = join(work, 'rss.cjs');
writeFileSync(
  rssProbe,
  "process.on('exit', () => require('fs').writeFileSync(process.env.SCS_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);

function startCloud(scale) {
  const cloudsYaml = join(work, `clouds-${scale}.yaml`);
  const child = spawn(process.execPath, [bin, 'demo-cloud', '--scale', String(scale), '--write-clouds-yaml', cloudsYaml], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => (out += d);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // The clouds.yaml is written once the cloud listens.
    const timer = setInterval(() => {
      if (existsSync(cloudsYaml) && readFileSync(cloudsYaml, 'utf8').includes('auth_url')) {
        clearInterval(timer);
        resolve({ child, cloudsYaml });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`demo-cloud exited ${code}: ${out}`));
    });
  });
}

function runScsCert(cloudsYaml, out) {
  const rssFile = join(work, 'rss.txt');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['-r', rssProbe, bin, 'run', 'scs-compatible-iaas', '--os-cloud', 'demo-appcred', '--tests', TESTS, '-q', '-f', 'json', '-o', out],
      { cwd: root, env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, SCS_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => {
      const wallMs = performance.now() - started;
      const file = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.json')) : undefined;
      if (!file) return reject(new Error(`scs-cert wrote no report: ${err}`));
      resolve({ wallMs, rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024, report: JSON.parse(readFileSync(join(out, file), 'utf8')) });
    });
  });
}

const seed = defaultSeed(new Date());
const sizes = (scale) => ({
  images: seed.images.length + scale * SCALE_UNIT.images,
  flavors: seed.flavors.length + scale * SCALE_UNIT.flavors,
  volumeTypes: seed.volumeTypes.length + scale * SCALE_UNIT.volumeTypes,
});
const rows = [];
try {
  for (const scale of scales) {
    const { child, cloudsYaml } = await startCloud(scale);
    try {
      let best;
      for (let i = 0; i < Number(values.runs); i++) {
        const r = await runScsCert(cloudsYaml, join(work, `out-${scale}-${i}`));
        if (!best || r.wallMs < best.wallMs) best = r;
      }
      const byRoute = best.report.apiCalls?.byRoute ?? {};
      const sum = (re) => Object.entries(byRoute).filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0);
      const counts = sizes(scale);
      const made = { images: sum(/^image GET \/images$/), flavors: sum(/^compute GET \/flavors\/detail$/), volumeTypes: sum(/^block-storage GET \/types$/) };
      // A full last page needs one more request to learn that nothing follows.
      const pages = Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, Math.floor(n / PAGE[k]) + 1]));
      rows.push({ scale, ...best, total: best.report.apiCalls?.total ?? 0, made, pages, outcomes: best.report.testcases.length, verdict: best.report.verdict });
    } finally {
      child.kill('SIGTERM');
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`scale bench: scs-cert run --tests '${TESTS}' against demo-cloud --scale N (cloud in its own process)`);
console.log(`  ${'scale'.padEnd(6)} ${'images'.padStart(6)} ${'flavors'.padStart(7)} ${'types'.padStart(5)} ${'wall'.padStart(8)} ${'x 1x'.padStart(6)} ${'requests'.padStart(8)} ${'listing pages (made/needed)'.padEnd(28)} ${'peak RSS'.padStart(9)}`);
const base = rows[0];
for (const r of rows) {
  const pages = ['images', 'flavors', 'volumeTypes'].map((k) => `${r.made[k]}/${r.pages[k]}`).join(' ');
  console.log(
    `  ${`${r.scale}x`.padEnd(6)} ${String(sizes(r.scale).images).padStart(6)} ${String(sizes(r.scale).flavors).padStart(7)} ${String(sizes(r.scale).volumeTypes).padStart(5)} ${`${(r.wallMs / 1000).toFixed(2)} s`.padStart(8)} ${`${(r.wallMs / base.wallMs).toFixed(2)}`.padStart(6)} ${String(r.total).padStart(8)} ${pages.padEnd(28)} ${`${r.rssMB.toFixed(0)} MB`.padStart(9)}  ${r.outcomes} testcases, ${r.verdict}`,
  );
}
// Linear in size: the time each added 1,000 images (with their flavors and types) costs over 1x stays the same.
for (const r of rows.slice(1)) {
  const per = ((r.wallMs - base.wallMs) / (sizes(r.scale).images - sizes(base.scale).images)) * 1000;
  console.log(`  ${r.scale}x over ${base.scale}x: ${(per / 1000).toFixed(2)} s per 1,000 more images`);
}
const at5000 = rows.find((r) => sizes(r.scale).images >= 5000);
if (at5000) console.log(`  peak RSS at ${sizes(at5000.scale).images} images: ${at5000.rssMB.toFixed(0)} MB (target <= ${RSS_TARGET_MB} MB): ${at5000.rssMB <= RSS_TARGET_MB ? 'met' : 'NOT met'}`);
