// `scs-cert demo-cloud`: runs the embedded reference cloud in the foreground and prints how to reach it.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import YAML from 'yaml';
import type { CommandRegistration } from '../command-registration.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../../core/errors.js';
import { MAX_SCALE } from '../../democloud/scale.js';
import { EXIT } from '../../core/exit-codes.js';
import {
  PROFILES,
  parseFaultSpec,
  startDemoCloud,
  type DemoCloud,
  type FaultSpec,
} from '../../democloud/index.js';

export interface DemoCloudCliOptions {
  port?: string;
  host?: string;
  profile?: string;
  faults?: string;
  writeCloudsYaml?: string;
  scale?: string;
  listProfiles?: boolean;
  logRequests?: boolean;
}

function parseScale(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_SCALE)
    throw new UsageError(`--scale must be a whole number from 0 to ${MAX_SCALE} (got '${raw}')`);
  return Number(raw);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(`--port must be a TCP port number 0-65535 (0 = any free port), got '${raw}'`);
  }
  return Number(raw);
}

/** The clouds.yaml text for the demo personas (what `--write-clouds-yaml` writes and the command prints). */
export function demoCloudsYaml(cloud: DemoCloud): string {
  const clouds = cloud.clouds;
  return (
    '# Embedded scs-cert demo cloud. The passwords and the application-credential secret below are the\n' +
    "# demo's public, fixed credentials: they protect nothing and only work against this local demo.\n" +
    YAML.stringify({ clouds })
  );
}

/** Starts the cloud, prints where it is, waits until `until` settles, then stops it. */
export async function runDemoCloud(
  opts: DemoCloudCliOptions,
  io: CliIO,
  until: Promise<unknown>,
): Promise<number> {
  if (opts.listProfiles) {
    for (const p of PROFILES) io.stdout(`${p.name.padEnd(26)} ${p.summary}\n`);
    return EXIT.COMPLIANT;
  }
  const port = parsePort(opts.port);
  let faults: FaultSpec | undefined;
  if (opts.faults !== undefined) {
    try {
      faults = parseFaultSpec(opts.faults);
    } catch (err) {
      throw new UsageError(`--faults: ${(err as Error).message}`);
    }
  }
  let cloud: DemoCloud;
  try {
    cloud = await startDemoCloud({
      port,
      host: opts.host ?? '127.0.0.1',
      profile: opts.profile,
      ...(opts.scale !== undefined && { scale: parseScale(opts.scale) }),
      faults,
      onCall: opts.logRequests
        ? (c) =>
            io.stderr(
              `${c.method} ${c.path} -> ${c.status ?? c.fault} (${c.durationMs} ms)${c.fault ? ` [fault: ${c.fault}]` : ''}\n`,
            )
        : undefined,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is already in use; pick another with --port or use --port 0`);
    if (e.code === 'EADDRNOTAVAIL')
      throw new UsageError(
        `cannot listen on ${opts.host}; use an address of this machine, e.g. --host 127.0.0.1`,
      );
    if (e.message?.startsWith('unknown demo-cloud profile'))
      throw new UsageError(`${e.message}; see --list-profiles`);
    throw err;
  }
  const yamlText = demoCloudsYaml(cloud);
  if (opts.writeCloudsYaml) {
    const file = resolve(io.cwd, opts.writeCloudsYaml);
    await writeFile(file, yamlText, { mode: 0o600 });
    io.stderr(`wrote ${file}\n`);
  }
  io.stdout(`scs-cert demo cloud listening on ${cloud.url}\n`);
  io.stdout(`auth URL: ${cloud.authUrl}\n`);
  if (cloud.profiles.length) io.stdout(`profiles: ${cloud.profiles.join(', ')}\n`);
  io.stdout(
    'This is a local demo of the OpenStack APIs the SCS checks use, not a substitute for a real OpenStack.\n\n',
  );
  io.stdout(yamlText);
  io.stdout('\nStop with Ctrl-C.\n');
  try {
    await until;
  } finally {
    await cloud.stop();
  }
  return EXIT.COMPLIANT;
}

function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const done = (sig: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolveSignal(sig);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

export const registerDemoCloudCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('demo-cloud')
    .description('run the embedded reference cloud (a local OpenStack API demo) until Ctrl-C')
    .option('--port <n>', 'TCP port to listen on (0 = any free port)', '0')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--profile <names>', 'comma-separated profiles, each breaking one standard (see --list-profiles)')
    .option('--faults <json>', 'fault injection spec as JSON, e.g. {"latencyMs":50}')
    .option(
      '--scale <units>',
      'a large cloud: add units x (50 images, 20 flavors, 5 volume types); 100 = 5,000 images',
    )
    .option('--write-clouds-yaml <file>', 'also write the clouds.yaml entries to this file')
    .option('--log-requests', 'print one line per API call to stderr')
    .option('--list-profiles', 'list the profiles and exit')
    .action(async (opts: DemoCloudCliOptions) => {
      setExit(await runDemoCloud(opts, io, opts.listProfiles ? Promise.resolve() : untilSignal()));
    });
};
