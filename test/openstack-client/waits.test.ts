// Waits at the cloud's pace: the pause rule, what a wait reports, and a hung backup that must not hold the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import {
  nextPause,
  waitFor,
  WaitError,
  type WaitPace,
  type WaitTiming,
} from '../../src/gatherers/openstack/common.js';
import {
  BACKUP_PACE,
  learnedPace,
  restorePace,
  VOLUME_PACE,
  volumeBackupCheckGatherer,
} from '../../src/gatherers/openstack/volume-backup-check.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
import { recallPace } from '../../src/gatherers/pace-memory.js';
import type { GatherContext } from '../../src/gatherers/types.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

describe('nextPause', () => {
  it('is a tenth of the time waited, at least minMs and at most maxMs', () => {
    expect(nextPause(0)).toBe(1000);
    expect(nextPause(9_000)).toBe(1000);
    expect(nextPause(25_000)).toBe(2500);
    expect(nextPause(600_000)).toBe(10_000);
    expect(nextPause(600_000, { maxMs: 3000 })).toBe(3000);
    expect(nextPause(0, { minMs: 2000, maxMs: 1000 })).toBe(2000);
  });
});

describe('nextPause, other rules', () => {
  it('searches with another share of the time waited', () => {
    expect(nextPause(20_000, { share: 0.25, minMs: 2000 })).toBe(5000);
    expect(nextPause(4_000, { share: 0.25, minMs: 2000 })).toBe(2000);
  });

  it('predicted: a tenth of the expectation until twice it has passed, then the searched rule', () => {
    expect(nextPause(11_000, { expectMs: 20_000 })).toBe(2000);
    expect(nextPause(39_000, { expectMs: 20_000 })).toBe(2000);
    expect(nextPause(50_000, { expectMs: 20_000 })).toBe(5000);
    expect(nextPause(11_000, { expectMs: 5_000, minMs: 1000 })).toBe(1100);
    expect(nextPause(2_000, { expectMs: 5_000, minMs: 1000 })).toBe(1000);
  });
});

/** Polls and lateness of a wait whose phase ends after `endMs` (the fake client only counts pauses). */
async function simulate(pace: WaitPace, endMs: number): Promise<WaitTiming & { lateActualMs: number }> {
  let waited = 0;
  let timing: WaitTiming | undefined;
  const client = {
    sleep: async (ms: number) => void (waited += ms),
  } as unknown as OpenStackClient;
  await waitFor(client, {
    what: 'x',
    poll: async () => waited >= endMs,
    done: (v) => v,
    timeoutMs: 600_000,
    pace,
    timing: (t) => (timing = t),
  });
  return { ...timing!, lateActualMs: waited - endMs };
}

describe('VolumeBackupCheck pace (simulated phases)', () => {
  it('sees an empty volume within about a second, mostly with one poll', async () => {
    for (const end of [300, 900]) expect((await simulate(VOLUME_PACE, end)).polls).toBe(1);
    const slow = await simulate(VOLUME_PACE, 2500);
    expect(slow.lateActualMs).toBeLessThanOrEqual(1000);
  });

  it('searches a backup with a quarter-of-the-wait bound: half the polls of the tenth rule', async () => {
    for (const end of [10_000, 24_000, 60_000]) {
      const quarter = await simulate(BACKUP_PACE, end);
      const tenth = await simulate({ firstMs: 2000, minMs: 1000, maxMs: 10_000 }, end);
      expect(quarter.lateActualMs).toBeLessThanOrEqual(Math.max(2000, 0.25 * end));
      expect(quarter.polls).toBeLessThanOrEqual(Math.ceil(tenth.polls * 0.6));
    }
    // A long backup: a look every 10 s at most.
    expect((await simulate(BACKUP_PACE, 240_000)).lateActualMs).toBeLessThanOrEqual(10_000);
    expect((await simulate(BACKUP_PACE, 10_000)).polls).toBe(5);
    expect((await simulate(BACKUP_PACE, 24_000)).polls).toBe(9);
  });

  it('predicts a restore from the backup: a few polls, late by at most a tenth of the backup', async () => {
    for (const backup of [10_000, 24_000, 60_000]) {
      for (const share of [0.5, 0.55, 0.7, 0.9, 1.0]) {
        const r = await simulate(restorePace(backup), backup * share);
        expect(r.polls).toBeLessThanOrEqual(share <= 0.9 ? 5 : 6);
        expect(r.lateActualMs).toBeLessThanOrEqual(Math.max(1000, backup / 10) + 1);
      }
    }
    // Far slower than the backup: the searched rule takes over and still ends.
    const slow = await simulate(restorePace(10_000), 100_000);
    expect(slow.lateActualMs).toBeLessThanOrEqual(10_000);
  });
});

