// scs-0102-image-recency: calendar periods plus "up to 3 days" of grace (text) vs fixed lengths x 1.1 (reference).
import { describe, expect, it } from 'vitest';
import probe from '../../src/probes/iaas/scs-0102-image-recency.js';
import { NOW, goodImage, offenderNames, run } from './helpers.js';

// NOW is 2026-09-01T12:00:00Z.
const img = (name: string, created: string, over: Record<string, unknown> = {}) =>
  goodImage({
    id: name,
    name,
    created_at: created,
    image_build_date: created.slice(0, 10),
    provided_until: '2029-04-30',
    ...over,
  });
const both = (images: ReturnType<typeof img>[], now = NOW) => ({
  std: run(probe, { Images: images }, { now }),
  ref: run(probe, { Images: images }, { now, mode: 'reference' }),
});

describe('scs-0102-image-recency', () => {
  it('passes a fresh monthly image', () => {
    const { std, ref } = both([img('Ubuntu 24.04', '2026-08-20T10:00:00Z')]);
    expect(std.outcome).toBe('PASS');
    expect(std.messageId).toBe('image-recency-ok');
    expect(ref.outcome).toBe('PASS');
  });

  describe('period limits plus 3 days of grace (now = 2026-09-01T12:00Z)', () => {
    it.each([
      ['monthly, published exactly 1 month + 3 days ago', 'monthly', '2026-07-29T12:00:00Z', 'PASS'],
      ['monthly, one second later than allowed', 'monthly', '2026-07-29T11:59:59Z', 'FAIL'],
      ['weekly, 7 + 3 days ago', 'weekly', '2026-08-22T12:00:00Z', 'PASS'],
      ['weekly, 10 days and 1 s ago', 'weekly', '2026-08-22T11:59:59Z', 'FAIL'],
      ['daily, 1 + 3 days ago', 'daily', '2026-08-28T12:00:00Z', 'PASS'],
      ['daily, 4 days and 1 s ago', 'daily', '2026-08-28T11:59:59Z', 'FAIL'],
      ['quarterly, 3 months + 3 days ago', 'quarterly', '2026-05-29T12:00:00Z', 'PASS'],
      ['quarterly, 1 s too late', 'quarterly', '2026-05-29T11:59:59Z', 'FAIL'],
      ['yearly, 12 months + 3 days ago', 'yearly', '2025-08-29T12:00:00Z', 'PASS'],
      ['yearly, 1 s too late', 'yearly', '2025-08-29T11:59:59Z', 'FAIL'],
      ['never, years ago', 'never', '2020-01-01T00:00:00Z', 'PASS'],
      ['critical_bug, years ago', 'critical_bug', '2020-01-01T00:00:00Z', 'PASS'],
    ] as const)('%s: %s', (_l, freq, created, outcome) => {
      const r = run(probe, { Images: [img('Ubuntu 24.04', created, { replace_frequency: freq })] });
      expect(r.outcome).toBe(outcome);
      if (outcome === 'FAIL') {
        expect(r.messageId).toBe('image-recency-outdated');
        expect(offenderNames(r)).toEqual(['Ubuntu 24.04']);
      }
    });

    it('counts calendar months, clamping to the month end (Jan 31 + 1 month = Feb 28)', () => {
      const r = run(
        probe,
        { Images: [img('Debian 12', '2026-01-31T00:00:00Z', { replace_frequency: 'monthly' })] },
        {
          now: '2026-03-03T00:00:00Z',
        },
      );
      expect(r.outcome).toBe('PASS');
      const late = run(
        probe,
        { Images: [img('Debian 12', '2026-01-31T00:00:00Z', { replace_frequency: 'monthly' })] },
        {
          now: '2026-03-03T00:00:01Z',
        },
      );
      expect(late.outcome).toBe('FAIL');
    });
  });

  it('weekly image 9 days old: within 7 + 3 days (text), beyond 7 x 25 h x 1.1 (reference)', () => {
    const { std, ref } = both([img('Ubuntu 24.04', '2026-08-23T00:00:00Z', { replace_frequency: 'weekly' })]);
    expect(std.outcome).toBe('PASS');
    expect(ref.outcome).toBe('FAIL');
    expect(std.deviations).toEqual(['recency-grace']);
    expect(ref.deviations).toEqual(['recency-grace']);
  });

  it('counts from publication (created_at), not from an older image_build_date', () => {
    const images = [
      img('Ubuntu 24.04', '2026-08-20T00:00:00Z', {
        image_build_date: '2026-06-01',
        replace_frequency: 'monthly',
      }),
    ];
    const { std, ref } = both(images);
    expect(std.outcome).toBe('PASS');
    expect(ref.outcome).toBe('FAIL');
    expect(ref.deviations).toEqual(['recency-reference-point']);
  });

  describe('provided_until', () => {
    const old = (until: unknown) =>
      img('Ubuntu 22.04', '2026-01-01T00:00:00Z', until === undefined ? {} : { provided_until: until });
    it.each([
      ['none', 'PASS', 'PASS'],
      ['notice', 'PASS', 'PASS'],
      ['2026-08-31 (promise over)', 'PASS', 'PASS'],
      ['2026-09-01 (today: still promised by the text)', 'FAIL', 'PASS'],
      ['2027-01-01 (still promised)', 'FAIL', 'FAIL'],
      ['soon (not a date)', 'FAIL', 'FAIL'],
    ] as const)('%s: text %s, reference %s', (until, std, ref) => {
      const images = [old(until.split(' ')[0])];
      expect(run(probe, { Images: images }).outcome).toBe(std);
      expect(run(probe, { Images: images }, { mode: 'reference' }).outcome).toBe(ref);
    });

    it('names the inclusive-day deviation when it decides', () => {
      const r = run(probe, { Images: [old('2026-09-01')] });
      expect(r.deviations).toEqual(['recency-provided-until-inclusive']);
    });

    it('missing provided_until on an outdated image: FAIL by the text, ABORT by the reference', () => {
      const bare = img('Ubuntu 22.04', '2026-01-01T00:00:00Z');
      delete (bare as Record<string, unknown>).provided_until;
      const { std, ref } = both([bare]);
      expect(std.outcome).toBe('FAIL');
      expect(std.evidence?.offenders?.[0]?.problem).toContain('provided_until is missing');
      expect(ref.outcome).toBe('ABORT');
      expect(ref.messageId).toBe('image-recency-undecidable');
      expect(std.deviations).toEqual(['recency-missing-provided-until']);
    });

    it('a fresh image needs no provided_until', () => {
      const bare = img('Ubuntu 24.04', '2026-08-30T00:00:00Z');
      delete (bare as Record<string, unknown>).provided_until;
      expect(run(probe, { Images: [bare] }, { mode: 'reference' }).outcome).toBe('PASS');
    });
  });

  describe('replacement of outdated images', () => {
    const current = img('Ubuntu 24.04', '2026-08-25T00:00:00Z');
    it.each([
      ['a date suffix', 'Ubuntu 24.04 20260101'],
      ['an ISO date suffix', 'Ubuntu 24.04 2026-01-01'],
      ['old', 'Ubuntu 24.04 old'],
      ['prev', 'Ubuntu 24.04 prev'],
    ])('an image marked with %s is replaced by the current one', (_l, name) => {
      const { std, ref } = both([img(name, '2026-01-01T00:00:00Z'), current]);
      expect(std.outcome).toBe('PASS');
      expect(std.warnings ?? []).toEqual([]);
      expect(ref.outcome).toBe('PASS');
    });

    it('fails the marked image without a current image under the short name', () => {
      const r = run(probe, { Images: [img('Ubuntu 24.04 20260101', '2026-01-01T00:00:00Z')] });
      expect(r.outcome).toBe('FAIL');
      expect(offenderNames(r)).toEqual(['Ubuntu 24.04 20260101']);
      expect(r.evidence?.offenders?.[0]?.problem).toContain('outdated without replacement');
    });

    it('fails when the replacement is outdated itself', () => {
      const stale = img('Ubuntu 24.04', '2026-05-01T00:00:00Z');
      const r = run(probe, { Images: [img('Ubuntu 24.04 20260101', '2026-01-01T00:00:00Z'), stale] });
      expect(r.outcome).toBe('FAIL');
      expect(offenderNames(r)).toEqual(['Ubuntu 24.04', 'Ubuntu 24.04 20260101']);
    });

    it('warns about an unmarked outdated image that has a replacement', () => {
      const r = run(probe, { Images: [img('Ubuntu 24.04 minimal', '2026-01-01T00:00:00Z'), current] });
      expect(r.outcome).toBe('PASS');
      expect(r.warnings?.some((w) => w.includes('neither hidden nor marked'))).toBe(true);
    });

    it('ignores hidden images (not referenced by name)', () => {
      const r = run(probe, {
        Images: [img('Ubuntu 24.04', '2025-01-01T00:00:00Z', { os_hidden: true }), current],
      });
      expect(r.outcome).toBe('PASS');
      expect(r.evidence?.judged).toEqual(['Ubuntu 24.04']);
    });

    it('finds a current replacement among duplicate names (the reference looks at the last one only)', () => {
      const staleDup = img('Debian 12', '2026-03-01T00:00:00Z', { provided_until: '2026-08-01' });
      const fresh = img('Debian 12', '2026-08-25T00:00:00Z');
      const old = img('Debian 12 20260101', '2026-01-01T00:00:00Z');
      // staleDup is past its provided_until, so it is fine by itself; as replacement both readings accept it.
      const { std, ref } = both([old, fresh, staleDup]);
      expect(std.outcome).toBe('PASS');
      expect(ref.outcome).toBe('PASS');
      expect(std.warnings?.some((w) => w.includes('duplicate image names: Debian 12'))).toBe(true);
    });
  });

  it('warns about an unknown replace_frequency and leaves it to -prop-replace_frequency', () => {
    const r = run(probe, {
      Images: [img('Ubuntu 24.04', '2020-01-01T00:00:00Z', { replace_frequency: 'sometimes' })],
    });
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('unknown replace_frequency');
  });
});

describe('scs-0102-image-recency input checks', () => {
  it('aborts on a malformed ctx.now instead of judging against NaN', () => {
    const r = run(probe, { Images: [goodImage()] }, { now: 'yesterday' });
    expect(r.outcome).toBe('ABORT');
    expect(r.message).toContain('ctx.now');
  });
});
