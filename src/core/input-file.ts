// Reading JSON files a user hands in (reports, recordings, saved runs): bounded in size and depth, and errors
// that name the file and the JSON pointer but never quote the file's content (it may be anything, e.g. a
// symlink to a secret file).
import { depthOf, readLimitedText } from './yaml.js';

/** A file that cannot be used as given; the message is one line naming the file (and pointer) and the fix. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

export const JSON_INPUT_LIMITS = { maxBytes: 256 * 1024 * 1024, maxDepth: 256 } as const;

/** Reads and parses a JSON file: size and depth bounded; syntax errors give the byte offset, not the text. */
export function readJsonInput(path: string, what: string, fix: string): unknown {
  let text: string;
  try {
    text = readLimitedText(path, JSON_INPUT_LIMITS.maxBytes);
  } catch (err) {
    throw new InputFileError(`cannot read ${what} ${path}: ${(err as Error).message}; ${fix}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error: keep only the position.
    const pos = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new InputFileError(
      `${what} ${path} is not valid JSON${pos ? ` (error at byte ${pos})` : ''}; ${fix}`,
    );
  }
  const depth = depthOf(data, JSON_INPUT_LIMITS.maxDepth + 1);
  if (depth > JSON_INPUT_LIMITS.maxDepth) {
    throw new InputFileError(
      `${what} ${path} is nested more than ${JSON_INPUT_LIMITS.maxDepth} levels deep; ${fix}`,
    );
  }
  return data;
}

/** One check of a file's shape: `${file} at ${pointer}: ${problem}; ${fix}`. */
export function shapeError(file: string, pointer: string, problem: string, fix: string): InputFileError {
  return new InputFileError(`${file} at ${pointer === '' ? '/' : pointer}: ${problem}; ${fix}`);
}

export type Shape = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'integer';

/** What a value is, in the words of the checks above. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Checks fields of an object against expected shapes; `optional` fields may be absent. Throws at the first
 * mismatch with its JSON pointer.
 */
export function expectFields(
  file: string,
  pointer: string,
  value: unknown,
  fields: Record<string, Shape | `${Shape}?`>,
  fix: string,
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw shapeError(file, pointer, `expected an object, found ${kindOf(value)}`, fix);
  const obj = value as Record<string, unknown>;
  for (const [key, spec] of Object.entries(fields)) {
    const optional = spec.endsWith('?');
    const shape = (optional ? spec.slice(0, -1) : spec) as Shape;
    const v = obj[key];
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (v === undefined) {
      if (optional) continue;
      throw shapeError(file, at, 'missing', fix);
    }
    const ok =
      shape === 'array'
        ? Array.isArray(v)
        : shape === 'object'
          ? v !== null && typeof v === 'object' && !Array.isArray(v)
          : shape === 'integer'
            ? Number.isInteger(v)
            : typeof v === shape;
    if (!ok)
      throw shapeError(
        file,
        at,
        `expected ${shape === 'integer' ? 'an integer' : `a ${shape}`}, found ${kindOf(v)}`,
        fix,
      );
  }
  return obj;
}
