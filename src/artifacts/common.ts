// Schema parts several artifacts share: the step log of an active check, lists of names (zones, regions, extensions).
import type { JSONSchemaType } from 'ajv';

/** One step of an active check (create/find/delete, …) as it happened. */
export interface ActionStep {
  step: string;
  ok: boolean;
  /** HTTP status of the failing call, if any. */
  status?: number;
  detail?: string;
  durationMs?: number;
  /**
   * True when the step failed for a reason that says nothing about the cloud's conformance (timeout, reset,
   * 429/502/503/504 after the retries, a size or page bound, an unreadable answer, an interrupted run): the
   * probe then ABORTs with the cause instead of judging. Absent on steps that succeeded or whose failure is
   * the cloud's answer (4xx, 500, an error state) and so may be the finding.
   */
  inconclusive?: boolean;
  /** For a wait: how long we waited, how many polls, and how late we noticed the end (ms). */
  wait?: StepWait;
}

/** How one wait went (the cloud's pace against ours). */
export interface StepWait {
  waitedMs: number;
  polls: number;
  /** From the cloud's own timestamps when it gives them, else at most the pause before the last poll. */
  lateMs: number;
  /** What the cloud itself took (its timestamps), when known. */
  cloudMs?: number;
}

const stepWaitSchema: JSONSchemaType<StepWait> = {
  type: 'object',
  required: ['waitedMs', 'polls', 'lateMs'],
  properties: {
    waitedMs: { type: 'number' },
    polls: { type: 'integer' },
    lateMs: { type: 'number' },
    cloudMs: { type: 'number', nullable: true },
  },
};

export const actionStepSchema: JSONSchemaType<ActionStep> = {
  type: 'object',
  required: ['step', 'ok'],
  properties: {
    step: { type: 'string' },
    ok: { type: 'boolean' },
    status: { type: 'integer', nullable: true },
    detail: { type: 'string', nullable: true },
    durationMs: { type: 'number', nullable: true },
    inconclusive: { type: 'boolean', nullable: true },
    wait: { ...stepWaitSchema, nullable: true },
  },
};

export const actionStepsSchema: JSONSchemaType<ActionStep[]> = { type: 'array', items: actionStepSchema };

/** `Record<string, string>` (labels, annotations, extra specs). */
export const stringMapSchema: JSONSchemaType<Record<string, string>> = {
  type: 'object',
  required: [],
  additionalProperties: { type: 'string' },
};

/** A list of names: zones, regions, extension aliases, prefixes. */
export const namesSchema: JSONSchemaType<string[]> = { type: 'array', items: { type: 'string' } };

/**
 * A required member that may be null (`name: string | null`). ajv's `nullable` keyword stands for optional
 * members in JSONSchemaType, so a required null is said as `anyOf` with the null type.
 */
export const stringOrNullSchema = {
  anyOf: [{ type: 'string' }, { type: 'null', nullable: true }],
} as const satisfies JSONSchemaType<string | null>;
export const integerOrNullSchema = {
  anyOf: [{ type: 'integer' }, { type: 'null', nullable: true }],
} as const satisfies JSONSchemaType<number | null>;
export const booleanOrNullSchema = {
  anyOf: [{ type: 'boolean' }, { type: 'null', nullable: true }],
} as const satisfies JSONSchemaType<boolean | null>;
