// Shared Sonobuoy test data: e2e test names and a tarball writer in the real results layout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SonobuoyTest } from '../../../src/artifacts/kaas.js';
import { writeSonobuoyArchive } from '../../../src/democluster/sonobuoy-archive.js';

export const C = (name: string) => `[sig-${name}] [Conformance]`;
export const passedConformance: SonobuoyTest[] = [
  { name: '[sig-apps] Deployment deployment should support rollover [Conformance]', status: 'passed' },
  {
    name: '[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]',
    status: 'passed',
  },
  {
    name: '[sig-storage] ConfigMap should be consumable from pods in volume [NodeConformance] [Conformance]',
    status: 'passed',
  },
  { name: '[sig-storage] In-tree Volumes [Driver: local] should support readOnly', status: 'skipped' },
];
export const okToFailFailure: SonobuoyTest = {
  name: '[sig-network] Services should have session affinity work for NodePort service [LinuxOnly] [Conformance]',
  status: 'failed',
  failure:
    'Nov 25 10:00:00.000: service is not reachable within 2m0s timeout on endpoint 172.18.0.3:30080 over TCP protocol',
};
export const realFailure: SonobuoyTest = {
  name: '[sig-network] DNS should provide DNS for services [Conformance]',
  status: 'failed',
  failure: 'Unable to read wheezy_udp@dns-test-service.dns-1234.svc from pod dns-1234/dns-test',
};

export const archiveDir = mkdtempSync(join(tmpdir(), 'scs-cert-sono-test-'));

/** Write a results tarball in the real Sonobuoy layout under a fresh subdirectory. */
export function archive(name: string, spec: Parameters<typeof writeSonobuoyArchive>[1]): Promise<string> {
  return writeSonobuoyArchive(join(archiveDir, name), { timestamp: '2026-11-25T10:00:00Z', ...spec });
}
