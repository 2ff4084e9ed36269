// version-policy-check against recorded scs-0210 scenarios with hand-worked verdicts, in both judge modes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import probe from '../../../src/probes/kaas/version-policy-check.js';
import { fixture, probeContext, type VersionPolicyScenario, versionPolicyArtifacts } from '../helpers.js';

type Scenario = VersionPolicyScenario;

const file = parse(readFileSync(fixture('version-policy', 'scenarios.yaml'), 'utf8')) as {
  base: { releases: Scenario['releases'] };
  scenarios: Scenario[];
};

const artifacts = (s: Scenario) => versionPolicyArtifacts(s, file.base.releases);

describe('version-policy-check scenarios', () => {
  it('has at least 12 scenarios covering every verdict', () => {
    expect(file.scenarios.length).toBeGreaterThanOrEqual(12);
    const ids = new Set(file.scenarios.map((s) => s.expect.messageId));
    for (const id of [
      'version-policy-ok',
      'branch-eol',
      'patch-outdated',
      'critical-cve-unpatched',
      'eol-data-outdated',
    ])
      expect(ids).toContain(id);
  });

  for (const s of file.scenarios) {
    it(`${s.name}: ${s.expect.outcome} (${s.expect.messageId}), reference ${s.reference}`, () => {
      const result = probe.evaluate(artifacts(s), probeContext({ now: s.now }));
      expect({ outcome: result.outcome, messageId: result.messageId }).toEqual({
        outcome: s.expect.outcome,
        messageId: s.expect.messageId,
      });
      if (s.expect.offenders)
        expect(result.evidence?.offenders?.map((o) => o.resource)).toEqual(s.expect.offenders);
      if (s.expect.deviations)
        for (const d of s.expect.deviations) expect(result.deviations ?? []).toContain(d);
      else expect(result.deviations).toBeUndefined();
      if (s.expect.warning) expect((result.warnings ?? []).join('\n')).toContain(s.expect.warning);
      if (s.expect.noWarning) expect((result.warnings ?? []).join('\n')).not.toContain(s.expect.noWarning);
      expect(result.message.length).toBeGreaterThan(10);

      const ref = probe.evaluate(artifacts(s), probeContext({ now: s.now, mode: 'reference' }));
      expect(ref.outcome).toBe(s.reference);
    });
  }
});

describe('version-policy-check input handling', () => {
  const s = file.scenarios[0]!;
  it('throws (ABORT) without the version artifact', () => {
    expect(() => probe.evaluate({ K8sReleaseData: artifacts(s).K8sReleaseData }, probeContext())).toThrow(
      /K8sVersion/,
    );
  });
  it('throws (ABORT) without end-of-life data', () => {
    expect(() => probe.evaluate(artifacts(s), probeContext({ data: {} }))).toThrow(/k8s-eol/);
  });
  it('names the upgrade target on FAIL', () => {
    const r = probe.evaluate(
      artifacts({ ...s, gitVersion: 'v1.37.0' }),
      probeContext({ now: '2026-11-25T12:00:00Z' }),
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.message).toContain('upgrade to 1.37.3');
  });
});
