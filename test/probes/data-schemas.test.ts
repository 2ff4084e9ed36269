// The parameter data files (standards/data) and the IaaS binding file validate against their JSON Schemas.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { DATA_DIR } from './helpers.js';

const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const SCHEMA_DIR = join(PACKAGE_ROOT, 'schemas', 'data');
const OURS = [
  'scs-0102-image-metadata-v1',
  'scs-0102-image-metadata-v2',
  'scs-0103-standard-flavors',
  'scs-0104-images-v1-1',
  'scs-0104-images-v1-2',
  'scs-0123-services',
];

function ajv(): Ajv2020 {
  const a = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  (addFormats as unknown as (x: Ajv2020) => void)(a);
  for (const f of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
    a.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as object);
  }
  return a;
}

describe('IaaS data files', () => {
  const a = ajv();
  for (const id of OURS) {
    it(`${id}.yaml validates against its schema, which has the conventional $id`, () => {
      const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${id}.schema.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(schema.$id).toBe(`https://scs-cert.dev/schemas/data/${id}.schema.json`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const text = readFileSync(join(DATA_DIR, `${id}.yaml`), 'utf8');
      expect(text.startsWith('# ')).toBe(true);
      const validate = a.getSchema(schema.$id as string)!;
      const ok = validate(parse(text));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects unknown keys and bad values (the schemas can fail)', () => {
    const flavors = a.getSchema('https://scs-cert.dev/schemas/data/scs-0103-standard-flavors.schema.json')!;
    const data = parse(readFileSync(join(DATA_DIR, 'scs-0103-standard-flavors.yaml'), 'utf8')) as {
      flavors: Array<Record<string, unknown>>;
    };
    expect(flavors({ ...data, extra: 1 })).toBe(false);
    const bad = structuredClone(data);
    bad.flavors[0]!.vcpus = 0;
    expect(flavors(bad)).toBe(false);

    const meta = a.getSchema('https://scs-cert.dev/schemas/data/scs-0102-image-metadata-v1.schema.json')!;
    const md = parse(readFileSync(join(DATA_DIR, 'scs-0102-image-metadata-v1.yaml'), 'utf8')) as {
      properties: Record<string, Record<string, unknown>>;
    };
    const bad2 = structuredClone(md);
    bad2.properties.architecture!.check = { kind: 'enum', values: [], extra: true };
    expect(meta(bad2)).toBe(false);
    const bad3 = structuredClone(md);
    bad3.properties.image_build_date!.check = {
      kind: 'build-date',
      formats: ['DD.MM.YYYY'],
      notAfterCreatedAt: true,
      notInFuture: true,
    };
    expect(meta(bad3)).toBe(false);

    const images = a.getSchema('https://scs-cert.dev/schemas/data/scs-0104-images-v1-2.schema.json')!;
    expect(
      images({
        standard: 'scs-0104-v1',
        url: 'https://x.example/',
        images: [{ name: 'A', status: 'maybe', source: ['x'] }],
      }),
    ).toBe(false);
    expect(
      images({
        standard: 'scs-0104-v1',
        url: 'https://x.example/',
        images: [{ name: 'A', name_scheme: '([', status: 'optional', source: ['x'] }],
      }),
    ).toBe(false);
  });
});
