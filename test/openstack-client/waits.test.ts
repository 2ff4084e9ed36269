// Waits at the cloud's pace: the pause rule, what a wait reports, and a hung backup that must not hold the run.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOpenStack, type OpenStackClient } from '../../src/clients/openstack/index.js';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { nextPause, waitFor, WaitError, type WaitTiming } from '../../src/gatherers/openstack/common.js';
import { volumeBackupCheckGatherer } from '../../src/gatherers/openstack/volume-backup-check.js';
import { RunLedger } from '../../src/gatherers/ledger.js';
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
