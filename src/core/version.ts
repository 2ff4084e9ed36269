// The tool's own identity, stamped into every report, user-agent and suite.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Root of the installed package (holds package.json, standards/, schemas/, suites/). */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  // Works both from src/ (vitest) and from dist/ (the built CLI): walk up to the package.json named scs-cert.
  let dir = start;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'scs-cert') return dir;
    } catch {
      // not here, keep walking
    }
    dir = dirname(dir);
  }
  throw new Error(`scs-cert: cannot locate the package root from ${start}`);
}

export const TOOL_NAME = 'scs-cert';
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
export const USER_AGENT = `${TOOL_NAME}/${TOOL_VERSION} (node ${process.versions.node})`;
