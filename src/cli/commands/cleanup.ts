// `scs-cert cleanup`: remove resources earlier runs left behind, by name prefix only — never those of a live run.
import { createInterface } from 'node:readline/promises';
import { connectOpenStack } from '../../clients/openstack/index.js';
import {
  cleanupKey,
  cleanupLeftovers,
  type CleanupItem,
  type CleanupOptions,
} from '../../gatherers/openstack/cleanup.js';
import { liveness, readRunRecords, runsDir, type RunRecord } from '../../gatherers/run-record.js';
import { cleanupIdentityLeftovers } from '../../gatherers/openstack/identity-cleanup.js';
import { loadDomainManagers } from '../domain-managers.js';
import { standardsOp } from '../selection.js';
import { resolve } from 'node:path';
import { connectError } from '../../targets/openstack-errors.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CommandRegistration } from '../command-registration.js';
import { Progress } from '../progress.js';

/** The shape of one run's prefix (see newRunPrefix); anything else is a broad prefix. */
const RUN_PREFIX = /^scs-cert-[0-9a-f]{6}-$/;
const DEFAULT_OLDER_THAN_MINUTES = 60;

interface CleanupFlags {
  osCloud?: string;
  prefix: string;
  dryRun?: boolean;
  yes?: boolean;
  olderThan?: string;
  verbose?: boolean;
  domainManagers?: string;
}

/**
 * What protects a matching resource:
 * - a run record with a live process and a fresh heartbeat whose prefix the name carries (always);
 * - with a broad prefix, a resource no run record here knows that is younger than `--older-than` (or of
 *   unknown age): it may belong to a run on another machine. A run record whose process is gone lifts this.
 */
export function protection(
  records: RunRecord[],
  broad: boolean,
  olderThanMs: number,
  now: Date,
): CleanupOptions['protect'] {
  const alive = records
    .map((r) => ({ r, why: liveness(r, now) }))
    .filter((x): x is { r: RunRecord; why: string } => x.why !== undefined);
  const dead = records.filter((r) => !alive.some((a) => a.r === r));
  return ({ name, createdAt }) => {
    const live = alive.find((a) => name.startsWith(a.r.prefix));
    if (live) return live.why;
    if (!broad || olderThanMs <= 0 || dead.some((r) => name.startsWith(r.prefix))) return undefined;
    const at = createdAt
      ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(createdAt) ? createdAt : `${createdAt}Z`)
      : NaN;
    if (!Number.isFinite(at)) {
      return 'no run record here and no creation time: it may belong to a run elsewhere (give its run prefix, or --older-than 0)';
    }
    const age = now.getTime() - at;
    if (age < olderThanMs) {
      return `created ${Math.max(0, Math.round(age / 60_000))} min ago and no run record here: it may belong to a run elsewhere (--older-than 0 to include it)`;
    }
    return undefined;
  };
}

async function confirmOnTty(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function line(item: CleanupItem, state: string): string {
  return `${item.kind} ${item.name} (${item.id}): ${state}\n`;
}

export const registerCleanupCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('cleanup')
    .description(
      'delete leftovers of earlier runs: only resources whose name starts with the prefix, never those of a run still alive',
    )
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
    .option('-y, --yes', 'delete without asking (needed when not on a terminal)')
    .option(
      '--older-than <minutes>',
      `with a broad prefix, leave alone resources no local run record knows that are younger than this (default ${DEFAULT_OLDER_THAN_MINUTES})`,
    )
    .option('-v, --verbose', 'log every call')
    .action(async (flags: CleanupFlags) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{3,}$/.test(flags.prefix)) {
        throw new UsageError(
          `--prefix '${flags.prefix}' is too broad or unsafe: give at least 4 letters, digits, dots, dashes or underscores`,
        );
      }
      let olderThanMs = DEFAULT_OLDER_THAN_MINUTES * 60_000;
      if (flags.olderThan !== undefined) {
        if (!/^\d+$/.test(flags.olderThan.trim()))
          throw new UsageError(
            `--older-than '${flags.olderThan}' is not a number of minutes; give e.g. 60 or 0`,
          );
        olderThanMs = Number(flags.olderThan) * 60_000;
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
        const broad = !RUN_PREFIX.test(flags.prefix);
        // The run records are read afresh for each pass: a run may start between listing and deleting.
        const protect = () => protection(readRunRecords(io.env), broad, olderThanMs, new Date());
        const base = { prefix: flags.prefix, log: progress.logger, progress: progress.progress };
        const plan = await cleanupLeftovers(client, { ...base, dryRun: true, protect: protect() });
        // Keystone leftovers of the scs-0302 checks live in the test domains, seen only by their managers.
        if (managers)
          plan.found.push(
            ...(await cleanupIdentityLeftovers(client, managers, { prefix: flags.prefix, dryRun: true }))
              .found,
          );
        progress.stop();
        for (const item of plan.skipped) io.stdout(line(item, `left alone: ${item.reason ?? ''}`));
        if (flags.dryRun || plan.found.length === 0) {
          for (const item of plan.found) io.stdout(line(item, 'would delete'));
          io.stdout(
            `${plan.found.length} found, 0 deleted, ${plan.skipped.length} left alone (prefix ${plan.prefix}; run records in ${runsDir(io.env)})\n`,
          );
          return;
        }
        for (const item of plan.found) io.stdout(line(item, 'to delete'));
        const question = `Delete these ${plan.found.length} resources of cloud ${client.cloudName}? [y/N] `;
        if (!flags.yes) {
          if (!(io.isTTY && process.stdin.isTTY)) {
            throw new UsageError(
              `${plan.found.length} resources would be deleted; nothing was deleted: confirm with --yes (or run on a terminal to be asked)`,
            );
          }
          if (!(await confirmOnTty(question))) {
            io.stdout('nothing deleted\n');
            return;
          }
        }
        const only = new Set(plan.found.map(cleanupKey));
        const report = await cleanupLeftovers(client, { ...base, only, protect: protect() });
        if (managers) {
          const iam = await cleanupIdentityLeftovers(client, managers, {
            prefix: flags.prefix,
            dryRun: false,
          });
          report.found.push(...iam.found);
          report.deleted.push(...iam.deleted);
          report.failed.push(...iam.failed);
        }
        progress.stop();
        for (const item of report.found) {
          const failed = report.failed.find((f) => f.id === item.id);
          io.stdout(line(item, failed ? `FAILED: ${failed.error ?? 'unknown error'}` : 'deleted'));
        }
        for (const item of report.skipped.filter((s) => !plan.skipped.some((p) => p.id === s.id)))
          io.stdout(line(item, `left alone: ${item.reason ?? ''}`));
        io.stdout(
          `${report.found.length} found, ${report.deleted.length} deleted, ${report.failed.length} failed, ${report.skipped.length} left alone (prefix ${report.prefix})\n`,
        );
        if (report.failed.length) setExit(EXIT.INCOMPLETE);
      } finally {
        progress.stop();
        await client.close();
      }
    });
};
