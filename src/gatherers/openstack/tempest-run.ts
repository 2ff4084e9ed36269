// TempestRun (scs-0128): ingest given Tempest results, or run Tempest with the standard's list when asked (--tempest),
// then delete what Tempest left behind (resources named tempest-*).
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CatalogService, Flavor, Image } from '../../artifacts/iaas.js';
import type { TempestRun } from '../../artifacts/tempest-run.js';
import {
  accountsYaml,
  parseIni,
  renderIni,
  tempestConf,
  type MicroversionRange,
} from '../../tempest/config.js';
import { findTempest, runTempest } from '../../tempest/driver.js';
import { readTempestResults } from '../../tempest/results.js';
import { selectSubset } from '../../tempest/subset.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import type { GatherContext, GathererOf } from '../types.js';
import { cleanupLeftovers } from './cleanup.js';
import { openstackClient } from './common.js';
import { createTracked, deleteTracked } from './tracked.js';

const LIST_DATA = 'scs-0128-tempest-non-admin';
/** Tempest names what it creates `tempest-<Test>-<random>`; cleanup deletes by this prefix. */
export const TEMPEST_PREFIX = 'tempest-';

interface TempestListData {
  source: { revision: string };
  tests: string[];
}

/** The API's microversion range, or undefined (not offered, or the version document unreadable). */
async function microversions(
  c: OpenStackClient,
  type: string,
  signal: AbortSignal,
): Promise<MicroversionRange | undefined> {
  try {
    return await c.apiVersions(type, signal);
  } catch {
    return undefined;
  }
}

/**
 * A network and IPv4 subnet of the member's own for Tempest's servers when the member has none (without one,
 * Nova boots servers without a port, and the tests that add security groups or filter by IP fail). Ledgered;
 * deleted after the run.
 */
async function memberNetwork(
  c: OpenStackClient,
  ctx: GatherContext,
  made: LedgerEntry[],
): Promise<{ id: string; name: string }> {
  const name = `${ctx.ledger.prefix}tempest-net`;
  const post = async (kind: 'network' | 'subnet', body: Record<string, unknown>) =>
    (
      await c.post<Record<string, { id?: string } | undefined>>(
        'network',
        `/${kind}s`,
        { [kind]: body },
        { signal: ctx.signal },
      )
    )?.[kind]?.id;
  const net = await createTracked(c, ctx, {
    kind: 'network',
    name,
    createdBy: 'TempestRun',
    onIntent: (e) => made.push(e),
    create: () => post('network', { name }),
  });
  const subnet = `${ctx.ledger.prefix}tempest-subnet`;
  await createTracked(c, ctx, {
    kind: 'subnet',
    name: subnet,
    createdBy: 'TempestRun',
    onIntent: (e) => made.push(e),
    create: () => post('subnet', { name: subnet, network_id: net.id, ip_version: 4, cidr: '10.128.0.0/24' }),
  });
  ctx.log.info(`scs-0128: the member has no network of its own; Tempest's servers use ${name}`);
  return { id: net.id, name };
}

