// Which versions of a scope apply on a date: the reference runner's rules (scs-compliance-check.py steps 3-5).
import type { Validity } from '../results/types.js';
import { StandardsError } from './errors.js';
import type { Scope, TimelineEntry } from './scope.js';

export interface VersionValidity {
  version: string;
  /** Listed code, or `deprecated` for versions the entry in force does not list. */
  validity: Validity;
  /** Whether the entry in force lists the version (only those run by default). */
  explicit: boolean;
}

/** The timeline entry in force: the one with the greatest date not after the reference date (order-independent). */
export function entryInForce(timeline: TimelineEntry[], referenceDate: string): TimelineEntry | undefined {
  let best: TimelineEntry | undefined;
  for (const e of timeline) {
    if (e.date <= referenceDate && (!best || e.date > best.date)) best = e;
  }
  return best;
}

export function validities(scope: Scope, referenceDate: string): VersionValidity[] {
  const entry = entryInForce(scope.timeline, referenceDate);
  return scope.versions.map((v) => {
    const listed = entry?.versions[v.version];
    return { version: v.version, validity: listed ?? 'deprecated', explicit: listed !== undefined };
  });
}

/**
 * Versions to run: the forced one (must exist; runs even when the timeline does not list it), else every version
 * the entry in force lists (drafts included), in file order.
 */
export function selectVersions(
  scope: Scope,
  referenceDate: string,
  forcedVersion?: string,
): VersionValidity[] {
  const all = validities(scope, referenceDate);
  if (forcedVersion !== undefined) {
    const v = all.find((x) => x.version === forcedVersion);
    if (!v) {
      throw new StandardsError(
        scope.file,
        undefined,
        `scope '${scope.name}' has no version '${forcedVersion}'`,
        `use one of: ${all.map((x) => x.version).join(', ')}`,
      );
    }
    return [v];
  }
  const chosen = all.filter((v) => v.explicit);
  if (chosen.length === 0) {
    throw new StandardsError(
      scope.file,
      undefined,
      `no valid version found for ${referenceDate}`,
      'pick a later --date or force a version with --version',
    );
  }
  return chosen;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse and check a YYYY-MM-DD date given on the command line. */
export function checkDate(value: string): string {
  const m = DATE_RE.exec(value);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === value) return value;
  }
  throw new Error(`invalid date '${value}': write it as YYYY-MM-DD (a real calendar date)`);
}
