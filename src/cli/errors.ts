// Errors that end a command with a one-line message (cause + fix) instead of a stack trace.
import { EXIT } from './exit-codes.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
