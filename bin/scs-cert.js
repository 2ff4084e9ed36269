#!/usr/bin/env node
// Thin entry point: hands argv to the CLI (bundled by the build: dist/bundle/, see scripts/bundle-cli.mjs) and
// turns its result into the process exit code.
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`scs-cert: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
