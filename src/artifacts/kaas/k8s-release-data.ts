// K8sReleaseData artifact (scs-0210): upstream Kubernetes releases and the official CVE feed with its records.
import { defineArtifact } from '../contract.js';
import type { K8sReleaseData } from '../kaas.js';

const optionalString = { type: 'string', nullable: true } as const;

export const k8sReleaseDataArtifact = defineArtifact<'K8sReleaseData', K8sReleaseData>({
  name: 'K8sReleaseData',
  description: 'Kubernetes releases (GitHub) and the official CVE feed with its CVE JSON 5 records',
  schemaUnchecked:
    'CVE record parts are kept as published (`unknown[]`), which JSONSchemaType cannot express',
  schema: {
    type: 'object',
    required: ['source', 'fetchedAt', 'releases', 'cveIds', 'cves', 'cveErrors'],
    properties: {
      source: { enum: ['network', 'snapshot'] },
      location: optionalString,
      fetchedAt: { type: 'string' },
      releases: {
        type: 'array',
        items: {
          type: 'object',
          required: ['tag_name', 'published_at', 'draft', 'prerelease'],
          properties: {
            tag_name: { type: 'string' },
            published_at: { type: ['string', 'null'] },
            draft: { type: 'boolean' },
            prerelease: { type: 'boolean' },
          },
        },
      },
      cveIds: { type: 'array', items: { type: 'string' } },
      cves: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            metrics: { type: 'array' },
            affected: { type: 'array' },
            datePublished: { type: 'string' },
          },
        },
      },
      cveErrors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'error'],
          properties: { id: { type: 'string' }, error: { type: 'string' } },
        },
      },
      note: optionalString,
    },
  },
});
