// `scs-cert gaiax` end to end (artifacts dir, report, outputs) and `--submit` against a local compliance service.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { standardComplianceUrl, submitPresentation, SubmitError } from '../../src/gaiax/http.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let answer: { status: number; type: string; body: string } = {
  status: 201,
  type: 'application/vc+jwt',
  body: '',
};
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const dir = tempDir('scs-cert-gaiax-cli-');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keyFile = join(dir, 'issuer.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const baseArgs = (out: string) => [
  'gaiax',
  '--participant',
  'examples/gaiax-participant.yaml',
  '--key',
  keyFile,
  '--artifacts',
  'test/fixtures/gaiax',
  '--out',
  out,
];

describe('standard-compliance endpoint', () => {
  it.each([
    [
      'https://compliance.lab.gaia-x.eu/v2',
      'https://compliance.lab.gaia-x.eu/v2/api/credential-offers/standard-compliance?vcid=urn%3Ax',
    ],
    [
      'https://compliance.lab.gaia-x.eu/v2/',
      'https://compliance.lab.gaia-x.eu/v2/api/credential-offers/standard-compliance?vcid=urn%3Ax',
    ],
    [
      'https://c.example/development/api/credential-offers/standard-compliance',
      'https://c.example/development/api/credential-offers/standard-compliance?vcid=urn%3Ax',
    ],
  ])('%s', (b, url) => expect(standardComplianceUrl(b, 'urn:x').toString()).toBe(url));

  it('refuses what is not an http(s) URL', () => {
    expect(() => standardComplianceUrl('compliance.example', 'x')).toThrow(/is not a URL/);
    expect(() => standardComplianceUrl('ftp://c.example', 'x')).toThrow(/http\(s\)/);
  });

  it('4xx and 5xx become one-line errors with the service message', async () => {
    answer = {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ message: 'payload is not a valid JWT', error: 'Bad Request', statusCode: 400 }),
    };
    const e400 = await submitPresentation(base, 'x.y.z', 'urn:x').catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(SubmitError);
    expect((e400 as SubmitError).status).toBe(400);
    expect((e400 as Error).message).toMatch(
      /^compliance service answered 400 Bad Request at \/api\/credential-offers\/standard-compliance: payload is not a valid JWT: Bad Request; the service rejected/,
    );
    answer = { status: 503, type: 'text/html', body: '<h1>Maintenance</h1>\n<p>back soon</p>' };
    const e503 = await submitPresentation(base, 'x.y.z', 'urn:x').catch((e: unknown) => e);
    expect((e503 as Error).message).toMatch(
      /answered 503 Service Unavailable .*<h1>Maintenance<\/h1> <p>back soon<\/p>; the service failed/,
    );
    expect((e503 as Error).message).not.toContain('\n');
  });

  it('an unreachable service is named', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await submitPresentation(`http://127.0.0.1:${port}`, 'x', 'urn:x').catch((x: unknown) => x);
    expect((e as SubmitError).status).toBeUndefined();
    expect((e as Error).message).toMatch(
      new RegExp(`cannot reach the compliance service at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
    );
  });
});

describe('scs-cert gaiax', () => {
  it('issues, validates and writes one file per credential plus the VP and a manifest', async () => {
    const out = join(dir, 'out1');
    const r = await runCli([...baseArgs(out), '--report', 'test/fixtures/gaiax/report.json']);
    expect(r.stderr).toMatch(/WARNING: registration numbers are self-issued/);
    expect(r.stderr).toMatch(/INFO: skipped image Gentoo/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Gaia-X 25\.11\+fix\.1 shapes: all subjects conform/m);
    expect(r.stdout).toMatch(/ES256; 12 credentials \(5 flavors, 2 images\)/);
    expect(r.stdout).toMatch(/conformity: SCS-compatible IaaS v5\.1 \(report sha256:[0-9a-f]{64}\)/);
    expect(r.stdout).toMatch(/conformity: v4 left out \(non-compliant\)/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.shapes).toEqual({ release: '25.11+fix.1', validated: true });
    expect(manifest.credentials).toHaveLength(12);
    for (const c of manifest.credentials as Array<{ file: string; name: string }>) {
      expect(r.stdout).toContain(`${c.name}.vc.jwt`);
      const jwt = readFileSync(join(out, c.file), 'utf8').trim();
      await expect(jwtVerify(jwt, publicKey, { typ: 'vc+jwt' })).resolves.toBeDefined();
    }
    const vp = readFileSync(join(out, 'presentation.vp.jwt'), 'utf8').trim();
    const { payload } = await jwtVerify(vp, publicKey, { typ: 'vp+jwt' });
    expect((payload.verifiableCredential as unknown[]).length).toBe(12);
    const conformity = JSON.parse(
      readFileSync(join(out, 'scs-conformity-scs-compatible-iaas-v5.1.json'), 'utf8'),
    );
    expect(conformity.credentialSubject['dcterms:title']).toBe('SCS-compatible IaaS v5.1');
    expect(conformity.relatedResource[0].digestSRI).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    const offering = JSON.parse(readFileSync(join(out, 'service-offering.json'), 'utf8'));
    expect(offering.credentialSubject['gx:endpoint']['gx:standardConformity']).toEqual([
      { id: conformity.credentialSubject.id },
    ]);
  });

  it('--submit POSTs the VP-JWT to the standard-compliance endpoint and saves the answer', async () => {
    seen.length = 0;
    answer = { status: 201, type: 'application/vc+jwt', body: 'eyJ.compliance.credential' };
    const out = join(dir, 'out2');
    const r = await runCli([...baseArgs(out), '--submit', `${base}/v2`]);
    expect(r.stderr).not.toMatch(/scs-cert:/);
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(
      `/v2/api/credential-offers/standard-compliance?vcid=${encodeURIComponent('https://cloud.example.com/gaia-x/compliance.json')}`,
    );
    expect(req.headers['content-type']).toBe('application/vp+jwt');
    expect(req.headers.accept).toMatch(/application\/vc\+jwt/);
    expect(req.headers['user-agent']).toMatch(/^scs-cert\//);
    expect(req.body).toBe(readFileSync(join(out, 'presentation.vp.jwt'), 'utf8').trim());
    await expect(jwtVerify(req.body, publicKey, { typ: 'vp+jwt' })).resolves.toBeDefined();
    expect(readFileSync(join(out, 'compliance.vc.jwt'), 'utf8').trim()).toBe('eyJ.compliance.credential');
    expect(r.stdout).toMatch(/submitted to .*: 201; wrote .*compliance\.vc\.jwt/);
  });

  it('--submit with a rejecting service ends with a one-line error and exit 3', async () => {
    answer = {
      status: 409,
      type: 'application/json',
      body: JSON.stringify({ message: ['VC issuer not trusted'], statusCode: 409 }),
    };
    const r = await runCli([...baseArgs(join(dir, 'out3')), '--submit', base]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^scs-cert: compliance service answered 409 Conflict .*VC issuer not trusted/m);
  });

  it('a demo report is refused unless --allow-demo, then marked', async () => {
    const demo = JSON.parse(readFileSync('test/fixtures/gaiax/report.json', 'utf8'));
    demo.subject.demo = true;
    const file = join(dir, 'demo-report.json');
    writeFileSync(file, JSON.stringify(demo));
    const refused = await runCli([...baseArgs(join(dir, 'out4')), '--report', file]);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/^scs-cert: .*embedded demo cloud.*--allow-demo/);
    expect(existsSync(join(dir, 'out4'))).toBe(false);
    const allowed = await runCli([...baseArgs(join(dir, 'out5')), '--report', file, '--allow-demo']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/conformity: SCS-compatible IaaS v5\.1 \(DEMO/);
  });

  it('validation errors are listed and stop issuance (exit 3); --no-validate issues anyway', async () => {
    const cfg = parse(readFileSync('examples/gaiax-participant.yaml', 'utf8'));
    // a value the schema lets through but the shapes do not: an unknown NUTS 2 region
    cfg.participant.headquartersAddress.region = 'ZZ99';
    const p = join(dir, 'participant-bad.yaml');
    writeFileSync(p, stringify(cfg));
    const args = ['gaiax', '--participant', p, '--key', keyFile, '--artifacts', 'test/fixtures/gaiax'];
    const r = await runCli([...args, '--out', join(dir, 'out6')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^SHACL: legal-person: <https:\/\/cloud\.example\.com\/gaia-x\/legal-person\.json#subject>\/gx:headquartersAddress vcard:region: Value is not one of the allowed values/m,
    );
    expect(r.stderr).toMatch(/^scs-cert: 1 SHACL violation\(s\) against the Gaia-X 25\.11\+fix\.1 shapes/m);
    expect(existsSync(join(dir, 'out6'))).toBe(false);
    const forced = await runCli([...args, '--out', join(dir, 'out7'), '--no-validate']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/NOT validated \(--no-validate\)/);
  });

  it.each([
    [
      ['--os-cloud', 'x', '--artifacts', 'test/fixtures/gaiax'],
      /exactly one of --artifacts DIR or --os-cloud NAME/,
    ],
    [['--artifacts', '/nonexistent/dir'], /--artifacts: no directory \/nonexistent\/dir/],
    [['--artifacts', 'test/fixtures/gaiax', '--report', '/nonexistent.json'], /cannot read the report/],
  ])('bad input %j gives a one-line usage error', async (extra, message) => {
    const r = await runCli([
      'gaiax',
      '--participant',
      'examples/gaiax-participant.yaml',
      '--key',
      keyFile,
      ...extra,
    ]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
