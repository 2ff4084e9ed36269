// Manual testcases with evidence: judged from the file, carried into the signed report, documents re-checked by
// `verify --documents` (one changed byte fails verification).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEvidenceFile } from '../../src/evidence/evidence-file.js';
import { judgeManualChecks, manualTestcases } from '../../src/evidence/judge.js';
import { loadScope } from '../../src/standards/load-scope.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { SCHEMA_ID, getValidator } from '../../src/standards/schemas.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('scs-cert-evidence-');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const scope = loadScope('scs-compatible-iaas', PACKAGE_ROOT);

function evidence(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

function attestation(testcase: string, docs: string, dates = ['2026-11-30', '2027-11-30']): string {
  return `  - testcase: ${testcase}
    statement: The provider attests what the standard asks for ${testcase}.
    attested_by: Jane Doe, CISO
    attested_at: ${dates[0]}
    valid_until: ${dates[1]}
    documents:
${docs}`;
}

beforeAll(() => {
  writeFileSync(join(dir, 'plan.txt'), 'fire zone plan v1\n');
  writeFileSync(join(dir, 'policy.yaml'), 'is_domain_manager: role:manager\n');
});

describe('manual testcases of a scope', () => {
  it('are the scope’s testcases without an executable, with the modules and targets naming them', () => {
    expect(manualTestcases(scope).map((m) => [m.id, m.modules])).toEqual([
      ['key-manager-docs-check', ['scs-0116-v1-manual: preview']],
      ['availability-zones-check', ['scs-0121-v1-manual: preview']],
      ['domain-manager-check', ['scs-0302-v1-manual: preview']],
    ]);
  });
});

describe('judging evidence', () => {
  const judge = (file: string, date = '2026-12-07') =>
    judgeManualChecks(scope, loadEvidenceFile(file), date, undefined);

  it('attested, missing, invalid and expired, each with its own outcome kind', () => {
    const f = evidence(
      'mixed.yaml',
      `attestations:
${attestation('availability-zones-check', `      - path: plan.txt\n        sha256: ${sha('fire zone plan v1\n')}\n      - url: https://example.com/iso.pdf\n        sha256: ${sha('x')}\n`)}
${attestation('domain-manager-check', `      - path: policy.yaml\n        sha256: ${sha('something else')}\n`)}
${attestation('key-manager-docs-check', `      - url: https://example.com/kek.pdf\n        sha256: ${sha('y')}\n`, ['2025-01-01', '2026-01-01'])}
`,
    );
    const m = judge(f);
    const by = Object.fromEntries(m.checks.map((c) => [c.id, c]));
    expect(by['availability-zones-check']?.outcome).toBe('ATTESTED');
    expect(by['availability-zones-check']?.documents.map((d) => d.check)).toEqual([
      'match',
      'remote-not-fetched',
    ]);
    expect(by['domain-manager-check']?.outcome).toBe('EVIDENCE-INVALID');
    expect(by['domain-manager-check']?.message).toContain('policy.yaml changed');
    expect(by['key-manager-docs-check']?.outcome).toBe('EVIDENCE-EXPIRED');
    expect(m.source?.sha256).toBe(sha(readFileSync(f, 'utf8')));
  });

  it('without evidence every manual testcase is missing, saying what to provide', () => {
    const m = judgeManualChecks(scope, undefined, '2026-12-07', {
      testcases: {
        'availability-zones-check': { standard: 'scs-0121-v1', provide: 'fire zone plans', url: 'u' },
      },
    });
    expect(m.checks.map((c) => c.outcome)).toEqual([
      'EVIDENCE-MISSING',
      'EVIDENCE-MISSING',
      'EVIDENCE-MISSING',
    ]);
    expect(m.checks[1]?.message).toBe('No evidence for availability-zones-check: provide fire zone plans');
  });

  it('a missing document, dates out of order, or an attestation from the future are invalid', () => {
    const f = evidence(
      'bad-dates.yaml',
      `attestations:
${attestation('availability-zones-check', `      - path: nowhere.pdf\n        sha256: ${sha('z')}\n`, ['2027-01-01', '2026-12-31'])}
`,
    );
    const c = judge(f).checks.find((x) => x.id === 'availability-zones-check');
    expect(c?.outcome).toBe('EVIDENCE-INVALID');
    expect(c?.message).toContain('nowhere.pdf not found');
    expect(c?.message).toContain('lies before attested_at');
    expect(c?.message).toContain('lies after the reference date');
  });

  it('refuses attestations of testcases that are not manual, evidence of another scope, and bad files', () => {
    const stray = evidence(
      'stray.yaml',
      `attestations:\n${attestation('scs-0100-syntax-check', `      - url: https://e.com\n        sha256: ${sha('a')}\n`)}\n`,
    );
    expect(() => judge(stray)).toThrow(/no manual testcase of scope/);
    const other = evidence(
      'other.yaml',
      `scope: scs-compatible-kaas\nattestations:\n${attestation('domain-manager-check', `      - url: https://e.com\n        sha256: ${sha('a')}\n`)}\n`,
    );
    expect(() => judge(other)).toThrow(/evidence is for scope 'scs-compatible-kaas'/);
    const both = evidence(
      'both.yaml',
      `attestations:\n${attestation('domain-manager-check', `      - url: https://e.com\n        path: plan.txt\n        sha256: ${sha('a')}\n`)}\n`,
    );
    expect(() => loadEvidenceFile(both)).toThrow(/exactly one of path .* and url/);
    const twice = evidence(
      'twice.yaml',
      `attestations:\n${attestation('domain-manager-check', `      - url: https://e.com\n        sha256: ${sha('a')}\n`)}\n${attestation('domain-manager-check', `      - url: https://e.com\n        sha256: ${sha('a')}\n`)}\n`,
    );
    expect(() => loadEvidenceFile(twice)).toThrow(/attested twice/);
  });
});

describe('run --evidence, sign, verify --documents', () => {
  it('carries the statements into the signed report; one changed byte in a document fails verify', async () => {
    const f = evidence(
      'evidence.yaml',
      `scope: scs-compatible-iaas
attestations:
${attestation('availability-zones-check', `      - path: plan.txt\n        sha256: ${sha('fire zone plan v1\n')}\n`)}
`,
    );
    const out = join(dir, 'out');
    const run = await runCli(
      [
        'run',
        'scs-compatible-iaas',
        '--demo',
        '--evidence',
        f,
        '-o',
        out,
        '-f',
        'json,yaml',
        '--tests',
        'scs-0123',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('ATTESTED          availability-zones-check');
    expect(run.stdout).toContain('EVIDENCE-MISSING  domain-manager-check');
    const json = readdirSync(out).find((x) => x.endsWith('.json')) as string;
    const report = JSON.parse(readFileSync(join(out, json), 'utf8')) as ConformanceReport;
    expect(report.manualChecks?.source?.file).toBe('evidence.yaml');
    const validate = getValidator(SCHEMA_ID.report)!;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(
      report.manualChecks?.checks.find((c) => c.id === 'availability-zones-check')?.documents[0]?.sha256,
    ).toBe(sha('fire zone plan v1\n'));
    // never counted with the automated testcases, never in the SCS YAML
    expect(report.testcases.some((t) => t.id === 'availability-zones-check')).toBe(false);
    const yaml = readFileSync(join(out, json.replace(/\.json$/, '.yaml')), 'utf8');
    expect(yaml).not.toContain('availability-zones-check');

    const key = join(PACKAGE_ROOT, 'test', 'fixtures', 'attest', 'keys', 'ed25519');
    const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(' ');
    writeFileSync(join(dir, 'allowed'), `ops@example ${pub[0]} ${pub[1]}\n`);
    const signed = await runCli(['sign', join(out, json), '--key', key], { cwd: dir });
    expect(signed.code, signed.stderr).toBe(0);
    const verify = () =>
      runCli(['verify', join(out, json), '-f', 'allowed', '-I', 'ops@example', '--documents', dir], {
        cwd: dir,
      });
    const ok = await verify();
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 evidence document(s) match');
    writeFileSync(join(dir, 'plan.txt'), 'fire zone plan v2\n');
    const bad = await verify();
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('verification failed: availability-zones-check: document plan.txt changed');
  });

  it('--target preview without evidence reports every manual testcase as missing', async () => {
    const out = join(dir, 'preview');
    const r = await runCli(
      [
        'run',
        'scs-compatible-iaas',
        '--demo',
        '--target',
        'preview',
        '-o',
        out,
        '-f',
        'json',
        '--tests',
        'scs-0123',
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/EVIDENCE-MISSING/g)).toHaveLength(3);
    const bad = await runCli(['run', 'scs-compatible-iaas', '--demo', '--target', 'main'], { cwd: dir });
    expect(bad.code).toBe(64);
  });

  it('a broken evidence file stops the run before the cloud is touched (exit 64, one line)', async () => {
    const f = evidence('broken.yaml', 'attestations: []\n');
    const r = await runCli(['run', 'scs-compatible-iaas', '--demo', '--evidence', f], { cwd: dir });
    expect(r.code).toBe(64);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
