// `scs-cert verify`: checks an SSH signature (like `ssh-keygen -Y verify`) or a report VC-JWT, whichever it is given.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SSHSIG_BEGIN, verifySshsig } from '../../attest/sshsig/index.js';
import { loadVcPublicKey, looksLikeJwt, verifyReportCredential } from '../../attest/vc/index.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CliIO } from '../io.js';
import type { CommandRegistration } from '../command-registration.js';
import { inCwd, parseTimeArg, readArg, readJsonArg, toCliError } from './attest-common.js';
import { recheckDocuments } from '../../evidence/judge.js';
import type { ManualChecks } from '../../results/manual-checks.js';

interface VerifyOptions {
  signature?: string;
  allowedSigners?: string;
  identity?: string;
  namespace: string;
  issuerKey?: string;
  didDocument?: string;
  report?: string;
  at?: string;
  documents?: string;
}

/** What `verify` was given: a VC-JWT, or a signed file plus its SSH signature. */
export type VerifyTarget =
  { kind: 'vc-jwt'; jwt: string } | { kind: 'sshsig'; message: string; signature: string };

/**
 * Decides by content: a compact JWS is a credential; an armored SSH signature is the signature of
 * the same path without `.sig`; anything else is the signed file, with --signature or FILE.sig.
 */
export function classifyVerifyTarget(io: CliIO, file: string, signature?: string): VerifyTarget {
  const text = readArg(io, file, 'file').toString('utf8');
  if (looksLikeJwt(text)) return { kind: 'vc-jwt', jwt: text.trim() };
  if (text.startsWith(SSHSIG_BEGIN)) {
    if (signature !== undefined)
      throw new UsageError(`${file} is itself an SSH signature; give the signed report as the argument`);
    if (!file.endsWith('.sig')) {
      throw new UsageError(
        `${file} is an SSH signature; give the signed report as the argument and this file with --signature`,
      );
    }
    return { kind: 'sshsig', message: file.slice(0, -'.sig'.length), signature: file };
  }
  if (signature !== undefined) return { kind: 'sshsig', message: file, signature };
  if (existsSync(inCwd(io, `${file}.sig`)))
    return { kind: 'sshsig', message: file, signature: `${file}.sig` };
  throw new UsageError(`no signature for ${file}: pass --signature FILE (or give a .vc.jwt credential)`);
}

async function runVerify(io: CliIO, file: string, o: VerifyOptions): Promise<void> {
  const target = classifyVerifyTarget(io, file, o.signature);
  const now = o.at !== undefined ? parseTimeArg(o.at, '--at') : new Date();
  if (target.kind === 'vc-jwt') {
    const stray = (['allowedSigners', 'identity', 'signature'] as const).find((k) => o[k] !== undefined);
    if (stray)
      throw new UsageError(
        `${file} is a VC-JWT credential; --${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to SSH signatures`,
      );
    if (o.issuerKey === undefined && o.didDocument === undefined) {
      throw new UsageError(
        'verifying a credential needs the issuer key (--issuer-key FILE) or its DID document (--did-document FILE)',
      );
    }
    const res = await verifyReportCredential(target.jwt, {
      ...(o.issuerKey !== undefined
        ? { issuerKey: (await loadVcPublicKey(inCwd(io, o.issuerKey))).key }
        : {}),
      ...(o.didDocument !== undefined ? { didDocument: readJsonArg(io, o.didDocument, 'DID document') } : {}),
      ...(o.report !== undefined ? { report: readJsonArg(io, o.report, 'report') } : {}),
      now,
    });
    io.stdout(`${res.summary.join('\n')}\n`);
    if (o.report !== undefined) checkDocuments(io, readJsonArg(io, o.report, 'report'), o.documents);
    else if (o.documents !== undefined)
      throw new UsageError('--documents needs the signed report too: pass --report FILE with the credential');
    return;
  }
  const stray = (['issuerKey', 'didDocument', 'report'] as const).find((k) => o[k] !== undefined);
  if (stray)
    throw new UsageError(
      `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to VC-JWT credentials, not to SSH signatures`,
    );
  if (o.allowedSigners === undefined || o.identity === undefined) {
    throw new UsageError(
      'verifying an SSH signature needs --allowed-signers FILE and --identity ID (as ssh-keygen -Y verify -f/-I)',
    );
  }
  const res = verifySshsig(
    readArg(io, target.message, 'report'),
    readArg(io, target.signature, 'signature').toString('utf8'),
    {
      allowedSigners: readArg(io, o.allowedSigners, 'allowed signers file').toString('utf8'),
      allowedSignersName: o.allowedSigners,
      identity: o.identity,
      namespace: o.namespace,
      now,
    },
  );
  io.stdout(`${res.summary}\n`);
  checkDocuments(io, reportJsonOf(readArg(io, target.message, 'report').toString('utf8')), o.documents);
}

/** The signed file as a report JSON, if it is one (SSH signatures also cover YAML reports and other files). */
function reportJsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The signature covers the manual checks' statements and document digests; with the documents at hand
 * (`--documents DIR`) each local one is hashed again, so a document changed after signing fails verification.
 */
function checkDocuments(io: CliIO, report: unknown, dir: string | undefined): void {
  const manual = (report as { manualChecks?: ManualChecks } | undefined)?.manualChecks;
  const local = manual?.checks.flatMap((c) => c.documents.filter((d) => d.path !== undefined)) ?? [];
  if (dir === undefined) {
    if (local.length)
      io.stdout(
        `the report names ${local.length} evidence document(s); pass --documents DIR to check them too\n`,
      );
    return;
  }
  if (!manual) throw new UsageError('--documents: the signed report carries no manual checks with documents');
  const problems = recheckDocuments(manual, inCwd(io, dir));
  if (problems.length) {
    throw new UsageError(`verification failed: ${problems.join('; ')}`, EXIT.VERIFY_FAILED);
  }
  io.stdout(`${local.length} evidence document(s) match the digests in the signed report\n`);
}

export const verifyCommand: CommandRegistration = (program: Command, io: CliIO, setExit) => {
  program
    .command('verify')
    .description(
      'verify an SSH signature of a report (like `ssh-keygen -Y verify`) or a report credential (.vc.jwt); ' +
        `exit ${EXIT.VERIFY_FAILED} when verification fails`,
    )
    .argument('<file>', 'the signed report (signature from --signature or FILE.sig), or a .vc.jwt credential')
    .option('-s, --signature <file>', 'SSH signature file (default FILE.sig)')
    .option('-f, --allowed-signers <file>', 'ssh-keygen allowed_signers file')
    .option('-I, --identity <id>', 'signer identity to check against the allowed signers (e.g. mail@csp.eu)')
    .option('-n, --namespace <namespace>', 'SSH signature namespace', 'report')
    .option('--issuer-key <file>', 'credential: issuer public key (JWK, PEM, OpenSSH .pub)')
    .option(
      '--did-document <file>',
      "credential: the issuer's DID document (did.json), to find the key by kid",
    )
    .option('--report <file>', 'credential: the report JSON whose digest the credential must state')
    .option('--at <time>', 'judge validity at this time instead of now (ISO 8601)')
    .option(
      '--documents <dir>',
      "re-hash the evidence documents the signed report's manual checks name, found under this directory",
    )
    .action(async (file: string, o: VerifyOptions) => {
      try {
        await runVerify(io, file, o);
        setExit(EXIT.COMPLIANT);
      } catch (err) {
        throw toCliError(err);
      }
    });
};
