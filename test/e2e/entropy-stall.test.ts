// A cloud without a guest console (Nova's fake driver) makes the entropy testcases ABORT early, with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { connectOpenStack } from '../../src/clients/openstack/index.js';
import { defaultSeed, startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { openstackGatherers } from '../../src/gatherers/openstack/index.js';
import { iaasPreflight } from '../../src/probes/iaas/index.js';
import { builtinRegistry } from '../../src/probes/registry.js';
import { runPipeline } from '../../src/runner/pipeline.js';
import { compileSuite } from '../../src/standards/compile.js';
import { dataValues, loadAllData } from '../../src/standards/data.js';
import { loadScope } from '../../src/standards/load-scope.js';

let cloud: DemoCloud | undefined;
afterAll(async () => {
  await cloud?.stop();
});

describe('entropy VM on a cloud whose console never shows a guest', () => {
  it('ABORTs both entropy testcases once the console has stalled, and cleans up', async () => {
    const behaviour = defaultSeed(new Date()).behaviour;
    cloud = await startDemoCloud({
      seed: { behaviour: { ...behaviour, console: { ...behaviour.console, mode: 'fake' } } },
    });
    const client = await connectOpenStack({ config: { ...cloud.cloudConfig, name: 'demo' } });
    const suite = compileSuite(loadScope('scs-compatible-iaas'), {
      referenceDate: '2026-11-24',
      forcedVersion: 'v5.1',
      tests: 'scs-0101',
    });
    const started = Date.now();
    const report = await runPipeline({
      suite,
      registry: builtinRegistry(),
      data: dataValues(loadAllData()),
      mode: 'standard',
      argv: [],
      session: {
        clients: { openstack: client },
        gatherers: openstackGatherers,
        subject: { name: 'fake-console', kind: 'openstack', demo: true },
        assignment: {},
        options: { entropyConsoleStallMs: 1_000 },
        close: async () => undefined,
      },
      subject: { name: 'fake-console', kind: 'openstack', demo: true },
      assignment: {},
      preflight: iaasPreflight,
      concurrency: 4,
      gatherTimeoutMs: 120_000,
      probeTimeoutMs: 120_000,
      signal: new AbortController().signal,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      progress: () => undefined,
    });
    await client.close();
    expect(Date.now() - started).toBeLessThan(60_000);
    for (const tc of report.testcases) {
      expect(tc.outcome, tc.id).toBe('ABORT');
      expect(tc.message).toMatch(/no guest boot output/);
    }
    expect(report.resources.length).toBeGreaterThan(0);
    expect(report.resources.filter((r) => r.state !== 'deleted')).toEqual([]);
  });
});
