// A stand-in for Debian's tempest, speaking its command line: `init` makes the workspace; `run` notes what it was
// given (accounts file mode, OS_* variables, tempest.conf, list length) in DIR/seen.json, prints trace lines and
// leaves a real stestr run to read.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const STESTR_RUN = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest', 'stestr', '0');

/** Writes DIR/tempest (exiting with `exit` after a run) and returns its path. */
export function fakeTempest(dir: string, exit = 1): string {
  const bin = join(dir, 'tempest');
  writeFileSync(
    bin,
    `#!/usr/bin/env node
const fs = require('fs');
const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'init') { fs.mkdirSync(args[args.length - 1], { recursive: true }); process.exit(0); }
if (cmd === 'run') {
  const list = fs.readFileSync(args[args.indexOf('--include-list') + 1], 'utf8').trim().split('\\n');
  const acc = fs.statSync('etc/accounts.yaml');
  fs.writeFileSync(${JSON.stringify(join(dir, 'seen.json'))}, JSON.stringify({ mode: acc.mode & 0o777, osVars: Object.keys(process.env).filter((k) => k.startsWith('OS_')), conf: fs.readFileSync('etc/tempest.conf', 'utf8'), list: list.length }));
  for (const id of list.slice(0, 3)) console.log('{0} ' + id + ' [0.1s] ... ok');
  fs.mkdirSync('.stestr', { recursive: true });
  fs.writeFileSync('.stestr/format', '1\\n');
  fs.writeFileSync('.stestr/next-stream', '1\\n');
  fs.copyFileSync(${JSON.stringify(STESTR_RUN)}, '.stestr/0');
  process.exit(${exit});
}
process.exit(2);
`,
  );
  chmodSync(bin, 0o755);
  return bin;
}
