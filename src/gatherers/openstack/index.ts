// The OpenStack gatherers: one per IaaS artifact.
import type { Gatherer } from '../types.js';
import { tokenInfoGatherer } from './token-info.js';
import { serviceCatalogGatherer } from './service-catalog.js';
import { flavorsGatherer } from './flavors.js';
import { imagesGatherer } from './images.js';
import { volumeTypesGatherer } from './volume-types.js';
import { defaultSecurityGroupRulesGatherer } from './default-security-group-rules.js';
import { keyManagerCheckGatherer } from './key-manager-check.js';
import { volumeBackupCheckGatherer } from './volume-backup-check.js';
import { entropyConsoleGatherer } from './entropy-console.js';
import { s3CheckGatherer } from './s3-check.js';
import { tlsEndpointsGatherer } from './tls-endpoints.js';
import { providerNetworksGatherer } from './provider-networks.js';
import { tempestRunGatherer } from './tempest-run.js';
import { domainManagerCheckGatherer } from './domain-manager-check.js';
import { availabilityZonesGatherer } from './availability-zones.js';
import { crossAzAttachCheckGatherer } from './cross-az-attach-check.js';

export const openstackGatherers: Gatherer[] = [
  tokenInfoGatherer,
  serviceCatalogGatherer,
  flavorsGatherer,
  imagesGatherer,
  volumeTypesGatherer,
  defaultSecurityGroupRulesGatherer,
  keyManagerCheckGatherer,
  volumeBackupCheckGatherer,
  entropyConsoleGatherer,
  s3CheckGatherer,
  tlsEndpointsGatherer,
  providerNetworksGatherer,
  tempestRunGatherer,
  domainManagerCheckGatherer,
  availabilityZonesGatherer,
  crossAzAttachCheckGatherer,
];

export {
  tokenInfoGatherer,
  serviceCatalogGatherer,
  flavorsGatherer,
  imagesGatherer,
  volumeTypesGatherer,
  defaultSecurityGroupRulesGatherer,
  keyManagerCheckGatherer,
  volumeBackupCheckGatherer,
  entropyConsoleGatherer,
  s3CheckGatherer,
  domainManagerCheckGatherer,
  availabilityZonesGatherer,
  crossAzAttachCheckGatherer,
};
export { cleanupLeftovers, type CleanupReport, type CleanupOptions } from './cleanup.js';
