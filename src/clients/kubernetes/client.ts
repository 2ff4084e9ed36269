// The Kubernetes client of scs-cert: the calls the KaaS gatherers make, with timeouts, retries on 429/503 and one-line errors.
import {
  CoreV1Api,
  StorageV1Api,
  VersionApi,
  ServerConfiguration,
  createConfiguration,
  type KubeConfig,
  type V1Namespace,
  type V1Node,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1StorageClass,
  type CoreV1Event,
  type VersionInfo,
} from '@kubernetes/client-node';
import type { Logger } from '../../core/logger.js';
import { retryAfterMs } from '../../core/retry.js';
import { sleep } from '../../core/sleep.js';
import {
  type CallSite,
  type ConnectionFacts,
  KubeAccessError,
  httpStatusOf,
  retryAfterHeader,
  toKubeError,
} from './errors.js';

/** The Kubernetes calls scs-cert makes; gatherers receive this at `ctx.clients.kubernetes`. */
export interface KubeClient {
  readonly server: string;
  readonly contextName: string;
  readonly clusterName: string;
  readonly userName: string;
  /** Kubeconfig file(s) this client was built from (for subprocesses such as sonobuoy); empty for in-memory configs. */
  readonly kubeconfigPaths: string[];
  version(signal?: AbortSignal): Promise<VersionInfo>;
  listNodes(signal?: AbortSignal): Promise<V1Node[]>;
  listStorageClasses(signal?: AbortSignal): Promise<V1StorageClass[]>;
  createNamespace(body: V1Namespace, signal?: AbortSignal): Promise<V1Namespace>;
  readNamespace(name: string, signal?: AbortSignal): Promise<V1Namespace | undefined>;
  deleteNamespace(name: string, signal?: AbortSignal): Promise<void>;
  createPvc(
    namespace: string,
    body: V1PersistentVolumeClaim,
    signal?: AbortSignal,
  ): Promise<V1PersistentVolumeClaim>;
  readPvc(
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<V1PersistentVolumeClaim | undefined>;
  createPod(namespace: string, body: V1Pod, signal?: AbortSignal): Promise<V1Pod>;
  readPod(namespace: string, name: string, signal?: AbortSignal): Promise<V1Pod | undefined>;
  readPv(name: string, signal?: AbortSignal): Promise<V1PersistentVolume | undefined>;
  listEvents(namespace: string, signal?: AbortSignal): Promise<CoreV1Event[]>;
}

export interface KubeClientOptions {
  kc: KubeConfig;
  facts: ConnectionFacts & { cluster: string; user: string };
  kubeconfigPaths: string[];
  log?: Logger;
  /** Per-request timeout (default 30 s). */
  requestTimeoutMs?: number;
  /** Attempts for throttled/unavailable answers (default 5). */
  maxAttempts?: number;
  /** Base backoff (default 500 ms; doubled per attempt, capped at 8 s unless Retry-After says otherwise). */
  backoffMs?: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

type Apis = { core: CoreV1Api; storage: StorageV1Api; version: VersionApi };

export class KubernetesClient implements KubeClient {
  readonly server: string;
  readonly contextName: string;
  readonly clusterName: string;
  readonly userName: string;
  readonly kubeconfigPaths: string[];
  private readonly kc: KubeConfig;
  private readonly facts: ConnectionFacts;
  private readonly log?: Logger;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(opts: KubeClientOptions) {
    this.kc = opts.kc;
    this.facts = opts.facts;
    this.server = opts.facts.server;
    this.contextName = opts.facts.context;
    this.clusterName = opts.facts.cluster;
    this.userName = opts.facts.user;
    this.kubeconfigPaths = opts.kubeconfigPaths;
    this.log = opts.log;
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.backoffMs = opts.backoffMs ?? 500;
  }

  /** Fresh API objects per call so each request carries its own timeout/abort signal. */
  private apis(signal: AbortSignal): Apis {
    const config = createConfiguration({
      baseServer: new ServerConfiguration(this.server.replace(/\/+$/, ''), {}),
      authMethods: { default: this.kc },
      promiseMiddleware: [
        {
          pre: async (ctx) => {
            ctx.setSignal(signal);
            return ctx;
          },
          post: async (ctx) => ctx,
        },
      ],
    });
    return {
      core: new CoreV1Api(config),
      storage: new StorageV1Api(config),
      version: new VersionApi(config),
    };
  }

