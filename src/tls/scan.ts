// Scans one TLS server handshake by handshake: protocol versions, cipher suites, groups, DH size, certificate chain.
// Node's own TLS client is the instrument: each handshake offers a chosen version range and cipher list, and the
// server's choice (or refusal) is the observation. Ciphers are enumerated by elimination: offer all, note the one the
// server picks, drop it, repeat until the server refuses — one handshake per accepted cipher plus one.
import { request as httpsRequest } from 'node:https';
import { checkServerIdentity, connect, createSecureContext, getCiphers, rootCertificates } from 'node:tls';
import type { ConnectionOptions, PeerCertificate, SecureVersion } from 'node:tls';
import { isIP } from 'node:net';
import type { TlsCertificate, TlsScan } from '../artifacts/tls-endpoints.js';
import { TLS_VERSIONS } from '../artifacts/tls-endpoints.js';
import { describeCertificate } from './certificate.js';

export interface ScanOptions {
  /** PEM bundle trusted in addition to the system roots (the cloud's `cacert`). */
  ca?: string;
  /** Per-handshake timeout (ms). */
  timeoutMs?: number;
  /** URL to GET for the Strict-Transport-Security header (default: https://host:port/). */
  url?: string;
  signal?: AbortSignal;
  /**
   * Told of every handshake that failed for a network reason (timeout, refused, unreachable) rather than by the
   * server's refusal: such a scan says nothing certain about the versions and suites it was testing.
   */
  onNetworkError?: (error: string) => void;
}

/** TLS 1.3 suites OpenSSL can offer (CCM ones are off by default but may be offered explicitly). */
export const TLS13_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
];

/** Elliptic-curve groups tried one at a time (the profile's `tls_curves` names). */
export const GROUPS = ['X25519', 'X448', 'prime256v1', 'secp384r1', 'secp521r1', 'secp224r1', 'prime192v1'];

/** Legacy suites beyond Node's default list, offered when this OpenSSL still knows them (checked at run time). */
const LEGACY_SUITES = [
  'DES-CBC3-SHA',
  'ECDHE-RSA-DES-CBC3-SHA',
  'ECDHE-ECDSA-DES-CBC3-SHA',
  'EDH-RSA-DES-CBC3-SHA',
  'CAMELLIA128-SHA',
  'CAMELLIA256-SHA',
  'CAMELLIA128-SHA256',
  'CAMELLIA256-SHA256',
  'DHE-RSA-CAMELLIA128-SHA',
  'DHE-RSA-CAMELLIA256-SHA',
  'ECDHE-RSA-CAMELLIA128-SHA256',
  'ECDHE-RSA-CAMELLIA256-SHA384',
  'AES128-CCM',
  'AES256-CCM',
  'AES128-CCM8',
  'AES256-CCM8',
  'ECDHE-ECDSA-AES128-CCM',
  'ECDHE-ECDSA-AES256-CCM',
  'DHE-RSA-AES128-CCM',
  'DHE-RSA-AES256-CCM',
  'ARIA128-GCM-SHA256',
  'ARIA256-GCM-SHA384',
  'ECDHE-RSA-ARIA128-GCM-SHA256',
  'ECDHE-RSA-ARIA256-GCM-SHA384',
  'ECDHE-ECDSA-ARIA128-GCM-SHA256',
  'DHE-RSA-ARIA128-GCM-SHA256',
  'SEED-SHA',
  'IDEA-CBC-SHA',
  'RC4-SHA',
  'RC4-MD5',
  'NULL-SHA',
  'NULL-SHA256',
  'NULL-MD5',
  'ECDHE-RSA-NULL-SHA',
  'ECDHE-ECDSA-NULL-SHA',
  'ADH-AES128-SHA',
  'ADH-AES256-SHA',
  'ADH-AES128-GCM-SHA256',
  'AECDH-AES128-SHA',
  'AECDH-AES256-SHA',
];

/** Lowest OpenSSL security level, so that weak servers can be observed (never used for real traffic). */
const ANY = '@SECLEVEL=0';

let candidateCache: { offered: string[]; untested: string[] } | undefined;

/** TLS ≤1.2 suites this OpenSSL can offer, and the ones it cannot. */
export function candidateSuites(): { offered: string[]; untested: string[] } {
  if (candidateCache) return candidateCache;
  const names = new Set<string>();
  for (const c of getCiphers()) {
    if (/^(tls_|psk-|dhe-psk|ecdhe-psk|rsa-psk|srp-)/.test(c)) continue;
    names.add(c.toUpperCase());
  }
  for (const c of LEGACY_SUITES) names.add(c);
  const offered: string[] = [];
  const untested: string[] = [];
  for (const name of names) {
    try {
      createSecureContext({ ciphers: `${name}:${ANY}`, minVersion: 'TLSv1', maxVersion: 'TLSv1.2' });
      offered.push(name);
    } catch {
      untested.push(name);
    }
  }
  candidateCache = { offered, untested };
  return candidateCache;
}

