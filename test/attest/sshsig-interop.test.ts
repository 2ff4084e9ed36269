// Interop with the real ssh-keygen (Debian openssh-client): each side verifies the other's SSHSIG signatures.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  armorSshsig,
  checkSshsig,
  dearmorSshsig,
  loadPrivateKey,
  signSshsig,
  verifySshsig,
} from '../../src/attest/sshsig/index.js';
import { ALLOWED_SIGNERS_CASES, expandCase } from './allowed-signers-cases.js';

function findSshKeygen(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v ssh-keygen'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const SSH_KEYGEN = findSshKeygen();
if (!SSH_KEYGEN) {
  console.warn(
    '\n!!! ssh-keygen not found: SKIPPING the SSHSIG interop tests.\n' +
      '!!! Install it with: apt-get install -y --no-install-recommends openssh-client\n',
  );
}

interface KeyCase {
  name: string;
  args: string[];
  passphrase: string;
  deterministic: boolean;
}
const KEY_CASES: KeyCase[] = [
  { name: 'ed25519', args: ['-t', 'ed25519'], passphrase: '', deterministic: true },
  {
    name: 'ed25519-pass',
    args: ['-t', 'ed25519', '-a', '4'],
    passphrase: 'pass phrase 1',
    deterministic: true,
  },
  { name: 'rsa3072', args: ['-t', 'rsa', '-b', '3072'], passphrase: '', deterministic: true },
  {
    name: 'rsa3072-pass',
    args: ['-t', 'rsa', '-b', '3072', '-a', '4'],
    passphrase: 'pass phrase 2',
    deterministic: true,
  },
  { name: 'ecdsa256', args: ['-t', 'ecdsa', '-b', '256'], passphrase: '', deterministic: false },
  {
    name: 'ecdsa256-pass',
    args: ['-t', 'ecdsa', '-b', '256', '-a', '4'],
    passphrase: 'pass phrase 3',
    deterministic: false,
  },
];

const REPORT =
  '---\nspec:\n  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f\nsubject: interop\nrun:\n  uuid: 1\n';

describe.skipIf(!SSH_KEYGEN)('SSHSIG interop with ssh-keygen', () => {
  let dir = '';
  const keygen = (args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(SSH_KEYGEN!, args, { input, cwd: dir, env: { ...process.env, ...env } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scs-cert-sshsig-'));
    writeFileSync(join(dir, 'report.yaml'), REPORT);
    for (const k of KEY_CASES) {
      execFileSync(SSH_KEYGEN!, [...k.args, '-q', '-N', k.passphrase, '-C', k.name, '-f', join(dir, k.name)]);
      // ssh-keygen asks for the passphrase through SSH_ASKPASS when forced to.
      const askpass = join(dir, `${k.name}.askpass`);
      writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${k.passphrase}'\n`);
      chmodSync(askpass, 0o700);
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sshSign = (k: KeyCase, file: string, namespace = 'report') => {
    // ssh-keygen asks before overwriting an existing signature file.
    rmSync(join(dir, `${file}.sig`), { force: true });
    const r = keygen(['-Y', 'sign', '-f', k.name, '-n', namespace, file], undefined, {
      SSH_ASKPASS: join(dir, `${k.name}.askpass`),
      SSH_ASKPASS_REQUIRE: 'force',
      DISPLAY: ':0',
    });
    expect(r.status, r.stderr.toString()).toBe(0);
    return readFileSync(join(dir, `${file}.sig`), 'utf8');
  };
  const sshVerify = (
    sigText: string,
    data: Buffer | string,
    allowed: string,
    identity: string,
    ns = 'report',
  ) => {
    writeFileSync(join(dir, 'check.sig'), sigText);
    writeFileSync(join(dir, 'allowed'), allowed);
    const r = keygen(['-Y', 'verify', '-f', 'allowed', '-I', identity, '-n', ns, '-s', 'check.sig'], data);
    return { ok: r.status === 0, out: `${r.stdout.toString()}${r.stderr.toString()}` };
  };
  const sshCheckNovalidate = (sigText: string, data: Buffer | string, ns = 'report') => {
    writeFileSync(join(dir, 'check.sig'), sigText);
    return keygen(['-Y', 'check-novalidate', '-n', ns, '-s', 'check.sig'], data).status === 0;
  };
  const pubLine = (k: KeyCase) => readFileSync(join(dir, `${k.name}.pub`), 'utf8').trim();
  const ourKey = (k: KeyCase) =>
    loadPrivateKey(readFileSync(join(dir, k.name), 'utf8'), k.passphrase || undefined);

  describe.each(KEY_CASES)('$name', (k) => {
    it('our signature verifies with ssh-keygen -Y verify and check-novalidate', () => {
      const sig = signSshsig(Buffer.from(REPORT), ourKey(k));
      const v = sshVerify(sig, REPORT, `mail@csp.eu ${pubLine(k)}\n`, 'mail@csp.eu');
      expect(v.ok, v.out).toBe(true);
      expect(v.out).toContain('Good "report" signature for mail@csp.eu');
      expect(sshCheckNovalidate(sig, REPORT)).toBe(true);
      expect(sshCheckNovalidate(sig, REPORT, 'file')).toBe(false);
    });

    it("ssh-keygen's signature verifies with ours", () => {
      const sig = sshSign(k, 'report.yaml');
      const res = verifySshsig(Buffer.from(REPORT), sig, {
        allowedSigners: `mail@csp.eu ${pubLine(k)}\n`,
        identity: 'mail@csp.eu',
      });
      expect(res.summary).toContain('Good "report" signature for mail@csp.eu');
      if (k.deterministic) {
        // ed25519 and RSA PKCS#1 v1.5 are deterministic: our file must equal ssh-keygen's byte for byte.
        expect(signSshsig(Buffer.from(REPORT), ourKey(k))).toBe(sig);
      }
    });

    it('a changed byte in the report or the signature fails on both sides', () => {
      const sig = sshSign(k, 'report.yaml');
      const allowed = `mail@csp.eu ${pubLine(k)}\n`;
      const tampered = REPORT.replace('interop', 'interoq');
      expect(sshVerify(sig, tampered, allowed, 'mail@csp.eu').ok).toBe(false);
      expect(sshCheckNovalidate(sig, tampered)).toBe(false);
      expect(() => checkSshsig(Buffer.from(tampered), sig)).toThrow(/does not match/);
      const blob = dearmorSshsig(sig);
      blob[blob.length - 3] = blob[blob.length - 3]! ^ 0x01;
      const badSig = armorSshsig(blob);
      expect(sshVerify(badSig, REPORT, allowed, 'mail@csp.eu').ok).toBe(false);
      expect(sshCheckNovalidate(badSig, REPORT)).toBe(false);
      expect(() => checkSshsig(Buffer.from(REPORT), badSig)).toThrow();
    });
  });

  describe('allowed_signers decisions agree with ssh-keygen', () => {
    const sigFile = join(import.meta.dirname, '..', 'fixtures', 'attest', 'message.yaml.ed25519.sig');
    const msgFile = join(import.meta.dirname, '..', 'fixtures', 'attest', 'message.yaml');
    it.each(ALLOWED_SIGNERS_CASES)('$name', (c) => {
      const sig = readFileSync(sigFile, 'utf8');
      const msg = readFileSync(msgFile);
      const theirs = sshVerify(sig, msg, `${expandCase(c.file)}\n`, c.identity, c.namespace ?? 'report');
      let ours = true;
      try {
        verifySshsig(msg, sig, { allowedSigners: expandCase(c.file), identity: c.identity });
      } catch {
        ours = false;
      }
      expect(theirs.ok, theirs.out).toBe(!c.fails);
      expect(ours).toBe(theirs.ok);
    });
  });
});
