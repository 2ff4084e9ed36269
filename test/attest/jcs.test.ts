// RFC 8785 canonicalisation against the examples of the RFC.
import jcs from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalDigestSri, canonicalize } from '../../src/util/jcs.js';

/** Deterministic pseudo-random JSON data with the awkward parts JCS defines: key order, escapes, numbers. */
function randomJson(seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const chars = [
    'a',
    'B',
    'z',
    '\u00e9',
    '\u20ac',
    '\ud83d\ude00',
    '\n',
    '"',
    '\\',
    '\u001f',
    '\u007f',
    '\u2028',
    ' ',
    '_',
    '-',
  ];
  const str = (): string => Array.from({ length: Math.floor(next() * 6) }, () => pick(chars)).join('');
  const numbers = [
    0,
    -0,
    1,
    -1,
    1e21,
    1e-7,
    333333333.3333333,
    5e-324,
    1.7976931348623157e308,
    0.1,
    4.5,
    2 ** 53,
  ];
  const gen = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.3)
      return pick<unknown>([null, true, false, pick(numbers), next() * 1e6 - 5e5, str()]);
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) o[str()] = gen(depth + 1);
    return o;
  };
  return gen(0);
}

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

  it('writes what the canonicalize package writes, on random data and the cases JavaScript orders itself', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const value = randomJson(seed);
      expect(canonicalize(value), `seed ${seed}`).toBe(jcs(value));
    }
    // Array-index-like keys are enumerated first in numeric order by JavaScript, JCS sorts them as strings.
    const indexed = { '10': 1, '9': 2, a: { '2': [], '10': null, '01': 0 }, '': 3 };
    expect(canonicalize(indexed)).toBe('{"":3,"10":1,"9":2,"a":{"01":0,"10":null,"2":[]}}');
    expect(canonicalize(indexed)).toBe(jcs(indexed));
    // A member named __proto__ (JSON.parse makes one) stays a member.
    const proto = JSON.parse('{"b":1,"__proto__":{"x":1},"a":[]}') as unknown;
    expect(canonicalize(proto)).toBe('{"__proto__":{"x":1},"a":[],"b":1}');
    expect(canonicalize(proto)).toBe(jcs(proto));
  });
});
