// Helpers shared by the sign, verify and upload commands: paths, file reading and error mapping.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { KeyFileError } from '../../attest/keyfile.js';
import { UploadRefusedError } from '../../attest/upload.js';
import { ReportShapeError } from '../../attest/vc/index.js';
import { SshsigError } from '../../attest/sshsig/index.js';
import { VcVerifyError } from '../../attest/vc/index.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CliIO } from '../io.js';

export const inCwd = (io: CliIO, p: string): string => (isAbsolute(p) ? p : resolve(io.cwd, p));

/** Reads a file named on the command line; a missing file is a usage error naming the option. */
export function readArg(io: CliIO, p: string, what: string): Buffer {
  try {
    return readFileSync(inCwd(io, p));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${p} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`);
  }
}

export function readJsonArg(io: CliIO, p: string, what: string): unknown {
  const text = readArg(io, p, what).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} ${p} is not JSON: ${(err as Error).message}`);
  }
}

/** Maps the attest layer's one-line errors to CLI errors with the right exit code; rethrows the rest. */
export function toCliError(err: unknown): unknown {
  if (err instanceof SshsigError || err instanceof VcVerifyError) {
    return new UsageError(`verification failed: ${err.message}`, EXIT.VERIFY_FAILED);
  }
  if (err instanceof KeyFileError || err instanceof UploadRefusedError || err instanceof ReportShapeError) {
    return new UsageError(err.message);
  }
  return err;
}

/** Parses an ISO 8601 time given on the command line. */
export function parseTimeArg(value: string, option: string): Date {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(
      `${option} ${JSON.stringify(value)} is not a time (use ISO 8601, e.g. 2026-09-01T00:00:00Z)`,
    );
  return new Date(t);
}
