// scs-0116-presence: a key-manager service in the catalog.
import { describe, expect, it } from 'vitest';
import type { ServiceCatalog } from '../../src/artifacts/iaas.js';
import probe from '../../src/probes/iaas/scs-0116-presence.js';
import { run } from './helpers.js';

const svc = (type: string, name?: string) => ({
  type,
  ...(name ? { name } : {}),
  endpoints: [{ interface: 'public', url: `https://${type}.example` }],
});

describe('scs-0116-presence', () => {
  it('passes with barbican', () => {
    const r = run(probe, {
      ServiceCatalog: [svc('compute'), svc('key-manager', 'barbican')] as ServiceCatalog,
    });
    expect(r.outcome).toBe('PASS');
    expect(r.messageId).toBe('key-manager-present');
  });

  it('fails without key-manager and lists the types seen', () => {
    const r = run(probe, { ServiceCatalog: [svc('compute'), svc('keymanager')] as ServiceCatalog });
    expect(r.outcome).toBe('FAIL');
    expect(r.messageId).toBe('key-manager-missing');
    expect(r.evidence?.values?.types).toEqual(['compute', 'keymanager']);
  });
});
