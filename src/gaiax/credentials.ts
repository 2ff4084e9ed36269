// Assembles the credential set (VC 2.0 documents, unsigned) for a provider, its VM offering, flavors, images and SCS conformity.
import type { Flavor, Image } from '../artifacts/iaas.js';
import type { FlavorNamingTables } from '../flavor-name/index.js';
import { conformityEvidence, conformitySubject, type ConformityStatement } from './conformity.js';
import { mapFlavor } from './flavor.js';
import { isOfferedImage, mapImage } from './image.js';
import { countryOf, type Address, type ParticipantConfig } from './participant.js';
import { CONTEXTS, compact, xsdAnyUri, type JsonLdNode } from './vocab.js';

/** A credential before signing. */
export interface Credential {
  /** File stem, unique in the set (e.g. `flavor-scs-2v-4`). */
  name: string;
  /** The gx class of its subject (e.g. `gx:ServerFlavor`). */
  subjectType: string;
  vc: VerifiableCredential;
}

export interface VerifiableCredential {
  '@context': readonly string[];
  type: string[];
  id: string;
  name?: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  credentialSubject: JsonLdNode;
  relatedResource?: JsonLdNode[];
  evidence?: JsonLdNode[];
  [key: string]: unknown;
}

/** A registration-number credential a notary issued (kept as the JWT it came as). */
export interface NotaryCredential {
  name: string;
  jwt: string;
  payload: { '@context'?: unknown; credentialSubject?: unknown; type?: unknown; id?: unknown };
  subjectId: string;
}

export interface CredentialInputs {
  config: ParticipantConfig;
  flavors: Flavor[];
  images: Image[];
  /** Terms and conditions with their hashes resolved. */
  termsAndConditions: Array<{ url: string; hash: string }>;
  conformity?: ConformityStatement[];
  notaryCredentials?: NotaryCredential[];
  now: Date;
  tables?: FlavorNamingTables;
}

export interface CredentialSet {
  credentials: Credential[];
  notaryCredentials: NotaryCredential[];
  baseUrl: string;
  warnings: string[];
  skipped: string[];
  /** Which flavor/image each mapped credential came from. */
  sources: Array<{ name: string; kind: 'flavor' | 'image'; from: string }>;
}

/** did:web:host[:path...] -> https://host[/path...] (percent-decoded, as the did:web method says). */
export function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  return `https://${parts.join('/')}`;
}

/** Where credentials are published: configured, else `<did:web URL>/gaia-x`. */
export function credentialBaseUrl(config: ParticipantConfig): string {
  return (config.issuer?.credentialBaseUrl ?? `${didWebUrl(config.participant.did)}/gaia-x`).replace(
    /\/+$/,
    '',
  );
}

