// Entry to Kubernetes access: load the kubeconfig, pick the context, check the API server answers, hand out a KubeClient.
import { learnKubeUserSecrets } from '../../core/redact.js';
import type { Logger } from '../../gatherers/types.js';
import { KubernetesClient, type KubeClient } from './client.js';
import { loadKubeconfig } from './kubeconfig.js';

export type { KubeClient } from './client.js';
export { KubernetesClient } from './client.js';
export { KubeAccessError, type KubeErrorKind, toKubeError } from './errors.js';
export { loadKubeconfig, type LoadedKubeconfig } from './kubeconfig.js';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
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
  const loaded = loadKubeconfig(opts);
  learnKubeUserSecrets(loaded.kc.getCurrentUser());
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
