// The CLI's only door to the terminal: injectable so commands can be tested in-process.
import { isatty } from 'node:tty';
import { ttyPromptSecret } from './prompt.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (live progress) and colour is allowed. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks for a secret (key passphrase) without echo; absent when stdin is not a terminal. */
  promptSecret?: (question: string) => Promise<string>;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    // Only offered when there is a terminal to ask on; callers then explain the non-interactive way. Asked of
    // the descriptor: touching process.stdin would set up a stream on every start for nothing.
    ...(isatty(0) ? { promptSecret: (question: string) => ttyPromptSecret(question) } : {}),
  };
}
