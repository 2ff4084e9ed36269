#!/usr/bin/env node
// Build step (after tsc): bundles the CLI's own modules (dist/cli/main.js and everything it imports, split at each
// command's dynamic import) into a few files under dist/bundle/, which bin/scs-cert.js starts. Node resolves,
// reads and links each ES module on its own; one file per command instead of dozens is what keeps start-up near
// bare node. commander (every command) and canonicalize (digests) are bundled too; other packages stay
// outside (loaded where used, as before). dist/ keeps the unbundled modules for the library entry and tests.
import { rmSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One level below dist/, like dist/core/: paths a module derives from its own location (the prevalidated
// records in dist/prevalidated/, the package root) come out the same from the bundle.
const outDir = join(root, 'dist', 'bundle');
rmSync(outDir, { recursive: true, force: true });

const BUNDLED_PACKAGES = new Set(['commander', 'canonicalize']);

// commander loads node:child_process at start (about 2 ms: net, streams, …) only to spawn executable
// subcommands, which scs-cert has none of: the bundle loads it on first use. A commander whose source no longer
// has that line fails the build here, so the change is noticed.
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    if (code.split(COMMANDER_CHILD_PROCESS).length !== 2)
      throw new Error(`bundle-cli: ${id} no longer has \`${COMMANDER_CHILD_PROCESS}\` once; review lazyChildProcess`);
    return code.replace(
      COMMANDER_CHILD_PROCESS,
      "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };",
    );
  },
};
const isPackage = (id) => !/^[.\0]/.test(id) && !isAbsolute(id) && !BUNDLED_PACKAGES.has(id);
const result = await build({
  input: { main: join(root, 'dist', 'cli', 'main.js') },
  platform: 'node',
  external: isPackage,
  plugins: [lazyChildProcess],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    comments: false,
    sourcemap: false,
    // What main.js imports statically is loaded on every start: one chunk for all of it. The rest is split
    // where the commands' dynamic imports split it, so no command loads another's dependencies.
    codeSplitting: {
      groups: [
        { name: 'startup', tags: ['$initial'], priority: 2 },
        // The standards layer and the small helpers under it, which compile, validate and every run read: one
        // chunk instead of eight (none of them loads a package at start; core/http-proxy, which does, stays out).
        // `compile` and the selection options it shares with run/evaluate ride along: compile --summary then
        // loads one chunk after start-up instead of three.
        {
          name: 'standards',
          test: /[\\/]dist[\\/]((standards|util|core)[\\/](?!http-proxy)|cli[\\/](selection|commands[\\/]compile)\.js)/,
          priority: 1,
        },
      ],
    },
  },
});
const files = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).length;
console.log(`bundled the CLI into ${files} files under dist/bundle/`);
