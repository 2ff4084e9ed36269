// The JSON Schemas of the TlsEndpoints, ProviderNetworks and TempestRun artifacts compile strictly and accept what
// the gatherers really produce (a loopback TLS scan, the embedded cloud's networks, real Tempest result files).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PROVIDER_NETWORKS_SCHEMA } from '../../src/artifacts/provider-networks.js';
import { TEMPEST_RUN_SCHEMA } from '../../src/artifacts/tempest-run.js';
import { TLS_ENDPOINTS_SCHEMA, type TlsEndpoints } from '../../src/artifacts/tls-endpoints.js';
import { readTempestResults } from '../../src/tempest/results.js';
import { scanTls } from '../../src/tls/scan.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { makePki, startServer, STRONG } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const check = (schema: object, value: unknown) => {
  const validate = ajv.compile(schema);
  const ok = validate(value);
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe('advisory artifact schemas', () => {
  it('TlsEndpoints accepts a real scan and refuses a malformed one', async () => {
    const pki = makePki(tempDir('scs-cert-tls-schema-'));
    const s = await startServer({ ...STRONG, ...pki.cert('rsa') });
    try {
      const scan = await scanTls('127.0.0.1', s.port, { ca: pki.caPem });
      const key = `127.0.0.1:${s.port}`;
      const a: TlsEndpoints = {
        ignore: ['10.0.0.1'],
        endpoints: [
          {
            url: `https://${key}/v3`,
            scheme: 'https',
            host: '127.0.0.1',
            port: s.port,
            uses: [{ service: 'identity', interface: 'public', region: null }],
            scanKey: key,
          },
        ],
        scans: { [key]: scan },
      };
      expect(check(TLS_ENDPOINTS_SCHEMA, a)).toEqual([]);
      expect(
        check(TLS_ENDPOINTS_SCHEMA, {
          ...a,
          scans: { [key]: { ...scan, protocols: [{ version: 'SSLv3', accepted: true }] } },
        }),
      ).not.toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('TempestRun accepts results read from real files', () => {
    const fix = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest');
    for (const f of ['listed.subunit', 'listed.junit.xml', 'stestr']) {
      expect(
        check(TEMPEST_RUN_SCHEMA, { source: 'ingested', ...readTempestResults(join(fix, f)) }),
        f,
      ).toEqual([]);
    }
    expect(
      check(TEMPEST_RUN_SCHEMA, { source: 'ingested', resultsPath: 'x', format: 'tap', tests: [] }),
    ).not.toEqual([]);
  });

  it('ProviderNetworks and TlsEndpoints accept what the gatherers saved from the embedded cloud', async () => {
    const dir = tempDir('scs-cert-adv-artifacts-');
    await runCli([
      'run',
      'scs-compatible-iaas',
      '--demo',
      '-q',
      '-V',
      'v5.1',
      '-S',
      'network,tls',
      '-f',
      'json',
      '-o',
      join(dir, 'out'),
      '--save-artifacts',
      join(dir, 'a'),
    ]);
    const read = (n: string) =>
      JSON.parse(readFileSync(join(dir, 'a', `${n}.json`), 'utf8')) as Record<string, unknown>;
    const networks = read('ProviderNetworks');
    expect(check(PROVIDER_NETWORKS_SCHEMA, networks)).toEqual([]);
    expect(check(PROVIDER_NETWORKS_SCHEMA, { ...networks, dnsService: 'no' })).not.toEqual([]);
    expect(check(TLS_ENDPOINTS_SCHEMA, read('TlsEndpoints'))).toEqual([]);
  });
});
