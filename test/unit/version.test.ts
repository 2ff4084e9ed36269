import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, TOOL_VERSION, USER_AGENT } from '../../src/core/version.js';

describe('version', () => {
  it('reads the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toMatch(/^scs-cert\/\d+\.\d+\.\d+/);
  });
});
