import { describe, expect, it } from 'vitest';
import * as scsCert from '../../src/index.js';

describe('library entry point', () => {
  it('compiles a scope and parses a flavor name through the public API', () => {
    const suite = scsCert.compileSuite(scsCert.loadScope('scs-compatible-iaas'), {
      referenceDate: '2026-11-24',
    });
    // 57 of the scope's versions + 2 advisory extension testcases (scs-0121, scs-0302)
    expect(suite.testcases).toHaveLength(59);
    expect(suite.testcases.every((t) => t.probe !== null)).toBe(true);
    expect(scsCert.flavorNames.checkFlavorName('SCS-2V-4-20s').verdict).toBe('valid');
    expect(scsCert.expiresAt(new Date('2026-11-25T00:00:00Z'), 'day').toISOString()).toBe(
      '2026-11-27T00:00:00.000Z',
    );
  });
});
