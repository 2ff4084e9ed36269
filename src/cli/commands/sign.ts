// `scs-cert sign`: SSHSIG signature of a report (as `ssh-keygen -Y sign -n report`) or, with --vc, a VC-JWT credential.
import { renameSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadKeyFile } from '../../attest/keyfile.js';
import { describeKey, signSshsig } from '../../attest/sshsig/index.js';
import { VC_ALGS, issueReportCredential, loadVcSigningKey } from '../../attest/vc/index.js';
import { UsageError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import type { CommandRegistration } from '../command-registration.js';
import { inCwd, parseTimeArg, readArg, readJsonArg, toCliError } from './attest-common.js';

interface SignOptions {
  key: string;
  namespace: string;
  passphraseFile?: string;
  output?: string;
  vc?: boolean;
  issuer?: string;
  kid?: string;
  alg?: string;
  validUntil?: string;
  embedReport?: boolean;
}

function writeOut(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** REPORT.json -> REPORT.vc.jwt; anything else gets .vc.jwt appended. */
export function defaultVcOutput(report: string): string {
  return report.endsWith('.json') ? `${report.slice(0, -'.json'.length)}.vc.jwt` : `${report}.vc.jwt`;
}

async function runSign(io: CliIO, report: string, o: SignOptions): Promise<void> {
  const keyOpts = {
    ...(o.passphraseFile !== undefined ? { passphraseFile: inCwd(io, o.passphraseFile) } : {}),
    ...(io.promptSecret ? { prompt: io.promptSecret } : {}),
  };
  if (!o.vc) {
    const vcOnly = (['issuer', 'kid', 'alg', 'validUntil', 'embedReport'] as const).filter(
      (k) => o[k] !== undefined,
    );
    const [firstVcOnly] = vcOnly;
    if (firstVcOnly)
      throw new UsageError(
        `--${firstVcOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --vc`,
      );
    const bytes = readArg(io, report, 'report');
    const key = await loadKeyFile(inCwd(io, o.key), keyOpts);
    const out = o.output ?? `${report}.sig`;
    writeOut(inCwd(io, out), signSshsig(bytes, key, { namespace: o.namespace }));
    io.stdout(
      `Signed ${report} with ${describeKey(key.public)} (namespace "${o.namespace}"): wrote ${out}\n`,
    );
    return;
  }
  if (o.namespace !== 'report') throw new UsageError('--namespace applies to SSHSIG signatures, not to --vc');
  const json = readJsonArg(io, report, 'report');
  const key = await loadVcSigningKey(inCwd(io, o.key), { ...keyOpts, ...(o.alg ? { alg: o.alg } : {}) });
  let issued;
  try {
    issued = await issueReportCredential(json, key, {
      ...(o.issuer !== undefined ? { issuer: o.issuer } : {}),
      ...(o.kid !== undefined ? { kid: o.kid } : {}),
      ...(o.validUntil !== undefined ? { validUntil: parseTimeArg(o.validUntil, '--valid-until') } : {}),
      embedReport: Boolean(o.embedReport),
    });
  } catch (err) {
    if (err instanceof Error && /^(--issuer|validUntil)/.test(err.message)) throw new UsageError(err.message);
    throw err;
  }
  const out = o.output ?? defaultVcOutput(report);
  writeOut(inCwd(io, out), `${issued.jwt}\n`);
  const c = issued.credential;
  const cs = c.credentialSubject;
  io.stdout(
    `Issued ${c.type[1]} for ${cs.subject.name}${cs.subject.demo ? ' (DEMO cloud)' : ''} (${cs.scope.name ?? cs.scope.uuid}) ` +
      `by ${c.issuer} (${key.alg}, kid ${issued.kid}), valid ${c.validFrom} .. ${c.validUntil ?? 'no expiry'}: wrote ${out}\n`,
  );
  if (issued.noExpiry)
    io.stderr(
      'scs-cert: note: the report states no result expiry, so the credential has none; pass --valid-until to set one\n',
    );
}

export const signCommand: CommandRegistration = (program: Command, io: CliIO) => {
  program
    .command('sign')
    .description(
      'sign a report: an SSH signature like `ssh-keygen -Y sign -n report` (default), or a VC-JWT credential with --vc',
    )
    .argument('<report>', 'the report file (the YAML report for SSH signatures, the JSON report for --vc)')
    .requiredOption(
      '--key <file>',
      'private key: OpenSSH (ed25519, RSA, ECDSA; passphrase-protected ok) or PEM; with --vc also JWK',
    )
    .option(
      '-n, --namespace <namespace>',
      'SSH signature namespace (the compliance monitor expects "report")',
      'report',
    )
    .option('--passphrase-file <file>', 'file holding the key passphrase (otherwise asked on the terminal)')
    .option('-o, --output <file>', 'output file (default REPORT.sig, with --vc REPORT.vc.jwt)')
    .option('--vc', 'issue a W3C Verifiable Credential (VC Data Model 2.0, VC-JWT) for a JSON report')
    .option('--issuer <did>', 'with --vc: did:web issuer (default: the key itself, as a JWK thumbprint URN)')
    .option(
      '--kid <id>',
      'with --vc: verification method id in the DID document (default <did>#<JWK thumbprint>)',
    )
    .addOption(
      new Option('--alg <alg>', 'with --vc: JOSE algorithm (only RSA keys have a choice)').choices([
        ...VC_ALGS,
      ]),
    )
    .option(
      '--valid-until <time>',
      'with --vc: expiry (default: the earliest expiry among the report results)',
    )
    .option('--embed-report', 'with --vc: embed the whole report instead of referencing it by digest')
    .action(async (report: string, o: SignOptions) => {
      try {
        await runSign(io, report, o);
      } catch (err) {
        throw toCliError(err);
      }
    });
};