type Handshake =
  | {
      ok: true;
      version: string;
      cipher: { name: string; standardName: string };
      ephemeral: { type?: string; name?: string; size?: number };
      peer: PeerCertificate;
      authorized: boolean;
      authorizationError?: string;
      ocsp: boolean;
    }
  | { ok: false; network: boolean; error: string };

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

interface HandshakeSpec {
  min: SecureVersion;
  max: SecureVersion;
  ciphers?: string;
  group?: string;
}

function handshake(host: string, port: number, spec: HandshakeSpec, opts: ScanOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    // requestOCSP is a documented tls.connect option that @types/node does not declare.
    const options: ConnectionOptions & { requestOCSP?: boolean } = {
      host,
      port,
      minVersion: spec.min,
      maxVersion: spec.max,
      rejectUnauthorized: false,
      ca: opts.ca ? [...rootCertificates, opts.ca] : [...rootCertificates],
      requestOCSP: true,
      ciphers: spec.ciphers ?? `DEFAULT:${ANY}`,
      ...(spec.group !== undefined && { ecdhCurve: spec.group }),
      ...(isIP(host) === 0 && { servername: host }),
    };
    let ocsp = false;
    let settled = false;
    const finish = (h: Handshake) => {
      if (settled) return;
      settled = true;
      if (!h.ok && h.network && !opts.signal?.aborted) opts.onNetworkError?.(h.error);
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(h);
    };
    let socket: ReturnType<typeof connect>;
    try {
      socket = connect(options);
    } catch (err) {
      resolve({ ok: false, network: false, error: (err as Error).message });
      return;
    }
    const timer = setTimeout(
      () => finish({ ok: false, network: true, error: `no handshake within ${opts.timeoutMs ?? 10_000} ms` }),
      opts.timeoutMs ?? 10_000,
    );
    const onAbort = () => finish({ ok: false, network: true, error: 'aborted' });
    opts.signal?.addEventListener('abort', onAbort);
    socket.on('OCSPResponse', (resp: Buffer | null) => {
      ocsp = Boolean(resp && resp.length > 0);
    });
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      const h: Handshake = {
        ok: true,
        version: socket.getProtocol() ?? 'unknown',
        cipher: { name: cipher.name, standardName: cipher.standardName },
        ephemeral: (socket.getEphemeralKeyInfo() || {}) as { type?: string; name?: string; size?: number },
        peer: socket.getPeerCertificate(true),
        authorized: socket.authorized,
        ocsp,
      };
      if (socket.authorizationError) h.authorizationError = String(socket.authorizationError);
      finish(h);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      finish({
        ok: false,
        network: NETWORK_CODES.has(err.code ?? ''),
        error: err.code ? `${err.code}: ${err.message}` : err.message,
      });
    });
    socket.once('close', () =>
      finish({ ok: false, network: false, error: 'connection closed during the handshake' }),
    );
  });
}

function chainOf(peer: PeerCertificate): TlsCertificate[] {
  const chain: TlsCertificate[] = [];
  const seen = new Set<string>();
  let cur: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = peer;
  while (cur?.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    chain.push(describeCertificate(cur.raw));
    cur = cur.issuerCertificate;
  }
  return chain;
}

