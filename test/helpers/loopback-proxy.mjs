// A forward proxy on 127.0.0.1 for tests and benchmarks: forwards absolute-form HTTP requests and tunnels CONNECT,
// recording and counting what passed through. Plain JavaScript (typed by loopback-proxy.d.mts) so that the .mjs
// benchmarks and the TypeScript tests share it.
import http from 'node:http';
import net from 'node:net';

/**
 * Starts the proxy on an ephemeral loopback port.
 * @param {import('./loopback-proxy.d.mts').LoopbackProxyOptions} [options]
 * @returns {Promise<import('./loopback-proxy.d.mts').LoopbackProxy>}
 */
export async function startLoopbackProxy(options = {}) {
  const { plain = true, tunnelTo = () => true } = options;
  /** @type {string[]} */
  const seen = [];
  /** @type {string[]} */
  const tunnels = [];
  const counts = { requests: 0, tunnels: 0 };
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    // A forward proxy gets the absolute URL on the request line.
    seen.push(`${req.method} ${req.url}`);
    if (!plain) {
      res.writeHead(405).end('this proxy only tunnels (CONNECT)');
      return;
    }
    counts.requests++;
    let target;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    const up = http.request(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: target.pathname + target.search,
        headers: req.headers,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(up);
  });
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host = '', port = ''] = (req.url ?? '').split(':');
    if (!tunnelTo(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    counts.tunnels++;
    tunnels.push(req.url ?? '');
    const up = net.connect(Number(port) || 443, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
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
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
