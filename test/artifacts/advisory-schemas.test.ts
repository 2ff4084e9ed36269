// The JSON Schemas of the advisory artifacts compile strictly, accept what the gatherers really produce (a loopback
// TLS scan, the embedded cloud's networks, real Tempest result files), and a malformed saved one is named exactly.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PROVIDER_NETWORKS_SCHEMA } from '../../src/artifacts/provider-networks.js';
import { TEMPEST_RUN_SCHEMA } from '../../src/artifacts/tempest-run.js';
import { TLS_ENDPOINTS_SCHEMA, type TlsEndpoints } from '../../src/artifacts/tls-endpoints.js';
import type { ArtifactName } from '../../src/artifacts/names.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { savedArtifactSource } from '../../src/runner/artifact-source.js';
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

let saving: Promise<string> | undefined;
/** The artifacts one demo run of the advisory sections saved (network, TLS, zones, domain manager). */
function savedFromDemo(): Promise<string> {
  saving ??= (async () => {
    const dir = tempDir('scs-cert-adv-artifacts-');
    const saved = join(dir, 'a');
    const args = ['-V', 'v5.1', '-S', 'network,tls,az,iam', '--save-artifacts', saved];
    await runCli([
      'run',
      'scs-compatible-iaas',
      '--demo',
      '-q',
      ...args,
      '-f',
      'json',
      '-o',
      join(dir, 'out'),
    ]);
    return saved;
  })();
  return saving;
}

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
    const saved = await savedFromDemo();
    const read = (n: string) =>
      JSON.parse(readFileSync(join(saved, `${n}.json`), 'utf8')) as Record<string, unknown>;
    const networks = read('ProviderNetworks');
    expect(check(PROVIDER_NETWORKS_SCHEMA, networks)).toEqual([]);
    expect(check(PROVIDER_NETWORKS_SCHEMA, { ...networks, dnsService: 'no' })).not.toEqual([]);
    expect(check(TLS_ENDPOINTS_SCHEMA, read('TlsEndpoints'))).toEqual([]);
  });

  it('a malformed saved advisory artifact is ABORT naming the file and the JSON pointer', async () => {
    const saved = await savedFromDemo();
    const dir = tempDir('scs-cert-adv-malformed-');
    const fixture = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest', 'listed.subunit');
    writeFileSync(
      join(saved, 'TempestRun.json'),
      JSON.stringify({ source: 'ingested', ...readTempestResults(fixture) }),
    );
    const read = (n: string): unknown => JSON.parse(readFileSync(join(saved, `${n}.json`), 'utf8'));
    /** The value with `to` put at the JSON pointer `at` (its parents exist). */
    const put = (value: unknown, at: string, to: unknown): unknown => {
      const keys = at.split('/').slice(1);
      const last = keys.pop() as string;
      let node = value as Record<string, unknown>;
      for (const k of keys) node = node[k] as Record<string, unknown>;
      node[last] = to;
      return value;
    };
    // each artifact as saved passes its contract; one wrong value deep inside is named by its pointer
    const breaks: Array<[string, string, unknown, string]> = [
      ['DomainManagerCheck', '/operations/3/observed', 'maybe', '/operations/3/observed'],
      [
        'AvailabilityZones',
        '/aggregates/items',
        [{ name: 'x', availabilityZone: 7 }],
        '/aggregates/items/0/availabilityZone',
      ],
      ['CrossAzAttachCheck', '/steps', [{ step: 'create-server', ok: 'yes' }], '/steps/0/ok'],
      ['ProviderNetworks', '/subnetPools/0/min_prefixlen', '64', '/subnetPools/0/min_prefixlen'],
      ['TlsEndpoints', '/endpoints/0/port', 70000, '/endpoints/0/port'],
      ['TempestRun', '/tests/1/status', 'passed', '/tests/1/status'],
    ];
    for (const [name, at, to, pointer] of breaks) {
      const source = savedArtifactSource(saved);
      await expect(source.get(name as ArtifactName), name).resolves.toBeDefined();
      const bad = join(dir, `bad-${name}`);
      mkdirSync(bad);
      const file = join(bad, `${name}.json`);
      writeFileSync(file, JSON.stringify(put(read(name), at, to)));
      await expect(savedArtifactSource(bad).get(name as ArtifactName), name).rejects.toThrow(
        `artifact file ${file} does not match the ${name} contract at ${pointer}`,
      );
    }
    // end to end: the testcase judging the broken artifact ABORTs with that message, the others are judged
    writeFileSync(
      join(saved, 'DomainManagerCheck.json'),
      JSON.stringify(put(read('DomainManagerCheck'), '/operations/3/observed', 'maybe')),
    );
    const out = join(dir, 'eval');
    const r = await runCli([
      'evaluate',
      'scs-compatible-iaas',
      '--artifacts',
      saved,
      '-f',
      'json',
      '-o',
      out,
    ]);
    const written = readdirSync(out).filter((f) => f.endsWith('.json'));
    const report = JSON.parse(readFileSync(join(out, written[0] ?? ''), 'utf8')) as ConformanceReport;
    const tc = report.testcases.find((t) => t.id === 'scs-0302-v1-domain-manager');
    expect(tc?.outcome, r.stderr).toBe('ABORT');
    expect(tc?.message).toContain(
      `${join(saved, 'DomainManagerCheck.json')} does not match the DomainManagerCheck contract at /operations/3/observed`,
    );
    expect(report.testcases.find((t) => t.id === 'scs-0121-v1-availability-zones')?.outcome).toBe('PASS');
  });
});
