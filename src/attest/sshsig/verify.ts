// `ssh-keygen -Y verify` in-process: crypto check of an SSHSIG signature, then the allowed_signers decision.
import { checkAllowedSigners } from './allowed-signers.js';
import { describeKey, type SshPublicKey } from './keys.js';
import { DEFAULT_NAMESPACE, checkSshsig } from './sshsig.js';

export interface SshsigVerifyOptions {
  /** Text of the allowed_signers file. */
  allowedSigners: string;
  /** Name used in messages (the file path). */
  allowedSignersName?: string;
  /** The signer identity to check (ssh-keygen -I). */
  identity: string;
  namespace?: string;
  /** Verification time; ssh-keygen uses the current time. */
  now?: Date;
}

export interface SshsigVerified {
  key: SshPublicKey;
  namespace: string;
  hashAlgorithm: string;
  identity: string;
  /** allowed_signers line that admitted the key. */
  line: number;
  /** ssh-keygen's success sentence: Good "report" signature for ID with ED25519 key SHA256:... */
  summary: string;
}

/** Verifies like `ssh-keygen -Y verify -f ALLOWED -I ID -n NS -s SIG < MESSAGE`; throws SshsigError on failure. */
export function verifySshsig(
  message: Uint8Array,
  signatureText: string,
  opts: SshsigVerifyOptions,
): SshsigVerified {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const parsed = checkSshsig(message, signatureText, namespace);
  const now = opts.now ?? new Date();
  const match = checkAllowedSigners(
    opts.allowedSigners,
    opts.allowedSignersName ?? 'allowed_signers',
    parsed.publicKey,
    opts.identity,
    namespace,
    Math.floor(now.getTime() / 1000),
  );
  return {
    key: parsed.publicKey,
    namespace,
    hashAlgorithm: parsed.hashAlgorithm,
    identity: opts.identity,
    line: match.line,
    summary: `Good "${namespace}" signature for ${opts.identity} with ${describeKey(parsed.publicKey)}`,
  };
}
