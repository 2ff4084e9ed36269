// Report credentials as VC-JWT: issuing with each key kind, and every way offline verification can fail.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VcVerifyError,
  addPeriod,
  buildCredentialSubject,
  earliestExpiry,
  issueReportCredential,
  loadVcPublicKey,
  loadVcSigningKey,
  verifyReportCredential,
  type VcVerifyErrorCode,
  type VcVerifyOptions,
} from '../../src/attest/vc/index.js';
import { canonicalDigestSri } from '../../src/util/jcs.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'attest');
const KEYS = join(FIX, 'keys');
const report = JSON.parse(readFileSync(join(FIX, 'report.json'), 'utf8')) as Record<string, unknown>;
const AT = new Date('2026-08-20T12:00:00Z');

async function failure(p: Promise<unknown>): Promise<VcVerifyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VcVerifyError) return e;
    throw e;
  }
  throw new Error('verification unexpectedly succeeded');
}

describe('result expiry (scs-standards §2.2 add_period)', () => {
  // 2026-08-19 is a Wednesday.
  const checked = new Date('2026-08-19T10:00:00Z');
  it.each([
    ['day', '2026-08-21T00:00:00.000Z'],
    ['week', '2026-08-31T00:00:00.000Z'],
    ['month', '2026-10-01T00:00:00.000Z'],
    ['quarter', '2027-01-01T00:00:00.000Z'],
    ['year', '2027-10-01T00:00:00.000Z'],
    [undefined, '2026-08-31T00:00:00.000Z'],
  ] as const)('%s -> %s', (lifetime, until) => {
    expect(addPeriod(checked, lifetime).toISOString()).toBe(until);
  });

  it('handles the year turn for November and December', () => {
    expect(addPeriod(new Date('2026-11-05T00:00:00Z'), 'year').toISOString()).toBe(
      '2028-01-01T00:00:00.000Z',
    );
    expect(addPeriod(new Date('2026-12-05T00:00:00Z'), 'year').toISOString()).toBe(
      '2028-02-01T00:00:00.000Z',
    );
    expect(addPeriod(new Date('2026-11-05T00:00:00Z'), 'quarter').toISOString()).toBe(
      '2027-04-01T00:00:00.000Z',
    );
    // Monday: valid through the end of the following week.
    expect(addPeriod(new Date('2026-08-17T23:00:00Z'), 'week').toISOString()).toBe(
      '2026-08-31T00:00:00.000Z',
    );
  });

  it('takes the earliest expiry among the testcases, explicit expiresAt first', () => {
    expect(earliestExpiry(report)?.toISOString()).toBe('2026-08-21T00:00:00.000Z');
    const explicit = {
      ...report,
      testcases: [{ id: 'a', lifetime: 'day', result: { expiresAt: '2026-09-30T00:00:00Z' } }],
    };
    expect(earliestExpiry(explicit)?.toISOString()).toBe('2026-09-30T00:00:00.000Z');
    expect(earliestExpiry({ ...report, testcases: [{ id: 'a' }] })).toBeUndefined();
  });
});

describe('credentialSubject', () => {
  it('carries identity, verdicts and the canonical digest of the report', () => {
    const cs = buildCredentialSubject(report);
    expect(cs).toEqual({
      type: 'ScsConformanceResult',
      subject: { name: 'cloud-a' },
      scope: { uuid: '50393e6f-2ae1-4c5c-a62c-3b75f2abef3f', name: 'SCS-compatible IaaS' },
      versions: [
        { version: 'v5.1', verdict: 'compliant' },
        { version: 'v6', verdict: 'non-compliant' },
      ],
      tool: { name: 'scs-cert', version: '0.1.0' },
      suite: { digest: 'sha256-3q2+7w==' },
      checkedAt: '2026-08-19T10:00:00Z',
      report: {
        digestSRI: canonicalDigestSri(report),
        canonicalization: 'RFC8785',
        mediaType: 'application/json',
        schemaVersion: '1',
      },
    });
  });

  it('marks demo clouds and refuses reports without identity', () => {
    expect(buildCredentialSubject({ ...report, subject: { name: 'demo', demo: true } }).subject).toEqual({
      name: 'demo',
      demo: true,
    });
    expect(() => buildCredentialSubject({ tool: {} })).toThrow(
      'the report lacks subject.name, scope.uuid, checkedAt, versions',
    );
  });
});

