// When a testcase result stops counting: the lifetimes of scs_cert_lib.add_period, computed in UTC.
import type { Lifetime } from './types.js';

/**
 * The instant from which a result checked at `checkedAt` is no longer valid (valid strictly before it):
 * day: midnight starting checked_at + 2 days; week: the Monday 00:00 two weeks after the run's Monday;
 * month: the 1st of the month after next; quarter: the 1st day of the quarter after next;
 * year: the 1st of the month after next, one year later.
 */
export function expiresAt(checkedAt: Date, lifetime: Lifetime = 'week'): Date {
  const y = checkedAt.getUTCFullYear();
  const m = checkedAt.getUTCMonth();
  const d = checkedAt.getUTCDate();
  switch (lifetime) {
    case 'day':
      return new Date(Date.UTC(y, m, d + 2));
    case 'week': {
      const weekday = (checkedAt.getUTCDay() + 6) % 7; // Monday = 0, as Python's weekday()
      return new Date(Date.UTC(y, m, d + 14 - weekday));
    }
    case 'month':
      return new Date(Date.UTC(y, m + 2, 1));
    case 'quarter': {
      const quarterStart = m - (m % 3);
      return new Date(Date.UTC(y, quarterStart + 6, 1));
    }
    case 'year':
      return new Date(Date.UTC(y + 1, m + 2, 1));
  }
}
