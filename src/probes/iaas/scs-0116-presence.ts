// scs-0116-presence: the service catalog lists a key-manager service (recommended by scs-0116).
import { defineProbe } from '../types.js';
import { serviceLabel, servicesOfType } from './support/catalog.js';
import { fail, pass } from './support/results.js';

export default defineProbe({
  meta: {
    id: 'scs-0116-presence',
    title: 'A key manager is offered',
    failureTitle: 'No key manager in the service catalog',
    description: 'The Keystone service catalog has a service of type key-manager (e.g. Barbican).',
    standards: [
      { id: 'scs-0116-v1', url: 'https://docs.scs.community/standards/scs-0116-v1-key-manager-standard' },
      {
        id: 'scs-0116-w1',
        url: 'https://docs.scs.community/standards/scs-0116-w1-key-manager-implementation-testing',
      },
    ],
    artifacts: ['ServiceCatalog'],
  },
  evaluate(artifacts) {
    const catalog = artifacts.ServiceCatalog;
    const found = servicesOfType(catalog, ['key-manager']);
    const judged = catalog.map(serviceLabel);
    if (found.length === 0) {
      return fail(
        'key-manager-missing',
        'The service catalog has no service of type key-manager. CSPs SHOULD offer the Key Manager API (e.g. Barbican) ' +
          'and register it in the Keystone catalog.',
        { judged, values: { types: [...new Set(catalog.map((s) => s.type))].sort() } },
      );
    }
    return pass('key-manager-present', `Key manager found: ${found.map(serviceLabel).join(', ')}.`, {
      judged,
    });
  },
});
