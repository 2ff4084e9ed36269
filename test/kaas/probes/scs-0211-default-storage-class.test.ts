// scs-0211-default-storage-class against class lists and check results drawn from scs-0211 v1/v2.
import { describe, expect, it } from 'vitest';
import type {
  DefaultStorageClassCheck,
  K8sStorageClass,
  ProvisionedVolume,
} from '../../../src/artifacts/kaas.js';
import probe from '../../../src/probes/kaas/scs-0211-default-storage-class.js';
import { probeContext } from '../helpers.js';

const DEF = { 'storageclass.kubernetes.io/is-default-class': 'true' };
const cinder: K8sStorageClass = {
  name: 'cinder',
  provisioner: 'cinder.csi.openstack.org',
  annotations: DEF,
  creationTimestamp: '2026-01-01T00:00:00Z',
};
const zoneVolume: ProvisionedVolume = {
  name: 'pvc-1',
  accessModes: ['ReadWriteOnce'],
  source: 'csi',
  csiDriver: 'cinder.csi.openstack.org',
  nodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }],
};
const check = (over: Partial<DefaultStorageClassCheck> = {}): DefaultStorageClassCheck => ({
  namespace: 'scs-cert-x-sc-check',
  storageClass: 'cinder',
  requested: { accessModes: ['ReadWriteOnce'], storage: '1Gi' },
  steps: [],
  pvc: { name: 'scs-0211-claim', phase: 'Bound', accessModes: ['ReadWriteOnce'], volumeName: 'pvc-1' },
  pod: { name: 'scs-0211-consumer', phase: 'Running', nodeName: 'w0' },
  volume: zoneVolume,
  timedOut: false,
  waitedMs: 1200,
  cleanup: { ok: true },
  ...over,
});
const run = (
  classes: K8sStorageClass[],
  chk: DefaultStorageClassCheck | undefined,
  version: 'v1' | 'v2' = 'v1',
  mode: 'standard' | 'reference' = 'standard',
) =>
  probe.evaluate(
    { StorageClasses: classes, DefaultStorageClassCheck: chk },
    probeContext({ params: { version }, mode }),
  );

describe('scs-0211-default-storage-class', () => {
  it('PASSes a Cinder default class with a zonal RWO volume', () => {
    const r = run([cinder], check());
    expect([r.outcome, r.messageId]).toEqual(['PASS', 'default-storage-class-ok']);
    expect(r.evidence?.values?.failureProtection).toMatch(/not observable/);
  });

  it('FAILs without a default class (v1 and v2)', () => {
    const plain = { ...cinder, annotations: {} };
    for (const v of ['v1', 'v2'] as const) {
      const r = run([plain], check({ skipped: 'none' }), v);
      expect([r.outcome, r.messageId]).toEqual(['FAIL', 'no-default-storage-class']);
      expect(r.message).toContain(
        'kubectl annotate storageclass NAME storageclass.kubernetes.io/is-default-class=true',
      );
    }
  });

  it('does not take is-default-class=True (only the exact value true counts)', () => {
    const r = run(
      [{ ...cinder, annotations: { 'storageclass.kubernetes.io/is-default-class': 'True' } }],
      check(),
    );
    expect(r.outcome).toBe('FAIL');
    expect(r.warnings?.[0]).toContain("only honours the exact value 'true'");
  });

  it('accepts the beta annotation', () => {
    expect(
      run(
        [{ ...cinder, annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }],
        check(),
      ).outcome,
    ).toBe('PASS');
  });

  it('judges the newest of several default classes (reference: FAIL)', () => {
    const older = { ...cinder, name: 'old', creationTimestamp: '2025-01-01T00:00:00Z' };
    const r = run([older, cinder], check());
    expect(r.outcome).toBe('PASS');
    expect(r.warnings?.[0]).toContain('claims get the newest, cinder');
    expect(r.deviations).toEqual(['multiple-default-classes']);
    expect(run([older, cinder], check(), 'v1', 'reference').outcome).toBe('FAIL');
  });

  it('FAILs v1 when the claim does not bind, and only warns for v2', () => {
    const chk = check({
      pvc: { name: 'c', phase: 'Pending' },
      pod: { name: 'p', phase: 'Pending', reason: 'Unschedulable' },
      volume: undefined,
      timedOut: true,
      waitedMs: 180000,
      events: ['PersistentVolumeClaim/c: ProvisioningFailed: access mode ReadWriteOnce not supported'],
    });
    const r1 = run([cinder], chk, 'v1');
    expect([r1.outcome, r1.messageId]).toEqual(['FAIL', 'claim-not-bound']);
    expect(r1.message).toContain('stayed Pending for 180 s');
    const r2 = run([cinder], chk, 'v2');
    expect(r2.outcome).toBe('PASS');
    expect(r2.warnings?.join(' ')).toContain('scs-0211-v2 recommends failure-safe defaults');
  });

  it('FAILs v1 for a volume without ReadWriteOnce', () => {
    const r = run([cinder], check({ volume: { ...zoneVolume, accessModes: ['ReadWriteMany'] } }));
    expect([r.outcome, r.messageId]).toEqual(['FAIL', 'no-rwo']);
  });

  it('FAILs v1 for node-local provisioners and host-bound volumes', () => {
    const local: K8sStorageClass = { ...cinder, name: 'local-path', provisioner: 'rancher.io/local-path' };
    const hostVol: ProvisionedVolume = {
      ...zoneVolume,
      source: 'local',
      nodeAffinity: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w0'] }],
    };
    const r = run([local], check({ storageClass: 'local-path', volume: hostVol }));
    expect([r.outcome, r.messageId]).toEqual(['FAIL', 'node-local-volume']);
    expect(r.evidence?.offenders?.map((o) => o.resource)).toEqual(['local-path', 'pvc-1']);
    expect(r.deviations).toEqual(['local-provisioner-list']);
    expect(
      run([local], check({ storageClass: 'local-path', volume: hostVol }), 'v1', 'reference').outcome,
    ).toBe('PASS');
    const noProv = { ...cinder, provisioner: 'kubernetes.io/no-provisioner' };
    expect(run([noProv], check(), 'v1', 'reference').outcome).toBe('FAIL');
    expect(run([cinder], check({ volume: hostVol })).messageId).toBe('node-local-volume');
  });

  it('ABORTs when the claim bound but the pod did not start', () => {
    const r = run([cinder], check({ pod: { name: 'p', phase: 'Pending', reason: 'ErrImagePull' } }));
    expect([r.outcome, r.messageId]).toEqual(['ABORT', 'consumer-pod-not-running']);
  });

  it('ABORTs v1 when the bound volume cannot be read', () => {
    expect(run([cinder], check({ volume: undefined })).messageId).toBe('volume-not-readable');
    expect(run([cinder], check({ volume: undefined }), 'v2').outcome).toBe('PASS');
  });

  it('warns about incomplete cleanup', () => {
    const r = run([cinder], check({ cleanup: { ok: false, detail: 'namespace still terminating' } }));
    expect(r.warnings).toContain('cleanup incomplete: namespace still terminating');
  });

  it('throws (ABORT) without the active check', () => {
    expect(() => run([cinder], undefined)).toThrow(/DefaultStorageClassCheck missing/);
  });
});
