// Exit codes of every scs-cert command (documented in docs/exit-codes.md).
export const EXIT = {
  /** Every mandatory testcase of every selected version passed. */
  COMPLIANT: 0,
  /** At least one mandatory testcase failed. */
  NON_COMPLIANT: 1,
  /** Nothing failed, but something aborted or is missing: no verdict can be given. */
  INCOMPLETE: 2,
  /** Bad command line, configuration or standards file: nothing was checked. */
  USAGE: 64,
  /** Verification of a signature or credential failed. */
  VERIFY_FAILED: 3,
  /** The compliance monitor did not accept an upload (or could not be reached). */
  UPLOAD_FAILED: 4,
  /** The cloud could not be reached or answered with server errors before anything was checked. */
  UNAVAILABLE: 69,
  /** Unexpected internal error (a bug). */
  INTERNAL: 70,
  /** Interrupted by the user (Ctrl-C); results gathered so far were saved. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
