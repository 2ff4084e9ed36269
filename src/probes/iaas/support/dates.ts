// Date formats named in the SCS image-metadata texts, parsed strictly in UTC, plus calendar arithmetic for recency.

/** Format tokens the data files may name; each is matched in full, fields checked for range. */
export const DATE_FORMATS = {
  'YYYY-MM-DD': /^(\d{4})-(\d{2})-(\d{2})$/,
  'YYYY-MM-DD hh:mm': /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/,
  'YYYY-MM-DD hh:mm:ss': /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
  'YYYY-MM-DDThh:mm:ssZ': /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/,
  YYYYMMDD: /^(\d{4})(\d{2})(\d{2})$/,
} as const;

export type DateFormat = keyof typeof DATE_FORMATS;

export const DAY_MS = 24 * 3600 * 1000;

/** Milliseconds since the epoch (UTC) if `text` matches one of `formats` and denotes a real instant; else undefined. */
export function parseDate(text: unknown, formats: readonly DateFormat[]): number | undefined {
  if (typeof text !== 'string') return undefined;
  for (const f of formats) {
    const m = DATE_FORMATS[f].exec(text);
    if (!m) continue;
    // Groups a format lacks (time of day) count as 0.
    const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m
      .slice(1)
      .map((x) => (x === undefined ? 0 : Number(x)));
    const t = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(t);
    // Reject 2024-02-30 and 25:00 instead of letting Date roll them over.
    if (
      back.getUTCFullYear() !== y ||
      back.getUTCMonth() !== mo - 1 ||
      back.getUTCDate() !== d ||
      back.getUTCHours() !== h ||
      back.getUTCMinutes() !== mi ||
      back.getUTCSeconds() !== s
    ) {
      continue;
    }
    return t;
  }
  return undefined;
}

/** Glance's own timestamps (`created_at`): ISO 8601 as the API writes it; undefined when absent or unparsable. */
export function parseApiTimestamp(text: unknown): number | undefined {
  if (
    typeof text !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)
  ) {
    return undefined;
  }
  // Glance omits the zone on some releases; its timestamps are UTC.
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** `t` plus `months` calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

export function isoOf(t: number): string {
  return new Date(t).toISOString();
}
