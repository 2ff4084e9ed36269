// The Gaia-X participant configuration: its types, and loading a YAML file with one-line errors (file, path, fix).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { parseLimitedYaml, YamlInputError } from '../core/yaml.js';
import { getAjv } from '../standards/schemas.js';
import { GaiaxError } from './errors.js';
import { present } from '../core/invariant.js';

export const PARTICIPANT_SCHEMA_ID = 'https://scs-cert.dev/schemas/gaiax-participant.schema.json';

export interface Address {
  countryCode?: string;
  countrySubdivisionCode?: string;
  region?: string;
  countryName?: string;
  streetAddress?: string;
  locality?: string;
  postalCode?: string;
}

export interface RegistrationNumbers {
  vatId?: string;
  leiCode?: string;
  eori?: string;
  euid?: string;
  local?: string;
  eoriCountry?: string;
  notaryCredentials?: string[];
}

export interface SoftwareResource {
  name?: string;
  copyrightOwnedBy: string[];
  license: string[];
  resourcePolicy: string[];
}

export interface ImageOverride {
  exclude?: boolean;
  description?: string;
  licenseIncluded?: boolean;
  copyrightOwnedBy?: string[];
  license?: string[];
  resourcePolicy?: string[];
}

export interface ParticipantConfig {
  participant: {
    legalName: string;
    description?: string;
    did: string;
    registrationNumbers: RegistrationNumbers;
    headquartersAddress: Address;
    legalAddress: Address;
    gaiaxTermsAndConditions: string;
  };
  issuer?: {
    key?: string;
    verificationMethod?: string;
    credentialBaseUrl?: string;
    validityDays?: number;
  };
  service: {
    name: string;
    description?: string;
    endpointURL?: string;
    termsAndConditions: Array<{ url: string; hash?: string }>;
    dataAccountExport: Array<{ requestType: string; accessType: string; formatType: string }>;
    policies?: Array<{ language: string; document: string }>;
    dataProtectionRegime?: string[];
    provisionType?: string;
    keywords?: string[];
  };
  softwareResources?: Record<string, SoftwareResource>;
  images?: Record<string, ImageOverride>;
  flavors?: {
    oversubscription?: { sharedCore?: number; crowdedCore?: number; memory?: number };
    exclude?: string[];
  };
}

/** A loaded configuration and where it came from (relative paths in it resolve against `dir`). */
export interface LoadedParticipant {
  config: ParticipantConfig;
  file: string;
  dir: string;
}

/** A bad participant file: one line naming the file, the place in it and the fix. */
export class ParticipantConfigError extends GaiaxError {}

/** Reads and checks a participant YAML (or JSON) file. */
export function loadParticipantConfig(file: string): LoadedParticipant {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ParticipantConfigError(
      `cannot read the participant file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give an existing YAML file with --participant`,
    );
  }
  return { config: parseParticipantConfig(text, file), file, dir: dirname(resolve(file)) };
}

/** Parses and checks participant YAML text; `file` names the source in errors. */
export function parseParticipantConfig(text: string, file: string): ParticipantConfig {
  let data: unknown;
  try {
    data = parseLimitedYaml(text, file).data;
  } catch (err) {
    if (!(err instanceof YamlInputError)) throw err;
    const line = /line (\d+)/.exec(err.where ?? '')?.[1];
    throw new ParticipantConfigError(
      err.reason.startsWith('malformed YAML')
        ? `${file}${line ? `:${line}` : ''}: not valid YAML (${err.reason.replace(/^malformed YAML: /, '')}); fix the syntax`
        : err.message,
    );
  }
  const validate = getAjv().getSchema(PARTICIPANT_SCHEMA_ID);
  if (!validate) throw new Error(`schema ${PARTICIPANT_SCHEMA_ID} is not registered`);
  if (!validate(data))
    throw new ParticipantConfigError(`${file}: ${describeSchemaError(validate.errors ?? [], data)}`);
  const config = data as ParticipantConfig;
  checkConsistency(config, file);
  return config;
}

/** The most specific schema error as "path: problem; fix". */
export function describeSchemaError(errors: ErrorObject[], data?: unknown): string {
  // Prefer errors that say what is wrong with a value over anyOf summaries.
  const first = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'if') ?? errors[0];
  if (!first) return 'does not match schemas/gaiax-participant.schema.json';
  const path = pointerToPath(first.instancePath);
  const p = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties':
      return `${path}: unknown key '${String(p.additionalProperty)}'; remove it or fix its spelling (see examples/gaiax-participant.yaml)`;
    case 'required':
      return `${path}: '${String(p.missingProperty)}' is missing; add it (see examples/gaiax-participant.yaml)`;
    case 'enum':
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${path}: ${JSON.stringify(valueAt(data, first.instancePath))} has the wrong form; ${patternHint(path)}`;
    case 'type':
      return `${path}: must be ${String(p.type)}`;
    case 'minItems':
      return `${path}: give at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    case 'minProperties':
      return `${path}: give at least one of vatId, leiCode, eori, euid, local`;
    default:
      return `${path}: ${first.message ?? 'is invalid'}`;
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '(top level)';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function patternHint(path: string): string {
  if (path.endsWith('.did')) return 'use did:web:<host>[:<path>...]';
  if (path.endsWith('verificationMethod')) return 'use <your did:web>#<key id>';
  if (path.endsWith('gaiaxTermsAndConditions') || path.endsWith('.hash'))
    return 'give the SHA-256 as 64 lower-case hex digits';
  if (path.endsWith('countryCode')) return 'use ISO 3166-1 (e.g. DE, DEU or 276)';
  if (path.endsWith('countrySubdivisionCode')) return 'use ISO 3166-2 (e.g. DE-BE)';
  if (path.endsWith('region')) return 'use a NUTS 2 code (e.g. DE30)';
  if (path.endsWith('vatId')) return 'start with the two-letter country prefix (e.g. DE123456789)';
  if (path.endsWith('leiCode')) return 'an LEI has 20 characters';
  if (path.endsWith('formatType')) return 'use an IANA media type such as application/json';
  if (/url|Url|URL/.test(path)) return 'use an http(s) URL';
  return 'see docs/gaia-x.md';
}

function checkConsistency(config: ParticipantConfig, file: string): void {
  for (const key of ['headquartersAddress', 'legalAddress'] as const) {
    const a = config.participant[key];
    if (a.countryCode && a.countrySubdivisionCode && /^[A-Z]{2}$/.test(a.countryCode)) {
      if (!a.countrySubdivisionCode.startsWith(`${a.countryCode}-`))
        throw new ParticipantConfigError(
          `${file}: participant.${key}: countrySubdivisionCode ${a.countrySubdivisionCode} is not in country ${a.countryCode}; make them agree`,
        );
    }
  }
  const vm = config.issuer?.verificationMethod;
  if (vm && !vm.startsWith(`${config.participant.did}#`))
    throw new ParticipantConfigError(
      `${file}: issuer.verificationMethod ${vm} does not belong to ${config.participant.did}; use ${config.participant.did}#<key id>`,
    );
}

/** ISO 3166-1 code of an address (given, or the country part of its subdivision code). */
export function countryOf(a: Address): string {
  // The schema requires one of the two.
  return (
    a.countryCode ?? present(a.countrySubdivisionCode, 'countryCode or countrySubdivisionCode').slice(0, 2)
  );
}

/** Resolves a path written in the participant file relative to that file. */
export function resolveFromConfig(participant: LoadedParticipant, path: string): string {
  return resolve(participant.dir, path);
}
