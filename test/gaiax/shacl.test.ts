// SHACL validation of generated subjects against the bundled Gaia-X 25.11 shapes: passes, and fails with the right message.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type CredentialSet } from '../../src/gaiax/credentials.js';
import { conformityFromReport, readReport } from '../../src/gaiax/conformity.js';
import { loadParticipantConfig } from '../../src/gaiax/participant.js';
import jsonld from 'jsonld';
import { presentation } from '../../src/gaiax/sign.js';
import {
  formatViolation,
  offlineDocument,
  offlineDocumentLoader,
  shapesRelease,
  validateSubjects,
  type SubjectSource,
} from '../../src/gaiax/shacl.js';

const { config } = loadParticipantConfig('examples/gaiax-participant.yaml');
const { report, parsed } = readReport('test/fixtures/gaiax/report.json');

function fresh(): CredentialSet {
  return buildCredentials({
    config,
    flavors: JSON.parse(readFileSync('test/fixtures/gaiax/Flavors.json', 'utf8')),
    images: JSON.parse(readFileSync('test/fixtures/gaiax/Images.json', 'utf8')),
    termsAndConditions: [{ url: 'https://cloud.example.com/terms.pdf', hash: 'ab'.repeat(32) }],
    conformity: conformityFromReport(report, parsed).statements,
    now: new Date('2025-06-01T00:00:00Z'),
  });
}
const sources = (set: CredentialSet): SubjectSource[] =>
  set.credentials.map((c) => ({ name: c.name, credential: c.vc }));
const subjectOf = (set: CredentialSet, name: string) =>
  set.credentials.find((c) => c.name === name)!.vc.credentialSubject as Record<string, unknown>;

describe('bundled shapes and offline contexts', () => {
  it('the release is 25.11 and shown', () => {
    expect(shapesRelease()).toBe('25.11+fix.1');
  });

  it('the VC 2.0 and Gaia-X contexts are served offline; anything else is refused', async () => {
    expect(offlineDocument('https://www.w3.org/ns/credentials/v2')).toBeDefined();
    expect(offlineDocument('https://w3id.org/gaia-x/development#')).toHaveProperty('@context');
    await expect(offlineDocumentLoader('https://example.com/ctx.jsonld')).rejects.toThrow(
      /not bundled.*offline/,
    );
  });
});

describe('generated credentials', () => {
  let set: CredentialSet;
  beforeAll(() => {
    set = fresh();
  });

  it('every subject conforms to the shapes', async () => {
    const out = await validateSubjects(sources(set));
    expect(out.violations.map(formatViolation)).toEqual([]);
    expect(out.conforms).toBe(true);
    expect(out.release).toBe('25.11+fix.1');
    expect(out.triples).toBeGreaterThan(200);
    // the set holds every kind the offering needs
    expect(new Set(set.credentials.map((c) => c.subjectType))).toEqual(
      new Set([
        'gx:VatID',
        'gx:LegalPerson',
        'gx:Issuer',
        'gx:StandardConformity',
        'gx:ServerFlavor',
        'gx:VMImage',
        'gx:VirtualMachineServiceOffering',
      ]),
    );
  });

  it('whole credentials (envelope, evidence) and the presentation are valid JSON-LD, offline, in safe mode', async () => {
    const toRdf = async (doc: unknown) =>
      String(
        await jsonld.toRDF(
          doc as jsonld.JsonLdDocument,
          {
            format: 'application/n-quads',
            documentLoader: offlineDocumentLoader,
            safe: true,
          } as jsonld.Options.ToRdf,
        ),
      );
    for (const c of set.credentials) expect(await toRdf(c.vc)).toContain(c.vc.id);
    const conformity = set.credentials.find((c) => c.subjectType === 'gx:StandardConformity')!;
    const nq = await toRdf(conformity.vc);
    expect(nq).toMatch(/<https:\/\/www\.w3\.org\/2018\/credentials#digestSRI> "sha256-[^"]+"/);
    expect(nq).toContain('<https://scs-cert.dev/schemas/report.schema.json#ConformanceReport>');
    const vp = await toRdf(presentation(['a.b.c'], { holder: 'did:web:x.example', now: new Date() }));
    expect(vp).toContain(
      '<data:application/vc+jwt,a.b.c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#EnvelopedVerifiableCredential>',
    );
  });

  it('broken subjects fail with focus node, path and the shapes message', async () => {
    const broken = fresh();
    const flavor = subjectOf(broken, 'flavor-scs-2v-4');
    flavor['gx:hwRngTypeOfFlavor'] = 'Quantum randomness';
    flavor['gx:colour'] = 'blue';
    const image = subjectOf(broken, 'image-ubuntu-24.04');
    delete image['gx:resourcePolicy'];
    (image['gx:cpuReq'] as Record<string, unknown>)['gx:cpuArchitecture'] = 'amd64';
    subjectOf(broken, 'service-offering')['gx:providedBy'] = { id: 'https://elsewhere.example/lp' };
    subjectOf(broken, 'issuer')['gx:gaiaxTermsAndConditions'] = '00'.repeat(32);

    const out = await validateSubjects(sources(broken));
    expect(out.conforms).toBe(false);
    const lines = out.violations.map(formatViolation);
    const find = (credential: string, path: string) =>
      out.violations.filter((v) => v.credential === credential && v.path === path);

    const rng = find('flavor-scs-2v-4', 'gx:hwRngTypeOfFlavor');
    expect(rng).toHaveLength(1);
    expect(rng[0]!.constraint).toBe('sh:InConstraintComponent');
    expect(rng[0]!.message).toMatch(/Value is not one of the allowed values: Electrical noise/);
    expect(rng[0]!.value).toBe('Quantum randomness');
    expect(rng[0]!.focusNode).toBe('<https://cloud.example.com/gaia-x/flavor-scs-2v-4.json#subject>');

    expect(find('flavor-scs-2v-4', 'gx:colour')[0]!.message).toMatch(/closed shape/);
    expect(find('image-ubuntu-24.04', 'gx:resourcePolicy')[0]!.message).toMatch(/Less than 1 values/);
    const arch = find('image-ubuntu-24.04', 'gx:cpuArchitecture')[0]!;
    expect(arch.focusNode).toBe(
      '<https://cloud.example.com/gaia-x/image-ubuntu-24.04.json#subject>/gx:cpuReq',
    );
    expect(find('service-offering', 'gx:providedBy')[0]!.message).toMatch(/not a gx:LegalPerson/);
    expect(find('issuer', 'gx:gaiaxTermsAndConditions')[0]!.constraint).toBe('sh:InConstraintComponent');
    // superclass shapes repeat findings; each is listed once
    expect(new Set(lines).size).toBe(lines.length);
    // nothing else is wrong
    expect(out.violations).toHaveLength(6);
  });

  it('a wrong datatype is caught (xsd:integer vCPUs written as a float)', async () => {
    const broken = fresh();
    const cpu = subjectOf(broken, 'flavor-scs-2v-4')['gx:cpu'] as Record<string, unknown>;
    cpu['gx:vCPUs'] = { '@value': '2.5', '@type': 'xsd:float' };
    const out = await validateSubjects(sources(broken));
    const v = out.violations.find((x) => x.path === 'gx:vCPUs')!;
    expect(v.constraint).toBe('sh:DatatypeConstraintComponent');
    expect(v.focusNode).toMatch(/flavor-scs-2v-4\.json#subject>\/gx:cpu$/);
  });
});
