// The naming tables: schema-valid, consistent, and holding exactly the values the standard texts list.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  FLAVOR_NAMING_DATA_FILE,
  FLAVOR_NAMING_SCHEMA_FILE,
  asFlavorNamingTables,
  defaultFlavorNamingTables,
  loadFlavorNamingTables,
  parseFlavorName,
  type FlavorNamingTables,
  type SyntaxVersion,
} from '../../src/flavor-name/index.js';

const tables = defaultFlavorNamingTables();
const clone = (): FlavorNamingTables => structuredClone(tables);
const gensIn = (list: Array<{ code: string | number; versions: SyntaxVersion[] }>, v: SyntaxVersion) =>
  list.filter((g) => g.versions.includes(v)).map((g) => String(g.code));

describe('scs-0100 flavor naming tables', () => {
  it('start with a comment naming the standard texts', () => {
    const text = readFileSync(FLAVOR_NAMING_DATA_FILE, 'utf8');
    expect(text.startsWith('#')).toBe(true);
    expect(text).toContain('scs-0100-v3-flavor-naming.md');
  });

  it('validate against the schema and load', () => {
    expect(() => loadFlavorNamingTables()).not.toThrow();
    expect(tables.id).toBe('scs-0100-flavor-naming');
    expect(tables.prefix).toBe('SCS-');
  });

  it('reject data that does not match the schema, naming the place', () => {
    const bad = clone() as unknown as { cpu: { types: Array<Record<string, unknown>> } };
    (bad.cpu.types[0] as Record<string, unknown>).extra = 1;
    expect(() => asFlavorNamingTables(bad)).toThrow(/\/cpu\/types\/0/);
    expect(() => asFlavorNamingTables({})).toThrow(/schema/);
    expect(() => loadFlavorNamingTables('/nonexistent/tables.yaml')).toThrow(/cannot read/);
  });

  it('have no two entries with the same code in the same version', () => {
    const groups: Array<Array<{ code: string | number; versions: SyntaxVersion[] }>> = [
      tables.disk.types,
      tables.hypervisors,
      ...tables.cpuVendors.map((v) => v.generations),
      ...tables.gpuVendors.map((v) => v.generations),
      tables.gpuFrequencies,
      tables.gpuVram.bandwidths,
    ];
    for (const group of groups) {
      for (const v of ['v1', 'v2', 'v3'] as const) {
        const codes = gensIn(group, v);
        expect(new Set(codes).size, `${codes.join(',')} in ${v}`).toBe(codes.length);
      }
    }
  });

  it('hold the CPU types, RAM flags and disk types of the texts', () => {
    expect(tables.cpu.types.map((t) => t.code)).toEqual(['L', 'V', 'T', 'C']);
    expect(tables.cpu.insecure.code).toBe('i');
    expect(tables.ram.flags.map((f) => f.code)).toEqual(['u', 'o']);
    expect(tables.ram.stepGiB).toBe(0.5);
    expect(tables.ram.discourageHalfFromGiB).toBe(10);
    for (const v of ['v1', 'v2', 'v3'] as const)
      expect(gensIn(tables.disk.types, v)).toEqual(['n', 'h', 's', 'p']);
  });

  it('know chy only from v3 on', () => {
    expect(gensIn(tables.hypervisors, 'v1')).toEqual(['kvm', 'xen', 'vmw', 'hyv', 'bms']);
    expect(gensIn(tables.hypervisors, 'v2')).toEqual(['kvm', 'xen', 'vmw', 'hyv', 'bms']);
    expect(gensIn(tables.hypervisors, 'v3')).toEqual(['kvm', 'chy', 'xen', 'vmw', 'hyv', 'bms']);
    expect(tables.hypervisors.find((h) => h.default)?.code).toBe('kvm');
  });

  // Generation tables as printed in each text.
  const cpuGenerations: Record<string, Record<SyntaxVersion, string[]>> = {
    i: { v1: ['0', '1', '2', '3'], v2: ['0', '1', '2', '3', '4'], v3: ['0', '1', '2', '3', '4', '5', '6'] },
    z: {
      v1: ['0', '1', '2', '3', '4'],
      v2: ['0', '1', '2', '3', '4'],
      v3: ['0', '1', '2', '3', '4', '5', '6'],
    },
    a: { v1: ['0', '1', '2', '3'], v2: ['0', '1', '2', '3'], v3: ['0', '1', '2', '3', '4', '5'] },
    r: { v1: ['0'], v2: ['0'], v3: ['0'] },
  };
  it.each(Object.entries(cpuGenerations))(
    'hold the %s CPU generations of each text',
    (vendor, perVersion) => {
      const entry = tables.cpuVendors.find((v) => v.code === vendor);
      expect(entry).toBeDefined();
      for (const v of ['v1', 'v2', 'v3'] as const)
        expect(gensIn(entry?.generations ?? [], v)).toEqual(perVersion[v]);
    },
  );

  const gpuGenerations: Record<string, Record<SyntaxVersion, string[]>> = {
    N: {
      v1: ['f', 'k', 'm', 'p', 'v', 't', 'a'],
      v2: ['f', 'k', 'm', 'p', 'v', 't', 'a', 'l'],
      v3: ['f', 'k', 'm', 'p', 'v', 't', 'a', 'l', 'g', 'b', 'u'],
    },
    A: {
      v1: ['0.1', '0.2', '0.3', '0.4', '0.5', '1', '2'],
      v2: ['0.1', '0.2', '0.3', '0.4', '0.5', '1', '2', '3'],
      v3: [
        '0.1',
        '0.2',
        '0.3',
        '0.4',
        '0.5',
        '1',
        '1.1',
        '2',
        '2.1',
        '3',
        '3.1',
        '3.5',
        '4',
        '4.1',
        '5',
        '5.1',
      ],
    },
    I: { v1: ['0.9', '1'], v2: ['0.9', '1'], v3: ['0.9', '0.95', '1', '2', '3', '4'] },
  };
  it.each(Object.entries(gpuGenerations))(
    'hold the %s GPU generations of each text',
    (vendor, perVersion) => {
      const entry = tables.gpuVendors.find((v) => v.code === vendor);
      for (const v of ['v1', 'v2', 'v3'] as const) {
        expect([...gensIn(entry?.generations ?? [], v)].sort()).toEqual([...perVersion[v]].sort());
      }
    },
  );

  it('give AMD generation 1 the meaning of its version (RDNA1 in v2, CDNA1 in v3)', () => {
    const amd = tables.gpuVendors.find((v) => v.code === 'A');
    const one = amd?.generations.filter((g) => g.code === '1') ?? [];
    expect(one.find((g) => g.versions.includes('v2'))?.name).toMatch(/RDNA/);
    expect(one.find((g) => g.versions.includes('v3'))?.name).toMatch(/CDNA/);
  });

  it('drive the parser: injected tables change what parses', () => {
    expect(parseFlavorName('SCS-2V-4_qvm').status).toBe('invalid');
    const t = clone();
    t.hypervisors.push({ code: 'qvm', name: 'test hypervisor', versions: ['v3'] });
    expect(parseFlavorName('SCS-2V-4_qvm', { tables: t }).status).toBe('valid');
    expect(parseFlavorName('SCS-2V-4_qvm', { tables: t, profile: 'reference' }).status).toBe('valid');
    const u = clone();
    u.cpu.types = u.cpu.types.filter((c) => c.code !== 'L');
    expect(parseFlavorName('SCS-1L-1', { tables: u }).status).toBe('invalid');
    expect(parseFlavorName('SCS-1L-1', { tables: u, profile: 'reference' }).status).toBe('invalid');
  });

  it('have a strict schema: draft 2020-12, the project $id, no additional properties anywhere', () => {
    const schema = JSON.parse(readFileSync(FLAVOR_NAMING_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://scs-cert.dev/schemas/data/scs-0100-flavor-naming.schema.json');
    const loose: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const obj = node as Record<string, unknown>;
      if (obj.type === 'object' && obj.additionalProperties !== false) loose.push(path);
      for (const [k, v] of Object.entries(obj)) walk(v, `${path}/${k}`);
    };
    walk(schema, '');
    expect(loose).toEqual([]);
  });

  it('are parsed YAML equal to what the loader returns', () => {
    expect(parse(readFileSync(FLAVOR_NAMING_DATA_FILE, 'utf8'))).toEqual(tables);
  });
});
