// Finds and loads the kubeconfig as kubectl does (--kubeconfig, KUBECONFIG, ~/.kube/config, else the pod's service
// account when running inside a cluster) and selects the context, with one-line errors.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { proxyFor } from '../../core/http-proxy.js';
import { KubeAccessError } from './errors.js';
import { IN_CLUSTER_CONTEXT } from './index.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Base directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Where a pod's service-account token and CA are mounted (default: the standard path; tests point elsewhere). */
  serviceAccountDir?: string;
}

/** Where Kubernetes mounts a pod's service-account credentials. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** The file(s) the configuration was read from (several when KUBECONFIG lists several). */
  paths: string[];
  /** Where the path came from, for messages. */
  origin: '--kubeconfig' | 'KUBECONFIG' | 'default' | 'in-cluster';
  contextName: string;
  clusterName: string;
  userName: string;
  server: string;
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  if (p === '~' || p.startsWith('~/')) return join(env.HOME ?? '', p.slice(1));
  return p;
}

function readKubeconfigFile(file: string, origin: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT')
      throw new KubeAccessError(
        'kubeconfig',
        `kubeconfig ${file} (from ${origin}) does not exist — pass --kubeconfig FILE or set KUBECONFIG to an existing file`,
      );
    if (code === 'EACCES' || code === 'EPERM')
      throw new KubeAccessError(
        'kubeconfig',
        `kubeconfig ${file} (from ${origin}) is not readable (${code}) — fix its permissions`,
      );
    if (code === 'EISDIR')
      throw new KubeAccessError(
        'kubeconfig',
        `kubeconfig ${file} (from ${origin}) is a directory — pass the kubeconfig file itself`,
      );
    throw new KubeAccessError(
      'kubeconfig',
      `cannot read kubeconfig ${file} (from ${origin}): ${(err as Error).message}`,
    );
  }
}

function parseKubeconfig(text: string, file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    const msg = String((err as Error).message ?? err)
      .split('\n')[0]
      ?.trim();
    throw new KubeAccessError(
      'kubeconfig',
      `kubeconfig ${file} is not a valid kubeconfig (${msg}) — check its YAML`,
    );
  }
  // Certificate and token file paths inside a kubeconfig are relative to the file, as kubectl reads them.
  kc.makePathsAbsolute(dirname(file));
  return kc;
}

/** Merge several kubeconfigs like kubectl does for KUBECONFIG lists: the first definition of a name wins. */
function merge(configs: KubeConfig[]): KubeConfig {
  const out = new KubeConfig();
  const first = configs[0];
  if (!first) return out;
  out.loadFromOptions({
    clusters: [],
    users: [],
    contexts: [],
    currentContext: configs.find((c) => c.getCurrentContext())?.getCurrentContext() ?? '',
  });
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const kc of configs) {
    for (const c of kc.getClusters()) {
      if (seen.clusters.has(c.name)) continue;
      seen.clusters.add(c.name);
      out.addCluster(c);
    }
    for (const u of kc.getUsers()) {
      if (seen.users.has(u.name)) continue;
      seen.users.add(u.name);
      out.addUser(u);
    }
    for (const x of kc.getContexts()) {
      if (seen.contexts.has(x.name)) continue;
      seen.contexts.add(x.name);
      out.addContext(x);
    }
  }
  return out;
}

/**
 * In-cluster configuration, as client-go's InClusterConfig builds it: `https://KUBERNETES_SERVICE_HOST:PORT`, the
 * mounted CA, and the mounted token (read again on each request: projected tokens rotate). Undefined when the
 * process does not run in a pod.
 */
function inClusterConfig(env: NodeJS.ProcessEnv, dir: string): LoadedKubeconfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = join(dir, 'token');
  if (!host || !port || !existsSync(tokenFile)) return undefined;
  const caFile = join(dir, 'ca.crt');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: IN_CLUSTER_CONTEXT, server, skipTLSVerify: false, ...(existsSync(caFile) ? { caFile } : {}) },
    ],
    users: [{ name: IN_CLUSTER_CONTEXT, authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, cluster: IN_CLUSTER_CONTEXT, user: IN_CLUSTER_CONTEXT }],
    currentContext: IN_CLUSTER_CONTEXT,
  });
  applyEnvProxy(kc, IN_CLUSTER_CONTEXT, server, undefined, env);
  return {
    kc,
    paths: [],
    origin: 'in-cluster',
    contextName: IN_CLUSTER_CONTEXT,
    clusterName: IN_CLUSTER_CONTEXT,
    userName: IN_CLUSTER_CONTEXT,
    server,
  };
}

/**
 * kubectl sends requests through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY lists the server; a `proxy-url` in the
 * kubeconfig wins. client-node reads only `proxy-url`, so the environment's proxy is written there.
 */
