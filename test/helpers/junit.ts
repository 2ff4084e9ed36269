// Validates JUnit XML against the JUnit XSD with xmllint (Debian libxml2-utils), as CI servers' parsers expect it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';

export function expectValidJunit(xml: string, file: string): void {
  writeFileSync(file, xml);
  const r = spawnSync(
    'xmllint',
    ['--noout', '--schema', join(PACKAGE_ROOT, 'test/fixtures/junit/junit.xsd'), file],
    {
      encoding: 'utf8',
    },
  );
  expect(r.error, 'xmllint (Debian libxml2-utils) must be installed').toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
}
