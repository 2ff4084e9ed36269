// SonobuoyConformance and SonobuoyNetworking artifacts: a Sonobuoy e2e plugin run, parsed from its results.
import type { JSONSchemaType } from 'ajv';
import { defineArtifact } from '../contract.js';
import type { SonobuoyResults } from '../kaas.js';

const optionalString = { type: 'string', nullable: true } as const;

const sonobuoyResultsSchema: JSONSchemaType<SonobuoyResults> = {
  type: 'object',
  required: ['source', 'plugin', 'pluginStatus', 'errors', 'tests'],
  properties: {
    source: {
      type: 'object',
      required: ['kind', 'path'],
      properties: {
        kind: { type: 'string', enum: ['archive', 'directory', 'run'] },
        path: { type: 'string' },
      },
    },
    plugin: { type: 'string' },
    pluginStatus: { type: 'string' },
    executionMode: { type: 'string', enum: ['serial', 'parallel', 'dry', 'unknown'], nullable: true },
    focus: optionalString,
    errors: { type: 'array', items: { type: 'string' } },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'status'],
        properties: { name: { type: 'string' }, status: { type: 'string' }, failure: optionalString },
      },
    },
    serverVersion: optionalString,
    definition: {
      type: 'object',
      nullable: true,
      required: ['path'],
      properties: {
        path: { type: 'string' },
        focus: optionalString,
        skip: optionalString,
        dryRun: { type: 'boolean', nullable: true },
        parallel: optionalString,
        image: optionalString,
        kubernetesVersion: optionalString,
      },
    },
    junit: {
      type: 'object',
      nullable: true,
      required: ['path', 'testcases', 'executed', 'skipped', 'failed', 'disagreements', 'disagreementCount'],
      properties: {
        path: { type: 'string' },
        testcases: { type: 'integer' },
        executed: { type: 'integer' },
        skipped: { type: 'integer' },
        failed: { type: 'integer' },
        disagreements: { type: 'array', items: { type: 'string' } },
        disagreementCount: { type: 'integer' },
      },
    },
  },
};

export const sonobuoyConformanceArtifact = defineArtifact<'SonobuoyConformance', SonobuoyResults>({
  name: 'SonobuoyConformance',
  description: 'the CNCF conformance tests run by Sonobuoy (e2e plugin, [Conformance] focus)',
  schema: sonobuoyResultsSchema,
});

export const sonobuoyNetworkingArtifact = defineArtifact<'SonobuoyNetworking', SonobuoyResults>({
  name: 'SonobuoyNetworking',
  description: 'the networking e2e tests run by Sonobuoy',
  schema: sonobuoyResultsSchema,
});
