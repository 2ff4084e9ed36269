// Cluster plugin `static`: an existing cluster, named by `config.kubeconfig`; nothing is created or deleted.
import { existsSync } from 'node:fs';
import { type ClusterPlugin, ClusterPluginError, type PluginContext, configPath } from './index.js';

export function staticPlugin(ctx: PluginContext): ClusterPlugin {
  return {
    kind: 'static',
    async create() {
      const kubeconfig = configPath(ctx, 'kubeconfig');
      if (!existsSync(kubeconfig))
        throw new ClusterPluginError(
          `cluster '${ctx.id}': kubeconfig ${kubeconfig} does not exist — fix config.kubeconfig`,
        );
      return kubeconfig;
    },
    async delete() {},
  };
}
