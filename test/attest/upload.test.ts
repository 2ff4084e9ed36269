// uploadReport against a loopback monitor: exact body bytes, headers, auth, and every answer the monitor gives.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackProxy } from '../helpers/loopback-proxy.mjs';
import {
  UploadRefusedError,
  reportsUrl,
  signedBody,
  uploadReport,
  type UploadOptions,
} from '../../src/attest/upload.js';
import { checkSshsig } from '../../src/attest/sshsig/index.js';
import { startFakeMonitor, type FakeMonitor } from './fake-monitor.js';

const execFileP = promisify(execFile);
const KEYS = join(import.meta.dirname, '..', 'fixtures', 'attest', 'keys');
const pub = (f: string) =>
  readFileSync(join(KEYS, `${f}.pub`), 'utf8')
    .split(' ')
    .slice(0, 2)
    .join(' ');

function reportYaml(subject: string, runUuid: string, extra = ''): string {
  return [
    '---',
    'spec:',
    '  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f',
    '  name: SCS-compatible IaaS',
    '  url: https://example.org/scs-compatible-iaas.yaml',
    'checked_at: 2026-08-21 10:00:00.123456',
    'reference_date: 2026-08-21',
    `subject: ${subject}`,
    'run:',
    `  uuid: ${runUuid}`,
    '  argv: []',
    '  assignment: {}',
    '  sections: null',
    '  forced_version: null',
    '  forced_tests: null',
    '  invocations:',
    '    7d1c4b5e-0000-4000-8000-000000000001:',
    '      id: 7d1c4b5e-0000-4000-8000-000000000001',
    '      cmd: flavor-names-check',
    '      results: {scs-0100-syntax-check: 1}',
    '      rc: 0',
    '      stdout: []',
    '      stderr: []',
    '      info: 0',
    '      warning: 0',
    '      error: 0',
    '      critical: 0',
    extra,
  ].join('\n');
}

describe('reportsUrl', () => {
  it.each([
    ['https://compliance.sovereignit.cloud/', 'https://compliance.sovereignit.cloud/reports'],
    ['https://compliance.sovereignit.cloud', 'https://compliance.sovereignit.cloud/reports'],
    ['http://127.0.0.1:8080/base', 'http://127.0.0.1:8080/base/reports'],
    ['http://127.0.0.1:8080/base/', 'http://127.0.0.1:8080/base/reports'],
    ['http://127.0.0.1:8080/base/?x=1#f', 'http://127.0.0.1:8080/base/reports'],
  ])('%s -> %s', (monitor, url) => {
    expect(reportsUrl(monitor).href).toBe(url);
  });

  it('refuses non-URLs and other schemes', () => {
    expect(() => reportsUrl('compliance.example')).toThrow(UploadRefusedError);
    expect(() => reportsUrl('ftp://x/')).toThrow(/http\(s\)/);
  });
});

