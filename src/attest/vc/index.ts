// Public surface of the report credential (VC Data Model 2.0 as VC-JWT).
export {
  CREDENTIAL_TYPE,
  THUMBPRINT_URN_PREFIX,
  VC_CONTEXT_V2,
  issueReportCredential,
  validateIssuer,
  type IssueOptions,
  type IssuedCredential,
  type ReportCredential,
} from './issue.js';
export {
  VC_ALGS,
  algForKey,
  loadVcPublicKey,
  loadVcSigningKey,
  type VcAlg,
  type VcSigningKey,
} from './keys.js';
export {
  ReportShapeError,
  addPeriod,
  buildCredentialSubject,
  earliestExpiry,
  type Lifetime,
  type ReportCredentialSubject,
  type ReportReference,
} from './subject.js';
export {
  VcVerifyError,
  keyFromDidDocument,
  looksLikeJwt,
  verifyReportCredential,
  type VcVerified,
  type VcVerifyErrorCode,
  type VcVerifyOptions,
} from './verify.js';
