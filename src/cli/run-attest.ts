// After a run: sign the SCS YAML (SSHSIG), issue the report credential (VC-JWT), Gaia-X credentials, and upload.
import { readFileSync } from 'node:fs';
import { writeNew } from './output.js';
import type { Command } from 'commander';
import { loadKeyFile } from '../attest/keyfile.js';
import { signSshsig } from '../attest/sshsig/index.js';
import { uploadReport } from '../attest/upload.js';
import { issueReportCredential, loadVcSigningKey } from '../attest/vc/index.js';
import { GaiaxError } from '../gaiax/errors.js';
import type { ConformanceReport } from '../results/report.js';
import { savedArtifactSource } from '../runner/artifact-source.js';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { CliIO } from './io.js';
import { inCwd, toCliError } from './commands/attest-common.js';

export interface AttestFlags {
  signKey?: string;
  vcKey?: string;
  issuer?: string;
  passphraseFile?: string;
  gaiaxParticipant?: string;
  upload?: boolean;
  monitor?: string;
  tokenFile?: string;
}

export function addAttestOptions(cmd: Command): Command {
  return cmd
    .option(
      '--sign-key <file>',
      'sign the SCS report YAML with this SSH key (writes REPORT.yaml.sig, namespace "report")',
    )
    .option(
      '--vc-key <file>',
      'issue the JSON report as a VC-JWT credential signed with this key (PEM, JWK or OpenSSH ed25519)',
    )
    .option('--issuer <did>', 'issuer of the credentials (did:web:…); default: the key itself')
    .option('--passphrase-file <file>', 'passphrase of the signing keys (otherwise asked on the terminal)')
    .option(
      '--gaiax-participant <file>',
      'also issue Gaia-X credentials and a presentation (needs --vc-key with a PEM/JWK key)',
    )
    .option(
      '--upload',
      'upload the signed SCS report to the compliance monitor (needs --sign-key, --monitor, --token-file)',
    )
    .option('--monitor <url>', 'compliance monitor base URL for --upload')
    .option('--token-file <file>', 'file with base64(subject:passphrase) for --upload');
}

/** Problems with the attest flags are found before anything touches the cloud. */
export function checkAttestFlags(f: AttestFlags, formats: string[]): void {
  if (f.upload && (!f.signKey || !f.monitor || !f.tokenFile)) {
    throw new UsageError('--upload needs --sign-key KEY, --monitor URL and --token-file FILE');
  }
  if ((f.signKey || f.upload) && !formats.includes('yaml'))
    throw new UsageError('--sign-key/--upload need the yaml format in --format');
  if ((f.vcKey || f.gaiaxParticipant) && !formats.includes('json'))
    throw new UsageError('--vc-key/--gaiax-participant need the json format in --format');
  if (f.gaiaxParticipant && !f.vcKey)
    throw new UsageError('--gaiax-participant needs --vc-key KEY to sign the credentials');
  if (f.issuer && !f.vcKey) throw new UsageError('--issuer applies to the credentials: give --vc-key too');
}

/** Runs the requested steps on the written report files; returns an exit code to use instead, if any. */
export async function attestAfterRun(
  f: AttestFlags,
  report: ConformanceReport,
  files: string[],
  artifactsDir: string | undefined,
  io: CliIO,
): Promise<number | undefined> {
  const yamlFile = files.find((p) => /\.ya?ml$/.test(p));
  const jsonFile = files.find((p) => p.endsWith('.json'));
  const keyOpts = {
    ...(f.passphraseFile !== undefined && { passphraseFile: inCwd(io, f.passphraseFile) }),
    ...(io.promptSecret && { prompt: io.promptSecret }),
  };
  try {
    if (f.signKey && yamlFile) {
      const key = await loadKeyFile(inCwd(io, f.signKey), keyOpts);
      // Next to a report that was just created: never replace or follow whatever else has the name.
      writeNew(`${yamlFile}.sig`, signSshsig(readFileSync(yamlFile), key, { namespace: 'report' }));
      io.stdout(`signature: ${yamlFile}.sig\n`);
    }
    if (f.vcKey && jsonFile) {
      const key = await loadVcSigningKey(inCwd(io, f.vcKey), keyOpts);
      const issued = await issueReportCredential(JSON.parse(readFileSync(jsonFile, 'utf8')), key, {
        ...(f.issuer !== undefined && { issuer: f.issuer }),
      });
      const out = `${jsonFile.slice(0, -'.json'.length)}.vc.jwt`;
      writeNew(out, `${issued.jwt}\n`);
      io.stdout(`credential: ${out}\n`);
    }
    if (f.gaiaxParticipant && f.vcKey && jsonFile) {
      if (!artifactsDir)
        throw new UsageError(
          'Gaia-X credentials need the gathered flavors and images (internal: no artifacts saved)',
        );
      // jsonld, n3 and the SHACL validator load only when Gaia-X credentials are asked for.
      const {
        issueGaiaxCredentials,
        loadParticipantConfig,
        loadSigningKey,
        readOfferingArtifacts,
        writeGaiaxOutputs,
      } = await import('../gaiax/index.js');
      const offering = await readOfferingArtifacts(savedArtifactSource(artifactsDir), artifactsDir);
      const result = await issueGaiaxCredentials({
        participant: loadParticipantConfig(inCwd(io, f.gaiaxParticipant)),
        key: await loadSigningKey(inCwd(io, f.vcKey)),
        flavors: offering.flavors,
        images: offering.images,
        report: { report, parsed: JSON.parse(readFileSync(jsonFile, 'utf8')), file: jsonFile },
        // A demo run may show the whole chain; its credentials say DEMO.
        allowDemo: report.subject.demo,
        env: io.env,
      });
      const dir = `${jsonFile.slice(0, -'.json'.length)}.gaiax`;
      const written = writeGaiaxOutputs(result, dir);
      io.stdout(`gaia-x: ${written.length} files in ${dir} (shapes ${result.release})\n`);
    }
    if (f.upload && yamlFile && f.signKey && f.monitor && f.tokenFile) {
      const res = await uploadReport({
        report: yamlFile,
        monitor: f.monitor,
        tokenFile: inCwd(io, f.tokenFile),
        signatureFile: `${yamlFile}.sig`,
        env: io.env,
        log: (line) => io.stderr(`scs-cert: ${line}\n`),
      });
      if (!res.ok) {
        io.stderr(`scs-cert: upload failed: ${res.message} (the report is saved at ${yamlFile})\n`);
        return EXIT.UPLOAD_FAILED;
      }
      io.stdout(`${res.message}\n`);
    }
  } catch (err) {
    const e = err instanceof GaiaxError ? new UsageError(err.message) : toCliError(err);
    if (e instanceof UsageError) {
      io.stderr(`scs-cert: ${e.message} (the reports are saved)\n`);
      return e.exitCode;
    }
    throw e;
  }
  return undefined;
}
