// Cluster plugin `kind`: a local cluster made by the `kind` binary (`config.name`, `config.image` such as
// kindest/node:v1.37.2, optional `config.cluster` kind config file), deleted afterwards.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type ClusterPlugin, ClusterPluginError, type PluginContext, configPath } from './index.js';

function onPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, binary);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function kindPlugin(ctx: PluginContext): ClusterPlugin {
  const name = String(ctx.config.name);
  const kubeconfig = join(ctx.workDir, 'kubeconfig.yaml');
  const binary = () => {
    const b = onPath('kind', ctx.env);
    if (!b)
      throw new ClusterPluginError(
        `cluster '${ctx.id}' needs the kind binary, which is not on PATH — install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) or use a static cluster plugin`,
      );
    return b;
  };
  const run = async (args: string[], what: string, signal?: AbortSignal) => {
    const r = await ctx.exec(binary(), args, { env: ctx.env, ...(signal && { signal }) });
    if (r.code !== 0)
      throw new ClusterPluginError(
        `kind ${what} for cluster '${ctx.id}' failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`,
      );
  };
  return {
    kind: 'kind',
    async create(signal) {
      const args = ['create', 'cluster', '--name', name, '--kubeconfig', kubeconfig, '--wait', '5m'];
      if (typeof ctx.config.image === 'string') args.push('--image', ctx.config.image);
      else if (ctx.branch)
        throw new ClusterPluginError(
          `cluster '${ctx.id}': config.image is missing — name the kindest/node image of branch ${ctx.branch}`,
        );
      if (ctx.config.cluster !== undefined) args.push('--config', configPath(ctx, 'cluster'));
      await run(args, 'create cluster', signal);
      return kubeconfig;
    },
    async delete(signal) {
      await run(['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig], 'delete cluster', signal);
    },
  };
}
