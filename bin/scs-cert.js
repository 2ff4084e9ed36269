#!/usr/bin/env node
'use strict';
// Thin entry point: hands argv to the bundled CLI (dist/bundle/, CommonJS, see scripts/bundle-cli.mjs), compiled
// with the code cache the build made (bin/code-cache.js), and turns its result into the process exit code.
const { join } = require('node:path');
const { useCodeCache } = require('./code-cache.js');

const bundle = join(__dirname, '..', 'dist', 'bundle');
useCodeCache(bundle);
const { main } = require(join(bundle, 'main.cjs'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`scs-cert: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
