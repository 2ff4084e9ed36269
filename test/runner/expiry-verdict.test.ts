import { describe, expect, it } from 'vitest';
import { expiresAt } from '../../src/results/expiry.js';
import { combine, consoleVerdict, countOutcomes } from '../../src/results/verdict.js';
import type { Lifetime } from '../../src/results/types.js';

describe('result expiry (scs_cert_lib add_period, UTC)', () => {
  // 2026-11-25 is a Wednesday.
  it.each<[string, Lifetime, string]>([
    ['2026-11-25T14:43:12Z', 'day', '2026-11-27T00:00:00.000Z'],
    ['2026-11-30T23:59:59Z', 'day', '2026-12-02T00:00:00.000Z'],
    ['2026-12-31T10:00:00Z', 'day', '2027-01-02T00:00:00.000Z'],
    ['2026-11-25T14:43:12Z', 'week', '2026-12-07T00:00:00.000Z'],
    ['2026-11-23T00:00:00Z', 'week', '2026-12-07T00:00:00.000Z'],
    ['2026-11-29T23:59:59Z', 'week', '2026-12-07T00:00:00.000Z'],
    ['2026-11-30T00:00:00Z', 'week', '2026-12-14T00:00:00.000Z'],
    ['2026-11-25T14:43:12Z', 'month', '2027-01-01T00:00:00.000Z'],
    ['2026-12-01T00:00:00Z', 'month', '2027-02-01T00:00:00.000Z'],
    ['2026-01-31T00:00:00Z', 'month', '2026-03-01T00:00:00.000Z'],
    ['2026-11-25T14:43:12Z', 'quarter', '2027-04-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', 'quarter', '2026-07-01T00:00:00.000Z'],
    ['2026-03-31T00:00:00Z', 'quarter', '2026-07-01T00:00:00.000Z'],
    ['2026-04-01T00:00:00Z', 'quarter', '2026-10-01T00:00:00.000Z'],
    ['2026-11-25T14:43:12Z', 'year', '2028-01-01T00:00:00.000Z'],
    ['2026-12-25T14:43:12Z', 'year', '2028-02-01T00:00:00.000Z'],
    ['2026-06-15T00:00:00Z', 'year', '2027-08-01T00:00:00.000Z'],
  ])('%s with lifetime %s expires %s', (checked, lifetime, expected) => {
    expect(expiresAt(new Date(checked), lifetime).toISOString()).toBe(expected);
  });
});

describe('verdict precedence FAIL > MISSING > ABORT > PASS', () => {
  it.each([
    [[], 'PASS'],
    [['PASS', 'PASS'], 'PASS'],
    [['PASS', 'ABORT'], 'ABORT'],
    [['ABORT', 'MISSING'], 'MISSING'],
    [['MISSING', 'FAIL', 'ABORT'], 'FAIL'],
  ] as const)('%j -> %s', (outcomes, expected) => {
    expect(combine([...outcomes])).toBe(expected);
  });

  it('console verdict follows the reference runner (any abort prints FAIL)', () => {
    expect(consoleVerdict(countOutcomes(['PASS', 'ABORT']))).toBe('FAIL');
    expect(consoleVerdict(countOutcomes(['PASS', 'MISSING']))).toBe('TENTATIVE pass');
    expect(consoleVerdict(countOutcomes(['PASS']))).toBe('PASS');
  });
});
