// Reading signing keys from files: passphrase from a file, a caller's prompt, or a one-line refusal.
import { readFileSync } from 'node:fs';
import { redactor } from '../core/redact.js';
import {
  PassphraseRequiredError,
  UnsupportedKeyError,
  WrongPassphraseError,
  isEncryptedPrivateKey,
  loadPrivateKey,
  type SshPrivateKey,
} from './sshsig/index.js';
import { SshFormatError } from './sshsig/wire.js';

/** A key that cannot be used; the message is one line naming the file, the cause and the fix. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

export interface KeyFileOptions {
  /** The passphrase itself (library callers that already hold it). */
  passphrase?: string;
  /** File holding the passphrase; one trailing newline is ignored. */
  passphraseFile?: string;
  /** Asks the user (e.g. on the terminal without echo); absent = no interaction possible. */
  prompt?: (question: string) => Promise<string>;
}

/** Reads a file and names it in the error when it cannot be read. */
export function readFileOrFail(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : String(code ?? err);
    throw new KeyFileError(`${what} ${path} ${why}`);
  }
}

/** A passphrase file holds the passphrase; a single trailing newline (LF or CRLF) is not part of it. */
export function readPassphraseFile(path: string): string {
  const passphrase = readFileOrFail(path, 'passphrase file')
    .toString('utf8')
    .replace(/\r?\n$/, '');
  redactor.addSecret(passphrase);
  return passphrase;
}

export async function loadKeyFile(path: string, opts: KeyFileOptions = {}): Promise<SshPrivateKey> {
  const text = readFileOrFail(path, 'key file').toString('utf8');
  let encrypted: boolean;
  try {
    encrypted = isEncryptedPrivateKey(text);
  } catch (err) {
    throw new KeyFileError(`key file ${path} is not a usable private key: ${(err as Error).message}`);
  }
  let passphrase = opts.passphrase;
  if (encrypted && passphrase === undefined) {
    if (opts.passphraseFile !== undefined) passphrase = readPassphraseFile(opts.passphraseFile);
    else if (opts.prompt) passphrase = await opts.prompt(`Enter passphrase for ${path}: `);
    else
      throw new KeyFileError(
        `key file ${path} is encrypted and there is no terminal to ask for its passphrase: pass --passphrase-file FILE`,
      );
  }
  try {
    return loadPrivateKey(text, encrypted ? passphrase : undefined);
  } catch (err) {
    if (err instanceof WrongPassphraseError)
      throw new KeyFileError(`incorrect passphrase for key file ${path}`);
    if (err instanceof PassphraseRequiredError) {
      throw new KeyFileError(`key file ${path} is encrypted: pass --passphrase-file FILE`);
    }
    if (err instanceof UnsupportedKeyError || err instanceof SshFormatError) {
      throw new KeyFileError(`key file ${path}: ${err.message}`);
    }
    throw err;
  }
}
