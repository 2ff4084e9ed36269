// RFC 8785 canonicalisation against the examples of the RFC.
import { describe, expect, it } from 'vitest';
import { canonicalDigestSri, canonicalize } from '../../src/util/jcs.js';

describe('JCS (RFC 8785)', () => {
  it('reproduces the RFC 3.2.2 example', () => {
    // RFC 8785 §3.2.2 input (numbers, literals, string escapes).
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units (RFC 3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('formats numbers as ECMAScript does', () => {
    expect(canonicalize([0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, -1.5])).toBe(
      '[0,0,1e+21,1e-7,123456789012345680000,5e-324,-1.5]',
    );
  });

  it('nests, drops undefined members and refuses non-JSON', () => {
    expect(canonicalize({ b: [{ d: 1, c: undefined }], a: {} })).toBe('{"a":{},"b":[{"d":1}]}');
    expect(() => canonicalize({ a: NaN })).toThrow(/\$\.a: NaN/);
    expect(() => canonicalize([undefined])).toThrow(/undefined/);
    expect(() => canonicalize({ a: new Date(0) })).toThrow(/Date is not plain JSON/);
    expect(() => canonicalize('\ud800')).toThrow(/lone surrogate/);
    // Errors name the path of the offending value.
    expect(() => canonicalize({ a: [1, { b: Infinity }] })).toThrow(/^\$\.a\[1\]\.b: Infinity is not/);
    expect(() => canonicalize({ a: [0, undefined] })).toThrow(/^\$\.a\[1\]: undefined is not JSON/);
    expect(() => canonicalize({ x: { 'k\udc00': 1 } })).toThrow(/^\$\.x: string holds a lone surrogate/);
    expect(() => canonicalize({ x: ['ok \ud83d\ude00', 'bad \ud83d'] })).toThrow(/^\$\.x\[1\]: string holds/);
    expect(canonicalize(['\ud83d\ude00'])).toBe('["\ud83d\ude00"]');
  });

  it('gives order-independent digests', () => {
    expect(canonicalDigestSri({ a: 1, b: 2 })).toBe(canonicalDigestSri({ b: 2, a: 1 }));
    expect(canonicalDigestSri({ a: 1 })).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
  });
});
