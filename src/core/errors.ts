// Errors that end a command with a one-line message (cause + fix) and an exit code, raised from any layer.
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
