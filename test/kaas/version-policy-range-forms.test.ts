// version-policy-check over every form of a CVE JSON 5 affected range (and of the release data): the standard's
// verdict, the reference script's, and never a PASS where data cannot be read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asRelease } from '../../src/clients/release-data/snapshot.js';
import probe from '../../src/probes/kaas/version-policy-check.js';
import { fixture, probeContext, type VersionPolicyScenario, versionPolicyArtifacts } from './helpers.js';

interface Form {
  name: string;
  now?: string;
  gitVersion?: string;
  defaultStatus?: string;
  versions: unknown[];
  releases?: VersionPolicyScenario['releases'];
  expect: VersionPolicyScenario['expect'] & { message?: string };
  reference: string;
}

const base = parse(readFileSync(fixture('version-policy', 'scenarios.yaml'), 'utf8')) as {
  base: { releases: VersionPolicyScenario['releases'] };
};
const table = parse(readFileSync(fixture('version-policy', 'range-forms.yaml'), 'utf8')) as {
  defaults: { now: string; gitVersion: string };
  forms: Form[];
};

function scenario(f: Form): VersionPolicyScenario {
  return {
    name: f.name,
    now: f.now ?? table.defaults.now,
    gitVersion: f.gitVersion ?? table.defaults.gitVersion,
    ...(f.releases ? { releases: f.releases } : {}),
    cves: [
      {
        id: 'CVE-2026-2000',
        metrics: [
          { cvssV3_1: { baseScore: 8.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' } },
        ],
        affected: [
          {
            vendor: 'Kubernetes',
            product: 'Kubernetes',
            ...(f.defaultStatus ? { defaultStatus: f.defaultStatus } : {}),
            versions: f.versions,
          },
        ],
      },
    ],
    expect: f.expect,
    reference: f.reference,
  };
}

describe('version-policy-check: every range form of the CVE feed', () => {
  it('covers version, lessThan, lessThanOrEqual, *, changes, each status and versionType', () => {
    const text = JSON.stringify(table.forms.map((f) => f.versions));
    for (const needle of [
      'lessThan"',
      'lessThanOrEqual',
      '*',
      'changes',
      '"unaffected"',
      '"unknown"',
      '"affected"',
    ])
      expect(text).toContain(needle);
    for (const t of ['semver', 'custom', 'git']) expect(text).toContain(`"versionType":"${t}"`);
  });

  for (const f of table.forms) {
    it(`${f.name}: ${f.expect.outcome} (${f.expect.messageId}), reference ${f.reference}`, () => {
      const s = scenario(f);
      const artifacts = versionPolicyArtifacts(s, base.base.releases);
      const r = probe.evaluate(artifacts, probeContext({ now: s.now }));
      expect([r.outcome, r.messageId]).toEqual([f.expect.outcome, f.expect.messageId]);
      if (f.expect.message) expect(r.message).toContain(f.expect.message);
      if (f.expect.warning) expect((r.warnings ?? []).join('\n')).toContain(f.expect.warning);
      expect([...(r.deviations ?? [])].sort()).toEqual([...(f.expect.deviations ?? [])].sort());
      const ref = probe.evaluate(artifacts, probeContext({ now: s.now, mode: 'reference' }));
      expect(ref.outcome).toBe(f.reference);
    });
  }

  it('no form whose data cannot be read gives PASS in either reading', () => {
    for (const f of table.forms.filter((x) => /no version|no time|outside the format|git/.test(x.name))) {
      const s = scenario(f);
      const artifacts = versionPolicyArtifacts(s, base.base.releases);
      expect(probe.evaluate(artifacts, probeContext({ now: s.now })).outcome, f.name).not.toBe('PASS');
    }
  });
});

describe('release data as read from GitHub or a snapshot', () => {
  it('keeps a release whose tag is not text, so the judge names it instead of missing a patch', () => {
    const odd = asRelease({ tag_name: 1.374, published_at: '2026-11-12T16:00:00Z', draft: false });
    expect(odd).toEqual({
      tag_name: '1.374',
      published_at: '2026-11-12T16:00:00Z',
      draft: false,
      prerelease: false,
    });
    const s = scenario({ ...table.forms[1]!, releases: [odd!] });
    const r = probe.evaluate(versionPolicyArtifacts(s, base.base.releases), probeContext({ now: s.now }));
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'release-data-unreadable']);
  });
});
