// Loopback TLS servers for scanner tests: a test CA, leaf certificates made with openssl, and https servers
// configured strong (Mozilla intermediate) or weak (old protocols, a non-intermediate cipher).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface TestPki {
  caPem: string;
  cert(name: string): { key: string; cert: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA and leaf certificates: `rsa` (2048, 90 days), `ec` (P-256), `longlived` (800 days), `rsa1024`, `wrongname`. */
export function makePki(dir: string): TestPki {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '30',
    '-subj',
    '/CN=scs-cert test CA',
  ]);
  const leaf = (name: string, keyArgs: string[], days: number, san: string) => {
    openssl(dir, [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    ]);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-sha256',
      '-extfile',
      `${name}.ext`,
    ]);
  };
  const good = 'DNS:localhost,IP:127.0.0.1';
  leaf('rsa', ['-newkey', 'rsa:2048'], 90, good);
  leaf('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], 90, good);
  leaf('longlived', ['-newkey', 'rsa:2048'], 800, good);
  leaf('rsa1024', ['-newkey', 'rsa:1024'], 90, good);
  leaf('wrongname', ['-newkey', 'rsa:2048'], 90, 'DNS:api.example.org');
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    cert: (name) => ({
      key: readFileSync(join(dir, `${name}.key`), 'utf8'),
      cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    }),
  };
}

/** Mozilla intermediate server settings (5.7): TLS 1.2/1.3, ECDHE AEAD suites, no server order. */
export const STRONG: ServerOptions = {
  minVersion: 'TLSv1.2',
  ciphers:
    'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  ecdhCurve: 'X25519:prime256v1:secp384r1',
  honorCipherOrder: false,
};

export async function startServer(
  options: ServerOptions,
  headers: Record<string, string> = { 'strict-transport-security': 'max-age=63072000' },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(options, (_req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
