// One command on the embedded cloud gives report + SSH signature + report credential + Gaia-X presentation;
// `scs-cert verify` accepts each and rejects each tampered copy.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-chain-');
let base = '';

function tamperJwtPayload(jwt: string): string {
  const [h, p, s] = jwt.trim().split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims['validFrom'] = '2020-01-01T00:00:00Z';
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

beforeAll(async () => {
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'ci@example',
    '-f',
    join(dir, 'ssh_key'),
  ]);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(dir, 'vc.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync(join(dir, 'vc.pub.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
  const pub = readFileSync(join(dir, 'ssh_key.pub'), 'utf8').split(' ');
  writeFileSync(join(dir, 'allowed_signers'), `ci@example ${pub[0]} ${pub[1]}\n`);
  const out = join(dir, 'out');
  const r = await runCli([
    'run',
    'scs-compatible-iaas',
    '--demo',
    '-q',
    '-o',
    out,
    '--sign-key',
    join(dir, 'ssh_key'),
    '--vc-key',
    join(dir, 'vc.pem'),
    '--gaiax-participant',
    join(PACKAGE_ROOT, 'examples/gaiax-participant.yaml'),
  ]);
  expect(r.code, r.stderr).toBe(0);
  base = join(
    out,
    readdirSync(out)
      .find((f) => f.endsWith('.json'))!
      .replace(/\.json$/, ''),
  );
}, 240_000);

describe('report + signature + credential + Gaia-X presentation from one run', () => {
  it('writes every artifact of trust', () => {
    for (const f of ['.json', '.yaml', '.yaml.sig', '.vc.jwt', '.gaiax/presentation.vp.jwt']) {
      expect(() => readFileSync(`${base}${f}`), f).not.toThrow();
    }
  });

  it('the SSH signature verifies with scs-cert and ssh-keygen, and a changed byte fails both', async () => {
    const ok = await runCli([
      'verify',
      `${base}.yaml`,
      '--signature',
      `${base}.yaml.sig`,
      '--allowed-signers',
      join(dir, 'allowed_signers'),
      '--identity',
      'ci@example',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    execFileSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        join(dir, 'allowed_signers'),
        '-I',
        'ci@example',
        '-n',
        'report',
        '-s',
        `${base}.yaml.sig`,
      ],
      {
        input: readFileSync(`${base}.yaml`),
      },
    );
    const tampered = join(dir, 'tampered.yaml');
    writeFileSync(
      tampered,
      readFileSync(`${base}.yaml`, 'utf8').replace(
        'subject: scs-cert-demo-cloud',
        'subject: scs-cert-demo-cloue',
      ),
    );
    const bad = await runCli([
      'verify',
      tampered,
      '--signature',
      `${base}.yaml.sig`,
      '--allowed-signers',
      join(dir, 'allowed_signers'),
      '--identity',
      'ci@example',
    ]);
    expect(bad.code).toBe(3);
    expect(() =>
      execFileSync(
        'ssh-keygen',
        [
          '-Y',
          'verify',
          '-f',
          join(dir, 'allowed_signers'),
          '-I',
          'ci@example',
          '-n',
          'report',
          '-s',
          `${base}.yaml.sig`,
        ],
        {
          input: readFileSync(tampered),
          stdio: 'pipe',
        },
      ),
    ).toThrow();
  });

  it('the report credential verifies against the report and fails when tampered or for another report', async () => {
    const ok = await runCli([
      'verify',
      `${base}.vc.jwt`,
      '--issuer-key',
      join(dir, 'vc.pub.pem'),
      '--report',
      `${base}.json`,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/DEMO cloud/);
    const t = join(dir, 'tampered.vc.jwt');
    writeFileSync(t, tamperJwtPayload(readFileSync(`${base}.vc.jwt`, 'utf8')));
    expect((await runCli(['verify', t, '--issuer-key', join(dir, 'vc.pub.pem')])).code).toBe(3);
    const other = join(dir, 'other.json');
    const report = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { subject: { name: string } };
    report.subject.name = 'someone-else';
    writeFileSync(other, JSON.stringify(report));
    const mismatch = await runCli([
      'verify',
      `${base}.vc.jwt`,
      '--issuer-key',
      join(dir, 'vc.pub.pem'),
      '--report',
      other,
    ]);
    expect(mismatch.code).toBe(3);
    expect(mismatch.stderr).toMatch(/digest mismatch/);
  });

  it('the Gaia-X presentation verifies with every enclosed credential, and fails when tampered', async () => {
    const vp = `${base}.gaiax/presentation.vp.jwt`;
    const ok = await runCli(['verify', vp, '--issuer-key', join(dir, 'vc.pub.pem')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Valid presentation .* with \d+ valid credential/);
    expect(ok.stdout).toMatch(/gx:StandardConformity/);
    const t = join(dir, 'tampered.vp.jwt');
    writeFileSync(t, tamperJwtPayload(readFileSync(vp, 'utf8')));
    expect((await runCli(['verify', t, '--issuer-key', join(dir, 'vc.pub.pem')])).code).toBe(3);
  });
});
