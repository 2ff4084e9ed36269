// Cluster plugin `exec`: any provisioner as a pair of commands (`config.create`, `config.delete`, argument lists).
// They run with SCS_CERT_CLUSTER (the cluster id), SCS_CERT_KUBECONFIG (where create must write the kubeconfig) and
// SCS_CERT_K8S_BRANCH (the branch, if given) — the way to drive Cluster API cluster stacks, Gardener and the like.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type ClusterPlugin, ClusterPluginError, type PluginContext } from './index.js';

function command(ctx: PluginContext, key: 'create' | 'delete'): [string, ...string[]] {
  const v = ctx.config[key];
  if (!Array.isArray(v) || !v.length || !v.every((x) => typeof x === 'string'))
    throw new ClusterPluginError(
      `cluster '${ctx.id}': config.${key} must be a command as a list of strings, e.g. [./make-cluster.sh, --name, x]`,
    );
  return v as [string, ...string[]];
}

export function execPlugin(ctx: PluginContext): ClusterPlugin {
  const kubeconfig = join(ctx.workDir, 'kubeconfig.yaml');
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    SCS_CERT_CLUSTER: ctx.id,
    SCS_CERT_KUBECONFIG: kubeconfig,
    ...(ctx.branch && { SCS_CERT_K8S_BRANCH: ctx.branch }),
  };
  const run = async (key: 'create' | 'delete', signal?: AbortSignal) => {
    const [first, ...args] = command(ctx, key);
    // A relative script path is relative to the clusters file, as every other path in it.
    const bin = first.includes('/') && !isAbsolute(first) ? resolve(ctx.basePath, first) : first;
    let r;
    try {
      r = await ctx.exec(bin, args, { env, ...(signal && { signal }) });
    } catch (err) {
      throw new ClusterPluginError(
        `cluster '${ctx.id}': cannot start ${bin} (${(err as Error).message}) — fix config.${key}`,
      );
    }
    if (r.code !== 0)
      throw new ClusterPluginError(
        `cluster '${ctx.id}': ${key} command failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`,
      );
  };
  return {
    kind: 'exec',
    async create(signal) {
      command(ctx, 'delete'); // a cluster that could not be deleted is never created
      await run('create', signal);
      if (!existsSync(kubeconfig))
        throw new ClusterPluginError(
          `cluster '${ctx.id}': the create command wrote no kubeconfig to $SCS_CERT_KUBECONFIG`,
        );
      return kubeconfig;
    },
    delete: (signal) => run('delete', signal),
  };
}
