// Shapes of the KaaS artifacts: what Kubernetes gatherers produce and KaaS probes judge.
// Field names follow the Kubernetes API (and the Sonobuoy / GitHub / CVE JSON 5 formats) so saved
// artifact files stay readable by anyone who knows those formats.
import type { ActionStep } from './iaas.js';

/** `GET /version` of the API server, as returned (the `version.Info` object). */
export interface K8sVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

/** One node (`GET /api/v1/nodes`), reduced to what the probes judge. */
export interface K8sNode {
  name: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  providerID?: string;
  kubeletVersion?: string;
  /** Status of the `Ready` condition (`True`, `False`, `Unknown`), if reported. */
  ready?: string;
  unschedulable?: boolean;
  creationTimestamp?: string;
}
export type Nodes = K8sNode[];

/** One StorageClass (`GET /apis/storage.k8s.io/v1/storageclasses`). */
export interface K8sStorageClass {
  name: string;
  provisioner: string;
  /** Only the default-class annotations (`storageclass.kubernetes.io/is-default-class` and its beta form). */
  annotations: Record<string, string>;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  creationTimestamp?: string;
}
export type StorageClasses = K8sStorageClass[];

/** The PersistentVolume the active scs-0211 check got bound, reduced to what decides the rules. */
export interface ProvisionedVolume {
  name: string;
  accessModes: string[];
  volumeMode?: string;
  reclaimPolicy?: string;
  capacity?: string;
  /** Which volume source the PV uses: `csi`, `local`, `hostPath`, `cinder`, `nfs`, … (the spec key). */
  source: string;
  csiDriver?: string;
  /** `spec.nodeAffinity.required` terms flattened into match expressions. */
  nodeAffinity: Array<{ key: string; operator: string; values: string[] }>;
}

/**
 * scs-0211: the active check — a PVC without storage class (so the default class applies) mounted by a pod,
 * in a namespace of its own; always deleted afterwards.
 */
export interface DefaultStorageClassCheck {
  /** Set when the check did not create anything, with the reason (e.g. no default class exists). */
  skipped?: string;
  namespace?: string;
  /** The class the API server assigned to the PVC (the default class), if any. */
  storageClass?: string;
  requested: { accessModes: string[]; storage: string };
  steps: ActionStep[];
  pvc?: {
    name: string;
    phase?: string;
    accessModes?: string[];
    storageClassName?: string;
    volumeName?: string;
  };
  pod?: { name: string; phase?: string; nodeName?: string; reason?: string };
  volume?: ProvisionedVolume;
  /** Whether waiting for Bound/Running ran into the bound. */
  timedOut: boolean;
  waitedMs: number;
  /** Latest warning events of the PVC and pod (e.g. `ProvisioningFailed`), for the operator. */
  events?: string[];
  cleanup: { ok: boolean; detail?: string };
}

/** One GitHub release of kubernetes/kubernetes (reduced `GET /repos/kubernetes/kubernetes/releases`). */
export interface K8sRelease {
  tag_name: string;
  published_at: string | null;
  draft: boolean;
  prerelease: boolean;
}

/** One CVE JSON 5 record (`https://cveawg.mitre.org/api/cve/<id>`), reduced to the CNA container parts used. */
export interface CveRecord {
  id: string;
  /** `containers.cna.metrics` as published (absent in the record: undefined). */
  metrics?: unknown[];
  /** `containers.cna.affected` as published. */
  affected?: unknown[];
  datePublished?: string;
}

/** scs-0210 input: upstream releases and the official Kubernetes CVE feed with its records. */
export interface K8sReleaseData {
  /** `network` = fetched for this run; `snapshot` = read from a saved directory (`--release-data`). */
  source: 'network' | 'snapshot';
  /** Where the snapshot came from (directory), if any. */
  location?: string;
  /** When the data was fetched from upstream (ISO 8601). */
  fetchedAt: string;
  releases: K8sRelease[];
  /** CVE ids listed in the official feed. */
  cveIds: string[];
  /** Records that could be fetched. */
  cves: CveRecord[];
  /** Records that could not be fetched, with the error. */
  cveErrors: Array<{ id: string; error: string }>;
  /** Free-text note on how the data was produced (e.g. demo data). */
  note?: string;
}

/** One e2e testcase from Sonobuoy's post-processed results (`plugins/<plugin>/sonobuoy_results.yaml`). */
export interface SonobuoyTest {
  name: string;
  /** `passed`, `failed`, `skipped`, `timeout`, `unknown` (Sonobuoy's item status vocabulary). */
  status: string;
  /** First line(s) of the failure message, shortened. */
  failure?: string;
}

/** A Sonobuoy e2e plugin run, parsed from a results archive or directory. */
export interface SonobuoyResults {
  /** Where the results came from: `archive` (tar.gz), `directory` (extracted) or `run` (this run drove sonobuoy). */
  source: { kind: 'archive' | 'directory' | 'run'; path: string };
  plugin: string;
  /** Overall plugin status from the results file (`passed`, `failed`, …). */
  pluginStatus: string;
  /** Execution mode used when this run drove sonobuoy, or the one found in the archive's plugin definition. */
  executionMode?: 'serial' | 'parallel' | 'dry' | 'unknown';
  /** The e2e focus regex (`E2E_FOCUS`) found in the plugin definition, if any. */
  focus?: string;
  /** Plugin-level errors (e.g. `timeout waiting for results`, `errors/*.json`). */
  errors: string[];
  tests: SonobuoyTest[];
  /** Kubernetes version Sonobuoy recorded (`serverversion.json`), if present. */
  serverVersion?: string;
  /** The run's own plugin definition (`plugins/<plugin>/definition.json`), when the results hold it. */
  definition?: SonobuoyRunDefinition;
  /** The plugin's JUnit report (`plugins/<plugin>/results/global/junit_01.xml`) cross-checked against `tests`. */
  junit?: SonobuoyJunitCheck;
}

/** What the e2e plugin was told to run: its environment as Sonobuoy recorded it (`Definition.spec.env`). */
export interface SonobuoyRunDefinition {
  /** Path of the definition inside the results (`definition.json`, `defintion.json` before Sonobuoy 0.56.6). */
  path: string;
  /** `E2E_FOCUS` (a Go regular expression over the full test name); absent or empty: every test. */
  focus?: string;
  /** `E2E_SKIP`; absent or empty: none skipped by name. */
  skip?: string;
  /** `E2E_DRYRUN` was `true`: tests listed, not executed. */
  dryRun?: boolean;
  /** `E2E_PARALLEL` as recorded (`true`, `false`, …). */
  parallel?: string;
  /** The conformance image the plugin ran. */
  image?: string;
  /** `SONOBUOY_K8S_VERSION`. */
  kubernetesVersion?: string;
}

/** Counts from the JUnit report and the testcases whose status disagrees with the results tree. */
export interface SonobuoyJunitCheck {
  path: string;
  testcases: number;
  executed: number;
  skipped: number;
  failed: number;
  /** `name: junit <status>, results <status>` for tests the two files report differently (first 20). */
  disagreements: string[];
  /** How many disagreements there are in all. */
  disagreementCount: number;
}
