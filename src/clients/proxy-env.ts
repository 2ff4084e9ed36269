// The proxy a client should use for a URL, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) as curl and
// kubectl read them: the scheme picks the variable, NO_PROXY lists hosts, domain suffixes, host:port, IPs and CIDRs
// that go direct, `*` sends everything direct.
import { BlockList, isIP } from 'node:net';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() ? v.trim() : undefined;
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
      const family = isIP(cidr[1] ?? '');
      if (family && isIP(host) === family) {
        const list = new BlockList();
        list.addSubnet(cidr[1]!, Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
        if (list.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
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

/** The proxy URL for a request to `url`, or undefined to go direct. */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const proxy =
    u.protocol === 'https:' ? (pick(env, 'https_proxy') ?? pick(env, 'http_proxy')) : pick(env, 'http_proxy');
  if (!proxy || bypassesProxy(u, pick(env, 'no_proxy'))) return undefined;
  return proxy;
}

/** An undici dispatcher honouring the proxy variables, or undefined when none is set. */
export function proxyDispatcher(env: NodeJS.ProcessEnv): Dispatcher | undefined {
  const httpsProxy = pick(env, 'https_proxy');
  const httpProxy = pick(env, 'http_proxy');
  if (!httpsProxy && !httpProxy) return undefined;
  return new EnvHttpProxyAgent({
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? httpProxy ?? '',
    noProxy: pick(env, 'no_proxy') ?? '',
  });
}
