// Where reports go and how they are written: `-o DIR` or `-o FILE.ext`, checked before anything touches the
// cloud, written without ever replacing or following a user's file, redacted, with a fallback if the write fails.
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { redact, redactor } from '../core/redact.js';
import type { ConformanceReport } from '../results/report.js';
import { EXTENSION, FORMATS, render, type Format } from '../reporters/index.js';
import { UsageError } from '../core/errors.js';

/** A directory of `<subject>-<scope>-<time>.<ext>` files, or exactly one file in one format. */
export type OutputTarget = { kind: 'dir'; dir: string } | { kind: 'file'; path: string; format: Format };

/** File extensions that make `-o` name a single report file (the SCS runner's `-o report.yaml`). */
export function formatForFileName(name: string): Format | undefined {
  const lower = name.toLowerCase();
  // Longest extension first: `.junit.xml` before `.xml`.
  const known: Array<[string, Format]> = [
    ...FORMATS.map((f): [string, Format] => [`.${EXTENSION[f]}`, f]),
    ['.yml', 'yaml'] as [string, Format],
    ['.xml', 'junit'] as [string, Format],
    ['.markdown', 'md'] as [string, Format],
  ].sort((a, b) => b[0].length - a[0].length);
  return known.find(([ext]) => lower.endsWith(ext))?.[1];
}

/**
 * Reads `-o`: a trailing `/` or an existing directory is a directory; a name ending in a report extension is
 * one file in that format (it must not exist yet); anything else is a directory to create.
 */
export function resolveOutput(arg: string, cwd: string): OutputTarget {
  const path = resolve(cwd, arg);
  if (/[/\\]$/.test(arg)) return { kind: 'dir', dir: path };
  const st = lstatOrUndefined(path);
  if (st?.isDirectory()) return { kind: 'dir', dir: path };
  const format = extname(path) ? formatForFileName(basename(path)) : undefined;
  return format ? { kind: 'file', path, format } : { kind: 'dir', dir: path };
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Creates a directory and its missing parents one level at a time. (Node's recursive mkdir never returns on
 * some pseudo file systems, e.g. under /proc; this fails there at once.)
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (;;) {
    const st = lstatOrUndefined(d);
    if (st) {
      if (!st.isDirectory() && !(st.isSymbolicLink() && isDirThroughLink(d))) {
        throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR' });
      }
      break;
    }
    missing.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}

function isDirThroughLink(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is not a directory',
    ENOENT: 'no such directory',
    ENOSPC: 'no space left on device',
    EEXIST: 'a file of that name exists',
    ELOOP: 'it is a symbolic link',
    EISDIR: 'it is a directory',
  };
  return (e?.code && why[e.code]) ?? e?.code ?? String((err as Error)?.message ?? err);
}

/** Opens a new file for writing: fails if anything (file, symlink, directory) already has that name. */
function createExclusive(path: string): number {
  return openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
}

/**
 * Checks (and creates) the output location before the run starts, so an impossible `-o` costs nothing:
 * the directory can hold a new file, or the file's directory can and the file does not exist yet.
 */
export function checkOutput(target: OutputTarget): void {
  const dir = target.kind === 'dir' ? target.dir : dirname(target.path);
  const what = target.kind === 'dir' ? `report directory ${dir}` : `report file ${target.path}`;
  if (target.kind === 'file' && lstatOrUndefined(target.path)) {
    throw new UsageError(
      `${what} exists already; scs-cert never overwrites a report: choose a new name or a directory (-o DIR/)`,
    );
  }
  try {
    makeDirs(dir);
  } catch (err) {
    throw new UsageError(`cannot create the ${what}: ${reason(err)}; choose another -o`);
  }
  // Prove a new file can be created there (a directory may exist yet be read-only, or be a pseudo file system).
  const probe = join(dir, `.scs-cert-write-test-${process.pid}-${Date.now()}`);
  try {
    closeSync(createExclusive(probe));
    unlinkSync(probe);
  } catch (err) {
    throw new UsageError(`cannot write into ${dir}: ${reason(err)}; choose another -o`);
  }
}

export function reportBaseName(report: ConformanceReport): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  // The report's own time (when it was made), not when the cloud was observed: evaluating a recording again
  // must never produce the original report's name.
  const stamp = report.run.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${safe(report.subject.name)}-${safe(report.scope.alias ?? report.scope.uuid)}-${stamp}`;
}

/** Writes into a new file: fails when anything (file, symlink, directory) has the name already. */
export function writeNew(path: string, text: string | Uint8Array): string {
  const fd = createExclusive(path);
  try {
    writeFileSync(fd, text);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // the partial file stays; the fallback copy is complete
    }
    throw err;
  }
  closeSync(fd);
  return path;
}

export interface WrittenReports {
  files: string[];
  /** Set when the chosen place failed and the reports went to a fallback directory instead. */
  fallback?: { dir: string; reason: string };
}

/** Renders (redacted) and writes every format; JSON first, as it is the source of truth. */
export function writeReports(
  report: ConformanceReport,
  target: OutputTarget,
  formats: Format[],
): WrittenReports {
  const clean = redactor.json(report);
  const rendered = (f: Format) => redact(render(clean, f));
  try {
    return { files: writeTo(target, formats, clean, rendered) };
  } catch (err) {
    const why = `${target.kind === 'dir' ? target.dir : target.path}: ${reason(err)}`;
    const dir = mkdtempSync(join(tmpdir(), 'scs-cert-reports-'));
    const files = writeTo({ kind: 'dir', dir }, formats, clean, rendered);
    return { files, fallback: { dir, reason: why } };
  }
}

function writeTo(
  target: OutputTarget,
  formats: Format[],
  report: ConformanceReport,
  rendered: (f: Format) => string,
): string[] {
  if (target.kind === 'file') return [writeNew(target.path, rendered(target.format))];
  makeDirs(target.dir);
  const base = join(target.dir, reportBaseName(report));
  const ordered = [...formats].sort((a, b) => (a === 'json' ? -1 : b === 'json' ? 1 : 0));
  // One suffix for the whole set, so the formats of one report keep one name.
  for (let n = 1; n < 1000; n++) {
    const stem = n === 1 ? base : `${base}-${n}`;
    const files = ordered.map((format) => ({ format, name: `${stem}.${EXTENSION[format]}` }));
    if (files.some(({ name }) => lstatOrUndefined(name))) continue;
    return files.map(({ format, name }) => writeNew(name, rendered(format)));
  }
  throw new UsageError(`${target.dir} holds 999 reports named ${basename(base)}; choose another -o`);
}
