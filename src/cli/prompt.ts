// Asking for a secret on the terminal without echo (key passphrases); refuses when there is no terminal.
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

/**
 * Reads one line from the controlling terminal (stdin) with echo off. Ctrl-C aborts with exit 130,
 * Ctrl-D or Enter ends the input, Backspace edits. Not a terminal => one-line UsageError.
 */
export function ttyPromptSecret(question: string, hint = 'pass --passphrase-file FILE'): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    return Promise.reject(new UsageError(`${question.replace(/:\s*$/, '')}: no terminal to ask on; ${hint}`));
  }
  process.stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (err?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new UsageError('interrupted', EXIT.INTERRUPTED));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