export const tempestRunGatherer: GathererOf<'TempestRun'> = {
  artifact: 'TempestRun',
  description:
    "Tempest results for scs-0128: a given run (--tempest-results), or Tempest run with the standard's list (--tempest)",
  dependsOn: ['ServiceCatalog', 'Images', 'Flavors'],
  active: true,
  timeoutMs: 4 * 3600_000,
  async gather(ctx, deps) {
    const given = ctx.options.tempestResults;
    if (typeof given === 'string' && given) {
      ctx.log.info(`scs-0128: reading Tempest results ${given}`);
      return { source: 'ingested', ...readTempestResults(given) };
    }
    if (ctx.options.tempest !== true) {
      throw new Error(
        'Tempest was not run: give --tempest to run the scs-0128 list with Tempest (tens of minutes), or --tempest-results PATH for an existing run',
      );
    }
    const binary = typeof ctx.options.tempestBinary === 'string' ? ctx.options.tempestBinary : findTempest();
    if (!binary) {
      throw new Error(
        "tempest is not on PATH: install Debian's tempest package (apt install tempest), or give --tempest-results PATH",
      );
    }
    const c = openstackClient(ctx);
    if (c.offline) throw new Error('Tempest runs against a live cloud, not a recording');
    const list = ctx.data[LIST_DATA] as TempestListData;
    const subsetFile = typeof ctx.options.tempestSubset === 'string' ? ctx.options.tempestSubset : undefined;
    const tests = subsetFile
      ? selectSubset(readFileSync(subsetFile, 'utf8'), subsetFile, list.tests)
      : list.tests;
    const [nets, ext, compute, volume, placement] = await Promise.all([
      c.list<{
        id: string;
        name: string | null;
        'router:external'?: boolean;
        is_default?: boolean | null;
        project_id?: string;
      }>('network', '/networks', 'networks', { signal: ctx.signal }),
      c.list<{ alias: string }>('network', '/extensions', 'extensions', { signal: ctx.signal }),
      ...(['compute', 'block-storage', 'placement'] as const).map((t) => microversions(c, t, ctx.signal)),
    ]);
    const projectId = await c.projectId(ctx.signal);
    const overridesFile = ctx.options.tempestConfig;
    const overrides =
      typeof overridesFile === 'string' ? parseIni(readFileSync(overridesFile, 'utf8'), overridesFile) : {};
    const keep =
      typeof ctx.options.tempestWorkspace === 'string' ? resolve(ctx.options.tempestWorkspace) : undefined;
    const workspace = keep ?? join(tmpdir(), `scs-cert-tempest-${ctx.ledger.prefix.replace(/-$/, '')}`);
    const concurrency =
      typeof ctx.options.tempestConcurrency === 'number' ? ctx.options.tempestConcurrency : 1;
    let run: Awaited<ReturnType<typeof runTempest>> | undefined;
    const cleanup: NonNullable<TempestRun['cleanup']> = { prefix: TEMPEST_PREFIX, deleted: [], failed: [] };
    const made: LedgerEntry[] = [];
    try {
      let projectNetworks = nets.filter((n) => n['router:external'] !== true && n.project_id === projectId);
      if (!projectNetworks.length && !overrides.compute?.fixed_network_name) {
        projectNetworks = [await memberNetwork(c, ctx, made)];
      }
      const conf = tempestConf(
        {
          cloud: c.config,
          catalog: (deps.ServiceCatalog ?? []) as CatalogService[],
          images: (deps.Images ?? []) as Image[],
          flavors: (deps.Flavors ?? []) as Flavor[],
          externalNetworks: nets.filter((n) => n['router:external'] === true),
          projectNetworks,
          networkExtensions: ext.map((e) => e.alias),
          microversions: {
            ...(compute && { compute }),
            ...(volume && { volume }),
            ...(placement && { placement }),
          },
          workspace: join(workspace, 'run'),
        },
        overrides,
      );
      ctx.log.info(
        `scs-0128: running Tempest (${subsetFile ? `${tests.length} of the ${list.tests.length} listed tests, subset ${subsetFile}` : `${tests.length} tests`}, concurrency ${concurrency}) in ${workspace}`,
      );
      run = await runTempest({
        binary,
        workspace,
        conf: renderIni(conf),
        accounts: accountsYaml(c.config),
        tests,
        concurrency,
        signal: ctx.signal,
        progress: ctx.progress,
        log: ctx.log,
      });
    } finally {
      // Tempest deletes what it creates, but not always (failed tests, interrupted runs): delete by its prefix.
      const signal = AbortSignal.timeout(15 * 60_000);
      try {
        const r = await cleanupLeftovers(c, {
          prefix: TEMPEST_PREFIX,
          log: ctx.log,
          progress: ctx.progress,
          signal,
        });
        cleanup.deleted = r.deleted.map((i) => `${i.kind} ${i.name}`);
        cleanup.failed = r.failed.map((i) => `${i.kind} ${i.name}: ${i.error ?? ''}`);
      } catch (err) {
        cleanup.failed.push(`cleanup: ${(err as Error).message}`);
      }
      // Then the member's network scs-cert made for the run (its ports went with Tempest's servers).
      for (const entry of made.reverse()) {
        const path = entry.kind === 'subnet' ? '/subnets/{id}' : '/networks/{id}';
        await deleteTracked(c, ctx, entry, { service: 'network', path, signal });
      }
      // The workspace holds the member's password (accounts.yaml): never leave it behind.
      rmSync(join(workspace, 'run', 'etc', 'accounts.yaml'), { force: true });
      if (!keep && !run) rmSync(workspace, { recursive: true, force: true });
    }
    const results = readTempestResults(run.repo);
    if (!keep) rmSync(workspace, { recursive: true, force: true });
    return {
      source: 'run',
      ...results,
      list: { dataId: LIST_DATA, revision: list.source.revision, count: list.tests.length },
      ...(subsetFile && { subset: { file: subsetFile, count: tests.length } }),
      durationSec: run.durationSec,
      cleanup,
    };
  },
};
