// The build's record of checked standards files (dist/prevalidated/standards.records): used only for byte-identical texts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { parseYamlText } from '../../src/standards/yaml-file.js';

// The record belongs to the compiled code, so the built module is the one to ask (`npm test` builds first).
const built = (await import(
  join(PACKAGE_ROOT, 'dist', 'core', 'prevalidated.js')
)) as typeof import('../../src/core/prevalidated.js');
const file = join(PACKAGE_ROOT, 'standards', 'scopes', 'scs-compatible-iaas.yaml');
const text = readFileSync(file, 'utf8');

describe('prevalidated standards files', () => {
  it('gives the same data as parsing the file, and marks the schema it passed', () => {
    const data = built.prevalidatedData(file, text);
    expect(data).toEqual(parseYamlText(file, text).data);
    expect(built.passedAtBuild(data, 'https://scs-cert.dev/schemas/scope.schema.json')).toBe(true);
    expect(built.passedAtBuild(data, 'https://scs-cert.dev/schemas/bindings.schema.json')).toBe(false);
  });

  it('gives the digest of the exact text and passed checks without parsing the data', () => {
    const known = built.prevalidated(file, text);
    expect(known?.digest).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(known?.passed).toEqual(['https://scs-cert.dev/schemas/scope.schema.json']);
    // Each reader gets its own copy of the data.
    expect(known?.data()).not.toBe(built.prevalidated(file, text)?.data());
    expect(known?.data()).toBe(known?.data());
  });

  it('is not used for a changed text, a file outside standards/, or data it did not produce', () => {
    expect(built.prevalidatedData(file, `${text}\n# edited\n`)).toBeUndefined();
    expect(built.prevalidatedData(join(PACKAGE_ROOT, 'package.json'), text)).toBeUndefined();
    expect(
      built.passedAtBuild(parseYamlText(file, text).data, 'https://scs-cert.dev/schemas/scope.schema.json'),
    ).toBe(false);
  });
});