function getHeader(url: string, opts: ScanOptions): Promise<string | null | undefined> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      url,
      {
        method: 'GET',
        rejectUnauthorized: false,
        timeout: opts.timeoutMs ?? 10_000,
        ...(opts.signal && { signal: opts.signal }),
      },
      (res) => {
        const v = res.headers['strict-transport-security'];
        res.resume();
        resolve(typeof v === 'string' ? v : null);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function versionIndex(v: string): number {
  return (TLS_VERSIONS as readonly string[]).indexOf(v);
}

/**
 * Offers every suite of `suites` on one version, notes the one the server picks, drops it and repeats until the
 * server refuses. `network`: the very first handshake failed for a network reason.
 */
async function eliminate(
  host: string,
  port: number,
  version: SecureVersion,
  suites: readonly string[],
  opts: ScanOptions,
): Promise<{ accepted: Array<{ name: string; standardName: string }>; detail?: string; network: boolean }> {
  const tls13 = version === 'TLSv1.3';
  const pool = [...suites];
  const accepted: Array<{ name: string; standardName: string }> = [];
  while (pool.length) {
    const ciphers = tls13 ? pool.join(':') : `${pool.join(':')}:${ANY}`;
    const h = await handshake(host, port, { min: version, max: version, ciphers }, opts);
    if (!h.ok) return { accepted, detail: h.error, network: h.network && accepted.length === 0 };
    accepted.push(h.cipher);
    const i = pool.indexOf(tls13 ? h.cipher.standardName : h.cipher.name);
    if (i < 0) break; // the server chose a suite we did not offer: stop rather than loop
    pool.splice(i, 1);
  }
  return { accepted, network: false };
}

/** Scans host:port; never throws for what the server does — network failures are reported in the result. */
export async function scanTls(host: string, port: number, opts: ScanOptions = {}): Promise<TlsScan> {
  const candidates = candidateSuites();
  const scan: TlsScan = { reachable: true, protocols: [], ciphers: [], groups: [] };
  if (candidates.untested.length) scan.untestedCiphers = candidates.untested;

  // 1. A modern handshake: reachability, certificate chain, trust, host name, OCSP stapling.
  const first = await handshake(host, port, { min: 'TLSv1', max: 'TLSv1.3' }, opts);
  if (!first.ok && first.network) {
    return { ...scan, reachable: false, error: first.error };
  }
  if (first.ok) {
    const chain = chainOf(first.peer);
    const hostErr = checkServerIdentity(host, first.peer);
    // Node folds the host-name check into `authorized`; the chain's trust is judged apart from the name.
    const nameOnly = /ALTNAME|hostname/i.test(first.authorizationError ?? '');
    scan.certificate = {
      chain,
      trusted: first.authorized || nameOnly,
      ...(first.authorizationError !== undefined && !nameOnly && { trustError: first.authorizationError }),
      hostnameMatches: hostErr === undefined,
      ...(hostErr && { hostnameError: hostErr.message }),
    };
    scan.ocspStapled = first.ocsp;
  }

  // 2. Protocol versions and cipher suites, by elimination.
  for (const version of TLS_VERSIONS) {
    const tls13 = version === 'TLSv1.3';
    const found = await eliminate(host, port, version, tls13 ? TLS13_SUITES : candidates.offered, opts);
    if (found.network && !first.ok)
      return { ...scan, reachable: false, error: found.detail ?? 'unreachable' };
    for (const c of found.accepted) scan.ciphers.push({ version, openssl: c.name, iana: c.standardName });
    const accepted = found.accepted.length > 0;
    scan.protocols.push({
      version,
      accepted,
      ...(!accepted && found.detail !== undefined && { detail: found.detail }),
    });
  }
  if (!scan.protocols.some((p) => p.accepted)) {
    scan.error = `no TLS handshake succeeded (${first.ok ? 'unexpected' : first.error})`;
    return scan;
  }

  // 3. Key-exchange groups, one at a time, on TLS 1.2 and 1.3 where accepted.
  const modern = scan.protocols
    .filter((p) => p.accepted && versionIndex(p.version) >= 2)
    .map((p) => p.version);
  const ecdhe12 = scan.ciphers
    .filter((c) => c.version === 'TLSv1.2' && c.openssl.startsWith('ECDHE-'))
    .map((c) => c.openssl);
  for (const group of GROUPS) {
    let ok = false;
    for (const v of modern) {
      if (v === 'TLSv1.2' && !ecdhe12.length) continue;
      const h = await handshake(
        host,
        port,
        { min: v, max: v, group, ...(v === 'TLSv1.2' && { ciphers: `${ecdhe12.join(':')}:${ANY}` }) },
        opts,
      );
      if (h.ok) {
        ok = true;
        break;
      }
    }
    scan.groups.push({ name: group, accepted: ok });
  }

  // 4. Finite-field DH size, when a DHE suite is accepted.
  const dhe = scan.ciphers.filter((c) => /^(DHE|EDH)-/.test(c.openssl));
  const lastDhe = dhe.at(-1);
  if (lastDhe) {
    const v = lastDhe.version;
    const h = await handshake(
      host,
      port,
      {
        min: v,
        max: v,
        ciphers: `${dhe
          .filter((c) => c.version === v)
          .map((c) => c.openssl)
          .join(':')}:${ANY}`,
      },
      opts,
    );
    if (h.ok && typeof h.ephemeral.size === 'number') scan.dhBits = h.ephemeral.size;
  }

  // 5. Server cipher order: offer two accepted suites in both orders.
  const top = [...scan.protocols].reverse().find((p) => p.accepted && p.version !== 'TLSv1.3')?.version;
  const [firstSuite, secondSuite] = scan.ciphers.filter((c) => c.version === top);
  if (top && firstSuite && secondSuite) {
    const a = await handshake(
      host,
      port,
      { min: top, max: top, ciphers: `${firstSuite.openssl}:${secondSuite.openssl}:${ANY}` },
      opts,
    );
    const b = await handshake(
      host,
      port,
      { min: top, max: top, ciphers: `${secondSuite.openssl}:${firstSuite.openssl}:${ANY}` },
      opts,
    );
    if (a.ok && b.ok) scan.serverPreferredOrder = a.cipher.name === b.cipher.name;
  }

  // 6. HSTS header of the endpoint.
  const hsts = await getHeader(opts.url ?? `https://${isIP(host) === 6 ? `[${host}]` : host}:${port}/`, opts);
  if (hsts !== undefined) scan.hsts = hsts;
  return scan;
}
