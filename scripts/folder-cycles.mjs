#!/usr/bin/env node
// Reports cycles between the folders of src/ (a imports b imports … imports a); exits 1 when there is one.
// Usage: node scripts/folder-cycles.mjs [--edges]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PENDING_EDGES, folderOf } from './layers.mjs';

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Folder -> folders it imports, with one example import per edge. */
export function folderGraph(srcDir) {
  const edges = new Map();
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(file, srcDir);
    if (!from) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const to = folderOf(resolve(dirname(file), spec), srcDir);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${file.slice(srcDir.length + 1)} -> ${spec}`);
    }
  }
  return edges;
}

/** Every elementary cycle's folders, found by Tarjan's strongly connected components (size > 1). */
export function folderCycles(edges) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const edges = folderGraph(srcDir);
  if (process.argv.includes('--edges'))
    for (const [from, tos] of [...edges].sort())
      console.log(`${from} -> ${[...tos.keys()].sort().join(', ')}`);
  for (const p of PENDING_EDGES) {
    if (edges.get(p.from)?.delete(p.to)) console.log(`pending: ${p.from} -> ${p.to} left out (${p.where})`);
  }
  const cycles = folderCycles(edges);
  for (const c of cycles) {
    console.log(`cycle between folders: ${c.join(', ')}`);
    for (const a of c)
      for (const [b, example] of edges.get(a) ?? [])
        if (c.includes(b)) console.log(`  ${a} -> ${b}: ${example}`);
  }
  console.log(`${cycles.length} cycle(s) between the folders of src/`);
  process.exitCode = cycles.length ? 1 : 0;
}
