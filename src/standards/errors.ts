// One error type for every problem with a standards, scope, bindings or data file: file, place, cause, fix.

export class StandardsError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | undefined,
    readonly cause_: string,
    readonly fix?: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${cause_}${fix ? ` (fix: ${fix})` : ''}`);
    this.name = 'StandardsError';
  }
}
