// Release-data fetcher against recorded upstream answers (undici MockAgent, no network), snapshots, and `data fetch`.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchReleaseData, pool } from '../../../src/clients/release-data/fetcher.js';
import { loadSnapshot, saveSnapshot, ReleaseDataError } from '../../../src/clients/release-data/index.js';
import { main } from '../../../src/cli/main.js';
import { EXIT } from '../../../src/core/exit-codes.js';
import { DEMO_RELEASE_DATA } from '../../../src/targets/kubernetes-session.js';

const GH = 'https://api.github.com';
const FEED = 'https://kubernetes.io';
const MITRE = 'https://cveawg.mitre.org';

const release = (i: number) => ({
  tag_name: `v1.37.${i}`,
  published_at: `2026-0${1 + (i % 9)}-10T16:00:00Z`,
  draft: false,
  prerelease: false,
  html_url: 'x',
  assets: [],
  body: 'long notes that are dropped',
});

function cveRecord(id: string, score: number) {
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: id, datePublished: '2026-10-01T00:00:00Z', state: 'PUBLISHED' },
    containers: {
      cna: {
        title: 'something long',
        descriptions: [{ lang: 'en', value: 'text' }],
        affected: [
          {
            vendor: 'Kubernetes',
            product: 'Kubernetes',
            versions: [{ version: '1.37.0', lessThan: '1.37.3', status: 'affected' }],
          },
        ],
        metrics: [{ format: 'CVSS', cvssV3_1: { version: '3.1', baseScore: score } }],
      },
      adp: [{ metrics: [{ other: {} }] }],
    },
  };
}

/** Upstream as recorded: two release pages, the feed with three CVEs, one record failing with 503. */
function upstream(opts: { token?: string } = {}): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const gh = agent.get(GH);
  gh.intercept({
    path: '/repos/kubernetes/kubernetes/releases?per_page=100&page=1',
    headers: (h) =>
      h['x-github-api-version'] === '2022-11-28' &&
      (!opts.token || h.authorization === `Bearer ${opts.token}`),
  }).reply(
    200,
    Array.from({ length: 100 }, (_, i) => release(i)),
  );
  gh.intercept({ path: '/repos/kubernetes/kubernetes/releases?per_page=100&page=2' }).reply(200, [
    release(100),
    { ...release(101), draft: true, published_at: null },
  ]);
  agent
    .get(FEED)
    .intercept({ path: '/docs/reference/issues-security/official-cve-feed/index.json' })
    .reply(200, {
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: 'CVE-2026-1001' }, { id: 'CVE-2026-1002' }, { id: 'CVE-2026-1003' }, { id: 'not-a-cve' }],
    });
  const m = agent.get(MITRE);
  m.intercept({ path: '/api/cve/CVE-2026-1001' }).reply(200, cveRecord('CVE-2026-1001', 9.8));
  m.intercept({ path: '/api/cve/CVE-2026-1002' }).reply(200, cveRecord('CVE-2026-1002', 5.0));
  m.intercept({ path: '/api/cve/CVE-2026-1003' }).reply(503, 'busy');
  return agent;
}

describe('fetchReleaseData', () => {
  it('reads releases (two pages), the feed and every record, keeping failures per record', async () => {
    const agent = upstream({ token: 'ghp_example' });
    const d = await fetchReleaseData({
      dispatcher: agent,
      githubToken: 'ghp_example',
      now: () => new Date('2026-11-25T12:00:00Z'),
    });
    expect(d.source).toBe('network');
    expect(d.fetchedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(d.releases).toHaveLength(102);
    expect(d.releases[0]).toEqual({
      tag_name: 'v1.37.0',
      published_at: '2026-01-10T16:00:00Z',
      draft: false,
      prerelease: false,
    });
    expect(d.releases[101]).toMatchObject({ draft: true, published_at: null });
    expect(d.cveIds).toEqual(['CVE-2026-1001', 'CVE-2026-1002', 'CVE-2026-1003']);
    expect(d.cves.map((c) => c.id)).toEqual(['CVE-2026-1001', 'CVE-2026-1002']);
    expect(d.cves[0]).toEqual({
      id: 'CVE-2026-1001',
      datePublished: '2026-10-01T00:00:00Z',
      affected: [
        {
          vendor: 'Kubernetes',
          product: 'Kubernetes',
          versions: [{ version: '1.37.0', lessThan: '1.37.3', status: 'affected' }],
        },
      ],
      metrics: [{ format: 'CVSS', cvssV3_1: { version: '3.1', baseScore: 9.8 } }],
    });
    expect(d.cveErrors).toEqual([{ id: 'CVE-2026-1003', error: expect.stringContaining('HTTP 503') }]);
    agent.assertNoPendingInterceptors();
  });

  it('ends in one clear error when upstream is unreachable', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const err = await fetchReleaseData({ dispatcher: agent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseDataError);
    expect((err as Error).message).toMatch(
      /^cannot reach (api\.github\.com|kubernetes\.io) \(.+\) for Kubernetes release data — on a machine with internet run `scs-cert data fetch --out DIR` and pass --release-data DIR$/,
    );
  });

  it('explains an exhausted GitHub rate limit', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(GH)
      .intercept({ path: /releases/ })
      .reply(403, { message: 'API rate limit exceeded' }, { headers: { 'x-ratelimit-remaining': '0' } });
    agent
      .get(FEED)
      .intercept({ path: /index.json/ })
      .reply(200, { items: [] });
    await expect(fetchReleaseData({ dispatcher: agent })).rejects.toThrow(
      /rate limit is used up \(HTTP 403\) — set GITHUB_TOKEN/,
    );
  });

  it('answers from the cache while it is fresh', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'scs-cert-cache-'));
    const first = await fetchReleaseData({ dispatcher: upstream(), cacheDir });
    const offline = new MockAgent();
    offline.disableNetConnect();
    offline
      .get(MITRE)
      .intercept({ path: '/api/cve/CVE-2026-1003' })
      .reply(200, cveRecord('CVE-2026-1003', 8.0));
    const second = await fetchReleaseData({ dispatcher: offline, cacheDir });
    expect(second.releases).toEqual(first.releases);
    expect(second.cves.map((c) => c.id)).toEqual(['CVE-2026-1001', 'CVE-2026-1002', 'CVE-2026-1003']);
    expect(existsSync(join(cacheDir, 'cve', 'CVE-2026-1001.json'))).toBe(true);
  });

  it('bounds the number of requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await pool([...Array(20).keys()], 3, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return i * 2;
    });
    expect(most).toBe(3);
    expect(out).toEqual([...Array(20).keys()].map((i) => i * 2));
  });
});