/** File-name-safe stem of a resource name. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed'
  );
}

const DAY_MS = 86_400_000;

/** Builds every credential; pure (no IO), time from `now`. */
export function buildCredentials(inputs: CredentialInputs): CredentialSet {
  const { config, now } = inputs;
  const did = config.participant.did;
  const base = credentialBaseUrl(config);
  const validFrom = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const validUntil = new Date(now.getTime() + (config.issuer?.validityDays ?? 90) * DAY_MS)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const credentials: Credential[] = [];
  const used = new Set<string>();
  const warnings: string[] = [];
  const skipped: string[] = [];
  const sources: CredentialSet['sources'] = [];

  const uniqueName = (stem: string): string => {
    let n = stem;
    for (let i = 2; used.has(n); i++) n = `${stem}-${i}`;
    used.add(n);
    return n;
  };
  const subjectId = (name: string) => `${base}/${name}.json#subject`;
  const add = (
    stem: string,
    subjectType: string,
    title: string,
    subject: (id: string) => JsonLdNode,
    extra: Partial<VerifiableCredential> = {},
  ): Credential => {
    const name = uniqueName(stem);
    const vc: VerifiableCredential = {
      '@context': CONTEXTS,
      type: ['VerifiableCredential', subjectType],
      id: `${base}/${name}.json`,
      name: title,
      issuer: did,
      validFrom,
      validUntil,
      credentialSubject: subject(subjectId(name)),
      ...extra,
    };
    const c = { name, subjectType, vc };
    credentials.push(c);
    return c;
  };

  // Registration numbers: the notary's credentials when given, else self-issued ones.
  const notary = inputs.notaryCredentials ?? [];
  const registrationIds: string[] = notary.map((n) => n.subjectId);
  if (notary.length === 0) {
    for (const r of registrationSubjects(config)) {
      const c = add(r.stem, r.type, r.title, (id) => ({ id, type: r.type, ...r.props }));
      registrationIds.push(c.vc.credentialSubject.id as string);
    }
    warnings.push(
      'registration numbers are self-issued: a Gaia-X compliance service accepts only ones signed by a trusted notary; get them from the notary and list the files under participant.registrationNumbers.notaryCredentials',
    );
  }

  const p = config.participant;
  const legalPerson = add('legal-person', 'gx:LegalPerson', p.legalName, (id) =>
    compact({
      id,
      type: 'gx:LegalPerson',
      name: p.legalName,
      description: p.description,
      'gx:registrationNumber': registrationIds.map((rid) => ({ id: rid })),
      'gx:headquartersAddress': address(p.headquartersAddress),
      'gx:legalAddress': address(p.legalAddress),
    }),
  );
  add('issuer', 'gx:Issuer', `${p.legalName}: Gaia-X Terms and Conditions`, (id) => ({
    id,
    type: 'gx:Issuer',
    'gx:gaiaxTermsAndConditions': p.gaiaxTermsAndConditions,
  }));

  const conformityIds: string[] = [];
  for (const s of inputs.conformity ?? []) {
    const c = add(
      `scs-conformity-${slug(s.scope.alias ?? s.scope.name)}-${slug(s.version)}`,
      'gx:StandardConformity',
      s.title,
      (id) => conformitySubject(s, id),
      conformityEvidence(s),
    );
    conformityIds.push(c.vc.credentialSubject.id as string);
  }

  const excluded = new Set(config.flavors?.exclude ?? []);
  const flavorIds: string[] = [];
  for (const f of inputs.flavors) {
    if (f['os-flavor-access:is_public'] === false) continue;
    if (excluded.has(f.name)) {
      skipped.push(`flavor ${f.name}: excluded in the participant config`);
      continue;
    }
    let mapped: ReturnType<typeof mapFlavor> | undefined;
    const c = add(`flavor-${slug(f.name)}`, 'gx:ServerFlavor', `Server flavor ${f.name}`, (id) => {
      mapped = mapFlavor(f, { config, id, ...(inputs.tables && { tables: inputs.tables }) });
      return mapped.subject;
    });
    warnings.push(...(mapped?.warnings ?? []));
    flavorIds.push(c.vc.credentialSubject.id as string);
    sources.push({ name: c.name, kind: 'flavor', from: f.name });
  }

  const imageIds: string[] = [];
  for (const img of inputs.images) {
    if (!isOfferedImage(img)) continue;
    const label = img.name ?? img.id;
    const stem = uniqueName(`image-${slug(label)}`);
    used.delete(stem);
    const m = mapImage(img, { config, id: subjectId(stem) });
    warnings.push(...m.warnings);
    if (!m.subject) {
      skipped.push(m.skipped ?? `image ${label}: skipped`);
      continue;
    }
    const subject = m.subject;
    const c = add(stem, 'gx:VMImage', `VM image ${label}`, () => subject);
    imageIds.push(c.vc.credentialSubject.id as string);
    sources.push({ name: c.name, kind: 'image', from: label });
  }

  const s = config.service;
  add('service-offering', 'gx:VirtualMachineServiceOffering', s.name, (id) =>
    compact({
      id,
      type: 'gx:VirtualMachineServiceOffering',
      name: s.name,
      description: s.description,
      'gx:providedBy': { id: legalPerson.vc.credentialSubject.id as string },
      'gx:serviceOfferingTermsAndConditions': inputs.termsAndConditions.map((t) => ({
        type: 'gx:TermsAndConditions',
        'gx:url': xsdAnyUri(t.url),
        'gx:hash': t.hash,
      })),
      'gx:dataAccountExport': s.dataAccountExport.map((d) => ({
        type: 'gx:DataAccountExport',
        'gx:requestType': d.requestType,
        'gx:accessType': d.accessType,
        'gx:formatType': d.formatType,
      })),
      'gx:servicePolicy': s.policies?.map((pol) => ({
        type: 'gx:AccessUsagePolicy',
        'gx:policyLanguage': pol.language,
        'gx:policyDocument': pol.document,
      })),
      'gx:dataProtectionRegime': s.dataProtectionRegime,
      'gx:provisionType': s.provisionType,
      'gx:keyword': s.keywords,
      'gx:instantiationReq': flavorIds.map((id) => ({ id })),
      'gx:codeArtifact': imageIds.map((id) => ({ id })),
      'gx:endpoint': conformityIds.length
        ? compact({
            type: 'gx:Endpoint',
            'gx:endpointURL': s.endpointURL ? xsdAnyUri(s.endpointURL) : undefined,
            'gx:standardConformity': conformityIds.map((id) => ({ id })),
          })
        : undefined,
    }),
  );

  return { credentials, notaryCredentials: notary, baseUrl: base, warnings, skipped, sources };
}