describe('VolumeBackupCheck pace learnt from an earlier run (pace memory)', () => {
  it('looks when the phase ended last time: one to three polls, late by at most a tenth of it', async () => {
    for (const expected of [9_000, 24_000, 90_000]) {
      for (const share of [0.8, 0.95, 1.0, 1.05, 1.15]) {
        const r = await simulate(learnedPace(expected), expected * share);
        expect(r.polls, `${expected} x ${share}`).toBeLessThanOrEqual(3);
        // Ending earlier than last time, it is seen at the first look, when it ended last time.
        const bound = share < 1 ? expected * (1 - share) : Math.max(1000, expected / 10);
        expect(r.lateActualMs).toBeLessThanOrEqual(bound + 1);
      }
      // Against searching: the same phase costs 5-9 polls there.
      expect((await simulate(learnedPace(expected), expected)).polls).toBeLessThan(
        (await simulate(BACKUP_PACE, expected)).polls,
      );
    }
    // A cloud that became faster is seen at the first look; one that became much slower is searched again.
    expect(await simulate(learnedPace(10_000), 4_000)).toMatchObject({ polls: 1, lateActualMs: 6_000 });
    const slower = await simulate(learnedPace(10_000), 60_000);
    expect(slower.lateActualMs).toBeLessThanOrEqual(0.25 * 60_000);
  });

  it('predicts the restore from this backup and the restore/backup ratio learnt', async () => {
    const learned = { 'volume-backup': 9_000, 'volume-restore': 8_000 };
    // This run's backup took 10 s: the restore is expected after about 8.9 s.
    const pace = restorePace(10_000, learned);
    expect(pace.firstMs).toBe(8_889);
    expect((await simulate(pace, 8_800)).polls).toBe(1);
    expect((await simulate(pace, 9_500)).polls).toBe(2);
    // Without both phases learnt, the restore is predicted from the backup alone.
    expect(restorePace(10_000, { 'volume-backup': 9_000 })).toEqual(restorePace(10_000));
  });
});

describe('waitFor', () => {
  const fakeClient = (slept: number[]) =>
    ({ sleep: async (ms: number) => void slept.push(ms) }) as unknown as OpenStackClient;

  it('keeps every pause within max(minMs, waited/10) and reports polls and the lateness bound', async () => {
    const slept: number[] = [];
    let n = 0;
    let timing: WaitTiming | undefined;
    await waitFor(fakeClient(slept), {
      what: 'x',
      poll: async () => ++n,
      done: (v) => v === 30,
      timeoutMs: 600_000,
      pace: { firstMs: 2000 },
      timing: (t) => (timing = t),
    });
    let waited = 0;
    for (const [i, ms] of slept.entries()) {
      if (i > 0) expect(ms).toBeLessThanOrEqual(Math.max(1000, waited / 10) + 1);
      waited += ms;
    }
    expect(slept[0]).toBe(2000);
    expect(timing).toEqual({ waitedMs: waited, polls: 30, lateMs: slept[slept.length - 1] });
  });

  it('gives up after timeoutMs of pauses, naming the last state', async () => {
    const slept: number[] = [];
    await expect(
      waitFor(fakeClient(slept), {
        what: 'backup b',
        poll: async () => 'creating',
        done: () => false,
        describe: (v) => `status ${v}`,
        timeoutMs: 60_000,
      }),
    ).rejects.toThrow(WaitError);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(60_000);
  });
});

