#!/usr/bin/env node
// Build step (after tsc): bundles the CLI's own modules (dist/cli/main.js and everything it imports, split at each
// command's dynamic import) into a few CommonJS files under dist/bundle/, which bin/scs-cert.js starts, and makes
// their V8 code cache (bin/code-cache.js). Node resolves, reads and links each ES module on its own, and an ES
// module cannot use a code cache on Node 20: one CommonJS file per command instead of dozens of ES modules, each
// with its compiled code at hand, is what keeps start-up near bare node. commander (every command) and
// canonicalize (digests) are bundled too; other packages stay outside (required where used: ES-module packages
// through Node's require(esm), Node >= 20.19). dist/ keeps the unbundled ES modules for the library entry and
// tests.
import { spawnSync } from 'node:child_process';
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

/**
 * A build-time edit of one package or dist file: `needle` replaced by `replacement`. A file that no longer holds
 * the needle exactly once fails the build, so a changed upstream line is noticed rather than bundled unedited.
 */
function replaceOnce(name, file, needle, replacement) {
  return {
    name,
    transform(code, id) {
      if (!file.test(id)) return null;
      if (code.split(needle).length !== 2)
        throw new Error(`bundle-cli: ${id} no longer has \`${needle}\` once; review ${name}`);
      return code.replace(needle, replacement);
    },
  };
}

// commander loads node:child_process at start (about 2 ms: net, streams, …) only to spawn executable
// subcommands, which scs-cert has none of: the bundle loads it on first use.
const lazyChildProcess = replaceOnce(
  'lazy-child-process',
  /[\\/]commander[\\/]lib[\\/]command\.js$/,
  "const childProcess = require('node:child_process');",
  "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };",
);
// The probe catalog falls back to loading the registry (top-level await) where the build's probe manifest is
// missing: running from source. The bundle is made by the build that writes the manifest, so there it is an error
// (and CommonJS has no top-level await).
const manifestRequired = replaceOnce(
  'manifest-required',
  /[\\/]dist[\\/]probes[\\/]catalog\.js$/,
  "(await import('./registry.js')).builtinRegistry()",
  "(() => { throw new Error(`the probe manifest ${PROBE_MANIFEST_FILE} is missing: run npm run build`); })()",
);
const isPackage = (id) => !/^[.\0]/.test(id) && !isAbsolute(id) && !BUNDLED_PACKAGES.has(id);
const result = await build({
  input: { main: join(root, 'dist', 'cli', 'main.js') },
  platform: 'node',
  external: isPackage,
  plugins: [lazyChildProcess, manifestRequired],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
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

// The code cache: the commands people start most (and every chunk they load) run once in one process, which
// records what V8 compiled for each bundle file when it exits. Output is thrown away; a failure fails the build.
const WARM_UP = [
  ['--help'],
  ['--version'],
  ['run', '--help'],
  ['flavor-name', 'check', 'SCS-2V-4'],
  ['compile', 'scs-compatible-iaas', '--summary'],
];
const warm = spawnSync(
  process.execPath,
  [
    '-e',
    `const { useCodeCache } = require(${JSON.stringify(join(root, 'bin', 'code-cache.js'))});
useCodeCache(${JSON.stringify(outDir)}, { write: true });
const { main } = require(${JSON.stringify(join(outDir, 'main.cjs'))});
(async () => { for (const argv of ${JSON.stringify(WARM_UP)}) await main(argv); process.exitCode = 0; })();`,
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
);
if (warm.status !== 0) throw new Error(`bundle-cli: making the code cache failed (exit ${warm.status})`);
console.log(`bundled the CLI into ${files} files under dist/bundle/, with their code cache`);
