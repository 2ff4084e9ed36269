// scs-0125 under network faults: a handshake lost to the network is reported by the scanner, and the TlsEndpoints
// gatherer scans such an endpoint again; lost twice, the scan is inconclusive and the gatherer fails (ABORT), so a
// timeout never reads as "TLS 1.0 not offered" (a PASS) or "TLS 1.2 not offered" (a FAIL).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceCatalog } from '../../src/artifacts/iaas.js';
import type { TlsScan } from '../../src/artifacts/tls-endpoints.js';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import { tlsEndpointsGatherer } from '../../src/gatherers/openstack/tls-endpoints.js';
import { scanTls, type ScanOptions } from '../../src/tls/scan.js';
import { gatherContext } from '../helpers/gather-context.js';

/** Scripted scans: each call takes the next entry, reports its lost handshakes, and answers its scan. */
const script: Array<{ lost: string[]; scan: TlsScan }> = [];
vi.mock('../../src/tls/scan.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/tls/scan.js')>();
  return {
    ...real,
    scanTls: async (host: string, port: number, opts: ScanOptions = {}) => {
      const next = script.shift();
      if (!next) return real.scanTls(host, port, opts);
      for (const e of next.lost) opts.onNetworkError?.(e);
      return next.scan;
    },
  };
});

const SCAN: TlsScan = {
  reachable: true,
  protocols: [
    { version: 'TLSv1', accepted: false },
    { version: 'TLSv1.1', accepted: false },
    { version: 'TLSv1.2', accepted: true },
    { version: 'TLSv1.3', accepted: true },
  ],
  ciphers: [{ version: 'TLSv1.3', openssl: 'TLS_AES_128_GCM_SHA256', iana: 'TLS_AES_128_GCM_SHA256' }],
  groups: [{ name: 'X25519', accepted: true }],
};
const CATALOG: ServiceCatalog = [
  {
    type: 'identity',
    name: 'keystone',
    endpoints: [{ interface: 'public', url: 'https://127.0.0.1:5000/v3', region: 'RegionOne' }],
  },
] as ServiceCatalog;

let cloud: DemoCloud | undefined;
let client: OpenStackClient | undefined;
let hang: Server | undefined;
afterEach(async () => {
  script.length = 0;
  await client?.close();
  await cloud?.stop();
  await new Promise((r) => (hang ? hang.close(r) : r(undefined)));
  cloud = client = hang = undefined;
});

async function gather() {
  cloud = await startDemoCloud();
  client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' } });
  return tlsEndpointsGatherer.gather(gatherContext(client, new RunLedger('scs-cert-tlsflt-')), {
    ServiceCatalog: CATALOG,
  });
}

describe('TLS scans under network faults', () => {
  it('the scanner reports a handshake that timed out as a network loss', async () => {
    const held: Socket[] = [];
    hang = createServer((s) => held.push(s)); // accepts, never speaks
    await new Promise<void>((r) => hang?.listen(0, '127.0.0.1', r));
    const port = (hang.address() as { port: number }).port;
    const lost: string[] = [];
    const scan = await scanTls('127.0.0.1', port, { timeoutMs: 200, onNetworkError: (e) => lost.push(e) });
    for (const s of held) s.destroy();
    expect(scan.reachable).toBe(false);
    expect(lost).toEqual(['no handshake within 200 ms']);
  });

  it('a scan that lost a handshake is repeated; the clean repeat is what the artifact holds', async () => {
    const partial: TlsScan = { ...SCAN, protocols: SCAN.protocols.map((p) => ({ ...p, accepted: false })) };
    script.push({ lost: ['no handshake within 10000 ms'], scan: partial }, { lost: [], scan: SCAN });
    const got = await gather();
    expect(got.scans['127.0.0.1:5000']).toEqual(SCAN);
    expect(script).toEqual([]);
  });

  it('lost handshakes twice: the gatherer fails naming the endpoint (ABORT), never a verdict', async () => {
    script.push(
      { lost: ['no handshake within 10000 ms'], scan: SCAN },
      { lost: ['ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5000'], scan: SCAN },
    );
    await expect(gather()).rejects.toThrow(
      /TLS scan of 127\.0\.0\.1:5000 lost 1 handshake\(s\) to the network twice/,
    );
  });

  it('an endpoint unreachable twice stays unreachable in the artifact (the probe judges that)', async () => {
    const down: TlsScan = {
      reachable: false,
      error: 'no handshake within 10000 ms',
      protocols: [],
      ciphers: [],
      groups: [],
    };
    script.push({ lost: [down.error!], scan: down }, { lost: [down.error!], scan: down });
    const got = await gather();
    expect(got.scans['127.0.0.1:5000']).toEqual(down);
  });
});
