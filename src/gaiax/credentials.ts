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

/** Issues the credentials of one set: unique file names under the base URL, one validity window, in order. */
class CredentialWriter {
  readonly credentials: Credential[] = [];
  private readonly used = new Set<string>();
  private readonly validFrom: string;
  private readonly validUntil: string;

  constructor(
    readonly base: string,
    private readonly issuer: string,
    now: Date,
    validityDays: number,
  ) {
    this.validFrom = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.validUntil = new Date(now.getTime() + validityDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** `stem`, or `stem-2`, `stem-3`, … when taken. */
  uniqueName(stem: string): string {
    let n = stem;
    for (let i = 2; this.used.has(n); i++) n = `${stem}-${i}`;
    this.used.add(n);
    return n;
  }

  release(name: string): void {
    this.used.delete(name);
  }

  subjectId(name: string): string {
    return `${this.base}/${name}.json#subject`;
  }

  add(
    stem: string,
    subjectType: string,
    title: string,
    subject: (id: string) => JsonLdNode,
    extra: Partial<VerifiableCredential> = {},
  ): Credential {
    const name = this.uniqueName(stem);
    const vc: VerifiableCredential = {
      '@context': CONTEXTS,
      type: ['VerifiableCredential', subjectType],
      id: `${this.base}/${name}.json`,
      name: title,
      issuer: this.issuer,
      validFrom: this.validFrom,
      validUntil: this.validUntil,
      credentialSubject: subject(this.subjectId(name)),
      ...extra,
    };
    const c = { name, subjectType, vc };
    this.credentials.push(c);
    return c;
  }
}

const subjectIdOf = (c: Credential): string => c.vc.credentialSubject.id as string;

export function buildCredentials(inputs: CredentialInputs): CredentialSet {
  const { config } = inputs;
  const writer = new CredentialWriter(
    credentialBaseUrl(config),
    config.participant.did,
    inputs.now,
    config.issuer?.validityDays ?? 90,
  );
  const warnings: string[] = [];
  const skipped: string[] = [];
  const sources: CredentialSet['sources'] = [];

  const notary = inputs.notaryCredentials ?? [];
  const legalPerson = addParticipant(writer, config, notary, warnings);
  const conformityIds = (inputs.conformity ?? []).map((s) =>
    subjectIdOf(
      writer.add(
        `scs-conformity-${slug(s.scope.alias ?? s.scope.name)}-${slug(s.version)}`,
        'gx:StandardConformity',
        s.title,
        (id) => conformitySubject(s, id),
        conformityEvidence(s),
      ),
    ),
  );
  const flavorIds = addFlavors(writer, inputs, { warnings, skipped, sources });
  const imageIds = addImages(writer, inputs, { warnings, skipped, sources });
  writer.add('service-offering', 'gx:VirtualMachineServiceOffering', config.service.name, (id) =>
    serviceOfferingSubject(id, config.service, inputs.termsAndConditions, {
      legalPerson: subjectIdOf(legalPerson),
      flavorIds,
      imageIds,
      conformityIds,
    }),
  );
  return {
    credentials: writer.credentials,
    notaryCredentials: notary,
    baseUrl: writer.base,
    warnings,
    skipped,
    sources,
  };
}

interface Findings {
  warnings: string[];
  skipped: string[];
  sources: CredentialSet['sources'];
}

/** Registration numbers (the notary's when given, else self-issued), the legal person and the issuer. */
function addParticipant(
  writer: CredentialWriter,
  config: CredentialInputs['config'],
  notary: NonNullable<CredentialInputs['notaryCredentials']>,
  warnings: string[],
): Credential {
  const registrationIds: string[] = notary.map((n) => n.subjectId);
  if (notary.length === 0) {
    for (const r of registrationSubjects(config)) {
      const c = writer.add(r.stem, r.type, r.title, (id) => ({ id, type: r.type, ...r.props }));
      registrationIds.push(subjectIdOf(c));
    }
    warnings.push(
      'registration numbers are self-issued: a Gaia-X compliance service accepts only ones signed by a trusted notary; get them from the notary and list the files under participant.registrationNumbers.notaryCredentials',
    );
  }
  const participant = config.participant;
  const legalPerson = writer.add('legal-person', 'gx:LegalPerson', participant.legalName, (id) =>
    compact({
      id,
      type: 'gx:LegalPerson',
      name: participant.legalName,
      description: participant.description,
      'gx:registrationNumber': registrationIds.map((rid) => ({ id: rid })),
      'gx:headquartersAddress': address(participant.headquartersAddress),
      'gx:legalAddress': address(participant.legalAddress),
    }),
  );
  writer.add('issuer', 'gx:Issuer', `${participant.legalName}: Gaia-X Terms and Conditions`, (id) => ({
    id,
    type: 'gx:Issuer',
    'gx:gaiaxTermsAndConditions': participant.gaiaxTermsAndConditions,
  }));
  return legalPerson;
}

/** One credential per public flavor not excluded in the participant config; returns their subject ids. */
function addFlavors(writer: CredentialWriter, inputs: CredentialInputs, findings: Findings): string[] {
  const { config } = inputs;
  const excluded = new Set(config.flavors?.exclude ?? []);
  const flavorIds: string[] = [];
  for (const f of inputs.flavors) {
    if (f['os-flavor-access:is_public'] === false) continue;
    if (excluded.has(f.name)) {
      findings.skipped.push(`flavor ${f.name}: excluded in the participant config`);
      continue;
    }
    let mapped: ReturnType<typeof mapFlavor> | undefined;
    const c = writer.add(`flavor-${slug(f.name)}`, 'gx:ServerFlavor', `Server flavor ${f.name}`, (id) => {
      mapped = mapFlavor(f, { config, id, ...(inputs.tables && { tables: inputs.tables }) });
      return mapped.subject;
    });
    findings.warnings.push(...(mapped?.warnings ?? []));
    flavorIds.push(subjectIdOf(c));
    findings.sources.push({ name: c.name, kind: 'flavor', from: f.name });
  }
  return flavorIds;
}

/** One credential per offered image that maps to a VM image; returns their subject ids. */
function addImages(writer: CredentialWriter, inputs: CredentialInputs, findings: Findings): string[] {
  const imageIds: string[] = [];
  for (const img of inputs.images) {
    if (!isOfferedImage(img)) continue;
    const label = img.name ?? img.id;
    // The subject id is needed before we know whether the image maps: reserve the name, then give it back.
    const stem = writer.uniqueName(`image-${slug(label)}`);
    writer.release(stem);
    const m = mapImage(img, { config: inputs.config, id: writer.subjectId(stem) });
    findings.warnings.push(...m.warnings);
    if (!m.subject) {
      findings.skipped.push(m.skipped ?? `image ${label}: skipped`);
      continue;
    }
    const subject = m.subject;
    const c = writer.add(stem, 'gx:VMImage', `VM image ${label}`, () => subject);
    imageIds.push(subjectIdOf(c));
    findings.sources.push({ name: c.name, kind: 'image', from: label });
  }
  return imageIds;
}

/** The VM service offering, pointing at the provider, flavors, images and standard conformity. */
function serviceOfferingSubject(
  id: string,
  service: CredentialInputs['config']['service'],
  termsAndConditions: CredentialInputs['termsAndConditions'],
  refs: { legalPerson: string; flavorIds: string[]; imageIds: string[]; conformityIds: string[] },
): JsonLdNode {
  return compact({
    id,
    type: 'gx:VirtualMachineServiceOffering',
    name: service.name,
    description: service.description,
    'gx:providedBy': { id: refs.legalPerson },
    'gx:serviceOfferingTermsAndConditions': termsAndConditions.map((t) => ({
      type: 'gx:TermsAndConditions',
      'gx:url': xsdAnyUri(t.url),
      'gx:hash': t.hash,
    })),
    'gx:dataAccountExport': service.dataAccountExport.map((d) => ({
      type: 'gx:DataAccountExport',
      'gx:requestType': d.requestType,
      'gx:accessType': d.accessType,
      'gx:formatType': d.formatType,
    })),
    'gx:servicePolicy': service.policies?.map((pol) => ({
      type: 'gx:AccessUsagePolicy',
      'gx:policyLanguage': pol.language,
      'gx:policyDocument': pol.document,
    })),
    'gx:dataProtectionRegime': service.dataProtectionRegime,
    'gx:provisionType': service.provisionType,
    'gx:keyword': service.keywords,
    'gx:instantiationReq': refs.flavorIds.map((flavorId) => ({ id: flavorId })),
    'gx:codeArtifact': refs.imageIds.map((imageId) => ({ id: imageId })),
    'gx:endpoint': refs.conformityIds.length
      ? compact({
          type: 'gx:Endpoint',
          'gx:endpointURL': service.endpointURL ? xsdAnyUri(service.endpointURL) : undefined,
          'gx:standardConformity': refs.conformityIds.map((conformityId) => ({ id: conformityId })),
        })
      : undefined,
  });
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
