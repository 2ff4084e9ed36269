// Shared fixtures for the flavor-name tests: the text examples and the reference-parser record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import type { SyntaxVersion } from '../../src/flavor-name/index.js';

export interface TextExample {
  name: string;
  text: 'v1' | 'v2' | 'v3' | 'w1';
  section: string;
  syntax: SyntaxVersion;
  valid: boolean;
  note?: string;
}

export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'flavor-name');

export function textExamples(): TextExample[] {
  const doc = parse(readFileSync(join(FIXTURES, 'text-examples.yaml'), 'utf8')) as {
    examples: TextExample[];
  };
  return doc.examples;
}

export interface OracleEntry {
  name: string;
  verdict: 'valid' | 'invalid' | 'not-scs';
  tolerated?: boolean;
  short?: string;
  canonical?: string;
}

export function oracleRecord(): OracleEntry[] {
  const doc = JSON.parse(readFileSync(join(FIXTURES, 'reference-oracle.json'), 'utf8')) as {
    names: OracleEntry[];
  };
  return doc.names;
}
