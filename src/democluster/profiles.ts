// Seeds of the embedded cluster: a compliant cluster and profiles that each break one rule, plus how provisioners behave.
import { createHash } from 'node:crypto';
import type { KubeObject } from './store.js';

/**
 * Versions chosen against the bundled demo release data (demo/release-data/): the compliant cluster runs the newest
 * patch of the newest branch there; `outdated-patch` runs a patch whose successor is far older than 31 days;
 * `eol-version` runs a branch whose end of life (standards/data/k8s-eol.yaml) has passed.
 */
export const DEMO_VERSIONS = {
  compliant: 'v1.37.2',
  outdatedPatch: 'v1.36.4',
  eol: 'v1.33.13',
} as const;

export const DEMO_PROFILES = [
  'compliant',
  'eol-version',
  'outdated-patch',
  'no-default-storage-class',
  'rwx-default-class',
  'local-default-class',
  'single-zone',
  'missing-zone-labels',
  'single-control-plane',
  'conformance-failure',
] as const;
export type DemoProfile = (typeof DEMO_PROFILES)[number];

export function isDemoProfile(p: string): p is DemoProfile {
  return (DEMO_PROFILES as readonly string[]).includes(p);
}

/** What a profile is for, shown by `--help` and docs. */
export const PROFILE_DESCRIPTIONS: Record<DemoProfile, string> = {
  compliant:
    'every rule met: supported recent version, 3 control-plane + 3 workers in 3 zones, failure-safe default class',
  'eol-version': `runs ${DEMO_VERSIONS.eol}, a branch past its end of life (scs-0210 FAIL)`,
  'outdated-patch': `runs ${DEMO_VERSIONS.outdatedPatch} although a newer 1.36 patch is out for more than 31 days (scs-0210 FAIL)`,
  'no-default-storage-class': 'no StorageClass is annotated as default (scs-0211 FAIL)',
  'rwx-default-class':
    'the default class only provisions ReadWriteMany volumes, RWO claims stay Pending (scs-0211 v1 FAIL)',
  'local-default-class':
    'the default class provisions node-local volumes bound to one node (scs-0211 v1 FAIL)',
  'single-zone': 'all nodes in one zone (scs-0214: SHOULD/RECOMMENDED warnings only)',
  'missing-zone-labels': 'worker nodes lack topology.kubernetes.io/zone and region labels (scs-0214 FAIL)',
  'single-control-plane': 'only one control-plane node (scs-0214 FAIL)',
  'conformance-failure':
    'the bundled Sonobuoy archive has a failed [Conformance] test (cncf-k8s-conformance FAIL)',
};

/** How a provisioner of the embedded cluster behaves (not visible through the API, as with real drivers). */
export interface ProvisionerBehaviour {
  /** Access modes it can provision; a claim asking for another stays Pending with ProvisioningFailed. */
  accessModes: string[];
  /** Volume source of the PVs it creates. */
  source: 'csi' | 'local';
  /** Node-affinity key of created PVs: zone-bound (network storage) or host-bound (local disks). */
  affinity: 'zone' | 'host' | 'none';
}

export const PROVISIONERS: Record<string, ProvisionerBehaviour> = {
  'cinder.csi.openstack.org': {
    accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'],
    source: 'csi',
    affinity: 'zone',
  },
  'nfs.csi.k8s.io': { accessModes: ['ReadWriteMany'], source: 'csi', affinity: 'none' },
  'rancher.io/local-path': { accessModes: ['ReadWriteOnce'], source: 'local', affinity: 'host' },
};

export interface DemoSeed {
  version: Record<string, string>;
  objects: Array<{ resource: 'nodes' | 'namespaces' | 'storageclasses'; object: KubeObject }>;
}

const REGION = 'demo-region-1';
const ZONES = ['demo-az-1', 'demo-az-2', 'demo-az-3'] as const;