describe('issue and verify', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scs-cert-vc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['ed25519', 'EdDSA'],
    ['ecdsa256', 'ES256'],
    ['ecdsa384', 'ES384'],
    ['rsa3072', 'RS256'],
  ])('OpenSSH %s key signs with %s and verifies with the .pub', async (file, alg) => {
    const key = await loadVcSigningKey(join(KEYS, file));
    expect(key.alg).toBe(alg);
    const { jwt, credential, kid } = await issueReportCredential(report, key, { now: AT });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg, typ: 'vc+jwt', cty: 'vc', kid: key.thumbprint });
    expect(kid).toBe(key.thumbprint);
    expect(credential.issuer).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-256:${key.thumbprint}`);
    expect(credential.validFrom).toBe('2026-08-19T10:00:00Z');
    expect(credential.validUntil).toBe('2026-08-21T00:00:00Z');
    const pub = await loadVcPublicKey(join(KEYS, `${file}.pub`));
    const ok = await verifyReportCredential(jwt, { issuerKey: pub.key, report, now: AT });
    expect(ok.reportChecked).toBe(true);
    expect(ok.summary[0]).toBe(
      `Valid credential from ${credential.issuer} (key ${key.thumbprint}): SCS-compatible IaaS for cloud-a: v5.1 compliant, v6 non-compliant`,
    );
    // An independent JWT library agrees on signature, typ and the nbf/exp claims.
    const { payload } = await jwtVerify(jwt, pub.key, { typ: 'vc+jwt', currentDate: AT });
    expect(payload.iss).toBe(credential.issuer);
    expect(payload.exp).toBe(Date.parse('2026-08-21T00:00:00Z') / 1000);
    expect(payload).not.toHaveProperty('vc');
  });

  it('signs RSA with PS256 on request and refuses algs that do not fit', async () => {
    const key = await loadVcSigningKey(join(KEYS, 'rsa3072'), { alg: 'PS256' });
    const { jwt } = await issueReportCredential(report, key, { now: AT });
    expect(decodeProtectedHeader(jwt).alg).toBe('PS256');
    await expect(loadVcSigningKey(join(KEYS, 'ed25519'), { alg: 'ES256' })).rejects.toThrow(
      /--alg ES256 does not fit this ed25519 key \(use EdDSA\)/,
    );
  });

  it('takes PEM and JWK key files, encrypted ones with a passphrase', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'k.jwk'), JSON.stringify(privateKey.export({ format: 'jwk' })));
    writeFileSync(join(dir, 'k.pub.jwk'), JSON.stringify(publicKey.export({ format: 'jwk' })));
    writeFileSync(join(dir, 'k.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(dir, 'k.pub.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
    const fromJwk = await loadVcSigningKey(join(dir, 'k.jwk'));
    const fromPem = await loadVcSigningKey(join(dir, 'k.pem'));
    expect(fromJwk.thumbprint).toBe(fromPem.thumbprint);
    const { jwt } = await issueReportCredential(report, fromJwk, { now: AT });
    for (const f of ['k.pub.jwk', 'k.pub.pem', 'k.jwk']) {
      await expect(
        verifyReportCredential(jwt, { issuerKey: (await loadVcPublicKey(join(dir, f))).key, now: AT }),
      ).resolves.toBeTruthy();
    }
    const enc = await loadVcSigningKey(join(KEYS, 'ecdsa256-pem-enc'), { passphrase: 'pem pass' });
    expect(enc.alg).toBe('ES256');
    await expect(loadVcSigningKey(join(dir, 'k.pub.jwk'))).rejects.toThrow(/public JWK/);
  });

  it('embeds the report on request and checks the embedded digest', async () => {
    const key = await loadVcSigningKey(join(KEYS, 'ed25519'));
    const { jwt, credential } = await issueReportCredential(report, key, { embedReport: true, now: AT });
    expect(credential.credentialSubject.report.content).toEqual(report);
    const pub = (await loadVcPublicKey(join(KEYS, 'ed25519.pub'))).key;
    expect((await verifyReportCredential(jwt, { issuerKey: pub, now: AT })).reportChecked).toBe(true);
  });

  describe('failures', () => {
    let jwt = '';
    let pub = generateKeyPairSync('ed25519').publicKey;
    beforeAll(async () => {
      const key = await loadVcSigningKey(join(KEYS, 'ed25519'));
      jwt = (await issueReportCredential(report, key, { now: AT })).jwt;
      pub = (await loadVcPublicKey(join(KEYS, 'ed25519.pub'))).key;
    });
    const expectCode = async (code: VcVerifyErrorCode, o: VcVerifyOptions, token = jwt) => {
      const e = await failure(verifyReportCredential(token, { now: AT, ...o }));
      expect(e.code).toBe(code);
      return e.message;
    };

    it('a changed report', async () => {
      const msg = await expectCode('digest-mismatch', {
        issuerKey: pub,
        report: { ...report, subject: { name: 'cloud-b' } },
      });
      expect(msg).toMatch(
        /^digest mismatch: the credential is about report sha256-.*, the given report is sha256-/,
      );
    });

    it('a changed payload', async () => {
      const [h, p, s] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as {
        credentialSubject: { subject: { name: string } };
      };
      claims.credentialSubject.subject.name = 'cloud-b';
      const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      expect(await expectCode('signature', { issuerKey: pub }, forged)).toMatch(/does not verify/);
    });

    it('expired and not yet valid', async () => {
      expect(await expectCode('expired', { issuerKey: pub, now: new Date('2026-08-21T00:00:00Z') })).toBe(
        'the credential expired at 2026-08-21T00:00:00Z (checked at 2026-08-21T00:00:00Z)',
      );
      expect(
        await expectCode('not-yet-valid', { issuerKey: pub, now: new Date('2026-08-19T09:59:59Z') }),
      ).toMatch(/not valid before 2026-08-19T10:00:00Z/);
    });

    it('another key', async () => {
      const other = (await loadVcPublicKey(join(KEYS, 'ed25519-enc.pub'))).key;
      expect(await expectCode('key-mismatch', { issuerKey: other })).toMatch(
        /issued by key .*, but the given key is/,
      );
      const rsa = (await loadVcPublicKey(join(KEYS, 'rsa3072.pub'))).key;
      expect(await expectCode('key-mismatch', { issuerKey: rsa })).toBeTruthy();
    });

    it('a JWT that is not a VC-JWT, and no key at all', async () => {
      const key = await loadVcSigningKey(join(KEYS, 'ed25519'));
      const plain = await new CompactSign(Buffer.from('{}'))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .sign(key.privateKey);
      expect(await expectCode('type', { issuerKey: pub }, plain)).toMatch(/typ is "JWT", expected "vc\+jwt"/);
      expect(await expectCode('format', { issuerKey: pub }, 'abc')).toMatch(/not a JWT/);
      expect(await expectCode('no-key', {})).toMatch(/--issuer-key/);
    });
  });

  describe('did:web issuers and DID documents', () => {
    const DID = 'did:web:scs.example.com';
    const didDoc = (jwk: object, vmId = `${DID}#key-1`, assertion: unknown[] = [`${DID}#key-1`]) => ({
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: DID,
      verificationMethod: [{ id: vmId, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: jwk }],
      assertionMethod: assertion,
    });

    it('verifies through the DID document and explains each mismatch', async () => {
      const key = await loadVcSigningKey(join(KEYS, 'ecdsa256'));
      const { jwt, kid } = await issueReportCredential(report, key, {
        issuer: DID,
        kid: `${DID}#key-1`,
        now: AT,
      });
      expect(kid).toBe(`${DID}#key-1`);
      const ok = await verifyReportCredential(jwt, { didDocument: didDoc(key.publicJwk), report, now: AT });
      expect(ok.issuer).toBe(DID);
      // Relative ids in the document resolve against its id.
      await expect(
        verifyReportCredential(jwt, { didDocument: didDoc(key.publicJwk, '#key-1', ['#key-1']), now: AT }),
      ).resolves.toBeTruthy();

      const codeOf = async (doc: unknown) =>
        (await failure(verifyReportCredential(jwt, { didDocument: doc, now: AT }))).code;
      expect(await codeOf(didDoc(key.publicJwk, `${DID}#key-2`, [`${DID}#key-2`]))).toBe('unknown-kid');
      expect(await codeOf(didDoc(key.publicJwk, `${DID}#key-1`, []))).toBe('not-assertion-method');
      expect(await codeOf({ ...didDoc(key.publicJwk), id: 'did:web:other.example' })).toBe('did-mismatch');
      const other = await loadVcSigningKey(join(KEYS, 'ecdsa256-enc-gcm'), { passphrase: 'ec pass' });
      expect(await codeOf(didDoc(other.publicJwk))).toBe('signature');
      const e = await failure(
        verifyReportCredential(jwt, {
          didDocument: didDoc(key.publicJwk, `${DID}#key-2`, [`${DID}#key-2`]),
          now: AT,
        }),
      );
      expect(e.message).toBe(`unknown key id ${DID}#key-1 in the DID document (it lists ${DID}#key-2)`);
    });

    it('defaults the kid to <did>#<thumbprint> and reads Ed25519 Multikeys', async () => {
      const key = await loadVcSigningKey(join(KEYS, 'ed25519'));
      const { jwt, kid } = await issueReportCredential(report, key, { issuer: DID, now: AT });
      expect(kid).toBe(`${DID}#${key.thumbprint}`);
      const raw = Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(key.publicJwk.x!, 'base64url')]);
      const doc = {
        id: DID,
        verificationMethod: [
          { id: kid, type: 'Multikey', controller: DID, publicKeyMultibase: `z${base58(raw)}` },
        ],
        assertionMethod: [kid],
      };
      await expect(verifyReportCredential(jwt, { didDocument: doc, now: AT })).resolves.toBeTruthy();
    });

    it('refuses an issuer that is not did:web', async () => {
      const key = await loadVcSigningKey(join(KEYS, 'ed25519'));
      await expect(issueReportCredential(report, key, { issuer: 'https://example.com' })).rejects.toThrow(
        /did:web/,
      );
    });
  });
});

function base58(buf: Buffer): string {
  const A = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${buf.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = A[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of buf) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}
