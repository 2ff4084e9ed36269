// S3Check (scs-0123 swift-s3): does the object-store host speak S3? ListBuckets with a bogus key, read the error code.
import type { S3Check } from '../../artifacts/iaas.js';
import type { GathererOf } from '../types.js';
import { OpenStackTransportError, TRANSIENT_STATUSES } from '../../clients/openstack/errors.js';
import { parseS3Error, signV4 } from '../../clients/openstack/sigv4.js';
import { openstackClient } from './common.js';

/** The access key the standard's test uses: one that cannot exist. */
export const BOGUS_ACCESS_KEY = 'doesnotexist';

export const s3CheckGatherer: GathererOf<'S3Check'> = {
  artifact: 'S3Check',
  description:
    'S3 ListBuckets (SigV4, access key "doesnotexist", empty secret) against the scheme and host of the object-store endpoint',
  async gather(ctx) {
    const c = openstackClient(ctx);
    if (!(await c.hasService('object-store', ctx.signal))) return {};
    const endpoint = await c.endpointUrl('object-store', ctx.signal);
    const result: S3Check = { objectStoreEndpoint: endpoint };
    let origin: string;
    try {
      origin = new URL(endpoint).origin;
    } catch {
      result.transportError = `object-store endpoint "${endpoint}" is not a URL`;
      return result;
    }
    result.s3Endpoint = origin;
    const url = `${origin}/`;
    const signed = signV4({
      method: 'GET',
      url,
      accessKey: BOGUS_ACCESS_KEY,
      secretKey: '',
      region: 'us-east-1',
      service: 's3',
      contentSha256Header: true,
    });
    try {
      const res = await c.rawRequest({
        service: 's3',
        method: 'GET',
        url,
        headers: signed.headers,
        signal: ctx.signal,
      });
      result.httpStatus = res.status;
      if (TRANSIENT_STATUSES.has(res.status)) result.inconclusive = true;
      const err = parseS3Error(res.body);
      if (err.code) result.errorCode = err.code;
      if (err.message) result.errorMessage = err.message;
    } catch (err) {
      if (!(err instanceof OpenStackTransportError) || err.kind === 'aborted') throw err;
      result.transportError = err.message;
      if (err.kind !== 'tls') result.inconclusive = true;
    }
    return result;
  },
};
