#!/usr/bin/env node
// Benchmark: start-up cost of the CLI. Runs each command N times as a fresh process, prints the median wall time,
// bare `node -e 0`'s median on the same machine, the ratio, and (where strace is installed) the files opened.
// `--baseline DIR`: another built checkout (e.g. the commit before a change), run interleaved with this one, so
// before and after are measured under the same load.
// Usage: npm run build && node bench/startup.mjs [--runs N] [--no-files] [--baseline DIR]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    'no-files': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const runs = Math.max(1, Number(values.runs));
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'scs-cert.js');
const TARGET = 1.5;

const cli = [
  { label: '--help', args: ['--help'] },
  { label: '--version', args: ['--version'] },
  { label: 'flavor-name check SCS-2V-4', args: ['flavor-name', 'check', 'SCS-2V-4'] },
  { label: 'compile scs-compatible-iaas --summary', args: ['compile', 'scs-compatible-iaas', '--summary'] },
];
const commands = [
  { label: 'node -e 0 (bare)', args: ['-e', '0'] },
  ...cli.map((c) => ({ ...c, args: [bin, ...c.args] })),
];
const baseline = values.baseline ? join(values.baseline, 'bin', 'scs-cert.js') : undefined;
const before = baseline ? cli.map((c) => ({ ...c, args: [baseline, ...c.args] })) : [];

function once(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Source files (.js/.mjs/.cjs/.json) the process opened successfully, counted with strace; undefined without it. */
function filesOpened(args) {
  if (values['no-files']) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'scs-cert-startup-'));
  const out = join(dir, 'trace');
  try {
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', out, process.execPath, ...args], {
      cwd: root,
      stdio: 'ignore',
    });
    if (r.error || r.status !== 0) return undefined;
    const files = new Set();
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      const m = /openat\([^,]+, "([^"]+\.(?:m?js|cjs|json))"[^)]*\) = \d+/.exec(line);
      if (m) files.add(m[1]);
    }
    return files.size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Interleave the commands run by run so that load changes on a shared machine hit all of them alike.
const all = [...commands, ...before];
const times = all.map(() => []);
for (const c of all) once(c.args); // warm the file cache
for (let i = 0; i < runs; i++) all.forEach((c, k) => times[k].push(once(c.args)));

const bare = median(times[0]);
console.log(`start-up, median of ${runs} runs each (node ${process.version}, ${process.platform})`);
console.log(`  ${'command'.padEnd(40)} ${'median'.padStart(9)} ${'ratio'.padStart(7)} ${'files'.padStart(6)}`);
let worst = 0;
commands.forEach((c, k) => {
  const m = median(times[k]);
  const ratio = m / bare;
  if (k > 0) worst = Math.max(worst, ratio);
  const files = filesOpened(c.args);
  console.log(
    `  ${c.label.padEnd(40)} ${`${m.toFixed(1)} ms`.padStart(9)} ${`${ratio.toFixed(2)}x`.padStart(7)} ${String(files ?? '-').padStart(6)}`,
  );
});
console.log(`  worst ratio ${worst.toFixed(2)}x bare node (target <= ${TARGET}x): ${worst <= TARGET ? 'met' : 'NOT met'}`);
if (baseline) {
  console.log(`  baseline ${values.baseline}, same runs interleaved:`);
  before.forEach((c, k) => {
    const m = median(times[commands.length + k]);
    const now = median(times[k + 1]);
    const files = filesOpened(c.args);
    console.log(
      `  ${c.label.padEnd(40)} ${`${m.toFixed(1)} ms`.padStart(9)} ${`${(m / bare).toFixed(2)}x`.padStart(7)} ${String(files ?? '-').padStart(6)}  (now ${(now / m).toFixed(2)}x of it)`,
    );
  });
}
