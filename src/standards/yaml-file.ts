// Reads YAML with positions kept, so schema errors can name the line of the offending key.
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import { parseLimitedYaml, readLimitedText, YamlInputError } from '../core/yaml.js';
import { StandardsError } from './errors.js';
import { prevalidated } from '../core/prevalidated.js';
import { sha256Digest } from '../util/canonical-json.js';

// The YAML library is loaded on first use only: files checked at build time never need it.
const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlLib ??= require('yaml') as typeof import('yaml'));

export interface YamlFile {
  path: string;
  text: string;
  readonly data: unknown;
  /** `sha256:<hex>` of the text's UTF-8 bytes (from the build's record for a shipped file, else computed). */
  readonly digest: string;
  /** Checks the data passed at build time (schema ids, pseudo checks); empty for a file parsed here. */
  readonly passed: readonly string[];
  /** `line N` of the node at a JSON pointer (e.g. `/versions/0/include`), or undefined. */
  lineOf(pointer: string): number | undefined;
}

export function readYamlFile(path: string): YamlFile {
  let text: string;
  try {
    text = readLimitedText(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StandardsError(
      path,
      undefined,
      code === 'ENOENT' ? 'file not found' : `cannot read file (${(err as Error).message})`,
      code === 'ENOENT' ? 'check the path' : undefined,
    );
  }
  return parseYamlText(path, text);
}

export function parseYamlText(path: string, text: string): YamlFile {
  const known = prevalidated(path, text);
  if (known === undefined) return parseWithPositions(path, text);
  // Data is parsed when first asked for (a digest or a passed check may be all a reader needs); lines only when
  // reporting a problem: parse with positions then.
  let positioned: YamlFile | undefined;
  return {
    path,
    text,
    get data() {
      return known.data();
    },
    digest: known.digest,
    passed: known.passed,
    lineOf: (pointer) => (positioned ??= parseWithPositions(path, text)).lineOf(pointer),
  };
}

function parseWithPositions(path: string, text: string): YamlFile {
  const { isMap, isSeq } = yaml();
  let parsed;
  try {
    // YAML 1.2 core schema: unquoted dates stay strings, exactly as the scope files mean them.
    parsed = parseLimitedYaml(text, path, { uniqueKeys: true });
  } catch (err) {
    if (err instanceof YamlInputError) throw new StandardsError(path, err.where, err.reason, err.fix);
    throw err;
  }
  const { doc, data, lineCounter } = parsed;
  let digest: string | undefined;
  return {
    path,
    text,
    data,
    get digest() {
      return (digest ??= sha256Digest(text));
    },
    passed: [],
    lineOf(pointer: string): number | undefined {
      const parts = pointer
        .split('/')
        .slice(1)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      let node: unknown = doc.contents;
      let last: Node | undefined = isNodeLike(node) ? node : undefined;
      for (const part of parts) {
        if (isMap(node)) {
          const pair = node.items.find(
            (it) => String((it.key as { value?: unknown })?.value ?? it.key) === part,
          );
          if (!pair) break;
          if (isNodeLike(pair.key)) last = pair.key;
          node = pair.value;
          if (isNodeLike(node)) last = node;
        } else if (isSeq(node)) {
          const item = node.items[Number(part)];
          if (item === undefined) break;
          node = item;
          if (isNodeLike(node)) last = node;
        } else break;
      }
      const range = last?.range;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    },
  };
}

function isNodeLike(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'range' in x;
}
