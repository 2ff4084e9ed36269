// Entry to Kubernetes access: load the kubeconfig, pick the context, check the API server answers, hand out a KubeClient.
// @kubernetes/client-node is loaded here on first use (import()), so commands that never touch a cluster start
// without it.
import type { Logger } from '../../core/logger.js';
import type { KubeClient } from './client.js';

export type { KubeClient } from './client.js';
export { KubeAccessError, type KubeErrorKind, toKubeError } from './errors.js';
export type { LoadedKubeconfig } from './kubeconfig.js';
/** The context name of an in-cluster connection (the pod's service account). */
export const IN_CLUSTER_CONTEXT = 'in-cluster';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** Service-account mount for in-cluster runs (default: the standard path). */
  serviceAccountDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Base directory for a relative --kubeconfig (default: process.cwd()). */
  cwd?: string;
  /** Check reachability, TLS and credentials with `GET /version` before returning (default true). */
  verify?: boolean;
  requestTimeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  signal?: AbortSignal;
}

/**
 * Connect to the cluster the kubeconfig names. Throws KubeAccessError (one-line message naming cause and fix)
 * for a missing/unreadable kubeconfig, an unknown context, an unreachable server, a TLS failure or bad credentials.
 */
export async function connectKubernetes(opts: ConnectOptions = {}): Promise<KubeClient> {
  const [{ KubernetesClient }, { loadKubeconfig }] = await Promise.all([
    import('./client.js'),
    import('./kubeconfig.js'),
  ]);
  const loaded = loadKubeconfig(opts);
  const client = new KubernetesClient({
    kc: loaded.kc,
    facts: {
      server: loaded.server,
      context: loaded.contextName,
      cluster: loaded.clusterName,
      user: loaded.userName,
    },
    kubeconfigPaths: loaded.paths,
    log: opts.log,
    requestTimeoutMs: opts.requestTimeoutMs,
    maxAttempts: opts.maxAttempts,
    backoffMs: opts.backoffMs,
  });
  if (opts.verify !== false) {
    const v = await client.version(opts.signal);
    opts.log?.info(`kubernetes: context '${loaded.contextName}' -> ${loaded.server} (${v.gitVersion})`);
  }
  return client;
}
