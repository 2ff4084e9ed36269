// Shape of the TempestRun artifact: the per-test results of one Tempest run (run by scs-cert or ingested), scs-0128.
import type { JSONSchemaType } from 'ajv';
import { namesSchema } from './common.js';
import { defineArtifact } from './contract.js';

/** Subunit's test statuses (JUnit results map onto success, fail and skip). */
export type TempestStatus = 'success' | 'fail' | 'skip' | 'xfail' | 'uxsuccess' | 'exists' | 'inprogress';

export interface TempestTestResult {
  /** The test id as Tempest prints it, with its `[id-…,tags]` suffix when the results carry it. */
  id: string;
  status: TempestStatus;
  /** Skip reason, or the last line of a failure's traceback. */
  reason?: string;
  durationSec?: number;
}

export interface TempestRun {
  /** `run`: scs-cert ran Tempest; `ingested`: `--tempest-results PATH`. */
  source: 'run' | 'ingested';
  /** Results file or directory that was read (a path on this machine). */
  resultsPath: string;
  /** `subunit-v2`, `subunit-v1` (stestr repository) or `junit`. */
  format: 'subunit-v2' | 'subunit-v1' | 'junit';
  /** Data id and upstream revision of the list the run was given (scs-cert runs only). */
  list?: { dataId: string; revision: string; count: number };
  /** Only these tests of the list were run (`--tempest-subset FILE`): such a run can FAIL, never PASS. */
  subset?: { file: string; count: number };
  tempestVersion?: string;
  startedAt?: string;
  durationSec?: number;
  tests: TempestTestResult[];
  /** What cleaning up after Tempest found and deleted (scs-cert runs only). */
  cleanup?: { prefix: string; deleted: string[]; failed: string[] };
}

const STATUSES: TempestStatus[] = ['success', 'fail', 'skip', 'xfail', 'uxsuccess', 'exists', 'inprogress'];

/** JSON Schema of the artifact (saved artifacts are validated against it before judging). */
export const TEMPEST_RUN_SCHEMA: JSONSchemaType<TempestRun> = {
  title: 'TempestRun: per-test results of one Tempest run',
  type: 'object',
  additionalProperties: false,
  required: ['source', 'resultsPath', 'format', 'tests'],
  properties: {
    source: { type: 'string', enum: ['run', 'ingested'] },
    resultsPath: { type: 'string' },
    format: { type: 'string', enum: ['subunit-v2', 'subunit-v1', 'junit'] },
    list: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['dataId', 'revision', 'count'],
      properties: { dataId: { type: 'string' }, revision: { type: 'string' }, count: { type: 'integer' } },
    },
    subset: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['file', 'count'],
      properties: { file: { type: 'string' }, count: { type: 'integer' } },
    },
    tempestVersion: { type: 'string', nullable: true },
    startedAt: { type: 'string', nullable: true },
    durationSec: { type: 'number', nullable: true },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'status'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: STATUSES },
          reason: { type: 'string', nullable: true },
          durationSec: { type: 'number', nullable: true },
        },
      },
    },
    cleanup: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['prefix', 'deleted', 'failed'],
      properties: { prefix: { type: 'string' }, deleted: namesSchema, failed: namesSchema },
    },
  },
};

export const tempestRunArtifact = defineArtifact<'TempestRun', TempestRun>({
  name: 'TempestRun',
  description: 'per-test results of one Tempest run of the scs-0128 list',
  schema: TEMPEST_RUN_SCHEMA,
});
