// HTTP(S)_PROXY / NO_PROXY for the tool's outgoing HTTP (uploads, Gaia-X), read as curl and openstacksdk read them.
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * Honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower case first, as curl) so requests work where the batch
 * runner's curl worked. Undefined when no proxy is configured (undici then connects directly).
 */
export function proxyDispatcher(env: NodeJS.ProcessEnv): Dispatcher | undefined {
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  if (!httpsProxy && !httpProxy) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY;
  return new EnvHttpProxyAgent({
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? httpProxy ?? '',
    noProxy: noProxy ?? '',
  });
}
