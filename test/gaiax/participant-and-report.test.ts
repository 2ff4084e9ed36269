// Participant configuration (schema, one-line errors) and report handling (compliant versions only, demo, digest).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  conformityFromReport,
  digestToSri,
  readReport,
  reportDigest,
  ReportError,
} from '../../src/gaiax/conformity.js';
import { credentialBaseUrl, didWebUrl } from '../../src/gaiax/credentials.js';
import {
  loadParticipantConfig,
  parseParticipantConfig,
  ParticipantConfigError,
} from '../../src/gaiax/participant.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { createHash } from 'node:crypto';

const exampleText = readFileSync('examples/gaiax-participant.yaml', 'utf8');
const example = () => parse(exampleText) as Record<string, Record<string, unknown>>;
const errorOf = (doc: unknown): string => {
  try {
    parseParticipantConfig(stringify(doc), 'p.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ParticipantConfigError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('participant configuration', () => {
  it('the commented example is valid', () => {
    const { config } = loadParticipantConfig('examples/gaiax-participant.yaml');
    expect(config.participant.did).toBe('did:web:cloud.example.com');
    expect(config.softwareResources?.ubuntu?.license).toContain('GPL-2.0-only');
  });

  it.each([
    [
      'unknown key',
      (d: ReturnType<typeof example>) => ((d.participant!.legalname = 'x'), d),
      /participant: unknown key 'legalname'/,
    ],
    [
      'missing did',
      (d: ReturnType<typeof example>) => (delete d.participant!.did, d),
      /participant: 'did' is missing/,
    ],
    [
      'bad did',
      (d: ReturnType<typeof example>) => ((d.participant!.did = 'did:key:z6Mk'), d),
      /participant\.did: "did:key:z6Mk" has the wrong form; use did:web/,
    ],
    [
      'bad request type',
      (d: ReturnType<typeof example>) => (
        ((d.service!.dataAccountExport as Array<Record<string, string>>)[0]!.requestType = 'fax'),
        d
      ),
      /service\.dataAccountExport\[0\]\.requestType: must be one of "API"/,
    ],
    [
      'bad T&C hash',
      (d: ReturnType<typeof example>) => ((d.participant!.gaiaxTermsAndConditions = 'abc'), d),
      /gaiaxTermsAndConditions: "abc" has the wrong form; give the SHA-256/,
    ],
    [
      'no registration number',
      (d: ReturnType<typeof example>) => ((d.participant!.registrationNumbers = {}), d),
      /registrationNumbers: give at least one of vatId/,
    ],
    [
      'bad subdivision',
      (d: ReturnType<typeof example>) => (
        ((d.participant!.legalAddress as Record<string, string>).countrySubdivisionCode = 'Berlin'),
        d
      ),
      /legalAddress\.countrySubdivisionCode: "Berlin" has the wrong form; use ISO 3166-2/,
    ],
    [
      'subdivision of another country',
      (d: ReturnType<typeof example>) => (
        ((d.participant!.legalAddress as Record<string, string>).countrySubdivisionCode = 'FR-75'),
        d
      ),
      /countrySubdivisionCode FR-75 is not in country DE/,
    ],
    [
      'foreign verification method',
      (d: ReturnType<typeof example>) => (
        ((d.issuer as Record<string, string>).verificationMethod = 'did:web:other.example#k'),
        d
      ),
      /does not belong to did:web:cloud\.example\.com/,
    ],
    [
      'incomplete software resource',
      (d: ReturnType<typeof example>) => (
        delete (d.softwareResources!.kvm as Record<string, unknown>).license,
        d
      ),
      /softwareResources\.kvm: 'license' is missing/,
    ],
  ])('%s gives a one-line error naming file and path', (_label, mutate, message) => {
    const msg = errorOf(mutate(example()));
    expect(msg).toMatch(/^p\.yaml: /);
    expect(msg).toMatch(message);
    expect(msg).not.toContain('\n');
  });

  it('broken YAML names the line', () => {
    expect(() => parseParticipantConfig('participant:\n  legalName: [x\n', 'p.yaml')).toThrow(
      /^p\.yaml:\d+: not valid YAML/,
    );
  });

  it('a missing file names the fix', () => {
    expect(() => loadParticipantConfig('/nonexistent/p.yaml')).toThrow(
      /cannot read the participant file .*ENOENT.*--participant/,
    );
  });

  it('the credential base URL follows did:web (path form, percent-decoded port)', () => {
    expect(didWebUrl('did:web:example.com')).toBe('https://example.com');
    expect(didWebUrl('did:web:example.com%3A8443:users:alice')).toBe('https://example.com:8443/users/alice');
    const c = example() as unknown as Parameters<typeof credentialBaseUrl>[0];
    expect(credentialBaseUrl(c)).toBe('https://cloud.example.com/gaia-x');
    delete (c as { issuer?: unknown }).issuer;
    expect(credentialBaseUrl(c)).toBe('https://cloud.example.com/gaia-x');
  });
});

describe('report -> conformity statements', () => {
  const file = 'test/fixtures/gaiax/report.json';
  const { report, parsed } = readReport(file);

  it('one statement per compliant version; the others are left out', () => {
    const r = conformityFromReport(report, parsed);
    expect(r.statements.map((s) => s.title)).toEqual(['SCS-compatible IaaS v5.1']);
    expect(r.omitted).toEqual([{ version: 'v4', verdict: 'non-compliant' }]);
    expect(r.statements[0]!.standardReference).toBe(report.scope.url);
  });

  it('the digest is sha256 over the canonical JSON of the parsed file', () => {
    const expected = `sha256:${createHash('sha256')
      .update(canonicalJson(JSON.parse(readFileSync(file, 'utf8'))))
      .digest('hex')}`;
    expect(reportDigest(parsed)).toBe(expected);
    expect(conformityFromReport(report, parsed).digest).toBe(expected);
    // key order and whitespace do not change it; a value does
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(parsed);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(parsed));
    expect(reportDigest(reordered)).toBe(expected);
    expect(reportDigest({ ...(parsed as object), verdict: 'incomplete' })).not.toBe(expected);
    expect(digestToSri('sha256:' + '00'.repeat(32))).toBe(`sha256-${Buffer.alloc(32).toString('base64')}`);
  });

  it('refuses a report without a compliant version', () => {
    const bad = {
      ...report,
      versions: report.versions.map((v) => ({ ...v, verdict: 'incomplete' as const })),
    };
    expect(() => conformityFromReport(bad, bad, { file: 'r.json' })).toThrow(
      /r\.json shows no compliant version of SCS-compatible IaaS \(v5\.1 incomplete, v4 incomplete\)/,
    );
  });

  it('refuses a demo report unless allowed, and then marks it', () => {
    const demo: ConformanceReport = { ...report, subject: { ...report.subject, demo: true } };
    expect(() => conformityFromReport(demo, demo)).toThrow(ReportError);
    expect(() => conformityFromReport(demo, demo)).toThrow(/--allow-demo/);
    const r = conformityFromReport(demo, demo, { allowDemo: true });
    expect(r.statements[0]!.title).toMatch(/DEMO/);
    expect(r.statements[0]!.demo).toBe(true);
  });

  it('refuses files that are not reports', () => {
    expect(() => readReport('test/fixtures/gaiax/Flavors.json')).toThrow(/not an scs-cert report/);
    expect(() => readReport('examples/gaiax-participant.yaml')).toThrow(/is not JSON/);
  });
});
