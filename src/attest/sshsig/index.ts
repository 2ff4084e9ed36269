// Public surface of the SSHSIG implementation (keys, signing, verification, allowed_signers).
export { SshFormatError, SshReader, SshWriter } from './wire.js';
export { bcryptPbkdf } from './bcrypt-pbkdf.js';
export {
  UnsupportedKeyError,
  describeKey,
  fingerprintSha256,
  formatPublicKeyLine,
  parsePublicKeyBlob,
  parsePublicKeyLine,
  publicKeyFromJwk,
  publicKeyFromKeyObject,
  sameKey,
  type SshKeyType,
  type SshPublicKey,
} from './keys.js';
export {
  PassphraseRequiredError,
  WrongPassphraseError,
  isEncryptedPrivateKey,
  loadPrivateKey,
  type SshPrivateKey,
} from './private-key.js';
export {
  DEFAULT_NAMESPACE,
  SSHSIG_BEGIN,
  SSHSIG_END,
  SshsigError,
  armorSshsig,
  checkSshsig,
  dearmorSshsig,
  parseSshsig,
  signSshsig,
  type ParsedSshsig,
  type SshsigErrorCode,
  type SshsigHash,
  type SshsigSignOptions,
} from './sshsig.js';
export {
  checkAllowedSigners,
  matchPattern,
  matchPatternList,
  parseAbsoluteTime,
  parseAllowedSignerLine,
  parseSignerOptions,
  type AllowedSignerLine,
  type AllowedSignerOptions,
} from './allowed-signers.js';
export { verifySshsig, type SshsigVerified, type SshsigVerifyOptions } from './verify.js';
