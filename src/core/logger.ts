// The logger and progress callback every layer writes to; the CLI decides where the lines go.

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Progress callback for long waits (VM boot, backups, sonobuoy): shown live on a TTY. */
export type ProgressFn = (what: string) => void;
