// The one reader of HTTPS_PROXY / HTTP_PROXY / NO_PROXY: which variable wins, which URLs go direct (a table of
// curl's NO_PROXY forms), proxy passwords redacted, and a dispatcher that routes by the same rules.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bypassesProxy,
  proxyDispatcher,
  proxyFor,
  proxyPasswords,
  proxySettings,
} from '../../src/core/http-proxy.js';
import { redact } from '../../src/core/redact.js';
import { startLoopbackProxy, type LoopbackProxy } from '../helpers/loopback-proxy.mjs';

describe('proxySettings', () => {
  it.each([
    ['nothing set', {}, undefined],
    [
      'lower case wins',
      { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:1' },
      { httpsProxy: 'http://a:1' },
    ],
    ['upper case alone', { HTTP_PROXY: 'http://c:1' }, { httpProxy: 'http://c:1' }],
    ['empty means unset', { HTTP_PROXY: 'http://c:1', no_proxy: '' }, { httpProxy: 'http://c:1' }],
    // curl reads the lower-case variable when it is set at all: an empty one hides the upper-case one
    ['empty lower case hides upper case', { http_proxy: '', HTTP_PROXY: 'http://c:1' }, undefined],
    [
      'values trimmed',
      { https_proxy: ' http://a:1 ', NO_PROXY: ' x.example ' },
      { httpsProxy: 'http://a:1', noProxy: 'x.example' },
    ],
    ['NO_PROXY alone is no proxy', { NO_PROXY: 'x.example' }, undefined],
  ])('%s', (_what, env: NodeJS.ProcessEnv, expected) => {
    expect(proxySettings(env)).toEqual(expected);
  });
});

describe('proxyFor: the variable by scheme, NO_PROXY as curl reads it', () => {
  const env = {
    HTTPS_PROXY: 'http://p:3128',
    http_proxy: 'http://q:3128',
    NO_PROXY: 'internal.example, .corp,10.0.0.0/8 api:6443,*.wild.example,[::1],fd00::/8,192.168.1.7',
  };
  it.each([
    ['https takes HTTPS_PROXY', 'https://k8s.example.com:6443', 'http://p:3128'],
    ['http takes HTTP_PROXY', 'http://k8s.example.com', 'http://q:3128'],
    ['exact host', 'https://internal.example', undefined],
    ['subdomain of a host entry', 'https://a.internal.example', undefined],
    ['a longer name is not a subdomain', 'https://notinternal.example', 'http://p:3128'],
    ['host names ignore case', 'https://A.Internal.Example', undefined],
    ['leading dot: the domain and below', 'https://x.corp:443', undefined],
    ['leading dot: the bare domain too', 'https://corp', undefined],
    ['leading *.: the domain and below', 'https://a.wild.example', undefined],
    ['IPv4 in a CIDR', 'https://10.1.2.3:6443', undefined],
    ['IPv4 outside the CIDR', 'https://11.1.2.3:6443', 'http://p:3128'],
    ['exact IPv4', 'http://192.168.1.7:8080', undefined],
    ['another IPv4', 'http://192.168.1.8', 'http://q:3128'],
    ['host:port, same port', 'https://api:6443', undefined],
    ['host:port, other port', 'https://api:443', 'http://p:3128'],
    ['bracketed IPv6 entry', 'https://[::1]:8443', undefined],
    ['IPv6 in a CIDR', 'https://[fd00::5]', undefined],
    ['IPv6 outside the CIDR', 'https://[fe80::5]', 'http://p:3128'],
    ['a name is never in a CIDR', 'https://ten.example', 'http://p:3128'],
    ['not a URL', 'not a url', undefined],
  ])('%s: %s', (_what, url, expected) => {
    expect(proxyFor(url, env)).toBe(expected);
  });

  it('sends https through HTTP_PROXY when HTTPS_PROXY is unset, never http through HTTPS_PROXY', () => {
    expect(proxyFor('https://x.example', { HTTP_PROXY: 'http://q:1' })).toBe('http://q:1');
    expect(proxyFor('http://x.example', { HTTPS_PROXY: 'http://p:1' })).toBeUndefined();
  });

  it('`*` sends everything direct, alone or in a list', () => {
    expect(bypassesProxy(new URL('https://anything'), '*')).toBe(true);
    expect(bypassesProxy(new URL('https://anything'), 'x.example, *')).toBe(true);
    expect(bypassesProxy(new URL('https://anything'), '')).toBe(false);
    expect(bypassesProxy(new URL('https://anything'), undefined)).toBe(false);
  });
});

describe('proxy credentials', () => {
  it('are redacted once read, and listed decoded for other scrubbers', () => {
    const settings = proxySettings({ HTTPS_PROXY: 'http://user:s3cr%40t-proxy-pw@proxy.example:3128' });
    expect(settings && proxyPasswords(settings)).toEqual(['s3cr@t-proxy-pw']);
    expect(redact('via http://user:s3cr%40t-proxy-pw@proxy.example:3128 (s3cr@t-proxy-pw)')).not.toMatch(
      /s3cr/,
    );
  });
});

describe('proxyDispatcher', () => {
  let origin: Server;
  let originUrl: string;
  let proxy: LoopbackProxy;
  beforeAll(async () => {
    origin = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`;
    proxy = await startLoopbackProxy();
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  });

  it('is undefined without a proxy', () => {
    expect(proxyDispatcher({ NO_PROXY: '*' })).toBeUndefined();
  });

  it.each([
    ['no NO_PROXY: through the proxy', undefined, true],
    ['host listed: direct', '127.0.0.1', false],
    ['CIDR listed: direct', '127.0.0.0/8', false],
    ['another host listed: through the proxy', 'example.org', true],
  ])('%s', async (_what, noProxy, proxied) => {
    const dispatcher = proxyDispatcher({ HTTP_PROXY: proxy.url, ...(noProxy && { NO_PROXY: noProxy }) });
    expect(dispatcher).toBeDefined();
    const before = proxy.seen.length;
    try {
      const res = await request(originUrl, { dispatcher });
      expect(await res.body.text()).toBe('ok');
    } finally {
      await dispatcher?.close();
    }
    expect(proxy.seen.length > before).toBe(proxied);
  });
});
