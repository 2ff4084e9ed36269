// A gatherer context around one OpenStack client and a ledger, for tests that call gatherer helpers directly.
import type { OpenStackClient } from '../../src/clients/openstack/client.js';
import type { RunLedger } from '../../src/gatherers/ledger.js';
import type { GatherContext } from '../../src/gatherers/types.js';

export function gatherContext(client: OpenStackClient, ledger: RunLedger): GatherContext {
  return {
    clients: { openstack: client },
    ledger,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    progress: () => {},
    signal: new AbortController().signal,
    options: {},
    data: {},
  };
}
