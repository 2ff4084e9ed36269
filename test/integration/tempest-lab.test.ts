// scs-0128 on the real lab: Debian's tempest, driven by scs-cert with the standard's list (in CI the documented
// subset, SCS_LAB_TEMPEST=full for the whole list), judged exactly as the lab makes it — every failed test named
// with its reason, every skipped test named — and FAIL naming the volume tests when the Block Storage API is down.
// Afterwards nothing of Tempest's or scs-cert's is left in the member's project.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import type { TestcaseReport } from '../../src/results/report.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labEnv, runScsCert, seed } from './lab.js';
import { LAB_TEMPEST, expectedFor, name, subsetNames } from './tempest-lab-expected.js';

const out = tempDir('scs-cert-lab-tempest-');
const TC = 'scs-0128-tempest-non-admin';
const FULL = process.env.SCS_LAB_TEMPEST === 'full';
const CI_SUBSET = join(PACKAGE_ROOT, 'test/integration/tempest-lab-ci.lst');
const VOLUME_SUBSET = join(PACKAGE_ROOT, 'test/integration/tempest-lab-volume.lst');

let member: OpenStackClient;
beforeAll(async () => {
  seed('baseline');
  member = await connectOpenStack({ cloud: 'lab-member', env: labEnv() });
});
afterAll(async () => {
  seed('reset');
  await member?.close();
});

/** scs-0128 through the CLI as the lab's member (Tempest needs a password account, not the application credential). */
async function tempest(subset: string | undefined) {
  const r = await runScsCert(out, [
    '--os-cloud',
    'lab-member',
    '--tests',
    TC,
    '--with-extensions',
    '--tempest',
    ...(subset ? ['--tempest-subset', subset] : []),
  ]);
  const tc = r.report.testcases.find((t) => t.id === TC);
  if (!tc) throw new Error(`no ${TC} in the report: ${r.stderr}`);
  return { ...r, tc };
}

interface Values {
  counts: { listed: number; ran: number; passed: number; failed: number; skipped: number };
  skipped: Array<{ id: string; reason: string }>;
  cleanup?: { prefix: string; deleted: string[]; failed: string[] };
}
const valuesOf = (tc: TestcaseReport) => tc.evidence?.values as unknown as Values;

/** Everything in the member's project that a Tempest run or scs-cert could have left. */
async function leftovers(): Promise<string[]> {
  const project = await member.projectId();
  const named = <T extends { name?: string | null; id: string }>(kind: string, items: T[]) =>
    items.map((i) => `${kind} ${i.name ?? i.id}`);
  const [servers, volumes, snapshots, networks, ports, routers, groups, fips, keypairs, images, pools] =
    await Promise.all([
      member.list<{ id: string; name: string }>('compute', '/servers', 'servers'),
      member.list<{ id: string; name: string | null }>('block-storage', '/volumes', 'volumes'),
      member.list<{ id: string; name: string | null }>('block-storage', '/snapshots', 'snapshots'),
      member.list<{ id: string; name: string; project_id: string }>('network', '/networks', 'networks'),
      member.list<{ id: string; name: string; project_id: string }>('network', '/ports', 'ports'),
      member.list<{ id: string; name: string }>('network', '/routers', 'routers'),
      member.list<{ id: string; name: string }>('network', '/security-groups', 'security_groups'),
      member.list<{ id: string; name?: string }>('network', '/floatingips', 'floatingips'),
      member.list<{ keypair: { name: string } }>('compute', '/os-keypairs', 'keypairs'),
      member.list<{ id: string; name: string | null; owner: string }>('image', '/images', 'images'),
      member.list<{ id: string; name: string; project_id: string }>('network', '/subnetpools', 'subnetpools'),
    ]);
  const own = <T extends { project_id?: string; owner?: string }>(items: T[]) =>
    items.filter((i) => (i.project_id ?? i.owner) === project);
  return [
    ...named('server', servers),
    ...named('volume', volumes),
    ...named('snapshot', snapshots),
    ...named('network', own(networks)),
    ...named('port', own(ports)),
    ...named('router', routers),
    ...named(
      'security-group',
      groups.filter((g) => g.name !== 'default'),
    ),
    ...named('floating-ip', fips),
    ...keypairs.map((k) => `keypair ${k.keypair.name}`),
    ...named('image', own(images)),
    ...named('subnetpool', own(pools)),
  ];
}

