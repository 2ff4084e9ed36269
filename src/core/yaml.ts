// The one way user-supplied YAML is read (clouds.yaml, scope files, bindings, data, participant files, …): a size
// limit before parsing, an alias limit (no "billion laughs") and a depth limit, each a one-line error.
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, DocumentOptions, LineCounter, ParseOptions } from 'yaml';

// The YAML library is loaded on first use only, so commands that read no YAML start without it.
const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlLib ??= require('yaml') as typeof import('yaml'));

export const YAML_LIMITS = {
  /** Larger files are refused before parsing (real configuration and standards files are far smaller). */
  maxBytes: 16 * 1024 * 1024,
  /** Aliases resolved per document; each may expand to a whole subtree, so this bounds the expansion. */
  maxAliasCount: 100,
  /** Nesting of mappings and sequences. */
  maxDepth: 200,
} as const;

/** Input YAML the loader refused; `where` is `line N, column M` when known. `message` has no file name. */
export class YamlInputError extends Error {
  constructor(
    readonly source: string,
    readonly where: string | undefined,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`${source}${where ? ` (${where})` : ''}: ${reason}; ${fix}`);
    this.name = 'YamlInputError';
  }
}

export interface ParsedYaml {
  doc: Document;
  data: unknown;
  lineCounter: LineCounter;
}

/**
 * Reads a file for parsing: refuses anything but a regular file and anything larger than the limit, before
 * reading it whole. Errors name the file and never quote its content.
 */
export function readLimitedText(path: string, maxBytes: number = YAML_LIMITS.maxBytes): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw Object.assign(
      new Error(code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? 'error'})`),
      {
        code,
      },
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (st.size > maxBytes)
      throw Object.assign(new Error(`${st.size} bytes, more than the limit of ${maxBytes}`), {
        code: 'EFBIG',
      });
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Parses one YAML document within the limits; syntax errors and exceeded limits become YamlInputError. */
export function parseLimitedYaml(
  text: string,
  source: string,
  options: ParseOptions & DocumentOptions = {},
): ParsedYaml {
  if (text.length > YAML_LIMITS.maxBytes) {
    throw new YamlInputError(
      source,
      undefined,
      `${text.length} characters, more than the limit of ${YAML_LIMITS.maxBytes}`,
      'give a smaller file',
    );
  }
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: false, ...options, lineCounter });
  } catch (err) {
    throw limitError(source, err);
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new YamlInputError(
      source,
      `line ${pos.line}, column ${pos.col}`,
      `malformed YAML: ${first.message.split('\n')[0] ?? first.message}`,
      'correct the YAML syntax',
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    throw limitError(source, err);
  }
  const depth = depthOf(data);
  if (depth > YAML_LIMITS.maxDepth) {
    throw new YamlInputError(
      source,
      undefined,
      `nested ${depth} levels deep, more than the limit of ${YAML_LIMITS.maxDepth}`,
      'flatten the file',
    );
  }
  return { doc, data, lineCounter };
}

function limitError(source: string, err: unknown): YamlInputError {
  const e = err as Error;
  if (e instanceof ReferenceError || /alias/i.test(e?.message ?? '')) {
    return new YamlInputError(
      source,
      undefined,
      `too many or too large alias expansions (limit ${YAML_LIMITS.maxAliasCount}); a YAML "billion laughs"?`,
      'write the values out instead of nesting aliases',
    );
  }
  if (e instanceof RangeError) {
    return new YamlInputError(source, undefined, 'nested too deeply to read', 'flatten the file');
  }
  return new YamlInputError(
    source,
    undefined,
    `cannot be read: ${e?.message ?? String(err)}`,
    'fix the file',
  );
}

/** Depth of nested arrays/objects, iteratively (a deep document must not overflow the stack here). */
export function depthOf(value: unknown, stopAt: number = YAML_LIMITS.maxDepth + 1): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, d] = top;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (d + 1 > max) max = d + 1;
    if (max >= stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>))
      stack.push([child, d + 1]);
  }
  return max;
}
