// scs-0121 on the real lab: two compute AZs (two fake compute hosts, one host aggregate each) and two storage AZs
// (two Cinder backends with backend_availability_zone). Nova refuses a cross-AZ attach on the baseline
// ([cinder] cross_az_attach = False) and carries it out in scenario cross-az-attach-allowed, which the standard's
// SHOULD NOT makes a warning, never a failure; the server and volume of the attempt are deleted either way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailabilityZones, CrossAzAttachCheck } from '../../src/artifacts/iaas/availability-zones.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { labEnv, runScsCert, seed } from './lab.js';

const out = tempDir('scs-cert-lab-az-');
const TESTCASE = 'scs-0121-v1-availability-zones';
let runs = 0;

beforeAll(() => {
  labEnv();
  seed('baseline');
});
afterAll(() => {
  seed('reset');
});

/** The scs-0121 testcase as the certification identity, with the gathered artifacts saved beside the report. */
async function az() {
  const artifacts = join(out, `artifacts-${++runs}`);
  const r = await runScsCert(out, [
    '--os-cloud',
    'lab-appcred',
    '--tests',
    TESTCASE,
    '--with-extensions',
    '--save-artifacts',
    artifacts,
  ]);
  const read = <T>(name: string) => JSON.parse(readFileSync(join(artifacts, `${name}.json`), 'utf8')) as T;
  const tc = r.report.testcases.find((t) => t.id === TESTCASE)!;
  return {
    r,
    tc,
    zones: read<AvailabilityZones>('AvailabilityZones'),
    cross: read<CrossAzAttachCheck>('CrossAzAttachCheck'),
  };
}

async function nothingLeft() {
  const c = await runCli(['cleanup', '--os-cloud', 'lab-appcred', '--prefix', 'scs-cert-', '--dry-run'], {
    env: labEnv(),
  });
  expect(c.code, c.stderr).toBe(0);
  expect(c.stdout).toMatch(/^0 found, 0 deleted/m);
}

describe('scs-0121 availability zones on the lab', () => {
  it('baseline: two compute and two storage AZs; the cross-AZ attach is refused; nothing is left', async () => {
    const { r, tc, zones, cross } = await az();
    expect(zones.compute).toMatchObject({ present: true, zones: ['az1', 'az2'], unavailable: [] });
    expect(zones.volume).toMatchObject({ present: true, zones: ['az1', 'az2'], unavailable: [] });
    expect(zones.catalogRegions).toEqual(['RegionOne']);
    // Host aggregates are admin-only by Nova's default policy: a member sees them as refused.
    expect(zones.aggregates).toMatchObject({ visible: false, status: 403 });

    expect(cross).toMatchObject({ attempted: true, computeAz: 'az1', storageAz: 'az2', attach: 'refused' });
    expect(cross.status).toBe(400);
    expect(cross.detail).toMatch(/not in the same availability_zone\. Instance is in az1\. Volume is in az2/);

    expect(tc.outcome, tc.message).toBe('PASS');
    expect(tc.messageId).toBe('az-cross-attach-refused');
    expect(tc.message).toContain(
      '2 compute AZ(s) [az1, az2], 2 storage AZ(s) [az1, az2] in region RegionOne',
    );
    expect(tc.warnings ?? []).toEqual([]);
    expect(tc.extension).toBe(true);

    const made = r.report.resources.map((x) => x.kind).sort();
    expect(made).toEqual(['server', 'volume']);
    expect(r.report.resources.filter((x) => x.state !== 'deleted')).toEqual([]);
    await nothingLeft();
  });

  it('cross-az-attach-allowed: the attach succeeds, reported as a warning (SHOULD NOT), not a failure', async () => {
    seed('cross-az-attach-allowed');
    const { r, tc, cross } = await az();
    expect(cross).toMatchObject({ attempted: true, computeAz: 'az1', storageAz: 'az2', attach: 'allowed' });
    expect(cross.detail).toBe('Nova accepted the attach; the volume ended in-use');

    expect(tc.outcome, tc.message).toBe('PASS');
    expect(tc.messageId).toBe('az-cross-attach-possible');
    expect(tc.warnings).toEqual([
      'cross-attach is possible: a volume of storage AZ az2 was attached to a server in compute AZ az1; scs-0121 says this SHOULD NOT be possible (set [cinder] cross_az_attach = False in nova.conf)',
    ]);
    expect(tc.evidence?.offenders).toEqual([
      { resource: 'az2 -> az1', problem: 'cross-AZ attach allowed (SHOULD NOT)' },
    ]);
    expect(r.report.resources.filter((x) => x.state !== 'deleted')).toEqual([]);
    await nothingLeft();

    // The reset to the baseline refuses the attach again.
    seed('baseline');
    const again = await az();
    expect(again.cross.attach).toBe('refused');
  });
});
