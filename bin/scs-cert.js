#!/usr/bin/env node
'use strict';
// Thin entry point: hands argv to the bundled CLI (dist/bundle/, CommonJS, see scripts/bundle-cli.mjs), compiled
// with the code cache the build made (bin/code-cache.js), and turns its result into the process exit code.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { useCodeCache } = require('./code-cache.js');

const bundle = join(__dirname, '..', 'dist', 'bundle');
const entry = join(bundle, 'main.cjs');
// The bundle requires its ES-module packages (chalk, jose, the Kubernetes client, …): Node >= 20.19 can.
const problem = !process.features.require_module
  ? `Node.js ${process.version} cannot require ES modules here: use Node.js 20.19 or newer, without --no-experimental-require-module`
  : !existsSync(entry)
    ? `${entry} is missing: run \`npm run build\` (or \`npm ci\`) in ${join(__dirname, '..')}`
    : undefined;
if (problem) {
  process.stderr.write(`scs-cert: ${problem}\n`);
  process.exit(70);
}
useCodeCache(bundle);
const { main } = require(entry);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`scs-cert: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