describe('uploadReport', () => {
  let dir = '';
  let monitor: FakeMonitor;
  let n = 0;
  const sleeps: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scs-cert-upload-'));
    writeFileSync(join(dir, 'token'), `${Buffer.from('cloud-a:s3cret:with:colons').toString('base64')}\n`);
    writeFileSync(join(dir, 'token-zuul'), Buffer.from('zuul_ci:zpass').toString('base64'));
    writeFileSync(join(dir, 'token-bad-pass'), Buffer.from('cloud-a:nope').toString('base64'));
    writeFileSync(join(dir, 'token-garbage'), 'not base64 !!');
    monitor = await startFakeMonitor(
      [
        { subject: 'cloud-a', password: 's3cret:with:colons', keys: [pub('ed25519')] },
        { subject: 'cloud-b', password: 'b', keys: [pub('rsa3072')], delegateOf: [] },
        {
          subject: 'zuul_ci',
          password: 'zpass',
          keys: [pub('ed25519')],
          appendAny: true,
          delegateOf: ['cloud-a'],
        },
      ],
      '/monitor/',
    );
  });
  afterAll(async () => {
    await monitor.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    monitor.script.length = 0;
    sleeps.length = 0;
  });

  const writeReport = (subject = 'cloud-a', extra = '') => {
    n++;
    const path = join(dir, `report-${n}.yaml`);
    writeFileSync(path, reportYaml(subject, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, extra));
    return path;
  };
  const opts = (report: string, over: Partial<UploadOptions> = {}): UploadOptions => ({
    report,
    monitor: monitor.url.replace(/\/$/, ''),
    key: join(KEYS, 'ed25519'),
    tokenFile: join(dir, 'token'),
    retryDelayMs: 10,
    env: {},
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });

  it('sends signature + "&" + report bytes with the batch runner headers and stores the report', async () => {
    const report = writeReport();
    const res = await uploadReport(opts(report));
    expect(res).toMatchObject({ ok: true, outcome: 'stored', status: 200, attempts: 1 });
    expect(res.message).toMatch(/^uploaded: the monitor stored run 00000000-.* as account cloud-a$/);
    const req = monitor.received.at(-1)!;
    expect(req.url).toBe('/monitor/reports');
    expect(req.headers['content-type']).toBe('application/x-signed-yaml');
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from('cloud-a:s3cret:with:colons').toString('base64')}`,
    );
    const sig = readFileSync(`${report}.sig`);
    expect(res.signatureFile).toBe(`${report}.sig`);
    expect(req.body.equals(Buffer.concat([sig, Buffer.from('&'), readFileSync(report)]))).toBe(true);
    expect(checkSshsig(readFileSync(report), sig.toString('utf8'))).toBeTruthy();
  });

  it('sends the same bytes as curl --data-binary @REPORT.sig --data-binary @REPORT', async () => {
    const curl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    if (!curl) {
      console.warn('!!! curl not found: skipping the byte comparison with curl');
      return;
    }
    const report = writeReport();
    await uploadReport(opts(report));
    const ours = monitor.received.at(-1)!.body;
    monitor.script.push({ status: 200 });
    // Asynchronously: the monitor lives in this process and must keep answering while curl runs.
    const r = await execFileP(curl, [
      '--silent',
      '--max-time',
      '20',
      '--data-binary',
      `@${report}.sig`,
      '--data-binary',
      `@${report}`,
      '-H',
      'Content-Type: application/x-signed-yaml',
      `${monitor.url}reports`,
    ]);
    expect(r.stdout).toBe('null');
    expect(monitor.received.at(-1)!.body.equals(ours)).toBe(true);
    expect(signedBody(readFileSync(`${report}.sig`), readFileSync(report)).equals(ours)).toBe(true);
  });

  it('uploads a multi-document report (as the batch runner concatenates them) in one request', async () => {
    const a = writeReport();
    const b = writeReport();
    const both = join(dir, 'both.yaml');
    writeFileSync(both, `${readFileSync(a, 'utf8')}\n${readFileSync(b, 'utf8')}`);
    const res = await uploadReport(opts(both));
    expect(res).toMatchObject({ ok: true, outcome: 'stored' });
    expect(res.message).toBe('uploaded: the monitor stored 2 runs (subject cloud-a) as account cloud-a');
    expect(monitor.received.filter((r) => r.body.includes(Buffer.from(readFileSync(both)))).length).toBe(1);
  });

  it('refuses invalid YAML before sending', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'subject: [unclosed\n');
    await expect(uploadReport(opts(bad))).rejects.toThrow(/is not valid YAML \(document 1\)/);
  });

  it('uses an existing signature file when given one', async () => {
    const report = writeReport();
    await uploadReport(opts(report, { retries: 0 }));
    monitor.stored.clear();
    const res = await uploadReport(opts(report, { key: undefined, signatureFile: `${report}.sig` }));
    expect(res.ok).toBe(true);
  });

  it('reports 409 as "already present" and says nothing was stored', async () => {
    const report = writeReport();
    expect((await uploadReport(opts(report))).ok).toBe(true);
    const again = await uploadReport(opts(report));
    expect(again).toMatchObject({ ok: false, outcome: 'already-present', status: 409 });
    expect(again.message).toMatch(/stored nothing/);
  });

  it.each([
    ['token-bad-pass', 'ed25519', 'credentials-rejected', /rejected the credentials of account cloud-a/],
    ['token', 'rsa3072', 'signature-rejected', /RSA key SHA256:.* is not registered for account cloud-a/],
  ])('401 with %s and key %s -> %s', async (token, key, outcome, message) => {
    const res = await uploadReport(
      opts(writeReport(), { tokenFile: join(dir, token), key: join(KEYS, key) }),
    );
    expect(res).toMatchObject({ ok: false, outcome, status: 401 });
    expect(res.message).toMatch(message);
    expect(res.message).not.toContain('s3cret');
  });

  it('401 when uploading for another subject without the role or the delegation', async () => {
    const res = await uploadReport(opts(writeReport('cloud-b')));
    expect(res).toMatchObject({ ok: false, outcome: 'permission-denied', detail: 'Permission denied' });
    expect(res.message).toMatch(/account cloud-a may not upload for subject cloud-b/);
    const zuul = await uploadReport(opts(writeReport('cloud-b'), { tokenFile: join(dir, 'token-zuul') }));
    expect(zuul).toMatchObject({ ok: false, outcome: 'permission-denied', detail: 'delegation problem?' });
    expect(zuul.message).toMatch(/zuul_ci is not a delegate of subject cloud-b/);
    const delegated = await uploadReport(
      opts(writeReport('cloud-a'), { tokenFile: join(dir, 'token-zuul') }),
    );
    expect(delegated.ok).toBe(true);
  });

  it.each([
    [
      415,
      'Unsupported Media Type',
      'unsupported-media-type',
      /refused Content-Type application\/x-signed-yaml/,
    ],
    [500, 'Internal Server Error', 'server-error', /^500: the compliance monitor failed/],
    [401, 'missing signature', 'signature-rejected', /found no signature/],
  ])('answers %i are explained', async (status, detail, outcome, message) => {
    monitor.script.push({ status, detail });
    const res = await uploadReport(opts(writeReport()));
    expect(res).toMatchObject({ ok: false, outcome, status, attempts: 1 });
    expect(res.message).toMatch(message);
  });

  it('retries 502/503/504 with doubling delays (or Retry-After) and then succeeds', async () => {
    monitor.script.push({ status: 503, retryAfter: '1' }, { status: 502 }, { status: 504 });
    const res = await uploadReport(opts(writeReport()));
    expect(res).toMatchObject({ ok: true, outcome: 'stored', attempts: 4 });
    expect(sleeps).toEqual([1000, 20, 40]);
  });

  it('gives up after the retries with a clear line', async () => {
    monitor.script.push({ status: 503 }, { status: 503 }, { status: 503 });
    const res = await uploadReport(opts(writeReport(), { retries: 2 }));
    expect(res).toMatchObject({ ok: false, outcome: 'unavailable', status: 503, attempts: 3 });
    expect(res.message).toBe(
      '503: the compliance monitor is unavailable (after 3 attempts); try again later',
    );
  });

  it('a retry after a lost answer meets 409 and counts as stored', async () => {
    monitor.script.push('drop-after-store');
    const res = await uploadReport(opts(writeReport()));
    expect(res).toMatchObject({ ok: true, outcome: 'already-present', status: 409, attempts: 2 });
    expect(res.message).toMatch(/an earlier attempt reached the monitor/);
  });

  it('explains a refused connection after the retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const res = await uploadReport(opts(writeReport(), { monitor: `http://127.0.0.1:${port}/`, retries: 1 }));
    expect(res).toMatchObject({ ok: false, outcome: 'network-error', attempts: 2 });
    expect(res.message).toMatch(
      /cannot reach the compliance monitor at http:\/\/127\.0\.0\.1:\d+\/reports: ECONNREFUSED/,
    );
  });

  it('goes through HTTPS_PROXY/HTTP_PROXY like curl, unless NO_PROXY says otherwise', async () => {
    const proxy = await startLoopbackProxy({ plain: false });
    const { tunnels, url: proxyUrl } = proxy;
    try {
      const res = await uploadReport(opts(writeReport(), { env: { HTTP_PROXY: proxyUrl } }));
      expect(res.ok).toBe(true);
      expect(tunnels).toEqual([new URL(monitor.url).host]);
      const direct = await uploadReport(
        opts(writeReport(), { env: { http_proxy: proxyUrl, NO_PROXY: '127.0.0.1' } }),
      );
      expect(direct.ok).toBe(true);
      expect(tunnels.length).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it.each([
    [
      'a demo report',
      () => writeReport('cloud-a', 'x-scs-cert-demo: true\n'),
      {},
      /demo cloud .* never uploaded/,
    ],
    [
      'a document without run.uuid',
      () => {
        const p = join(dir, 'norun.yaml');
        writeFileSync(p, 'subject: a\nchecked_at: 2026-01-01\nspec: {uuid: x}\n');
        return p;
      },
      {},
      /lacks run\.uuid, run\.invocations/,
    ],
    ['a garbage token file', () => writeReport(), { tokenFile: 'token-garbage' }, /does not hold base64/],
    ['a missing token file', () => writeReport(), { tokenFile: 'nope' }, /token file .*nope does not exist/],
    [
      'an encrypted key without passphrase',
      () => writeReport(),
      { key: join(KEYS, 'ed25519-enc') },
      /encrypted and there is no terminal to ask for its passphrase: pass --passphrase-file FILE/,
    ],
    ['no key and no signature', () => writeReport(), { key: undefined }, /give --key/],
  ])('refuses %s before sending', async (_name, make, over, message) => {
    const before = monitor.received.length;
    const o = { ...over } as Partial<UploadOptions>;
    if (o.tokenFile) o.tokenFile = join(dir, o.tokenFile);
    await expect(uploadReport(opts(make(), o))).rejects.toThrow(message);
    await expect(uploadReport(opts(make(), o))).rejects.toBeInstanceOf(UploadRefusedError);
    expect(monitor.received.length).toBe(before);
  });

  it('refuses a signature that belongs to other bytes', async () => {
    const report = writeReport();
    await uploadReport(opts(report));
    writeFileSync(report, `${readFileSync(report, 'utf8')}# edited\n`);
    await expect(
      uploadReport(opts(report, { key: undefined, signatureFile: `${report}.sig` })),
    ).rejects.toThrow(/does not fit .*does not match/);
  });
});
