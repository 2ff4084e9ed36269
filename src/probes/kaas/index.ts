// Every KaaS probe, registered for the compiler and the runner.
import type { Probe } from '../types.js';
import cncfK8sConformance from './cncf-k8s-conformance.js';
import kaasNetworkingCheck from './kaas-networking-check.js';
import scs0211DefaultStorageClass from './scs-0211-default-storage-class.js';
import scs0214NodeDistribution from './scs-0214-node-distribution.js';
import versionPolicyCheck from './version-policy-check.js';

export const kaasProbes: Probe[] = [
  versionPolicyCheck,
  cncfK8sConformance,
  kaasNetworkingCheck,
  scs0211DefaultStorageClass,
  scs0214NodeDistribution,
];
