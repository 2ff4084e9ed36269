// `scs-cert upload`: signs a report YAML and POSTs it to the compliance monitor as the SCS batch runner does.
import type { Command } from 'commander';
import { uploadReport } from '../../attest/upload.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CliIO } from '../io.js';
import type { CommandRegistration } from '../command-registration.js';
import { inCwd, toCliError } from './attest-common.js';

interface UploadCliOptions {
  monitor: string;
  key?: string;
  signature?: string;
  tokenFile: string;
  passphraseFile?: string;
  retries: string;
  signatureFile: boolean;
  allowAborted?: boolean;
  allowNotLive?: boolean;
}

async function runUpload(io: CliIO, report: string, o: UploadCliOptions): Promise<void> {
  if ((o.key === undefined) === (o.signature === undefined)) {
    throw new UsageError('give either --key KEYFILE (sign now) or --signature FILE (an existing signature)');
  }
  const retries = Number(o.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10)
    throw new UsageError('--retries must be a whole number from 0 to 10');
  const res = await uploadReport({
    report: inCwd(io, report),
    monitor: o.monitor,
    tokenFile: inCwd(io, o.tokenFile),
    ...(o.key !== undefined ? { key: inCwd(io, o.key) } : {}),
    ...(o.signature !== undefined ? { signatureFile: inCwd(io, o.signature) } : {}),
    ...(o.passphraseFile !== undefined ? { passphraseFile: inCwd(io, o.passphraseFile) } : {}),
    ...(io.promptSecret ? { prompt: io.promptSecret } : {}),
    writeSignature: o.signatureFile,
    allowAborted: Boolean(o.allowAborted),
    allowNotLive: Boolean(o.allowNotLive),
    retries,
    env: io.env,
    log: (line) => io.stderr(`scs-cert: ${line}\n`),
  });
  if (!res.ok) throw new UsageError(`upload failed: ${res.message}`, EXIT.UPLOAD_FAILED);
  io.stdout(`${res.message}\n`);
}

export const uploadCommand: CommandRegistration = (program: Command, io: CliIO) => {
  program
    .command('upload')
    .description('sign a report YAML and upload it to the SCS compliance monitor (POST <monitor>/reports)')
    .argument('<report>', 'the report YAML (uploaded byte for byte)')
    .requiredOption(
      '--monitor <url>',
      'compliance monitor base URL, e.g. https://compliance.sovereignit.cloud/',
    )
    .requiredOption(
      '--token-file <file>',
      'file with base64(subject:passphrase), as Tests/add_subject.py writes it',
    )
    .option('--key <file>', "the account's registered signing key (OpenSSH/PEM private key)")
    .option('--signature <file>', 'upload with this existing signature instead of signing')
    .option('--passphrase-file <file>', 'file holding the key passphrase (otherwise asked on the terminal)')
    .option('--retries <n>', 'retries after network errors and 502/503/504', '3')
    .option('--no-signature-file', 'do not write REPORT.sig next to the report')
    .option(
      '--allow-aborted',
      'upload even a report whose every testcase ABORTed (it replaces earlier results)',
    )
    .option(
      '--allow-not-live',
      'upload even a report that was not gathered live (a replay or saved artifacts); its provenance stays in it',
    )
    .action(async (report: string, o: UploadCliOptions) => {
      try {
        await runUpload(io, report, o);
      } catch (err) {
        throw toCliError(err);
      }
    });
};
