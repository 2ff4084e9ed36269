// Public surface of src/attest: SSH signatures, key files, monitor upload, canonical JSON and report credentials.
export * from './sshsig/index.js';
export { KeyFileError, loadKeyFile, readPassphraseFile, type KeyFileOptions } from './keyfile.js';
export { CanonicalizationError, canonicalDigest, canonicalDigestSri, canonicalize } from '../util/jcs.js';
export {
  DEMO_MARKER_KEY,
  SIGNED_BODY_SEPARATOR,
  SIGNED_YAML_CONTENT_TYPE,
  UploadRefusedError,
  preflightReport,
  reportsUrl,
  signedBody,
  uploadReport,
  type UploadOptions,
  type UploadOutcome,
  type UploadResult,
} from './upload.js';
export * from './vc/index.js';