function applyEnvProxy(
  kc: KubeConfig,
  clusterName: string,
  server: string,
  proxyUrl: string | undefined,
  env: NodeJS.ProcessEnv,
): void {
  if (proxyUrl) return;
  const proxy = proxyFor(server, env);
  if (!proxy) return;
  const clusters = kc.getClusters().map((c) => (c.name === clusterName ? { ...c, proxyUrl: proxy } : c));
  kc.loadFromOptions({
    clusters,
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
}

/** Load the kubeconfig the options point at and select the context; throws KubeAccessError on any problem. */
export function loadKubeconfig(opts: KubeconfigOptions): LoadedKubeconfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let origin: LoadedKubeconfig['origin'];
  let paths: string[];
  if (opts.kubeconfig) {
    origin = '--kubeconfig';
    paths = [opts.kubeconfig];
  } else if (env.KUBECONFIG && env.KUBECONFIG.trim()) {
    origin = 'KUBECONFIG';
    paths = env.KUBECONFIG.split(delimiter).filter((p) => p.trim() !== '');
  } else {
    origin = 'default';
    const file = env.HOME ? join(env.HOME, '.kube', 'config') : undefined;
    // kubectl falls back to the pod's service account when no kubeconfig file exists.
    if (!file || !existsSync(file)) {
      const inCluster = inClusterConfig(env, opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
      if (inCluster) {
        if (opts.context && opts.context !== IN_CLUSTER_CONTEXT)
          throw new KubeAccessError(
            'context',
            `context '${opts.context}' given, but there is no kubeconfig, only the in-cluster service account — drop --context or pass --kubeconfig FILE`,
          );
        return inCluster;
      }
      throw new KubeAccessError(
        'kubeconfig',
        `no kubeconfig: ${file ?? '~/.kube/config (HOME is unset)'} does not exist and this is not a pod with a service account — pass --kubeconfig FILE or set KUBECONFIG`,
      );
    }
    paths = [file];
  }
  paths = paths.map((p) => {
    const e = expandHome(p, env);
    return isAbsolute(e) ? e : resolve(cwd, e);
  });
  const originText = origin === 'default' ? 'the default location' : origin;
  // kubectl ignores missing files in a KUBECONFIG list as long as one exists; a single named file must exist.
  const texts: Array<{ file: string; text: string }> = [];
  const errors: KubeAccessError[] = [];
  for (const file of paths) {
    try {
      texts.push({ file, text: readKubeconfigFile(file, originText) });
    } catch (err) {
      if (paths.length === 1) throw err;
      errors.push(err as KubeAccessError);
    }
  }
  if (texts.length === 0) {
    throw new KubeAccessError(
      'kubeconfig',
      `none of the kubeconfig files in KUBECONFIG exist (${paths.join(delimiter)}) — set KUBECONFIG to an existing file`,
    );
  }
  const kc = merge(texts.map((t) => parseKubeconfig(t.text, t.file)));
  const where =
    texts.length === 1
      ? `kubeconfig ${texts[0]?.file}`
      : `kubeconfig files ${texts.map((t) => t.file).join(', ')}`;
  const known = kc.getContexts().map((c) => c.name);
  const knownText = known.length ? known.join(', ') : '(none)';
  let contextName = opts.context ?? kc.getCurrentContext();
  if (opts.context) {
    if (!known.includes(opts.context))
      throw new KubeAccessError(
        'context',
        `context '${opts.context}' is not in ${where} — known contexts: ${knownText}`,
      );
  } else if (!contextName) {
    if (known.length === 0)
      throw new KubeAccessError(
        'context',
        `${where} defines no contexts — add one or use another kubeconfig`,
      );
    throw new KubeAccessError(
      'context',
      `${where} has no current-context — pass --context NAME (known contexts: ${knownText})`,
    );
  } else if (!known.includes(contextName)) {
    throw new KubeAccessError(
      'context',
      `current-context '${contextName}' of ${where} is not defined there — pass --context NAME (known contexts: ${knownText})`,
    );
  }
  kc.setCurrentContext(contextName);
  const ctx = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster();
  if (!ctx || !cluster)
    throw new KubeAccessError(
      'context',
      `context '${contextName}' of ${where} names cluster '${ctx?.cluster ?? '?'}', which is not defined — fix the kubeconfig`,
    );
  if (!cluster.server)
    throw new KubeAccessError(
      'kubeconfig',
      `cluster '${cluster.name}' in ${where} has no server address — fix the kubeconfig`,
    );
  const user = kc.getCurrentUser();
  if (ctx.user && !user)
    throw new KubeAccessError(
      'context',
      `context '${contextName}' of ${where} names user '${ctx.user}', which is not defined — fix the kubeconfig`,
    );
  contextName = ctx.name;
  applyEnvProxy(kc, cluster.name, cluster.server, cluster.proxyUrl, env);
  return {
    kc,
    paths: texts.map((t) => t.file),
    origin,
    contextName,
    clusterName: cluster.name,
    userName: user?.name ?? '',
    server: cluster.server,
  };
}
