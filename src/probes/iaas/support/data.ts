// Typed access to the parameter data files (standards/data/*.yaml) the IaaS probes read through ctx.data.
import type { ProbeContext } from '../../types.js';

/** The data file with this id, already parsed and schema-validated by the loader; missing = a thrown error (ABORT). */
export function requireData<T>(ctx: ProbeContext, dataId: string): T {
  const value = ctx.data[dataId];
  if (value === undefined || value === null) {
    throw new Error(`data file '${dataId}' is not loaded; it belongs in standards/data/${dataId}.yaml`);
  }
  return value as T;
}

/** A string parameter of the testcase binding, or a thrown error naming the binding fix. */
export function stringParam(ctx: ProbeContext, name: string): string {
  const v = ctx.params[name];
  if (typeof v !== 'string' || v === '') {
    throw new Error(
      `testcase ${ctx.testcaseId}: parameter '${name}' must be a non-empty string in the binding`,
    );
  }
  return v;
}

export function stringListParam(ctx: ProbeContext, name: string): string[] {
  const v = ctx.params[name];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== '')) {
    throw new Error(
      `testcase ${ctx.testcaseId}: parameter '${name}' must be a non-empty list of strings in the binding`,
    );
  }
  return v as string[];
}

/** The run's instant (ctx.now) in epoch milliseconds; a malformed value is a thrown error, never a silent NaN. */
export function nowMs(ctx: ProbeContext): number {
  const t = Date.parse(ctx.now);
  if (Number.isNaN(t)) throw new Error(`ctx.now ${JSON.stringify(ctx.now)} is not an ISO 8601 instant`);
  return t;
}
