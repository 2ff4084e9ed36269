// A forward proxy on 127.0.0.1 for tests and benchmarks: forwards absolute-form HTTP requests and tunnels CONNECT,
// recording and counting what passed through. Plain JavaScript (typed by loopback-proxy.d.mts) so that the .mjs
// benchmarks and the TypeScript tests share it.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Starts the proxy on an ephemeral loopback port.
 * @param {import('./loopback-proxy.d.mts').LoopbackProxyOptions} [options]
 * @returns {Promise<import('./loopback-proxy.d.mts').LoopbackProxy>}
 */
export async function startLoopbackProxy(options = {}) {
  const { plain = true, tunnelTo = () => true, lookInsideTunnels = false, terminateTls } = options;
  /** @type {string[]} */
  const seen = [];
  /** @type {string[]} */
  const tunnels = [];
  const counts = { requests: 0, tunnels: 0, tlsTunnels: 0 };
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    // A forward proxy gets the absolute URL on the request line.
    seen.push(`${req.method} ${req.url}`);
    if (!plain) {
      res.writeHead(405).end('this proxy only tunnels (CONNECT)');
      return;
    }
    let target;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    forward(
      { host: target.hostname, port: target.port || 80, path: target.pathname + target.search },
      req,
      res,
    );
  });
  /** Counts one HTTP request and carries it to its destination (over TLS when it came over TLS). */
  const forward = (
    /** @type {{ host: string, port: string | number, path: string, tls?: boolean }} */ target,
    /** @type {http.IncomingMessage} */ req,
    /** @type {http.ServerResponse} */ res,
  ) => {
    counts.requests++;
    const options = { host: target.host, port: target.port, method: req.method, path: target.path, headers: req.headers };
    const up = (target.tls ? https : http).request(
      target.tls ? { ...options, ca: terminateTls?.ca, agent: false } : options,
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(up);
  };
  /** @type {http.Server[]} */
  const innerServers = [];
  /** @type {Map<string, Promise<number>>} */
  const inner = new Map();
  // Plain HTTP inside a tunnel (undici tunnels http:// too): one loopback HTTP server per destination parses and
  // counts its requests, so a client that tunnels is counted like one that sends absolute-form requests.
  // With `terminateTls`, a TLS tunnel ends at such a server too (HTTPS, presenting the given certificate), which
  // forwards each request over TLS to the destination.
  const innerPortFor = (/** @type {string} */ host, /** @type {number} */ port, tls = false) => {
    const key = `${tls ? 'https' : 'http'}://${host}:${port}`;
    let ready = inner.get(key);
    if (!ready) {
      /** @type {http.RequestListener} */
      const handler = (req, res) => forward({ host, port, path: req.url ?? '/', tls }, req, res);
      const s =
        tls && terminateTls
          ? https.createServer({ cert: terminateTls.cert, key: terminateTls.key }, handler)
          : http.createServer(handler);
      s.on(tls && terminateTls ? 'secureConnection' : 'connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      innerServers.push(s);
      ready = new Promise((resolve) =>
        s.listen(0, '127.0.0.1', () => {
          const a = s.address();
          resolve(typeof a === 'object' && a ? a.port : 0);
        }),
      );
      inner.set(key, ready);
    }
    return ready;
  };
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host = '', port = ''] = (req.url ?? '').split(':');
    if (!tunnelTo(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    counts.tunnels++;
    tunnels.push(req.url ?? '');
    const splice = (/** @type {net.Socket} */ up, /** @type {Buffer} */ first) => {
      sockets.add(up);
      up.on('close', () => sockets.delete(up));
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
      if (first.length) up.write(first);
      up.pipe(client);
      client.pipe(up);
    };
    if (!lookInsideTunnels) {
      const up = net.connect(Number(port) || 443, host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        splice(up, head);
      });
      up.on('error', () => client.destroy());
      return;
    }
    // Look at the tunnel's first byte: a TLS handshake (0x16) cannot be looked into and is counted apart, unless
    // the proxy may end TLS itself (`terminateTls`).
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const start = async (/** @type {Buffer} */ first) => {
      const tls = first[0] === 0x16;
      if (tls && !terminateTls) counts.tlsTunnels++;
      const target =
        tls && !terminateTls
          ? { port: Number(port) || 443, host }
          : { port: await innerPortFor(host, Number(port) || (tls ? 443 : 80), tls), host: '127.0.0.1' };
      const up = net.connect(target.port, target.host, () => splice(up, first));
      up.on('error', () => client.destroy());
    };
    if (head.length) void start(head);
    else
      client.once('data', (first) => {
        client.pause();
        void start(first);
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    tunnels,
    counts,
    reset() {
      seen.length = 0;
      tunnels.length = 0;
      counts.requests = 0;
      counts.tunnels = 0;
      counts.tlsTunnels = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [server, ...innerServers].map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))),
      );
    },
  };
}
