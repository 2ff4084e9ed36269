// Public API of the Gaia-X credentials: build, validate (SHACL, offline), sign (VC-JWT/VP-JWT), write and submit.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flavor, Image } from '../artifacts/iaas.js';
import type { ConformanceReport } from '../results/report.js';
import { TOOL_NAME, TOOL_VERSION } from '../core/version.js';
import { conformityFromReport, type ConformityResult } from './conformity.js';
import { buildCredentials, type CredentialSet, type NotaryCredential } from './credentials.js';
import { GaiaxError } from './errors.js';
import { hashDocument } from './http.js';
import { resolveFromConfig, type LoadedParticipant } from './participant.js';
import { validateSubjects, shapesRelease, type ShaclOutcome } from './shacl.js';
import { issueCredential, issuePresentation, keyId, readNotaryJwt, type SigningKey } from './sign.js';
import { decodeJwt } from 'jose';

export * from './errors.js';
export * from './participant.js';
export * from './conformity.js';
export * from './credentials.js';
export * from './flavor.js';
export * from './image.js';
export * from './shacl.js';
export * from './sign.js';
export * from './http.js';
export * from './artifacts.js';
export { CONTEXTS, GX_CONTEXT, VC_CONTEXT } from './vocab.js';

/** Validation found violations: issuance stops (unless validation is switched off). */
export class ValidationFailedError extends GaiaxError {
  constructor(readonly outcome: ShaclOutcome) {
    super(
      `${outcome.violations.length} SHACL violation(s) against the Gaia-X ${outcome.release} shapes; fix the participant file or the cloud's metadata (or pass --no-validate to issue anyway)`,
    );
  }
}

export interface GaiaxIssueOptions {
  participant: LoadedParticipant;
  key: SigningKey;
  flavors: Flavor[];
  images: Image[];
  report?: { report: ConformanceReport; parsed: unknown; file: string };
  allowDemo?: boolean;
  /** Validate against the shapes before signing (default true). */
  validate?: boolean;
  now?: Date;
  /** Hashes a terms-and-conditions URL when the file gives no hash (default: fetch it). */
  hashTerms?: (url: string) => Promise<string>;
  /** Environment for HTTP(S)_PROXY / NO_PROXY when fetching (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface IssuedCredential {
  name: string;
  id: string;
  subjectType: string;
  jwt: string;
  /** The unsigned VC (the JWT payload without iat/exp). */
  document: unknown;
  notary?: boolean;
}

export interface GaiaxIssueResult {
  set: CredentialSet;
  credentials: IssuedCredential[];
  presentation: { jwt: string; document: unknown };
  kid: string;
  alg: string;
  release: string;
  validation?: ShaclOutcome;
  conformity?: ConformityResult;
}

/** Reads the notary's registration-number credentials listed in the participant file. */
export function readNotaryCredentials(participant: LoadedParticipant): NotaryCredential[] {
  return (participant.config.participant.registrationNumbers.notaryCredentials ?? []).map((f, i) => {
    const file = resolveFromConfig(participant, f);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new GaiaxError(
        `${participant.file}: participant.registrationNumbers.notaryCredentials[${i}]: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); fix the path (relative to the participant file)`,
      );
    }
    const n = readNotaryJwt(text, file);
    return {
      name: `notary-registration-number-${i + 1}`,
      jwt: n.jwt,
      payload: n.payload,
      subjectId: n.subjectId,
    };
  });
}

