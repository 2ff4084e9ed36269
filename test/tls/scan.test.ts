// The TLS scanner against loopback servers: what it reports for strong and weak configurations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsEndpoints } from '../../src/artifacts/tls-endpoints.js';
import probe from '../../src/probes/iaas/scs-0125-secure-connections.js';
import { scanTls } from '../../src/tls/scan.js';
import { run } from '../probes/helpers.js';
import { makePki, startServer, STRONG, type TestPki } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';

let pki: TestPki;
const closers: Array<() => Promise<void>> = [];
beforeAll(() => {
  pki = makePki(tempDir('scs-cert-tls-'));
});
afterAll(async () => {
  for (const c of closers) await c();
});

async function serve(
  opts: Parameters<typeof startServer>[0],
  headers?: Record<string, string>,
): Promise<number> {
  const s = await startServer(opts, headers);
  closers.push(s.close);
  return s.port;
}

function judged(port: number, scan: Awaited<ReturnType<typeof scanTls>>) {
  const key = `127.0.0.1:${port}`;
  const a: TlsEndpoints = {
    ignore: [],
    endpoints: [
      {
        url: `https://${key}/v3`,
        scheme: 'https',
        host: '127.0.0.1',
        port,
        uses: [{ service: 'identity', interface: 'public' }],
        scanKey: key,
      },
    ],
    scans: { [key]: scan },
  };
  return run(
    probe,
    { TlsEndpoints: a },
    { params: { level: 'intermediate' }, now: new Date().toISOString() },
  );
}

describe('scanTls', () => {
  it('reports a strong server: TLS 1.2/1.3 only, its ECDHE suites, trusted chain, matching host name', async () => {
    const port = await serve({ ...STRONG, ...pki.cert('rsa') });
    const scan = await scanTls('127.0.0.1', port, { ca: pki.caPem });
    expect(scan.reachable).toBe(true);
    expect(scan.protocols.filter((p) => p.accepted).map((p) => p.version)).toEqual(['TLSv1.2', 'TLSv1.3']);
    const tls12 = scan.ciphers
      .filter((c) => c.version === 'TLSv1.2')
      .map((c) => c.iana)
      .sort();
    expect(tls12).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
    ]);
    expect(
      scan.ciphers
        .filter((c) => c.version === 'TLSv1.3')
        .map((c) => c.iana)
        .sort(),
    ).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
    expect(
      scan.groups
        .filter((g) => g.accepted)
        .map((g) => g.name)
        .sort(),
    ).toEqual(['X25519', 'prime256v1', 'secp384r1']);
    expect(scan.certificate?.trusted).toBe(true);
    expect(scan.certificate?.hostnameMatches).toBe(true);
    const leaf = scan.certificate!.chain[0]!;
    expect(leaf).toMatchObject({
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    expect(scan.hsts).toBe('max-age=63072000');
    expect(scan.serverPreferredOrder).toBe(false);
    const r = judged(port, scan);
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.join('\n')).toContain('ocsp_staple');
  });

  it('reports a weak server: TLS 1.0/1.1 and a CBC-SHA1 suite accepted, server order imposed', async () => {
    const port = await serve({
      ...pki.cert('rsa'),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: 'AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
      honorCipherOrder: true,
    });
    const scan = await scanTls('127.0.0.1', port, { ca: pki.caPem });
    expect(scan.protocols.filter((p) => p.accepted).map((p) => p.version)).toEqual([
      'TLSv1',
      'TLSv1.1',
      'TLSv1.2',
    ]);
    expect(scan.ciphers).toContainEqual({
      version: 'TLSv1',
      openssl: 'AES128-SHA',
      iana: 'TLS_RSA_WITH_AES_128_CBC_SHA',
    });
    expect(scan.serverPreferredOrder).toBe(true);
    const r = judged(port, scan);
    expect(r.outcome).toBe('FAIL');
    const problems = (r.evidence?.offenders ?? []).map((o) => `${String(o.rule)}: ${o.problem}`);
    expect(problems).toContain('tls_versions: accepts TLSv1 (profile: TLSv1.2, TLSv1.3)');
    expect(problems).toContain('tls_versions: accepts TLSv1.1 (profile: TLSv1.2, TLSv1.3)');
    expect(problems).toContain('ciphers: accepts TLS_RSA_WITH_AES_128_CBC_SHA (AES128-SHA) on TLSv1.2');
  });

  it('reports an untrusted chain without the CA, an ECDSA leaf, a wrong host name and finite-field DH', async () => {
    const ec = await serve({ ...STRONG, ...pki.cert('ec') });
    const untrusted = await scanTls('127.0.0.1', ec);
    expect(untrusted.certificate?.trusted).toBe(false);
    expect(untrusted.certificate?.chain[0]).toMatchObject({
      keyType: 'ecdsa',
      curve: 'prime256v1',
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    const wrong = await serve({ ...STRONG, ...pki.cert('wrongname') });
    const named = await scanTls('127.0.0.1', wrong, { ca: pki.caPem });
    expect(named.certificate?.trusted).toBe(true);
    expect(named.certificate?.hostnameMatches).toBe(false);
    const dhe = await serve({
      ...pki.cert('rsa'),
      maxVersion: 'TLSv1.2',
      ciphers: 'DHE-RSA-AES128-GCM-SHA256',
      dhparam: 'auto',
    });
    const dh = await scanTls('127.0.0.1', dhe, { ca: pki.caPem });
    expect(dh.ciphers.map((c) => c.openssl)).toEqual(['DHE-RSA-AES128-GCM-SHA256']);
    expect(dh.dhBits).toBeGreaterThanOrEqual(2048);
  });

  it('reports an endpoint nobody listens on as unreachable, not as a TLS failure', async () => {
    const s = await startServer({ ...STRONG, ...pki.cert('rsa') });
    const port = s.port;
    await s.close();
    const scan = await scanTls('127.0.0.1', port, { timeoutMs: 2000 });
    expect(scan.reachable).toBe(false);
    expect(scan.error).toMatch(/ECONNREFUSED/);
  });
});
