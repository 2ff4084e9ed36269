// The scs-0114 aspect list at the start of a volume type description: `[scs:aspect1, aspect2, ...]`.

/** Aspects scs-0114 standardises. */
export const RECOGNIZED_ASPECTS = ['encrypted', 'replicated'] as const;

const ASPECT_LIST = /^\[scs:([^[\]]*)\]/;

/** The aspects listed at the start of `description`; undefined when it does not start with an aspect list. */
export function aspectList(description: string | null | undefined): string[] | undefined {
  if (!description) return undefined;
  const m = ASPECT_LIST.exec(description);
  if (!m) return undefined;
  const inner = m[1] ?? '';
  // `[scs:]` is an empty list: nothing advertised, nothing wrong.
  if (inner.trim() === '') return [];
  return inner.split(',').map((a) => a.trim());
}
