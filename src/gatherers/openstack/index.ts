// The OpenStack gatherers: one per IaaS artifact.
import type { Gatherer } from '../types.js';
import { tokenInfoGatherer } from './TokenInfo.js';
import { serviceCatalogGatherer } from './ServiceCatalog.js';
import { flavorsGatherer } from './Flavors.js';
import { imagesGatherer } from './Images.js';
import { volumeTypesGatherer } from './VolumeTypes.js';
import { defaultSecurityGroupRulesGatherer } from './DefaultSecurityGroupRules.js';
import { keyManagerCheckGatherer } from './KeyManagerCheck.js';
import { volumeBackupCheckGatherer } from './VolumeBackupCheck.js';
import { entropyConsoleGatherer } from './EntropyConsole.js';
import { s3CheckGatherer } from './S3Check.js';
import { tlsEndpointsGatherer } from './TlsEndpoints.js';
import { providerNetworksGatherer } from './ProviderNetworks.js';
import { tempestRunGatherer } from './TempestRun.js';
import { domainManagerCheckGatherer } from './DomainManagerCheck.js';
import { availabilityZonesGatherer } from './AvailabilityZones.js';
import { crossAzAttachCheckGatherer } from './CrossAzAttachCheck.js';

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
