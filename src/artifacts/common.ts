// Schema parts several artifacts share: the step log of an active check.
import type { JSONSchemaType } from 'ajv';

/** One step of an active check (create/find/delete, …) as it happened. */
export interface ActionStep {
  step: string;
  ok: boolean;
  /** HTTP status of the failing call, if any. */
  status?: number;
  detail?: string;
  durationMs?: number;
}

export const actionStepSchema: JSONSchemaType<ActionStep> = {
  type: 'object',
  required: ['step', 'ok'],
  properties: {
    step: { type: 'string' },
    ok: { type: 'boolean' },
    status: { type: 'integer', nullable: true },
    detail: { type: 'string', nullable: true },
    durationMs: { type: 'number', nullable: true },
  },
};

export const actionStepsSchema: JSONSchemaType<ActionStep[]> = { type: 'array', items: actionStepSchema };

/** `Record<string, string>` (labels, annotations, extra specs). */
export const stringMapSchema: JSONSchemaType<Record<string, string>> = {
  type: 'object',
  required: [],
  additionalProperties: { type: 'string' },
};
