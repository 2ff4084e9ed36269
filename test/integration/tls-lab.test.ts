// scs-0125 on the real lab: haproxy terminates TLS in front of every API (lab CA, ECDSA P-256 certificate for
// 127.0.0.1, Mozilla "intermediate" settings) and the catalog lists only HTTPS addresses. The baseline passes;
// scenario weak-tls (the image API also speaks TLS 1.0/1.1 and a CBC/SHA-1 suite) fails naming that endpoint,
// the protocols and the suite; the client trusts the lab CA from clouds.yaml or OS_CACERT, and nothing else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { scanTls } from '../../src/tls/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { labEnv, runScsCert, seed } from './lab.js';

const out = tempDir('scs-cert-lab-tls-');
const TESTCASE = 'scs-0125-secure-connections';
// TLS port = HTTP port + 10000 (test/lab/openstack/lib/tls.sh); the weak scenario weakens the image API.
const TLS_PORTS = [15000, 18774, 18776, 18778, 19292, 19311, 19696, 19876];
const WEAK = 'https://127.0.0.1:19292';

interface Row {
  endpoint: string;
  url: string;
  interfaces: string[];
  https: boolean;
  status: string;
  versions?: string[];
  certificate?: { trusted: boolean; hostname: boolean; key: string };
}

beforeAll(() => {
  labEnv();
  seed('baseline');
});
afterAll(() => {
  seed('reset');
});

async function scs0125(extra: string[] = []) {
  const r = await runScsCert(out, [
    '--os-cloud',
    'lab-appcred',
    '--tests',
    TESTCASE,
    '--with-extensions',
    ...extra,
  ]);
  const tc = r.report.testcases.find((t) => t.id === TESTCASE)!;
  const rows = (tc.evidence?.values as { endpoints: Row[] } | undefined)?.endpoints ?? [];
  return { r, tc, rows };
}

describe('scs-0125 secure connections on the lab', () => {
  it('baseline: every catalog endpoint (all interfaces) is HTTPS with the intermediate profile', async () => {
    const { tc, rows } = await scs0125();
    expect(tc.outcome, tc.message).toBe('PASS');
    expect(tc.messageId).toBe('endpoints-compliant');
    expect(tc.message).toMatch(/^8 endpoint\(s\) meet Mozilla "intermediate" 5\.7/);
    expect(rows.map((x) => Number(new URL(x.url).port)).sort((a, b) => a - b)).toEqual(TLS_PORTS);
    for (const row of rows) {
      expect(row, row.url).toMatchObject({ https: true, status: 'ok', versions: ['TLSv1.2', 'TLSv1.3'] });
      expect(row.interfaces).toEqual(['admin', 'internal', 'public']);
      expect(row.certificate).toMatchObject({ trusted: true, hostname: true, key: 'ecdsa prime256v1' });
    }
    // what the profile recommends but a private lab CA cannot give (no OCSP responder) is advice, not a failure
    expect((tc.warnings ?? []).every((w) => w.includes('ocsp_staple'))).toBe(true);
  });

  it('weak-tls: fails naming the endpoint, TLS 1.0/1.1 and the CBC suite; --tls-ignore exempts it', async () => {
    seed('weak-tls');
    const { tc, rows } = await scs0125();
    expect(tc.outcome).toBe('FAIL');
    expect(tc.messageId).toBe('endpoint-not-compliant');
    expect(tc.message).toContain(`1 endpoint(s) do not meet scs-0125`);
    expect(tc.message).toContain(WEAK);
    expect(tc.message).toContain('tls_versions');
    expect(tc.message).toContain('ciphers');
    const problems = (tc.evidence?.offenders ?? []).map(
      (o) => `${o.resource} ${String(o.rule)}: ${o.problem}`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        `${WEAK} tls_versions: accepts TLSv1 (profile: TLSv1.2, TLSv1.3)`,
        `${WEAK} tls_versions: accepts TLSv1.1 (profile: TLSv1.2, TLSv1.3)`,
        `${WEAK} ciphers: accepts TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (ECDHE-ECDSA-AES128-SHA) on TLSv1.2`,
      ]),
    );
    expect(problems.every((p) => p.startsWith(`${WEAK} `))).toBe(true);
    expect(rows.find((x) => x.url === WEAK)).toMatchObject({
      status: 'fail',
      versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    });
    expect(rows.filter((x) => x.status === 'ok')).toHaveLength(7);

    const ignored = await scs0125(['--tls-ignore', '127.0.0.1:19292']);
    expect(ignored.tc.outcome, ignored.tc.message).toBe('PASS');
    expect(ignored.tc.message).toContain('(1 ignored)');

    // The reset brings the strong frontend back.
    seed('baseline');
    const scan = await scanTls('127.0.0.1', 19292, { ca: readFileSync(labCa(), 'utf8') });
    expect(scan.protocols.filter((p) => p.accepted).map((p) => p.version)).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it('the client trusts the lab CA from clouds.yaml or OS_CACERT, and refuses the endpoints without it', async () => {
    const env = labEnv();
    const file = env.OS_CLIENT_CONFIG_FILE!;
    expect(readFileSync(file, 'utf8')).toContain(`cacert: ${labCa()}`);
    // the same clouds without their cacert lines
    const bare = join(out, 'clouds-without-cacert.yaml');
    writeFileSync(bare, readFileSync(file, 'utf8').replace(/^\s*cacert: .*\n/gm, ''));
    const { OS_CACERT: _ca, ...noCa } = env;
    await expect(
      connectOpenStack({ cloud: 'lab-appcred', env: { ...noCa, OS_CLIENT_CONFIG_FILE: bare } }),
    ).rejects.toThrow(/TLS verification failed for https:\/\/127\.0\.0\.1:15000 .*set cacert/);
    const c = await connectOpenStack({
      cloud: 'lab-appcred',
      env: { ...noCa, OS_CLIENT_CONFIG_FILE: bare, OS_CACERT: labCa() },
    });
    try {
      expect(c.config.cacert).toBe(labCa());
      expect(await c.hasService('compute')).toBe(true);
    } finally {
      await c.close();
    }
  });
});

function labCa(): string {
  const ca = labEnv().OS_CACERT;
  if (!ca) throw new Error('state/lab.env exports no OS_CACERT: bring the lab up with this checkout');
  return ca;
}
