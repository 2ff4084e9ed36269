// Cluster lifecycle plugins, as the SCS KaaS test runner has them (Tests/kaas/plugin): a clusters file names, per
// cluster (typically one per Kubernetes branch), a plugin kind and its config; `create` yields a kubeconfig, `delete`
// removes the cluster. Kinds: static (an existing cluster), kind (the `kind` binary), exec (any command pair).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { type Exec, spawnExec } from '../sonobuoy/driver.js';
import { execPlugin } from './exec.js';
import { kindPlugin } from './kind.js';
import { staticPlugin } from './static.js';

export class ClusterPluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterPluginError';
  }
}

/** What every plugin kind offers: create the cluster (answering its kubeconfig path), delete it. */
export interface ClusterPlugin {
  readonly kind: string;
  create(signal?: AbortSignal): Promise<string>;
  delete(signal?: AbortSignal): Promise<void>;
}

/** What a plugin kind gets to build a plugin from a clusters-file entry. */
export interface PluginContext {
  id: string;
  config: Record<string, unknown>;
  /** Directory of the clusters file: relative paths in the config are relative to it. */
  basePath: string;
  /** Working directory of this cluster (its kubeconfig is written here). */
  workDir: string;
  branch?: string;
  env: NodeJS.ProcessEnv;
  exec: Exec;
}

export interface ClusterSpec {
  id: string;
  kind: string;
  branch?: string;
  plugin: ClusterPlugin;
}

const KINDS: Record<string, (ctx: PluginContext) => ClusterPlugin> = {
  static: staticPlugin,
  kind: kindPlugin,
  exec: execPlugin,
};
export const PLUGIN_KINDS = Object.keys(KINDS);

/** A path from the config, relative to the clusters file. */
export function configPath(ctx: PluginContext, key: string): string {
  const v = ctx.config[key];
  if (typeof v !== 'string' || !v.trim())
    throw new ClusterPluginError(
      `cluster '${ctx.id}': config.${key} is missing — name a file in the clusters file`,
    );
  const p = v.startsWith('~/') ? join(ctx.env.HOME ?? '', v.slice(2)) : v;
  return isAbsolute(p) ? p : resolve(ctx.basePath, p);
}

/**
 * Read a clusters file (`clusters: {<id>: {kind, branch?, config}}`, the SCS runner's clusters.yaml shape) into
 * plugins. Throws ClusterPluginError (one line: cause and fix) for anything malformed.
 */
export function loadClusterPlugins(
  file: string,
  opts: { env?: NodeJS.ProcessEnv; workRoot?: string; exec?: Exec; only?: string[] } = {},
): ClusterSpec[] {
  if (!existsSync(file))
    throw new ClusterPluginError(
      `clusters file ${file} does not exist — pass a YAML file with a 'clusters' map`,
    );
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ClusterPluginError(
      `clusters file ${file} is not valid YAML (${(err as Error).message.split('\n')[0]})`,
    );
  }
  const clusters = (doc as { clusters?: unknown } | null)?.clusters;
  if (!clusters || typeof clusters !== 'object' || Array.isArray(clusters))
    throw new ClusterPluginError(
      `clusters file ${file} has no 'clusters' map — write clusters: {<id>: {kind, config}}`,
    );
  const env = opts.env ?? process.env;
  const workRoot = opts.workRoot ?? join(dirname(file), '.scs-cert-clusters');
  const out: ClusterSpec[] = [];
  for (const [id, raw] of Object.entries(clusters as Record<string, unknown>)) {
    if (opts.only && !opts.only.includes(id)) continue;
    const spec = raw as { kind?: unknown; branch?: unknown; config?: unknown } | null;
    const kind = typeof spec?.kind === 'string' ? spec.kind : '';
    const make = KINDS[kind];
    if (!make)
      throw new ClusterPluginError(
        `cluster '${id}' in ${file}: plugin kind '${kind}' is unknown — use one of ${PLUGIN_KINDS.join(', ')}`,
      );
    const config =
      spec?.config && typeof spec.config === 'object' ? (spec.config as Record<string, unknown>) : {};
    const branch = spec?.branch !== undefined ? String(spec.branch) : undefined;
    if (branch !== undefined && !/^\d+\.\d+$/.test(branch))
      throw new ClusterPluginError(
        `cluster '${id}' in ${file}: branch '${branch}' is not MAJOR.MINOR (e.g. "1.37")`,
      );
    const workDir = join(workRoot, id);
    mkdirSync(workDir, { recursive: true });
    const plugin = make({
      id,
      config: { name: id, ...config },
      basePath: dirname(resolve(file)),
      workDir,
      ...(branch !== undefined && { branch }),
      env,
      exec: opts.exec ?? spawnExec,
    });
    out.push({ id, kind, ...(branch !== undefined && { branch }), plugin });
  }
  if (opts.only)
    for (const id of opts.only)
      if (!out.some((c) => c.id === id))
        throw new ClusterPluginError(
          `cluster '${id}' is not in ${file} — known: ${Object.keys(clusters).join(', ')}`,
        );
  if (!out.length) throw new ClusterPluginError(`clusters file ${file} lists no cluster`);
  return out;
}
