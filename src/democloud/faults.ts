// Fault injection for the embedded cloud: latency, error bursts, hangs, broken bodies — deterministic by construction.

export type FaultKind = 'status' | 'hang' | 'truncate' | 'malformed' | 'latency' | 'reset';

export interface FaultRule {
  /**
   * Which calls the rule applies to, tested against `"METHOD /path"` (path without query).
   * A string is a pattern where `*` matches any characters; a pattern starting with `/` matches every method.
   * Omitted: every call.
   */
  route?: string | RegExp;
  /** Let the first N matching calls through untouched. */
  skip?: number;
  /** Apply to at most N matching calls (after `skip`); omitted: to all of them. */
  times?: number;
  /** Apply with this probability (0..1), drawn from the spec's seeded generator; omitted: always. */
  probability?: number;
  /**
   * `status`: answer `status` (default 503) in the service's error format, with `Retry-After` if given;
   * `hang`: never answer (the connection stays open until the client gives up or the cloud stops);
   * `truncate`: carry the request out, send the real headers (full Content-Length) and half the body, then cut
   *   the connection (an answer without a body, e.g. 204: cut before the answer);
   * `malformed`: answer with a well-framed body that is not valid JSON;
   * `latency`: delay this call by `ms` more;
   * `reset`: close the connection without any answer.
   */
  fault: FaultKind;
  status?: number;
  /** Seconds, sent as `Retry-After` with `status` faults. */
  retryAfter?: number;
  /** Error message for `status` faults. */
  message?: string;
  /**
   * With `status`: the error message repeats the request's headers and body, as careless clouds' error pages
   * do (credentials included) — for testing that nothing a cloud echoes leaks from scs-cert.
   */
  echo?: boolean;
  /** Milliseconds, for `latency`. */
  ms?: number;
}

export interface FaultSpec {
  /** Added to every call before it is answered, in milliseconds. */
  latencyMs?: number;
  /** Seed of the generator used by rules with a `probability`. */
  seed?: number;
  rules?: FaultRule[];
}

export interface FaultDecision {
  delayMs: number;
  /** The first matching rule that changes the answer (latency rules only add delay). */
  action?: FaultRule;
}

function patternToRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return pattern.startsWith('/') ? new RegExp(`^[A-Z]+ ${escaped}$`) : new RegExp(`^${escaped}$`);
}

/** mulberry32: a tiny seeded generator, so `probability` faults repeat run after run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultEngine {
  private readonly rules: Array<{ rule: FaultRule; regex?: RegExp; seen: number; applied: number }>;
  private readonly random: () => number;
  readonly latencyMs: number;

  constructor(spec: FaultSpec = {}) {
    this.latencyMs = spec.latencyMs ?? 0;
    this.random = generator(spec.seed ?? 1);
    this.rules = (spec.rules ?? []).map((rule) => {
      validateRule(rule);
      const regex =
        rule.route === undefined
          ? undefined
          : typeof rule.route === 'string'
            ? patternToRegex(rule.route)
            : rule.route;
      return { rule, regex, seen: 0, applied: 0 };
    });
  }

  decide(method: string, path: string): FaultDecision {
    const subject = `${method} ${path}`;
    let delayMs = this.latencyMs;
    let action: FaultRule | undefined;
    for (const r of this.rules) {
      if (r.regex && !r.regex.test(subject)) continue;
      r.seen += 1;
      if (r.seen <= (r.rule.skip ?? 0)) continue;
      if (r.rule.times !== undefined && r.applied >= r.rule.times) continue;
      if (r.rule.probability !== undefined && this.random() >= r.rule.probability) continue;
      if (r.rule.fault === 'latency') {
        r.applied += 1;
        delayMs += r.rule.ms ?? 0;
        continue;
      }
      if (action) continue;
      r.applied += 1;
      action = r.rule;
    }
    return { delayMs, action };
  }
}

const KINDS: FaultKind[] = ['status', 'hang', 'truncate', 'malformed', 'latency', 'reset'];

function validateRule(rule: FaultRule): void {
  if (!KINDS.includes(rule.fault)) {
    throw new Error(`fault rule: unknown fault '${String(rule.fault)}' (use one of ${KINDS.join(', ')})`);
  }
  if (rule.fault === 'status' && rule.status !== undefined && (rule.status < 400 || rule.status > 599)) {
    throw new Error(`fault rule: status ${rule.status} is not an error status (400-599)`);
  }
  if (rule.probability !== undefined && (rule.probability < 0 || rule.probability > 1)) {
    throw new Error(`fault rule: probability ${rule.probability} is outside 0..1`);
  }
}

/** Parses a fault spec given on the command line (JSON text); one-line errors for bad input. */
export function parseFaultSpec(text: string): FaultSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`fault spec is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('fault spec must be a JSON object like {"latencyMs": 50, "rules": [...]}');
  }
  const spec = parsed as FaultSpec;
  new FaultEngine(spec);
  return spec;
}
