// Issuing a report as a W3C VC Data Model 2.0 credential secured as a JWT (VC-JOSE-COSE, typ vc+jwt).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { VcSigningKey } from './keys.js';
import { buildCredentialSubject, earliestExpiry, type ReportCredentialSubject } from './subject.js';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const CREDENTIAL_TYPE = 'ScsConformanceCredential';
/** Issuer id for a credential signed by a bare key (RFC 9278 JWK thumbprint URI). */
export const THUMBPRINT_URN_PREFIX = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';

export interface ReportCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string;
  name: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: ReportCredentialSubject;
}

export interface IssueOptions {
  /** `did:web:...` issuer; absent = the key itself (thumbprint URN). */
  issuer?: string;
  /** Verification method id for the JWS `kid`; default `<did>#<thumbprint>` or the thumbprint. */
  kid?: string;
  /** Default: the report's checkedAt. */
  validFrom?: Date;
  /** Default: the earliest expiry among the report's results; `null` = none. */
  validUntil?: Date | null;
  embedReport?: boolean;
  /** Issuance time (iat); default now. */
  now?: Date;
}

export interface IssuedCredential {
  jwt: string;
  credential: ReportCredential;
  kid: string;
  /** Set when no expiry could be derived and none was given. */
  noExpiry: boolean;
}

const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z');

export function validateIssuer(issuer: string): void {
  if (!/^did:web:[A-Za-z0-9.%:_-]+$/.test(issuer)) {
    throw new Error(
      `--issuer must be a did:web identifier such as did:web:example.com, not ${JSON.stringify(issuer)}`,
    );
  }
}

export async function issueReportCredential(
  report: unknown,
  key: VcSigningKey,
  opts: IssueOptions = {},
): Promise<IssuedCredential> {
  const credentialSubject = buildCredentialSubject(report, { embed: opts.embedReport });
  if (opts.issuer !== undefined) validateIssuer(opts.issuer);
  const issuer = opts.issuer ?? `${THUMBPRINT_URN_PREFIX}${key.thumbprint}`;
  const kid = opts.kid ?? (opts.issuer ? `${opts.issuer}#${key.thumbprint}` : key.thumbprint);
  const validFrom = opts.validFrom ?? new Date(credentialSubject.checkedAt);
  const validUntil = opts.validUntil === null ? undefined : (opts.validUntil ?? earliestExpiry(report));
  if (validUntil && validUntil <= validFrom) {
    throw new Error(
      `validUntil ${iso(validUntil)} is not after validFrom ${iso(validFrom)}; the results have already expired`,
    );
  }
  const scopeLabel = credentialSubject.scope.name ?? credentialSubject.scope.uuid;
  const credential: ReportCredential = {
    '@context': [VC_CONTEXT_V2],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', CREDENTIAL_TYPE],
    issuer,
    name: `${scopeLabel} conformance of ${credentialSubject.subject.name}`,
    validFrom: iso(validFrom),
    ...(validUntil ? { validUntil: iso(validUntil) } : {}),
    credentialSubject,
  };
  // Registered JWT claims mirror the credential (iss = issuer, jti = id, nbf/exp = validity) so that
  // plain JWT tooling sees the same facts; VC-JOSE-COSE forbids the old `vc` wrapper claim.
  const builder = new SignJWT(credential as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: key.alg, typ: 'vc+jwt', cty: 'vc', kid })
    .setIssuer(issuer)
    .setJti(credential.id)
    .setIssuedAt(Math.floor((opts.now ?? new Date()).getTime() / 1000))
    .setNotBefore(Math.floor(validFrom.getTime() / 1000));
  if (validUntil) builder.setExpirationTime(Math.floor(validUntil.getTime() / 1000));
  const jwt = await builder.sign(key.privateKey);
  return { jwt, credential, kid, noExpiry: !validUntil };
}