/** Builds, validates and signs every credential and the presentation. */
export async function issueGaiaxCredentials(options: GaiaxIssueOptions): Promise<GaiaxIssueResult> {
  const config = options.participant.config;
  const now = options.now ?? new Date();
  const conformity = options.report
    ? conformityFromReport(options.report.report, options.report.parsed, {
        allowDemo: options.allowDemo ?? false,
        file: options.report.file,
      })
    : undefined;
  const hash =
    options.hashTerms ?? ((url: string) => hashDocument(url, options.env ? { env: options.env } : {}));
  const terms: Array<{ url: string; hash: string }> = [];
  for (const t of config.service.termsAndConditions)
    terms.push({ url: t.url, hash: t.hash ?? (await hash(t.url)) });
  const set = buildCredentials({
    config,
    flavors: options.flavors,
    images: options.images,
    termsAndConditions: terms,
    ...(conformity && { conformity: conformity.statements }),
    notaryCredentials: readNotaryCredentials(options.participant),
    now,
  });

  let validation: ShaclOutcome | undefined;
  if (options.validate !== false) {
    validation = await validateSubjects([
      ...set.notaryCredentials.map((n) => ({ name: n.name, credential: n.payload })),
      ...set.credentials.map((c) => ({ name: c.name, credential: c.vc })),
    ]);
    if (!validation.conforms) throw new ValidationFailedError(validation);
  }

  const did = config.participant.did;
  const kid = keyId(did, options.key, config.issuer?.verificationMethod);
  const sign = { key: options.key, issuer: did, kid };
  const credentials: IssuedCredential[] = set.notaryCredentials.map((n) => ({
    name: n.name,
    id: typeof n.payload.id === 'string' ? n.payload.id : n.subjectId,
    subjectType: 'registration number (notary)',
    jwt: n.jwt,
    document: n.payload,
    notary: true,
  }));
  for (const c of set.credentials)
    credentials.push({
      name: c.name,
      id: c.vc.id,
      subjectType: c.subjectType,
      jwt: await issueCredential(c.vc, sign),
      document: c.vc,
    });
  const vpJwt = await issuePresentation(
    credentials.map((c) => c.jwt),
    { ...sign, now },
  );
  const vpDoc: unknown = decodeJwt(vpJwt);
  const result: GaiaxIssueResult = {
    set,
    credentials,
    presentation: { jwt: vpJwt, document: vpDoc },
    kid,
    alg: options.key.alg,
    release: shapesRelease(),
  };
  if (validation) result.validation = validation;
  if (conformity) result.conformity = conformity;
  return result;
}

export const PRESENTATION_FILE = 'presentation.vp.jwt';
export const MANIFEST_FILE = 'manifest.json';

/** Writes one `<name>.vc.jwt` (+ readable `<name>.json`) per credential, the VP and a manifest; returns the paths. */
export function writeGaiaxOutputs(result: GaiaxIssueResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    written.push(p);
  };
  for (const c of result.credentials) {
    put(`${c.name}.vc.jwt`, `${c.jwt}\n`);
    put(`${c.name}.json`, `${JSON.stringify(c.document, null, 2)}\n`);
  }
  put(PRESENTATION_FILE, `${result.presentation.jwt}\n`);
  put('presentation.json', `${JSON.stringify(result.presentation.document, null, 2)}\n`);
  const manifest = {
    kind: 'scs-cert/gaiax-credentials',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    shapes: { release: result.release, validated: result.validation ? result.validation.conforms : false },
    issuer: result.set.credentials[0]?.vc.issuer,
    kid: result.kid,
    alg: result.alg,
    credentialBaseUrl: result.set.baseUrl,
    credentials: result.credentials.map((c) => ({
      name: c.name,
      id: c.id,
      type: c.subjectType,
      file: `${c.name}.vc.jwt`,
      digestSRI: `sha256-${createHash('sha256').update(c.jwt).digest('base64')}`,
      ...(c.notary && { notary: true }),
    })),
    presentation: PRESENTATION_FILE,
    ...(result.conformity && {
      conformity: {
        reportDigest: result.conformity.digest,
        statements: result.conformity.statements.map((s) => ({
          title: s.title,
          version: s.version,
          demo: s.demo,
        })),
        omitted: result.conformity.omitted,
      },
    }),
    warnings: result.set.warnings,
    skipped: result.set.skipped,
  };
  put(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}