function versionInfo(gitVersion: string): Record<string, string> {
  const m = /^v(\d+)\.(\d+)\./.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '0',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-10-13T00:00:00Z',
    goVersion: 'go1.25.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** A UUID-shaped id derived from a seed, so demo nodes look the same in every run. */
function idOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function node(
  name: string,
  opts: { controlPlane: boolean; zone?: string; region?: string; kubelet: string },
): KubeObject {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': opts.controlPlane ? 'SCS-2V-4' : 'SCS-4V-16',
  };
  if (opts.zone) labels['topology.kubernetes.io/zone'] = opts.zone;
  if (opts.region) labels['topology.kubernetes.io/region'] = opts.region;
  if (opts.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return {
    metadata: { name, labels, annotations: {}, creationTimestamp: '2026-10-20T08:00:00Z' },
    spec: {
      providerID: `openstack:///demo-${name}`,
      taints: opts.controlPlane
        ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
        : [],
    },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      // All ten nodeInfo fields are required by the API (NodeSystemInfo); the ids are stable per node name.
      nodeInfo: {
        machineID: idOf(`machine:${name}`).replace(/-/g, ''),
        systemUUID: idOf(`system:${name}`),
        bootID: idOf(`boot:${name}`),
        kubeletVersion: opts.kubelet,
        kubeProxyVersion: opts.kubelet,
        osImage: 'Ubuntu 24.04.3 LTS',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0-84-generic',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${name.length}` },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

function storageClass(
  name: string,
  provisioner: string,
  opts: { isDefault: boolean; bindingMode?: string; reclaim?: string; expansion?: boolean },
): KubeObject {
  return {
    metadata: {
      name,
      annotations: opts.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
      creationTimestamp: '2026-10-20T08:05:00Z',
    },
    provisioner,
    reclaimPolicy: opts.reclaim ?? 'Delete',
    volumeBindingMode: opts.bindingMode ?? 'WaitForFirstConsumer',
    allowVolumeExpansion: opts.expansion ?? true,
  };
}

/** Build the seed of a profile: /version, nodes, namespaces, storage classes. */
export function seedFor(profile: DemoProfile): DemoSeed {
  const gitVersion =
    profile === 'eol-version'
      ? DEMO_VERSIONS.eol
      : profile === 'outdated-patch'
        ? DEMO_VERSIONS.outdatedPatch
        : DEMO_VERSIONS.compliant;
  const cpCount = profile === 'single-control-plane' ? 1 : 3;
  const zoneOf = (i: number) => (profile === 'single-zone' ? ZONES[0] : ZONES[i % ZONES.length]);
  const objects: DemoSeed['objects'] = [];
  for (let i = 0; i < cpCount; i++) {
    objects.push({
      resource: 'nodes',
      object: node(`demo-control-plane-${i}`, {
        controlPlane: true,
        zone: zoneOf(i),
        region: REGION,
        kubelet: gitVersion,
      }),
    });
  }
  for (let i = 0; i < 3; i++) {
    const unlabeled = profile === 'missing-zone-labels';
    objects.push({
      resource: 'nodes',
      object: node(`demo-worker-${i}`, {
        controlPlane: false,
        zone: unlabeled ? undefined : zoneOf(i),
        region: unlabeled ? undefined : REGION,
        kubelet: gitVersion,
      }),
    });
  }
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    objects.push({
      resource: 'namespaces',
      object: {
        metadata: {
          name: ns,
          labels: { 'kubernetes.io/metadata.name': ns },
          creationTimestamp: '2026-10-20T08:00:00Z',
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
    });
  }
  const defaultProvisioner =
    profile === 'rwx-default-class'
      ? 'nfs.csi.k8s.io'
      : profile === 'local-default-class'
        ? 'rancher.io/local-path'
        : 'cinder.csi.openstack.org';
  const defaultName =
    defaultProvisioner === 'nfs.csi.k8s.io'
      ? 'nfs-shared'
      : defaultProvisioner === 'rancher.io/local-path'
        ? 'local-path'
        : 'csi-cinder-sc-delete';
  objects.push({
    resource: 'storageclasses',
    object: storageClass(defaultName, defaultProvisioner, {
      isDefault: profile !== 'no-default-storage-class',
    }),
  });
  objects.push({
    resource: 'storageclasses',
    object: storageClass('csi-cinder-sc-retain', 'cinder.csi.openstack.org', {
      isDefault: false,
      reclaim: 'Retain',
    }),
  });
  return { version: versionInfo(gitVersion), objects };
}

export { REGION as DEMO_REGION, ZONES as DEMO_ZONES };
