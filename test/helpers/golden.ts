// Masks what differs between two runs of the same code (times, ids, ports, prefixes, polling counts) in a report.

/** Routes whose call count depends on timing (waits poll until a resource is ready). */
const POLLING_ROUTE = / GET \/[^ ]*\{id\}$/;

const STRING_MASKS: Array<[RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>'],
  [/\d{8}T\d{6}Z/g, '<time>'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'],
  [/\b[0-9a-f]{32}\b/g, '<hex-id>'],
  [/scs-cert-[0-9a-f]{6}-/g, 'scs-cert-<run>-'],
  [/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>'],
];

/** Keys whose values vary from run to run whatever they hold. */
const VOLATILE_KEYS = new Set(['durationMs', 'waitedMs', 'node', 'argv']);

function maskString(s: string, tempDirs: string[]): string {
  let out = s;
  for (const dir of tempDirs) out = out.split(dir).join('<tmp>');
  for (const [re, by] of STRING_MASKS) out = out.replace(re, by);
  return out;
}

/**
 * The report with volatile values replaced by placeholders, object keys sorted, and lists whose order is the
 * order things finished in (artifacts, resources) sorted, so two runs of the same code compare equal.
 */
export function maskReport(report: unknown, tempDirs: string[] = []): unknown {
  const walk = (value: unknown, key: string | undefined, parent: string | undefined): unknown => {
    if (key !== undefined && VOLATILE_KEYS.has(key)) return '<volatile>';
    if (typeof value === 'string') return maskString(value, tempDirs);
    if (typeof value === 'number' && parent === 'byRoute' && key !== undefined && POLLING_ROUTE.test(key))
      return '<polling>';
    if (Array.isArray(value)) {
      const items = value.map((v) => walk(v, undefined, key));
      if (key === 'artifacts' || key === 'resources')
        items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      return items;
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, v]) => [k, walk(v, k, key)]));
    }
    return value;
  };
  const masked = walk(report, undefined, undefined);
  // The total includes the polling calls.
  if (masked && typeof masked === 'object' && 'apiCalls' in masked) {
    const calls = (masked as { apiCalls: { total?: unknown } }).apiCalls;
    if (calls && typeof calls === 'object') calls.total = '<polling>';
  }
  return masked;
}
