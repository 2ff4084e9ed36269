// Invariants the types cannot carry (a regex group that matched, an index a loop bound checks, a key a map was
// filled with): one helper that names the invariant and fails loudly, instead of a silent non-null `!`.

/** A broken invariant: a bug in scs-cert, never the user's input (reported as an internal error). */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

/** `value`, which the code around it guarantees is there; throws InvariantError naming `what` when it is not. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new InvariantError(`internal: ${what} is missing`);
  return value;
}
