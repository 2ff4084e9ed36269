// `scs-cert gaiax`: Gaia-X (25.11 "Loire") credentials for the cloud's VM offering, validated offline and signed as VC-JWTs.
import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  GaiaxError,
  issueGaiaxCredentials,
  formatViolation,
  loadParticipantConfig,
  loadSigningKey,
  readOfferingArtifacts,
  readReport,
  resolveFromConfig,
  shapesRelease,
  submitPresentation,
  SubmitError,
  ValidationFailedError,
  writeGaiaxOutputs,
  type OfferingArtifacts,
} from '../../gaiax/index.js';
import type { ArtifactReader } from '../../artifacts/source.js';
import { savedArtifactSource, sessionArtifactSource } from '../../runner/artifact-source.js';
import { openstackTarget } from '../../targets/openstack.js';
import type { TargetSession } from '../../targets/types.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CommandRegistration } from '../command-registration.js';
import { Progress } from '../progress.js';

interface GaiaxFlags {
  participant: string;
  key?: string;
  artifacts?: string;
  osCloud?: string;
  report?: string;
  out: string;
  submit?: string;
  validate: boolean;
  allowDemo?: boolean;
  verbose?: boolean;
}

export const registerGaiaxCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('gaiax')
    .description(
      `issue Gaia-X ${shapesReleaseSafe()} credentials (VC-JWT) for the cloud's VM offering, its flavors and images, and its SCS conformity`,
    )
    .requiredOption(
      '--participant <file>',
      'participant configuration (YAML; see examples/gaiax-participant.yaml)',
    )
    .option(
      '--key <file>',
      'issuer private key, PEM (PKCS#8/PKCS#1/SEC1) or JWK (default: issuer.key of the participant file)',
    )
    .option(
      '--artifacts <dir>',
      'saved artifacts with Flavors.json and Images.json (as `evaluate --artifacts` reads)',
    )
    .option('--os-cloud <name>', 'gather flavors and images live from this clouds.yaml entry')
    .option(
      '--report <file>',
      'scs-cert report JSON: state conformity for each version whose verdict is compliant',
    )
    .option('--allow-demo', 'accept a report of the embedded demo cloud (statements are marked DEMO)')
    .option('--out <dir>', 'output directory', 'gaiax')
    .option(
      '--submit <url>',
      'POST the presentation to this Gaia-X compliance service (base URL, e.g. .../v2)',
    )
    .option('--no-validate', 'skip the local SHACL validation (not recommended)')
    .option('-v, --verbose', 'log every API call when gathering live')
    .action(async (flags: GaiaxFlags) => {
      if (Boolean(flags.artifacts) === Boolean(flags.osCloud))
        throw new UsageError(
          'give exactly one of --artifacts DIR or --os-cloud NAME (where flavors and images come from)',
        );
      const participant = wrap(() => loadParticipantConfig(resolve(io.cwd, flags.participant)));
      const keyFile = flags.key
        ? resolve(io.cwd, flags.key)
        : participant.config.issuer?.key
          ? resolveFromConfig(participant, participant.config.issuer.key)
          : undefined;
      if (!keyFile)
        throw new UsageError(
          'no signing key: give --key FILE (PEM or JWK private key) or issuer.key in the participant file',
        );
      const key = await wrapAsync(() => loadSigningKey(keyFile));
      const reportFile = flags.report;
      const report = reportFile
        ? wrap(() => ({ ...readReport(resolve(io.cwd, reportFile)), file: reportFile }))
        : undefined;

      let artifacts: OfferingArtifacts;
      if (flags.artifacts) {
        const dir = resolve(io.cwd, flags.artifacts);
        if (!existsSync(dir)) throw new UsageError(`--artifacts: no directory ${dir}`);
        artifacts = await readOffering(savedArtifactSource(dir), dir, EXIT.USAGE);
      } else {
        const progress = new Progress(io, flags.verbose ? 'verbose' : 'normal');
        let session: TargetSession | undefined;
        try {
          // The same target and gatherers a run uses; read-only calls only (flavors and images).
          session = await openstackTarget.open({
            assignment: { os_cloud: flags.osCloud ?? '' },
            demo: false,
            env: io.env,
            cwd: io.cwd,
            log: progress.logger,
            progress: () => undefined,
            flags: {},
          });
          const live = sessionArtifactSource(session, {
            log: progress.logger,
            progress: () => undefined,
            signal: new AbortController().signal,
          });
          artifacts = await readOffering(live, `cloud ${flags.osCloud ?? ''}`.trim(), EXIT.UNAVAILABLE);
        } finally {
          progress.stop();
          await session?.close();
        }
      }

      let result;
      try {
        result = await issueGaiaxCredentials({
          participant,
          key,
          flavors: artifacts.flavors,
          images: artifacts.images,
          ...(report && { report }),
          allowDemo: Boolean(flags.allowDemo),
          validate: flags.validate,
          env: io.env,
        });
      } catch (err) {
        if (err instanceof ValidationFailedError) {
          for (const v of err.outcome.violations) io.stderr(`SHACL: ${formatViolation(v)}\n`);
          throw new UsageError(err.message, EXIT.VERIFY_FAILED);
        }
        if (err instanceof GaiaxError) throw new UsageError(err.message);
        throw err;
      }

      for (const w of result.set.warnings) io.stderr(`WARNING: ${w}\n`);
      for (const s of result.set.skipped) io.stderr(`INFO: skipped ${s}\n`);
      const outDir = resolve(io.cwd, flags.out);
      const written = writeGaiaxOutputs(result, outDir);
      const flavors = result.set.sources.filter((s) => s.kind === 'flavor').length;
      const images = result.set.sources.filter((s) => s.kind === 'image').length;
      io.stdout(
        `Gaia-X ${result.release} shapes: ${result.validation ? (result.validation.conforms ? `all subjects conform (${result.validation.triples} triples)` : 'violations') : 'NOT validated (--no-validate)'}\n`,
      );
      io.stdout(
        `issuer ${participant.config.participant.did}, kid ${result.kid}, ${result.alg}; ${result.credentials.length} credentials (${flavors} flavors, ${images} images) from ${artifacts.source}\n`,
      );
      if (result.conformity) {
        for (const s of result.conformity.statements)
          io.stdout(`conformity: ${s.title} (report ${result.conformity.digest})\n`);
        for (const o of result.conformity.omitted)
          io.stdout(`conformity: ${o.version} left out (${o.verdict})\n`);
      }
      for (const p of written) io.stdout(`wrote ${relative(io.cwd, p) || p}\n`);

      if (flags.submit) {
        const vcid = `${result.set.baseUrl}/compliance.json`;
        try {
          const res = await submitPresentation(flags.submit, result.presentation.jwt, vcid, { env: io.env });
          const p = resolve(outDir, 'compliance.vc.jwt');
          writeFileSync(p, `${res.body.trim()}\n`);
          io.stdout(`submitted to ${res.url}: ${res.status}; wrote ${relative(io.cwd, p) || p}\n`);
        } catch (err) {
          if (err instanceof SubmitError)
            throw new UsageError(
              err.message,
              err.status !== undefined && err.status < 500 ? EXIT.VERIFY_FAILED : EXIT.UNAVAILABLE,
            );
          throw err;
        }
      }
      setExit(EXIT.COMPLIANT);
    });
};

/** Flavors and images through an artifact reader; a missing or malformed artifact is a one-line error. */
async function readOffering(
  reader: ArtifactReader,
  source: string,
  exitCode: number,
): Promise<OfferingArtifacts> {
  try {
    return await readOfferingArtifacts(reader, source);
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    throw new UsageError(
      exitCode === EXIT.USAGE
        ? `${cause}; give saved artifacts (the artifacts/ directory of \`scs-cert run --record DIR\`) or use --os-cloud`
        : cause,
      exitCode,
    );
  }
}

function shapesReleaseSafe(): string {
  try {
    return shapesRelease();
  } catch {
    return '25.11';
  }
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GaiaxError) throw new UsageError(err.message);
    throw err;
  }
}

async function wrapAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GaiaxError) throw new UsageError(err.message);
    throw err;
  }
}
