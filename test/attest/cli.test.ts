// The sign, verify and upload commands end to end through main(): files written, exit codes, one-line errors.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { startFakeMonitor, type FakeMonitor } from './fake-monitor.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'attest');
const KEYS = join(FIX, 'keys');

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('sign / verify / upload commands', () => {
  let dir = '';
  let monitor: FakeMonitor;
  const run = async (argv: string[], extra: Partial<CliIO> = {}): Promise<Run> => {
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      isTTY: false,
      env: {},
      cwd: dir,
      ...extra,
    };
    const code = await main(argv, io);
    return { code, out, err };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scs-cert-cli-'));
    for (const f of ['ed25519', 'ed25519.pub', 'ed25519-enc', 'ecdsa256.pub'])
      copyFileSync(join(KEYS, f), join(dir, f));
    copyFileSync(join(FIX, 'report.json'), join(dir, 'report.json'));
    writeFileSync(join(dir, 'pass'), 'correct horse battery\n');
    writeFileSync(
      join(dir, 'report.yaml'),
      '---\nspec:\n  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f\nchecked_at: 2026-08-21 10:00:00\nsubject: cloud-a\n' +
        'run:\n  uuid: 11111111-2222-4333-8444-555555555555\n  invocations: {}\n',
    );
    writeFileSync(join(dir, 'allowed'), `mail@csp.eu ${readFileSync(join(KEYS, 'ed25519.pub'), 'utf8')}`);
    writeFileSync(join(dir, 'token'), Buffer.from('cloud-a:pw').toString('base64'));
    monitor = await startFakeMonitor([
      {
        subject: 'cloud-a',
        password: 'pw',
        keys: [readFileSync(join(KEYS, 'ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')],
      },
    ]);
  });
  afterAll(async () => {
    await monitor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a YAML report like ssh-keygen and verifies it', async () => {
    const s = await run(['sign', 'report.yaml', '--key', 'ed25519']);
    expect(s).toMatchObject({ code: 0, err: '' });
    expect(s.out).toMatch(
      /^Signed report\.yaml with ED25519 key SHA256:\S+ \(namespace "report"\): wrote report\.yaml\.sig\n$/,
    );
    expect(readFileSync(join(dir, 'report.yaml.sig'), 'utf8')).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    const v = await run([
      'verify',
      'report.yaml',
      '--allowed-signers',
      'allowed',
      '--identity',
      'mail@csp.eu',
    ]);
    expect(v).toMatchObject({ code: 0, err: '' });
    expect(v.out).toMatch(/^Good "report" signature for mail@csp.eu with ED25519 key SHA256:/);
    const v2 = await run(['verify', 'report.yaml.sig', '-f', 'allowed', '-I', 'mail@csp.eu']);
    expect(v2.code).toBe(0);
  });

  it('fails verification with exit 3 and one precise line', async () => {
    await run(['sign', 'report.yaml', '--key', 'ed25519', '-o', 'orig.sig']);
    writeFileSync(join(dir, 'changed.yaml'), `${readFileSync(join(dir, 'report.yaml'), 'utf8')}# changed\n`);
    const v = await run(['verify', 'changed.yaml', '-s', 'orig.sig', '-f', 'allowed', '-I', 'mail@csp.eu']);
    expect(v.code).toBe(EXIT.VERIFY_FAILED);
    expect(v.err).toBe(
      'scs-cert: verification failed: the signature does not match the signed data and key (the file or the signature was changed)\n',
    );
    const w = await run(['verify', 'report.yaml', '-s', 'orig.sig', '-f', 'allowed', '-I', 'other@csp.eu']);
    expect(w.code).toBe(EXIT.VERIFY_FAILED);
    expect(w.err).toMatch(
      /^scs-cert: verification failed: the signing ED25519 key .* is allowed for "mail@csp.eu" in allowed, not for identity "other@csp.eu"\n$/,
    );
  });

  it('explains missing inputs as usage errors', async () => {
    expect(await run(['verify', 'report.json'])).toMatchObject({
      code: EXIT.USAGE,
      err: 'scs-cert: no signature for report.json: pass --signature FILE (or give a .vc.jwt credential)\n',
    });
    expect((await run(['verify', 'report.yaml'])).err).toMatch(
      /needs --allowed-signers FILE and --identity ID/,
    );
    expect((await run(['sign', 'nope.yaml', '--key', 'ed25519'])).err).toBe(
      'scs-cert: report nope.yaml does not exist\n',
    );
    expect((await run(['sign', 'report.yaml', '--key', 'ed25519', '--issuer', 'did:web:x'])).err).toBe(
      'scs-cert: --issuer only applies with --vc\n',
    );
  });

  it('reads the passphrase from a file, from the prompt, or refuses in one line', async () => {
    expect(
      (await run(['sign', 'report.yaml', '--key', 'ed25519-enc', '--passphrase-file', 'pass'])).code,
    ).toBe(0);
    const asked: string[] = [];
    const prompted = await run(['sign', 'report.yaml', '--key', 'ed25519-enc'], {
      promptSecret: async (q) => {
        asked.push(q);
        return 'correct horse battery';
      },
    });
    expect(prompted.code).toBe(0);
    expect(asked).toEqual([`Enter passphrase for ${join(dir, 'ed25519-enc')}: `]);
    const refused = await run(['sign', 'report.yaml', '--key', 'ed25519-enc']);
    expect(refused).toMatchObject({ code: EXIT.USAGE });
    expect(refused.err).toBe(
      `scs-cert: key file ${join(dir, 'ed25519-enc')} is encrypted and there is no terminal to ask for its passphrase: pass --passphrase-file FILE\n`,
    );
    writeFileSync(join(dir, 'badpass'), 'wrong\n');
    expect(
      (await run(['sign', 'report.yaml', '--key', 'ed25519-enc', '--passphrase-file', 'badpass'])).err,
    ).toMatch(/^scs-cert: incorrect passphrase for key file .*ed25519-enc\n$/);
  });

  it('issues and verifies a report credential', async () => {
    const s = await run([
      'sign',
      'report.json',
      '--vc',
      '--key',
      'ed25519',
      '--valid-until',
      '2099-01-01T00:00:00Z',
    ]);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(
      /^Issued ScsConformanceCredential for cloud-a \(SCS-compatible IaaS\) by urn:ietf:params:oauth:jwk-thumbprint:sha-256:\S+ \(EdDSA, kid \S+\), valid 2026-08-19T10:00:00Z \.\. 2099-01-01T00:00:00Z: wrote report\.vc\.jwt\n$/,
    );
    expect(existsSync(join(dir, 'report.vc.jwt'))).toBe(true);
    const v = await run([
      'verify',
      'report.vc.jwt',
      '--issuer-key',
      'ed25519.pub',
      '--report',
      'report.json',
    ]);
    expect(v).toMatchObject({ code: 0, err: '' });
    expect(v.out).toMatch(/^Valid credential from urn:ietf:params:oauth:jwk-thumbprint:sha-256:/);
    expect(v.out).toMatch(/matches\n$/);
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({
        ...JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')),
        checkedAt: '2026-08-20T00:00:00Z',
      }),
    );
    const bad = await run([
      'verify',
      'report.vc.jwt',
      '--issuer-key',
      'ed25519.pub',
      '--report',
      'other.json',
    ]);
    expect(bad.code).toBe(EXIT.VERIFY_FAILED);
    expect(bad.err).toMatch(/^scs-cert: verification failed: digest mismatch: /);
    const wrongKey = await run(['verify', 'report.vc.jwt', '--issuer-key', 'ecdsa256.pub']);
    expect(wrongKey.code).toBe(EXIT.VERIFY_FAILED);
    const late = await run([
      'verify',
      'report.vc.jwt',
      '--issuer-key',
      'ed25519.pub',
      '--at',
      '2099-01-02T00:00:00Z',
    ]);
    expect(late.err).toBe(
      'scs-cert: verification failed: the credential expired at 2099-01-01T00:00:00Z (checked at 2099-01-02T00:00:00Z)\n',
    );
    expect((await run(['verify', 'report.vc.jwt'])).err).toMatch(
      /needs the issuer key \(--issuer-key FILE\) or its DID document/,
    );
  });

  it('uploads, and maps refusals and monitor answers to exit codes', async () => {
    const ok = await run([
      'upload',
      'report.yaml',
      '--monitor',
      monitor.url,
      '--key',
      'ed25519',
      '--token-file',
      'token',
    ]);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toBe(
      'uploaded: the monitor stored run 11111111-2222-4333-8444-555555555555 (subject cloud-a) as account cloud-a\n',
    );
    const again = await run([
      'upload',
      'report.yaml',
      '--monitor',
      monitor.url,
      '--key',
      'ed25519',
      '--token-file',
      'token',
    ]);
    expect(again.code).toBe(EXIT.UPLOAD_FAILED);
    expect(again.err).toMatch(/^scs-cert: upload failed: 409 Conflict: /);
    writeFileSync(
      join(dir, 'demo.yaml'),
      `${readFileSync(join(dir, 'report.yaml'), 'utf8')}x-scs-cert-demo: true\n`,
    );
    const demo = await run([
      'upload',
      'demo.yaml',
      '--monitor',
      monitor.url,
      '--key',
      'ed25519',
      '--token-file',
      'token',
    ]);
    expect(demo).toMatchObject({ code: EXIT.USAGE });
    expect(demo.err).toMatch(
      /^scs-cert: .*demo\.yaml is a report of the embedded demo cloud \(x-scs-cert-demo\); demo reports are never uploaded\n$/,
    );
    const both = await run(['upload', 'report.yaml', '--monitor', monitor.url, '--token-file', 'token']);
    expect(both.err).toBe(
      'scs-cert: give either --key KEYFILE (sign now) or --signature FILE (an existing signature)\n',
    );
  });
});
