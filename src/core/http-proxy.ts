// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every outgoing HTTP request of the tool (OpenStack, Kubernetes, monitor
// upload, Gaia-X, release data), read one way, as curl reads them: the scheme picks the variable (HTTPS falls back
// to HTTP_PROXY), lower case wins over upper case, an empty value is unset, and NO_PROXY lists hosts, domain
// suffixes, host:port, IPs and CIDRs that go direct; `*` sends everything direct.
import { BlockList, isIP } from 'node:net';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { redactor } from './redact.js';

/** The proxy variables of an environment, read once. */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  /** Comma/space separated hosts, domains (`.example.com`), `host:port`, IPs, CIDRs or `*`. */
  noProxy?: string;
}

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() ? v.trim() : undefined;
}

/**
 * The proxy settings of an environment; undefined when no proxy is set. The password in a proxy URL's userinfo
 * is a secret like any other: it is handed to the redactor here, so no caller can forget it.
 */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const httpProxy = pick(env, 'http_proxy');
  const httpsProxy = pick(env, 'https_proxy');
  const noProxy = pick(env, 'no_proxy');
  if (!httpProxy && !httpsProxy) return undefined;
  redactor.addSecretsFromUrl(httpProxy);
  redactor.addSecretsFromUrl(httpsProxy);
  return {
    ...(httpProxy && { httpProxy }),
    ...(httpsProxy && { httpsProxy }),
    ...(noProxy && { noProxy }),
  };
}

/** The passwords in the settings' proxy URLs (decoded), for scrubbers beside the redactor (recordings). */
export function proxyPasswords(settings: ProxySettings): string[] {
  const out: string[] = [];
  for (const u of [settings.httpProxy, settings.httpsProxy]) {
    try {
      const password = u ? decodeURIComponent(new URL(u).password) : '';
      if (password) out.push(password);
    } catch {
      // not a URL: undici reports it when the first request is made
    }
  }
  return out;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** Whether NO_PROXY sends this URL direct. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const cidr = /^([0-9a-f.:]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const [, network = '', bits = ''] = cidr;
      const family = isIP(network);
      if (family && isIP(host) === family) {
        const type = family === 6 ? 'ipv6' : 'ipv4';
        const list = new BlockList();
        list.addSubnet(network, Number(bits), type);
        if (list.check(host, type)) return true;
      }
      continue;
    }
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? entry).replace(/^\*?\./, '');
    const entryPort = m?.[2];
    if (entryPort && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL for a request to `url` under `settings`, or undefined to go direct. */
export function proxyForUrl(url: URL, settings: ProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  const proxy = url.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (!proxy || bypassesProxy(url, settings.noProxy)) return undefined;
  return proxy;
}

/** The proxy URL for a request to `url` under the environment's variables, or undefined to go direct. */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  return proxyForUrl(u, proxySettings(env));
}

/** Options for the connections of a proxy-aware dispatcher: pool sizes, TLS to the server (also tunnelled). */
export type ProxyAgentOptions = Agent.Options & { requestTls?: ProxyAgent.Options['requestTls'] };

/**
 * An undici dispatcher that sends each request direct or through the proxy its origin calls for, deciding with
 * `bypassesProxy` (undici's own EnvHttpProxyAgent knows no CIDRs and would read process.env behind our back).
 */
export class ProxyRoutingAgent extends Dispatcher {
  private readonly direct: Agent;
  private readonly viaHttp: Dispatcher;
  private readonly viaHttps: Dispatcher;

  constructor(
    private readonly settings: ProxySettings,
    options: ProxyAgentOptions = {},
  ) {
    super();
    this.direct = new Agent(options);
    this.viaHttp = settings.httpProxy ? new ProxyAgent({ ...options, uri: settings.httpProxy }) : this.direct;
    this.viaHttps = settings.httpsProxy
      ? new ProxyAgent({ ...options, uri: settings.httpsProxy })
      : this.viaHttp;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.route(String(options.origin)).dispatch(options, handler);
  }

  private route(origin: string): Dispatcher {
    const url = new URL(origin);
    if (!proxyForUrl(url, this.settings)) return this.direct;
    return url.protocol === 'https:' ? this.viaHttps : this.viaHttp;
  }

  private all(): Dispatcher[] {
    return [...new Set<Dispatcher>([this.direct, this.viaHttp, this.viaHttps])];
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all(this.all().map((d) => d.close())).then(() => undefined);
    if (!callback) return done;
    void done.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const cb = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const done = Promise.all(this.all().map((d) => d.destroy(err))).then(() => undefined);
    if (!cb) return done;
    void done.then(cb, cb);
  }
}

/**
 * A dispatcher honouring the proxy variables of `env`, or undefined when no proxy is set (the caller then
 * connects directly with its own agent).
 */
export function proxyDispatcher(env: NodeJS.ProcessEnv, options?: ProxyAgentOptions): Dispatcher | undefined {
  const settings = proxySettings(env);
  return settings ? new ProxyRoutingAgent(settings, options) : undefined;
}
