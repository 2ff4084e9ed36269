// SigV4 against AWS's published examples, and S3 error parsing.
import { describe, expect, it } from 'vitest';
import { parseS3Error, signV4 } from '../../src/clients/openstack/sigv4.js';

describe('signV4', () => {
  it('matches the S3 documentation example (GET object with Range)', () => {
    const s = signV4({
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: { range: 'bytes=0-9' },
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 's3',
      date: new Date('2013-05-24T00:00:00Z'),
      contentSha256Header: true,
    });
    expect(s.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        'x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(s.stringToSign.split('\n').slice(0, 3)).toEqual([
      'AWS4-HMAC-SHA256',
      '20130524T000000Z',
      '20130524/us-east-1/s3/aws4_request',
    ]);
    expect(s.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(s.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(s.headers.host).toBeUndefined();
  });

  it('matches the signature test suite case get-vanilla', () => {
    const s = signV4({
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      accessKey: 'AKIDEXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 'service',
      date: new Date('2015-08-30T12:36:00Z'),
    });
    expect(s.signature).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('sorts and encodes the query', () => {
    const s = signV4({
      method: 'GET',
      url: 'https://h.example/a%20b/?z=1&a=x%2Fy&a=b',
      accessKey: 'k',
      secretKey: '',
      date: new Date('2020-01-01T00:00:00Z'),
    });
    expect(s.canonicalRequest.split('\n').slice(0, 3)).toEqual(['GET', '/a%20b/', 'a=b&a=x%2Fy&z=1']);
  });
});

describe('parseS3Error', () => {
  it('reads Code and Message', () => {
    expect(
      parseS3Error(
        '<?xml version="1.0"?><Error><Code>InvalidAccessKeyId</Code><Message>nope</Message><RequestId>1</RequestId></Error>',
      ),
    ).toEqual({ code: 'InvalidAccessKeyId', message: 'nope' });
    expect(parseS3Error('<html>503</html>')).toEqual({ code: undefined, message: undefined });
  });
});
