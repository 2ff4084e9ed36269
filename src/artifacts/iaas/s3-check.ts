// S3Check artifact (scs-0123 swift-s3): how the object-store host answered an S3 ListBuckets with a bogus key.
import { defineArtifact } from '../contract.js';

/** scs-0123 swift-s3 (v1): the answer of an S3 ListBuckets with a bogus key against the object-store host. */
export interface S3Check {
  /** object-store endpoint from the catalog, if any */
  objectStoreEndpoint?: string;
  /** scheme+host the S3 call went to */
  s3Endpoint?: string;
  httpStatus?: number;
  /** S3 error code from the XML body (e.g. InvalidAccessKeyId) */
  errorCode?: string;
  errorMessage?: string;
  /** transport-level failure (DNS, TLS, timeout) */
  transportError?: string;
}

export const s3CheckArtifact = defineArtifact<'S3Check', S3Check>({
  name: 'S3Check',
  description: 'the answer of the object-store host to an S3 ListBuckets signed with an unknown key',
  schema: {
    type: 'object',
    required: [],
    properties: {
      objectStoreEndpoint: { type: 'string', nullable: true },
      s3Endpoint: { type: 'string', nullable: true },
      httpStatus: { type: 'integer', nullable: true },
      errorCode: { type: 'string', nullable: true },
      errorMessage: { type: 'string', nullable: true },
      transportError: { type: 'string', nullable: true },
    },
  },
});
