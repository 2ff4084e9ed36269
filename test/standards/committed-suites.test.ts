import { describe, expect, it } from 'vitest';
import { staleSuites } from '../../src/suites/committed.js';

describe('committed suites', () => {
  it('are up to date with standards/ and the registered probes (run `npm run suites` to refresh)', () => {
    expect(staleSuites()).toEqual([]);
  });
});
