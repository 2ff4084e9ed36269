// kaas-networking-check: verdicts from NetworkPolicy-focused Sonobuoy archives in the real layout.
import { describe, expect, it } from 'vitest';
import networking from '../../../src/probes/kaas/kaas-networking-check.js';
import { readSonobuoyResults } from '../../../src/clients/sonobuoy/results.js';
import { NON_DISRUPTIVE_SKIP } from '../../../src/kaas/sonobuoy-run.js';
import { probeContext } from '../helpers.js';
import { archive, passedConformance } from '../sonobuoy/fixtures.js';

const ctx = () => probeContext();

describe('kaas-networking-check verdicts', () => {
  const np = (s: string) => `[sig-network] Netpol NetworkPolicy between server and client ${s}`;
  it('PASSes NetworkPolicy tests with excepted Cilium CIDR failures', async () => {
    const file = await archive('np', {
      run: { focus: 'NetworkPolicy', skip: NON_DISRUPTIVE_SKIP },
      tests: [
        {
          name: np('should support a default-deny ingress policy [Feature:NetworkPolicy]'),
          status: 'passed',
        },
        {
          name: np('should allow egress access to server in CIDR block [Feature:NetworkPolicy]'),
          status: 'failed',
          failure: 'x',
        },
        { name: np('should enforce policy based on Ports [Feature:NetworkPolicy]'), status: 'passed' },
      ],
    });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('cilium/cilium/issues/9209');
  });

  it('FAILs a failed NetworkPolicy test', async () => {
    const file = await archive('npfail', {
      run: { focus: 'NetworkPolicy', skip: NON_DISRUPTIVE_SKIP },
      tests: [
        {
          name: np('should deny ingress from pods on other namespaces [Feature:NetworkPolicy]'),
          status: 'failed',
          failure: 'pod reached',
        },
      ],
    });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders?.[0]?.resource).toContain(
      'should deny ingress from pods on other namespaces',
    );
  });

  it('ABORTs on a conformance archive without NetworkPolicy tests', async () => {
    const file = await archive('npnone', { tests: passedConformance });
    const r = networking.evaluate({ SonobuoyNetworking: await readSonobuoyResults(file) }, ctx());
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'sonobuoy-no-tests']);
  });
});
