// Text from a cloud may hold terminal control sequences (ESC, CR, other C0/C1 controls, bidi overrides): shown raw
// they repaint the terminal or hide text in Markdown. Human-facing renderers escape them to visible `\x1b` form.

/** C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control characters with visible escapes (`\x1b`, `\r`, `\u202e`); tab and newline stay. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\r') return '\\r';
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether a text holds anything `escapeControl` would change. */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}

/** A copy of a JSON-like value with every string (and key) passed through `escapeControl`. */
export function escapeControlDeep<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return escapeControl(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[escapeControl(k)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