function address(a: Address): JsonLdNode {
  return compact({
    type: 'gx:Address',
    'gx:countryCode': countryOf(a),
    'gx:countryName': a.countryName,
    'vcard:region': a.region,
    'vcard:street-address': a.streetAddress,
    'vcard:locality': a.locality,
    'vcard:postal-code': a.postalCode,
  });
}

/** VAT prefixes that are not ISO 3166-1 codes. */
const VAT_COUNTRY: Record<string, string> = { EL: 'GR', XI: 'GB' };

function registrationSubjects(
  config: ParticipantConfig,
): Array<{ stem: string; type: string; title: string; props: JsonLdNode }> {
  const r = config.participant.registrationNumbers;
  const legal = config.participant.legalAddress;
  const out: Array<{ stem: string; type: string; title: string; props: JsonLdNode }> = [];
  if (r.vatId) {
    const prefix = r.vatId.slice(0, 2);
    out.push({
      stem: 'registration-number-vat-id',
      type: 'gx:VatID',
      title: `VAT ID ${r.vatId}`,
      props: { 'gx:vatID': r.vatId, 'gx:countryCode': VAT_COUNTRY[prefix] ?? prefix },
    });
  }
  if (r.leiCode)
    out.push({
      stem: 'registration-number-lei-code',
      type: 'gx:LeiCode',
      title: `LEI ${r.leiCode}`,
      props: compact({
        'https://schema.org/leiCode': r.leiCode,
        'gx:countryCode': countryOf(legal),
        'gx:subdivisionCountryCode': legal.countrySubdivisionCode,
      }),
    });
  if (r.eori)
    out.push({
      stem: 'registration-number-eori',
      type: 'gx:EORI',
      title: `EORI ${r.eori}`,
      props: compact({ 'gx:eori': r.eori, 'gx:country': r.eoriCountry }),
    });
  if (r.euid)
    out.push({
      stem: 'registration-number-euid',
      type: 'gx:EUID',
      title: `EUID ${r.euid}`,
      props: { 'gx:euid': r.euid },
    });
  if (r.local)
    out.push({
      stem: 'registration-number-local',
      type: 'gx:LocalRegistrationNumber',
      title: `Registration number ${r.local}`,
      props: { 'gx:local': r.local },
    });
  return out;
}
