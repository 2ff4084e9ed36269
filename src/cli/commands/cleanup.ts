// `scs-cert cleanup`: remove resources earlier runs left behind, by name prefix only.
import { connectOpenStack } from '../../clients/openstack/index.js';
import { cleanupLeftovers } from '../../gatherers/openstack/cleanup.js';
import { cleanupIdentityLeftovers } from '../../gatherers/openstack/identity-cleanup.js';
import { loadDomainManagers } from '../domain-managers.js';
import { standardsOp } from '../selection.js';
import { resolve } from 'node:path';
import { connectError } from '../../targets/openstack-errors.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandRegistration } from '../main.js';
import { Progress } from '../progress.js';

export const registerCleanupCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('cleanup')
    .description('delete leftovers of earlier runs: only resources whose name starts with the prefix')
    .option('--os-cloud <name>', 'clouds.yaml entry (default: $OS_CLOUD)')
    .option(
      '--prefix <prefix>',
      'name prefix of the resources to delete (one run: scs-cert-1a2b3c-)',
      'scs-cert-',
    )
    .option(
      '--domain-managers <file>',
      'also delete prefixed users, projects and groups in the scs-0302 test domains, as their managers',
    )
    .option('--dry-run', 'only list what would be deleted')
    .option('-v, --verbose', 'log every call')
    .action(
      async (flags: {
        osCloud?: string;
        prefix: string;
        dryRun?: boolean;
        verbose?: boolean;
        domainManagers?: string;
      }) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{3,}$/.test(flags.prefix)) {
          throw new UsageError(
            `--prefix '${flags.prefix}' is too broad or unsafe: give at least 4 letters, digits, dots, dashes or underscores`,
          );
        }
        const cloud = flags.osCloud ?? io.env.OS_CLOUD;
        if (!cloud && !io.env.OS_AUTH_URL)
          throw new UsageError('no cloud selected: give --os-cloud NAME or set OS_CLOUD');
        const managers = flags.domainManagers
          ? standardsOp(() => loadDomainManagers(resolve(io.cwd, flags.domainManagers as string), io.env))
          : undefined;
        const progress = new Progress(io, flags.verbose ? 'verbose' : 'normal');
        let client;
        try {
          client = await connectOpenStack({
            ...(cloud && { cloud }),
            env: io.env,
            cwd: io.cwd,
            log: progress.logger,
          });
        } catch (err) {
          progress.stop();
          throw connectError(err);
        }
        try {
          const report = await cleanupLeftovers(client, {
            prefix: flags.prefix,
            dryRun: Boolean(flags.dryRun),
            log: progress.logger,
            progress: progress.progress,
          });
          if (managers) {
            const iam = await cleanupIdentityLeftovers(client, managers, {
              prefix: flags.prefix,
              dryRun: Boolean(flags.dryRun),
            });
            report.found.push(...iam.found);
            report.deleted.push(...iam.deleted);
            report.failed.push(...iam.failed);
          }
          progress.stop();
          for (const item of report.found) {
            const failed = report.failed.find((f) => f.id === item.id);
            const state = flags.dryRun
              ? 'would delete'
              : failed
                ? `FAILED: ${failed.error ?? 'unknown error'}`
                : 'deleted';
            io.stdout(`${item.kind} ${item.name} (${item.id}): ${state}\n`);
          }
          io.stdout(
            `${report.found.length} found, ${report.deleted.length} deleted, ${report.failed.length} failed (prefix ${report.prefix})\n`,
          );
          if (report.failed.length) setExit(EXIT.INCOMPLETE);
        } finally {
          progress.stop();
          await client.close();
        }
      },
    );
};
