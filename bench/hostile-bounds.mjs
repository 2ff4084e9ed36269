#!/usr/bin/env node
// Benchmark: the client's bounds against a hostile cloud — a pagination link with a new marker on every page, and
// a 600 MB answer. Prints the GETs made, the peak RSS and the time, beside the figures of an unbounded client.
// Usage: npm run build && node bench/hostile-bounds.mjs [--body-mb 600]
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import { connectOpenStack } from '../dist/clients/openstack/index.js';

const { values } = parseArgs({ options: { 'body-mb': { type: 'string', default: '600' } } });
const bodyBytes = Number(values['body-mb']) * 1024 * 1024;
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

let url = '';
const counts = { images: 0, bodyBytesSent: 0 };
const images = Array.from({ length: 25 }, (_, i) => ({ id: `img-${i}`, name: `image ${i}`, visibility: 'public' }));
const chunk = Buffer.alloc(1024 * 1024, 'x');

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'POST' && path === '/identity/v3/auth/tokens') {
    req.resume();
    const ep = (type, prefix) => ({ type, endpoints: [{ interface: 'public', region: 'R', region_id: 'R', url: `${url}${prefix}` }] });
    res.writeHead(201, { 'Content-Type': 'application/json', 'X-Subject-Token': 'gAAAAAB-bench-token' });
    res.end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), project: { id: PROJECT }, catalog: [ep('image', '/image'), ep('compute', '/compute/v2.1')] } }));
    return;
  }
  if (path === '/image/v2/images') {
    counts.images++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    // the same 25 images, and a next link with a marker never seen before
    res.end(JSON.stringify({ images, next: `/v2/images?marker=m${counts.images}` }));
    return;
  }
  if (path === '/compute/v2.1/flavors/detail') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let sent = 0;
    const pump = () => {
      while (sent < bodyBytes) {
        sent += chunk.length;
        counts.bodyBytesSent = sent;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
    return;
  }
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
url = `http://127.0.0.1:${server.address().port}`;

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const client = await connectOpenStack({
  config: { name: 'hostile', auth: { auth_url: `${url}/identity/v3`, username: 'u', password: 'p', project_name: 'x', user_domain_name: 'Default', project_domain_name: 'Default' }, region_name: 'R' },
  env: {},
});
const base = process.memoryUsage().rss;

peak = 0;
let t = performance.now();
const listed = await client.list('image', '/images', 'images');
console.log(`pagination loop:  ${counts.images} GETs (unbounded: 10000), ${listed.length} images (25 distinct; unbounded: 250000), peak RSS ${mb(Math.max(peak, process.memoryUsage().rss))} (unbounded: 1.8 GB), ${(performance.now() - t).toFixed(0)} ms`);

peak = 0;
t = performance.now();
let outcome;
try {
  await client.get('compute', '/flavors/detail');
  outcome = 'read in full (no bound!)';
} catch (err) {
  outcome = `${err.name}`;
}
await new Promise((r) => setTimeout(r, 50));
console.log(`${mb(bodyBytes)} answer:  ${outcome}; ${mb(counts.bodyBytesSent)} produced by the server before the cut, peak RSS ${mb(peak)} (unbounded: 1.39 GB; process base ${mb(base)}), ${(performance.now() - t).toFixed(0)} ms`);

clearInterval(sampler);
await client.close();
server.closeAllConnections();
server.close();
