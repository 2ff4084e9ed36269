// scs-0214-node-distribution against node tables drawn from scs-0214-v2's rules.
import { describe, expect, it } from 'vitest';
import type { K8sNode } from '../../../src/artifacts/kaas.js';
import probe from '../../../src/probes/kaas/scs-0214-node-distribution.js';
import { probeContext } from '../helpers.js';

const node = (
  name: string,
  o: { cp?: boolean; zone?: string; region?: string; host?: string } = {},
): K8sNode => ({
  name,
  labels: {
    'kubernetes.io/hostname': o.host ?? name,
    ...(o.cp ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    ...(o.zone !== undefined ? { 'topology.kubernetes.io/zone': o.zone } : {}),
    ...(o.region !== undefined ? { 'topology.kubernetes.io/region': o.region } : {}),
  },
  taints: [],
});
const z = (zone: string) => ({ zone, region: 'r1' });

const table: Array<{
  name: string;
  nodes: K8sNode[];
  outcome: string;
  messageId: string;
  warning?: RegExp;
  reference?: string;
}> = [
  {
    name: '3 control planes + 3 workers in 3 zones',
    nodes: [
      node('cp0', { cp: true, ...z('a') }),
      node('cp1', { cp: true, ...z('b') }),
      node('cp2', { cp: true, ...z('c') }),
      node('w0', z('a')),
      node('w1', z('b')),
      node('w2', z('c')),
    ],
    outcome: 'PASS',
    messageId: 'node-distribution-ok',
  },
  {
    name: 'a worker without region label (MUST)',
    nodes: [
      node('cp0', { cp: true, ...z('a') }),
      node('cp1', { cp: true, ...z('b') }),
      node('w0', { zone: 'a' }),
    ],
    outcome: 'FAIL',
    messageId: 'topology-labels-missing',
    reference: 'FAIL',
  },
  {
    name: 'an empty zone label counts as missing',
    nodes: [
      node('cp0', { cp: true, ...z('a') }),
      node('cp1', { cp: true, ...z('b') }),
      node('w0', { zone: '', region: 'r1' }),
    ],
    outcome: 'FAIL',
    messageId: 'topology-labels-missing',
  },
  {
    name: 'one control-plane node (MUST: several machines)',
    nodes: [node('cp0', { cp: true, ...z('a') }), node('w0', z('a')), node('w1', z('b'))],
    outcome: 'FAIL',
    messageId: 'control-plane-not-distributed',
    reference: 'PASS',
  },
  {
    name: 'two control-plane nodes on the same host',
    nodes: [
      node('cp0', { cp: true, host: 'h1', ...z('a') }),
      node('cp1', { cp: true, host: 'h1', ...z('b') }),
      node('w0', z('a')),
    ],
    outcome: 'FAIL',
    messageId: 'control-plane-not-distributed',
  },
  {
    name: 'control plane in a single zone (SHOULD): warning',
    nodes: [
      node('cp0', { cp: true, ...z('a') }),
      node('cp1', { cp: true, ...z('a') }),
      node('cp2', { cp: true, ...z('a') }),
      node('w0', z('a')),
      node('w1', z('b')),
    ],
    outcome: 'PASS',
    messageId: 'node-distribution-ok',
    warning: /control-plane nodes are in one failure zone/,
  },
  {
    name: 'workers in a single zone (RECOMMENDED): warning',
    nodes: [
      node('cp0', { cp: true, ...z('a') }),
      node('cp1', { cp: true, ...z('b') }),
      node('w0', z('a')),
      node('w1', z('a')),
    ],
    outcome: 'PASS',
    messageId: 'node-distribution-ok',
    warning: /worker nodes are in one failure zone/,
  },
  {
    name: 'managed control plane not visible: warning',
    nodes: [node('w0', z('a')), node('w1', z('b'))],
    outcome: 'PASS',
    messageId: 'node-distribution-ok',
    warning: /no control-plane node is visible/,
  },
  {
    name: 'a legacy master label counts as control plane',
    nodes: [
      {
        ...node('m0', z('a')),
        labels: { ...node('m0', z('a')).labels, 'node-role.kubernetes.io/master': '' },
      },
      node('w0', z('a')),
    ],
    outcome: 'FAIL',
    messageId: 'control-plane-not-distributed',
  },
];

describe('scs-0214-node-distribution', () => {
  for (const t of table) {
    it(`${t.name}: ${t.outcome}`, () => {
      const r = probe.evaluate({ Nodes: t.nodes }, probeContext());
      expect([r.outcome, r.messageId]).toEqual([t.outcome, t.messageId]);
      if (t.warning) expect(r.warnings?.join('\n')).toMatch(t.warning);
      if (t.outcome === 'FAIL') expect(r.evidence?.offenders?.length).toBeGreaterThan(0);
      if (t.reference)
        expect(probe.evaluate({ Nodes: t.nodes }, probeContext({ mode: 'reference' })).outcome).toBe(
          t.reference,
        );
    });
  }
  it('names the deviation when the single control-plane node decides', () => {
    const r = probe.evaluate({ Nodes: table[3]!.nodes }, probeContext());
    expect(r.deviations).toEqual(['single-control-plane-node']);
  });
  it('ABORTs on an empty node list and throws without the artifact', () => {
    expect(probe.evaluate({ Nodes: [] }, probeContext()).outcome).toBe('ABORT');
    expect(() => probe.evaluate({}, probeContext())).toThrow(/Nodes missing/);
  });
});