describe('snapshots', () => {
  it('round-trip through save and load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-cert-snap-'));
    const d = await fetchReleaseData({ dispatcher: upstream() });
    saveSnapshot(dir, d);
    const back = loadSnapshot(dir);
    expect(back).toEqual({ ...d, source: 'snapshot', location: dir });
    expect(JSON.parse(readFileSync(join(dir, 'cve', 'CVE-2026-1001.json'), 'utf8'))).toMatchObject({
      cveMetadata: { cveId: 'CVE-2026-1001' },
      containers: { cna: { metrics: expect.any(Array), affected: expect.any(Array) } },
    });
  });

  it('name what is wrong with a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-cert-snap-'));
    expect(() => loadSnapshot(join(dir, 'none'))).toThrow(
      /does not exist — create it with `scs-cert data fetch --out/,
    );
    expect(() => loadSnapshot(dir)).toThrow(/lacks its description snapshot.json/);
    writeFileSync(join(dir, 'snapshot.json'), '{"format":"other"}');
    expect(() => loadSnapshot(dir)).toThrow(/is not a scs-cert\/k8s-release-data@1 description/);
  });

  it('the bundled demo snapshot loads and says it is demo data', () => {
    const d = loadSnapshot(DEMO_RELEASE_DATA);
    expect(d.note).toMatch(/^DEMO DATA/);
    expect(d.releases.length).toBeGreaterThan(10);
    expect(d.cveErrors).toEqual([]);
  });
});

describe('scs-cert data fetch', () => {
  let saved: Dispatcher | undefined;
  afterEach(() => {
    if (saved) setGlobalDispatcher(saved);
  });
  const io = (cwd: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: {
        stdout: (t: string) => out.push(t),
        stderr: (t: string) => err.push(t),
        isTTY: false,
        env: { HOME: cwd },
        cwd,
      },
      out,
      err,
    };
  };

  it('writes a snapshot, reports a partial one with exit 2', async () => {
    saved = getGlobalDispatcher();
    setGlobalDispatcher(upstream());
    const cwd = mkdtempSync(join(tmpdir(), 'scs-cert-cmd-'));
    const t = io(cwd);
    const code = await main(['data', 'fetch', '--out', 'snap', '--no-cache'], t.io);
    expect(t.out.join('')).toMatch(/^saved 102 releases and 2\/3 CVE records \(fetched .+\) to .+\/snap\n$/);
    expect(t.err.join('')).toContain('1 CVE record(s) could not be fetched (CVE-2026-1003)');
    expect(code).toBe(EXIT.INCOMPLETE);
    expect(loadSnapshot(join(cwd, 'snap')).cves).toHaveLength(2);
  });

  it('fails with one line when offline', async () => {
    saved = getGlobalDispatcher();
    const agent = new MockAgent();
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
    const cwd = mkdtempSync(join(tmpdir(), 'scs-cert-cmd-'));
    const t = io(cwd);
    const code = await main(['data', 'fetch', '--no-cache'], t.io);
    expect(code).toBe(EXIT.INCOMPLETE);
    expect(t.err.join('')).toMatch(
      /^scs-cert: cannot reach .+ — on a machine with internet run `scs-cert data fetch --out DIR` and pass --release-data DIR\n$/,
    );
    expect(existsSync(join(cwd, '.scs-cert'))).toBe(false);
  });

  it('rejects a bad --concurrency', async () => {
    const t = io(mkdtempSync(join(tmpdir(), 'scs-cert-cmd-')));
    expect(await main(['data', 'fetch', '--concurrency', '0'], t.io)).toBe(EXIT.USAGE);
    expect(t.err.join('')).toContain('--concurrency 0 must be a whole number from 1 to 32');
  });
});
