// VC-JWT / VP-JWT issuance: keys from PEM and JWK, algorithms by key type, signatures verify with jose and fail when tampered.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { VerifiableCredential } from '../../src/gaiax/credentials.js';
import {
  issueCredential,
  issuePresentation,
  keyId,
  KeyError,
  loadSigningKey,
  type SigningKey,
} from '../../src/gaiax/sign.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-gaiax-keys-');
const did = 'did:web:cloud.example.com';

function pemFile(name: string, key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1'): string {
  const p = join(dir, name);
  writeFileSync(p, key.export({ type, format: 'pem' }) as string);
  return p;
}

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

const vc: VerifiableCredential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/gaia-x/development#'],
  type: ['VerifiableCredential', 'gx:ServerFlavor'],
  id: 'https://cloud.example.com/gaia-x/flavor-scs-2v-4.json',
  issuer: did,
  validFrom: '2025-06-01T00:00:00Z',
  validUntil: '2099-08-30T00:00:00Z',
  credentialSubject: {
    id: 'https://cloud.example.com/gaia-x/flavor-scs-2v-4.json#subject',
    type: 'gx:ServerFlavor',
  },
};

describe('keys', () => {
  it.each([
    ['Ed25519 PKCS#8', () => pemFile('ed.pem', ed.privateKey, 'pkcs8'), 'EdDSA', ed.publicKey],
    ['EC P-256 PKCS#8', () => pemFile('ec.pem', ec.privateKey, 'pkcs8'), 'ES256', ec.publicKey],
    ['EC P-256 SEC1', () => pemFile('ec1.pem', ec.privateKey, 'sec1'), 'ES256', ec.publicKey],
    ['EC P-384 PKCS#8', () => pemFile('ec384.pem', ec384.privateKey, 'pkcs8'), 'ES384', ec384.publicKey],
    ['RSA PKCS#8', () => pemFile('rsa.pem', rsa.privateKey, 'pkcs8'), 'PS256', rsa.publicKey],
    ['RSA PKCS#1', () => pemFile('rsa1.pem', rsa.privateKey, 'pkcs1'), 'PS256', rsa.publicKey],
    [
      'EC P-256 JWK',
      () => {
        const p = join(dir, 'ec.jwk.json');
        writeFileSync(p, JSON.stringify(ec.privateKey.export({ format: 'jwk' })));
        return p;
      },
      'ES256',
      ec.publicKey,
    ],
  ] as const)('%s signs with %s and verifies with jose', async (_label, make, alg, publicKey) => {
    const key = await loadSigningKey(make());
    expect(key.alg).toBe(alg);
    expect(key.thumbprint).toBe(await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as never));
    const jwt = await issueCredential(vc, { key, issuer: did, kid: `${did}#key-0` });
    const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, { typ: 'vc+jwt' });
    expect(protectedHeader).toEqual({ alg, typ: 'vc+jwt', cty: 'vc', iss: did, kid: `${did}#key-0` });
    expect(payload).toMatchObject(vc);
    expect(payload.iat).toBe(Date.parse(vc.validFrom) / 1000);
    expect(payload.exp).toBe(Date.parse(vc.validUntil) / 1000);
  });

  it.each([
    [
      'a public key',
      () => {
        const p = join(dir, 'pub.pem');
        writeFileSync(p, createPublicKey(ed.privateKey).export({ type: 'spki', format: 'pem' }) as string);
        return p;
      },
      /holds a public key or certificate; give the private key/,
    ],
    [
      'a public JWK',
      () => {
        const p = join(dir, 'pub.jwk.json');
        writeFileSync(p, JSON.stringify(ed.publicKey.export({ format: 'jwk' })));
        return p;
      },
      /public JWK; give the private key/,
    ],
    [
      'garbage',
      () => {
        const p = join(dir, 'junk.pem');
        writeFileSync(p, 'hello');
        return p;
      },
      /is not a private key in PEM/,
    ],
    ['a missing file', () => join(dir, 'nope.pem'), /cannot read the key file .*ENOENT/],
    [
      'an X25519 key',
      () => pemFile('x.pem', generateKeyPairSync('x25519').privateKey, 'pkcs8'),
      /key type x25519 cannot sign/,
    ],
  ])('refuses %s with a one-line error', async (_label, make, message) => {
    const file = make();
    const err = await loadSigningKey(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('kid is the configured verification method, else DID#thumbprint', async () => {
    const key = await loadSigningKey(pemFile('ed2.pem', ed.privateKey, 'pkcs8'));
    expect(keyId(did, key)).toBe(`${did}#${key.thumbprint}`);
    expect(keyId(did, key, `${did}#JWK2020-X509-0`)).toBe(`${did}#JWK2020-X509-0`);
  });
});

describe('signatures', () => {
  let key: SigningKey;
  const sign = async () => {
    key ??= await loadSigningKey(pemFile('ed3.pem', ed.privateKey, 'pkcs8'));
    return issueCredential(vc, { key, issuer: did, kid: `${did}#key-0` });
  };

  it('a tampered payload fails verification', async () => {
    const [h, p, s] = (await sign()).split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.credentialSubject.type = 'gx:VMImage';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await expect(jwtVerify(forged, ed.publicKey)).rejects.toThrow(/signature verification failed/);
  });

  it('a tampered header fails verification', async () => {
    const [, p, s] = (await sign()).split('.');
    const header = Buffer.from(
      JSON.stringify({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', iss: 'did:web:evil.example', kid: 'x' }),
    ).toString('base64url');
    await expect(jwtVerify(`${header}.${p}.${s}`, ed.publicKey)).rejects.toThrow(
      /signature verification failed/,
    );
  });

  it('another key does not verify it', async () => {
    await expect(jwtVerify(await sign(), generateKeyPairSync('ed25519').publicKey)).rejects.toThrow(
      /signature verification failed/,
    );
  });
});

describe('presentation', () => {
  it('a vp+jwt holding each VC-JWT as an enveloped credential', async () => {
    const key = await loadSigningKey(pemFile('ec-vp.pem', ec.privateKey, 'pkcs8'));
    const opts = { key, issuer: did, kid: `${did}#key-0` };
    const a = await issueCredential(vc, opts);
    const b = await issueCredential({ ...vc, id: `${vc.id}-2` }, opts);
    const now = new Date('2025-06-01T00:00:00Z');
    const vp = await issuePresentation([a, b], { ...opts, now, validMinutes: 60 * 24 * 365 * 100 });
    expect(decodeProtectedHeader(vp)).toEqual({
      alg: 'ES256',
      typ: 'vp+jwt',
      cty: 'vp',
      iss: did,
      kid: `${did}#key-0`,
    });
    const { payload } = await jwtVerify(vp, ec.publicKey, { typ: 'vp+jwt' });
    expect(payload['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/gaia-x/development#',
    ]);
    expect(payload.type).toEqual(['VerifiablePresentation']);
    expect(payload.holder).toBe(did);
    expect(payload.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(payload.validFrom).toBe('2025-06-01T00:00:00Z');
    const list = payload.verifiableCredential as Array<Record<string, string>>;
    expect(list).toHaveLength(2);
    for (const [i, entry] of list.entries()) {
      expect(entry['@context']).toBe('https://www.w3.org/ns/credentials/v2');
      expect(entry.type).toBe('EnvelopedVerifiableCredential');
      expect(entry.id).toBe(`data:application/vc+jwt,${[a, b][i]}`);
      const inner = entry.id!.slice('data:application/vc+jwt,'.length);
      await expect(jwtVerify(inner, ec.publicKey, { typ: 'vc+jwt' })).resolves.toBeDefined();
    }
  });
});