async function cleanupFinds(prefix: string): Promise<string> {
  const c = await runCli(['cleanup', '--os-cloud', 'lab-member', '--prefix', prefix, '--dry-run'], {
    env: labEnv(),
  });
  expect(c.code, c.stderr).toBe(0);
  return c.stdout + c.stderr;
}

describe(`scs-0128 Tempest on the lab (${FULL ? 'the whole list' : 'the CI subset'})`, () => {
  it(
    'judges the run exactly as the lab makes it: failed tests named with their reasons, skipped tests named',
    async () => {
      const subset = FULL ? undefined : CI_SUBSET;
      const { tc, report } = await tempest(subset);
      const ran = FULL ? LAB_TEMPEST.map((t) => t.test) : subsetNames(CI_SUBSET);
      const want = expectedFor(ran);
      const values = valuesOf(tc);
      // FAIL names every failed test, each with the reason Tempest gave
      const offenders = (tc.evidence?.offenders ?? []).map((o) => ({
        test: name(o.resource),
        problem: o.problem,
      }));
      expect(offenders.map((o) => o.test).sort()).toEqual(want.fail.map((t) => t.test).sort());
      for (const o of offenders) {
        const e = want.fail.find((t) => t.test === o.test)!;
        expect(o.problem, o.test).toMatch(e.detail);
      }
      // … and every skipped test with its reason
      expect(values.skipped.map((s) => name(s.id)).sort()).toEqual(want.skip.map((t) => t.test).sort());
      for (const s of values.skipped) {
        const e = want.skip.find((t) => t.test === name(s.id))!;
        expect(s.reason, s.id).toMatch(e.detail);
      }
      expect(values.counts).toMatchObject({
        ran: ran.length,
        failed: want.fail.length,
        skipped: want.skip.length,
        passed: want.pass.length,
      });
      if (want.fail.length) {
        expect(tc.outcome).toBe('FAIL');
        expect(tc.messageId).toBe('tempest-failures');
      } else {
        expect(tc.outcome).toBe(FULL ? 'PASS' : 'ABORT');
      }
      // nothing left behind: Tempest's leftovers deleted, the member's network scs-cert made for the run too
      expect(values.cleanup?.failed).toEqual([]);
      const made = report.resources.filter((x) => /tempest-(net|subnet)$/.test(x.name));
      expect(made.map((x) => `${x.kind} ${x.state}`).sort()).toEqual(['network deleted', 'subnet deleted']);
      expect(await leftovers()).toEqual([]);
      expect(await cleanupFinds('tempest-')).toMatch(/^0 found/m);
      expect(await cleanupFinds('scs-cert-')).toMatch(/^0 found/m);
    },
    (FULL ? 60 : 35) * 60_000,
  );

  it(
    'with the Block Storage API down (scenario tempest-broken-volume) it FAILs naming the volume tests',
    async () => {
      seed('tempest-broken-volume');
      try {
        const { tc } = await tempest(VOLUME_SUBSET);
        const ran = subsetNames(VOLUME_SUBSET);
        const volume = ran.filter((t) => /\.volumes?\./.test(t));
        expect(tc.outcome).toBe('FAIL');
        const offenders = (tc.evidence?.offenders ?? []).map((o) => name(o.resource)).sort();
        expect(offenders).toEqual(volume.sort());
        for (const o of tc.evidence?.offenders ?? [])
          expect(o.problem, o.resource).toMatch(/refused|Connection|\b503\b|Unexpected response code/i);
        expect(tc.message).toContain('failed test(s) from the scs-0128 list');
        // the tests that need no volume still pass
        expect(valuesOf(tc).counts.passed).toBe(ran.length - volume.length);
      } finally {
        seed('reset');
      }
      expect(await leftovers()).toEqual([]);
      expect(await cleanupFinds('tempest-')).toMatch(/^0 found/m);
    },
    15 * 60_000,
  );
});
