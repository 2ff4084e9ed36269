// Every Kubernetes gatherer, one per KaaS artifact.
import type { Gatherer } from '../types.js';
import { defaultStorageClassCheckGatherer } from './default-storage-class-check.js';
import { k8sReleaseDataGatherer } from './k8s-release-data.js';
import { k8sVersionGatherer } from './k8s-version.js';
import { nodesGatherer } from './nodes.js';
import { sonobuoyConformanceGatherer } from './sonobuoy-conformance.js';
import { sonobuoyNetworkingGatherer } from './sonobuoy-networking.js';
import { storageClassesGatherer } from './storage-classes.js';

export const kubernetesGatherers: Gatherer[] = [
  k8sVersionGatherer,
  nodesGatherer,
  storageClassesGatherer,
  defaultStorageClassCheckGatherer,
  k8sReleaseDataGatherer,
  sonobuoyConformanceGatherer,
  sonobuoyNetworkingGatherer,
];