async function demo(): Promise<{ cloud: DemoCloud; client: OpenStackClient }> {
  const cloud = await startDemoCloud({});
  opened.push({ close: () => cloud.stop() });
  // Sleeps a hundredth of each pause: the waits' limits count the planned pauses, so a 5-minute limit passes
  // in 3 s, while the cloud's own (real-time) transitions still come long before any limit.
  const client = await connectOpenStack({
    config: { ...cloud.cloudConfig, name: 'demo' },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / 100)),
  });
  opened.push({ close: () => client.close() });
  return { cloud, client };
}

function ctxFor(client: OpenStackClient, ledger: RunLedger): GatherContext {
  const quiet = () => undefined;
  return {
    clients: { openstack: client },
    ledger,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    progress: quiet,
    signal: new AbortController().signal,
    options: {},
    data: {},
  };
}

describe('VolumeBackupCheck pacing', () => {
  it('records each wait with the cloud time from its timestamps and how late it was seen', async () => {
    const { client } = await demo();
    const check = await volumeBackupCheckGatherer.gather(
      ctxFor(client, new RunLedger('scs-cert-abc123-')),
      {},
    );
    const waits = check.steps.filter((s) => s.wait);
    expect(waits.map((s) => s.step)).toEqual([
      'volume-available',
      'backup-available',
      'restored-volume-available',
    ]);
    for (const s of waits) {
      expect(s.wait!.polls).toBeGreaterThanOrEqual(1);
      expect(s.wait!.cloudMs).toBeGreaterThanOrEqual(0);
      expect(s.wait!.lateMs).toBeLessThanOrEqual(s.wait!.waitedMs);
    }
  });

  it('keeps the backup and restore times for the next run when given a pace memory, and uses them', async () => {
    const { client } = await demo();
    const file = join(mkdtempSync(join(tmpdir(), 'scs-cert-pace-')), 'pace.json');
    try {
      const ctx = { ...ctxFor(client, new RunLedger('scs-cert-abc123-')), options: { paceMemoryFile: file } };
      const first = await volumeBackupCheckGatherer.gather(ctx, {});
      const learned = recallPace(file, await client.endpointUrl('block-storage'));
      const took = (step: string) => {
        const w = first.steps.find((s) => s.step === step)?.wait;
        return w?.cloudMs ?? w?.waitedMs;
      };
      // A phase the embedded cloud ended within the same second has no time to keep (only positive ones are).
      const expected = Object.entries({
        'volume-backup': took('backup-available'),
        'volume-restore': took('restored-volume-available'),
      }).filter(([, ms]) => (ms ?? 0) > 0);
      expect(Object.entries(learned)).toEqual(expected);
      const second = await volumeBackupCheckGatherer.gather(
        { ...ctx, ledger: new RunLedger('scs-cert-def456-') },
        {},
      );
      expect(second.backupStatus).toBe('available');
      expect(second.restoredStatus).toBe('available');
    } finally {
      rmSync(join(file, '..'), { recursive: true, force: true });
    }
  });

  it('a backup that never leaves creating is given up after its limit and not waited for again', async () => {
    const { cloud, client } = await demo();
    cloud.state.behaviour.backupOutcome = 'stuck';
    const ledger = new RunLedger('scs-cert-abc123-');
    const check = await volumeBackupCheckGatherer.gather(ctxFor(client, ledger), {});
    const failed = check.steps.find((s) => !s.ok);
    expect(failed?.step).toBe('backup-available');
    expect(failed?.detail).toMatch(/still not there after 300 s \(status creating\)/);
    const byCall = client.stats().byCall;
    // Polls of the backup: only those of the one bounded wait (no settling, no deletion wait after it).
    expect(failed?.wait?.waitedMs).toBe(300_000);
    expect(byCall['block-storage GET /backups/{id}']).toBe(failed?.wait?.polls);
    // At most every 3 s once the wait is long: about a hundred polls for five minutes, not a settle after it.
    expect(failed?.wait?.polls).toBeLessThan(120);
    // The hung backup and its volume refuse deletion: reported as leaked, with the cause.
    const states = Object.fromEntries(ledger.entries().map((e) => [e.name, e.state]));
    expect(states).toEqual({
      'scs-cert-abc123-volume': 'leaked',
      'scs-cert-abc123-volume-backup': 'leaked',
    });
    expect(byCall['block-storage DELETE /backups/{id}']).toBe(1);
  });
});
