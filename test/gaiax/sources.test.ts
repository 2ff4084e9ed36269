// Inputs of the Gaia-X flow: live flavors/images (--os-cloud, fake cloud), notary registration numbers, T&C hashing.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  issueGaiaxCredentials,
  loadParticipantConfig,
  loadSigningKey,
  readOfferingArtifacts,
} from '../../src/gaiax/index.js';
import { savedArtifactSource } from '../../src/runner/artifact-source.js';
import { MiniCloud } from '../openstack-client/mini-cloud.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-gaiax-src-');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyFile = join(dir, 'issuer.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const example = () => parse(readFileSync('examples/gaiax-participant.yaml', 'utf8'));
const fixtures = await readOfferingArtifacts(
  savedArtifactSource('test/fixtures/gaiax'),
  'test/fixtures/gaiax',
);

describe('--os-cloud gathers flavors and images live', () => {
  let cloud: MiniCloud;
  beforeAll(async () => {
    cloud = await new MiniCloud().start();
    cloud.add('flavor', {
      name: 'SCS-2V-4-20s',
      vcpus: 2,
      ram: 4096,
      disk: 20,
      'os-flavor-access:is_public': true,
      extra_specs: { 'scs:name-v2': 'SCS-2V-4-20s' },
    });
    cloud.add('image', {
      name: 'Ubuntu 24.04',
      visibility: 'public',
      os_distro: 'ubuntu',
      os_version: '24.04',
      architecture: 'x86_64',
      disk_format: 'qcow2',
      min_disk: 8,
    });
  });
  afterAll(() => cloud.close());

  it('the credentials describe what the cloud serves', async () => {
    writeFileSync(
      join(dir, 'clouds.yaml'),
      stringify({
        clouds: {
          fake: {
            auth: {
              auth_url: `${cloud.url}/identity/v3`,
              username: 'demo',
              password: 'S3cr3t-Pa55word!',
              project_name: 'demo',
            },
          },
        },
      }),
    );
    const out = join(dir, 'live');
    const r = await runCli(
      [
        'gaiax',
        '--participant',
        join(process.cwd(), 'examples/gaiax-participant.yaml'),
        '--key',
        keyFile,
        '--os-cloud',
        'fake',
        '--out',
        out,
      ],
      { cwd: dir, env: { HOME: dir } },
    );
    expect(r.stderr).not.toMatch(/^scs-cert:/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(1 flavors, 1 images\) from cloud fake/);
    const flavor = JSON.parse(readFileSync(join(out, 'flavor-scs-2v-4-20s.json'), 'utf8'));
    expect(flavor.credentialSubject['gx:bootVolume']['gx:diskType']).toBe('local SSD');
    const image = JSON.parse(readFileSync(join(out, 'image-ubuntu-24.04.json'), 'utf8'));
    expect(image.credentialSubject['gx:vmImageDiskFormat']).toBe('QCOW2');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).not.toContain('S3cr3t');
  });
});