  /** One logical call: per-attempt timeout, retries on 429/5xx-unavailable honouring Retry-After, mapped errors. */
  private async call<T>(site: CallSite, fn: (apis: Apis) => Promise<T>, outer?: AbortSignal): Promise<T> {
    let lastErr: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (outer?.aborted) throw new KubeAccessError('aborted', `${site.verb} ${site.resource}: aborted`);
      const signals = [AbortSignal.timeout(this.timeoutMs)];
      if (outer) signals.push(outer);
      try {
        return await fn(this.apis(AbortSignal.any(signals)));
      } catch (err) {
        lastErr = err;
        const status = httpStatusOf(err);
        if (status === undefined || !RETRYABLE.has(status) || attempt === this.maxAttempts) break;
        const wait = Math.min(
          retryAfterMs(retryAfterHeader(err)) ?? this.backoffMs * 2 ** (attempt - 1),
          30_000,
        );
        this.log?.debug(
          `kubernetes: ${site.verb} ${site.resource} got HTTP ${status}, retry ${attempt} in ${wait} ms`,
        );
        try {
          await sleep(wait, outer);
        } catch {
          throw new KubeAccessError('aborted', `${site.verb} ${site.resource}: aborted`);
        }
      }
    }
    if (outer?.aborted) throw new KubeAccessError('aborted', `${site.verb} ${site.resource}: aborted`);
    throw toKubeError(lastErr, site, this.facts);
  }

  /** Like call(), but a 404 answers undefined. */
  private async read<T>(
    site: CallSite,
    fn: (apis: Apis) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    try {
      return await this.call(site, fn, signal);
    } catch (err) {
      if (err instanceof KubeAccessError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  version(signal?: AbortSignal): Promise<VersionInfo> {
    return this.call({ verb: 'get', resource: '/version' }, (a) => a.version.getCode(), signal);
  }

  async listNodes(signal?: AbortSignal): Promise<V1Node[]> {
    const list = await this.call({ verb: 'list', resource: 'nodes' }, (a) => a.core.listNode(), signal);
    return list.items ?? [];
  }

  async listStorageClasses(signal?: AbortSignal): Promise<V1StorageClass[]> {
    const list = await this.call(
      { verb: 'list', resource: 'storageclasses.storage.k8s.io' },
      (a) => a.storage.listStorageClass(),
      signal,
    );
    return list.items ?? [];
  }

  createNamespace(body: V1Namespace, signal?: AbortSignal): Promise<V1Namespace> {
    return this.call(
      { verb: 'create', resource: 'namespaces', name: body.metadata?.name },
      (a) => a.core.createNamespace({ body }),
      signal,
    );
  }

  readNamespace(name: string, signal?: AbortSignal): Promise<V1Namespace | undefined> {
    return this.read(
      { verb: 'get', resource: 'namespaces', name },
      (a) => a.core.readNamespace({ name }),
      signal,
    );
  }

  async deleteNamespace(name: string, signal?: AbortSignal): Promise<void> {
    await this.read(
      { verb: 'delete', resource: 'namespaces', name },
      (a) => a.core.deleteNamespace({ name, propagationPolicy: 'Foreground' }),
      signal,
    );
  }

  createPvc(
    namespace: string,
    body: V1PersistentVolumeClaim,
    signal?: AbortSignal,
  ): Promise<V1PersistentVolumeClaim> {
    return this.call(
      { verb: 'create', resource: 'persistentvolumeclaims', namespace, name: body.metadata?.name },
      (a) => a.core.createNamespacedPersistentVolumeClaim({ namespace, body }),
      signal,
    );
  }

  readPvc(
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<V1PersistentVolumeClaim | undefined> {
    return this.read(
      { verb: 'get', resource: 'persistentvolumeclaims', namespace, name },
      (a) => a.core.readNamespacedPersistentVolumeClaim({ namespace, name }),
      signal,
    );
  }

  createPod(namespace: string, body: V1Pod, signal?: AbortSignal): Promise<V1Pod> {
    return this.call(
      { verb: 'create', resource: 'pods', namespace, name: body.metadata?.name },
      (a) => a.core.createNamespacedPod({ namespace, body }),
      signal,
    );
  }

  readPod(namespace: string, name: string, signal?: AbortSignal): Promise<V1Pod | undefined> {
    return this.read(
      { verb: 'get', resource: 'pods', namespace, name },
      (a) => a.core.readNamespacedPod({ namespace, name }),
      signal,
    );
  }

  readPv(name: string, signal?: AbortSignal): Promise<V1PersistentVolume | undefined> {
    return this.read(
      { verb: 'get', resource: 'persistentvolumes', name },
      (a) => a.core.readPersistentVolume({ name }),
      signal,
    );
  }

  async listEvents(namespace: string, signal?: AbortSignal): Promise<CoreV1Event[]> {
    const list = await this.call(
      { verb: 'list', resource: 'events', namespace },
      (a) => a.core.listNamespacedEvent({ namespace }),
      signal,
    );
    return list.items ?? [];
  }
}
