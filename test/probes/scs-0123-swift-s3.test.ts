// scs-0123-swift-s3 (v1): S3 announced in the catalog, or answering on the object-store host.
import { describe, expect, it } from 'vitest';
import type { CatalogService, S3Check } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0123-swift-s3.js';
import { run } from './helpers.js';

const svc = (type: string): CatalogService => ({
  type,
  endpoints: [{ interface: 'public', url: `https://${type}.example/v1/AUTH_x` }],
});
const ANSWER: S3Check = {
  objectStoreEndpoint: 'https://object-store.example/v1/AUTH_x',
  s3Endpoint: 'https://object-store.example',
  httpStatus: 403,
  errorCode: 'InvalidAccessKeyId',
  errorMessage: 'The AWS Access Key Id you provided does not exist in our records.',
};
const judge = (
  catalog: CatalogService[],
  check: S3Check | undefined,
  mode: 'standard' | 'reference' = 'standard',
) => run(probe, { ServiceCatalog: catalog, ...(check ? { S3Check: check } : {}) }, { mode });

describe('scs-0123-swift-s3', () => {
  it('passes when the object-store host answers InvalidAccessKeyId', () => {
    for (const mode of ['standard', 'reference'] as const) {
      const r = judge([svc('compute'), svc('object-store')], ANSWER, mode);
      expect(r.outcome).toBe('PASS');
      expect(r.messageId).toBe('s3-on-object-store-host');
    }
  });

  it('accepts NoSuchKey as an S3 answer', () => {
    expect(
      judge([svc('object-store')], { ...ANSWER, errorCode: 'NoSuchKey', errorMessage: '' }).outcome,
    ).toBe('PASS');
  });

  it.each([
    [
      'another error code',
      { ...ANSWER, httpStatus: 403, errorCode: 'AccessDenied', errorMessage: 'Access Denied' },
    ],
    [
      'a TLS failure',
      {
        objectStoreEndpoint: ANSWER.objectStoreEndpoint,
        s3Endpoint: ANSWER.s3Endpoint,
        transportError: 'self-signed certificate',
      },
    ],
    [
      'a Swift 401 without S3 body',
      { ...ANSWER, httpStatus: 401, errorCode: undefined, errorMessage: 'Unauthorized' },
    ],
  ] as const)('fails on %s', (_l, check) => {
    const r = judge([svc('object-store')], check as S3Check);
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('s3-not-answering');
  });

  it.each([
    [
      'a timeout',
      {
        objectStoreEndpoint: ANSWER.objectStoreEndpoint,
        s3Endpoint: ANSWER.s3Endpoint,
        transportError: 'timeout after 60000 ms: s3 GET https://object.example/',
        inconclusive: true,
      },
    ],
    ['a 503 after the retries', { ...ANSWER, httpStatus: 503, errorCode: undefined, inconclusive: true }],
  ] as const)('aborts, never fails, on %s', (_l, check) => {
    const r = judge([svc('object-store')], check as S3Check);
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('s3-inconclusive');
  });

  it('aborts when bogus credentials list buckets', () => {
    const r = judge([svc('object-store')], {
      ...ANSWER,
      httpStatus: 200,
      errorCode: undefined,
      errorMessage: undefined,
    });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('s3-unexpected-success');
  });

  it('aborts when the S3 probe could not run against the endpoint', () => {
    const r = judge([svc('object-store')], { objectStoreEndpoint: 'https://object-store.example' });
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('s3-not-probed');
  });

  it('no object-store and no S3 entry: FAIL by the text (S3 is mandatory), PASS by the reference', () => {
    const s = judge([svc('compute')], {});
    const r = judge([svc('compute')], {}, 'reference');
    expect(s.outcome).toBe('FAIL');
    expect(s.messageId).toBe('s3-missing');
    expect(r.outcome).toBe('PASS');
    expect(s.deviations).toEqual(['swift-s3-no-object-store']);
  });

  it.each(['object-store-s3', 's3'])('S3 announced as %s passes by the text', (type) => {
    const s = judge([svc(type), svc('object-store')], {
      ...ANSWER,
      errorCode: 'AccessDenied',
      errorMessage: '',
    });
    expect(s.outcome).toBe('PASS');
    expect(s.messageId).toBe('s3-in-catalog');
    const r = judge(
      [svc(type), svc('object-store')],
      { ...ANSWER, errorCode: 'AccessDenied', errorMessage: '' },
      'reference',
    );
    expect(r.outcome).toBe('FAIL');
    expect(s.deviations).toEqual(['swift-s3-catalog-entry']);
  });
});