describe('registration numbers from a notary', () => {
  it('are passed on unchanged and referenced by the legal person; no self-issued ones', async () => {
    const notaryKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const notaryDid = 'did:web:notary.example';
    const subjectId = 'https://cloud.example.com/gaia-x/lrn.json#subject';
    const jwt = await new SignJWT({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/gaia-x/development#'],
      type: ['VerifiableCredential', 'gx:VatID'],
      id: 'https://notary.example/credentials/1',
      issuer: notaryDid,
      validFrom: '2025-05-01T00:00:00Z',
      credentialSubject: {
        id: subjectId,
        type: 'gx:VatID',
        'gx:vatID': 'DE123456789',
        'gx:countryCode': 'DE',
      },
    })
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'vc+jwt',
        cty: 'vc',
        iss: notaryDid,
        kid: `${notaryDid}#key-0`,
      })
      .sign(notaryKey.privateKey);
    writeFileSync(join(dir, 'vat.vc.jwt'), `${jwt}\n`);
    const cfg = example();
    cfg.participant.registrationNumbers.notaryCredentials = ['vat.vc.jwt'];
    writeFileSync(join(dir, 'participant-notary.yaml'), stringify(cfg));
    const r = await issueGaiaxCredentials({
      participant: loadParticipantConfig(join(dir, 'participant-notary.yaml')),
      key: await loadSigningKey(keyFile),
      flavors: fixtures.flavors,
      images: fixtures.images,
      now: new Date('2025-06-01T00:00:00Z'),
    });
    expect(r.validation?.conforms).toBe(true);
    expect(r.set.warnings.join()).not.toMatch(/self-issued/);
    expect(r.credentials.map((c) => c.name)).not.toContain('registration-number-vat-id');
    const notary = r.credentials.find((c) => c.notary)!;
    expect(notary.jwt).toBe(jwt);
    await expect(jwtVerify(notary.jwt, notaryKey.publicKey)).resolves.toBeDefined();
    const lp = r.credentials.find((c) => c.name === 'legal-person')!.document as {
      credentialSubject: Record<string, unknown>;
    };
    expect(lp.credentialSubject['gx:registrationNumber']).toEqual([{ id: subjectId }]);
    const { payload } = await jwtVerify(r.presentation.jwt, publicKey, {
      currentDate: new Date('2025-06-01T00:10:00Z'),
    });
    const ids = (payload.verifiableCredential as Array<{ id: string }>).map((v) => v.id);
    expect(ids).toContain(`data:application/vc+jwt,${jwt}`);
  });

  it('a file that is not a VC-JWT is named', async () => {
    writeFileSync(join(dir, 'junk.jwt'), 'not a jwt');
    const cfg = example();
    cfg.participant.registrationNumbers.notaryCredentials = ['junk.jwt'];
    writeFileSync(join(dir, 'participant-junk.yaml'), stringify(cfg));
    await expect(
      issueGaiaxCredentials({
        participant: loadParticipantConfig(join(dir, 'participant-junk.yaml')),
        key: await loadSigningKey(keyFile),
        flavors: fixtures.flavors,
        images: fixtures.images,
      }),
    ).rejects.toThrow(/junk\.jwt is not a registration-number VC-JWT/);
  });
});

describe('terms and conditions without a hash', () => {
  let server: Server;
  let url = '';
  let status = 200;
  const text = 'Terms of Example Cloud, version 3.\n';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/terms.txt`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const withTerms = () => {
    const cfg = example();
    cfg.service.termsAndConditions = [{ url }];
    const p = join(dir, 'participant-terms.yaml');
    writeFileSync(p, stringify(cfg));
    return p;
  };

  it('are fetched and hashed (SHA-256 hex)', async () => {
    status = 200;
    const r = await issueGaiaxCredentials({
      participant: loadParticipantConfig(withTerms()),
      key: await loadSigningKey(keyFile),
      flavors: fixtures.flavors,
      images: fixtures.images,
      validate: false,
    });
    const so = r.credentials.find((c) => c.name === 'service-offering')!.document as {
      credentialSubject: Record<string, unknown>;
    };
    expect(so.credentialSubject['gx:serviceOfferingTermsAndConditions']).toEqual([
      {
        type: 'gx:TermsAndConditions',
        'gx:url': { '@value': url, '@type': 'xsd:anyURI' },
        'gx:hash': createHash('sha256').update(text).digest('hex'),
      },
    ]);
  });

  it('an unreachable document is a one-line error asking for the hash', async () => {
    status = 404;
    await expect(
      issueGaiaxCredentials({
        participant: loadParticipantConfig(withTerms()),
        key: await loadSigningKey(keyFile),
        flavors: fixtures.flavors,
        images: fixtures.images,
      }),
    ).rejects.toThrow(/gave 404; fix the URL or give its hash in the participant file/);
  });
});
