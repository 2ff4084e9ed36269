// Every artifact contract by name: the one name -> type map probes, gatherers and the runner agree on.
// Adding an artifact: its name in names.ts, its module under iaas/ or kaas/, and one line below.
import type { ArtifactContract, ArtifactOf } from './contract.js';
import type { ArtifactName } from './names.js';
import { availabilityZonesArtifact, crossAzAttachCheckArtifact } from './iaas/availability-zones.js';
import { domainManagerCheckArtifact } from './iaas/domain-manager-check.js';
import { defaultSecurityGroupRulesArtifact } from './iaas/default-security-group-rules.js';
import { entropyConsoleArtifact } from './iaas/entropy-console.js';
import { flavorsArtifact } from './iaas/flavors.js';
import { imagesArtifact } from './iaas/images.js';
import { keyManagerCheckArtifact } from './iaas/key-manager-check.js';
import { s3CheckArtifact } from './iaas/s3-check.js';
import { serviceCatalogArtifact } from './iaas/service-catalog.js';
import { tokenInfoArtifact } from './iaas/token-info.js';
import { volumeBackupCheckArtifact } from './iaas/volume-backup-check.js';
import { volumeTypesArtifact } from './iaas/volume-types.js';
import { tlsEndpointsArtifact } from './tls-endpoints.js';
import { providerNetworksArtifact } from './provider-networks.js';
import { tempestRunArtifact } from './tempest-run.js';
import { defaultStorageClassCheckArtifact } from './kaas/default-storage-class-check.js';
import { k8sReleaseDataArtifact } from './kaas/k8s-release-data.js';
import { k8sVersionArtifact } from './kaas/k8s-version.js';
import { nodesArtifact } from './kaas/nodes.js';
import { sonobuoyConformanceArtifact, sonobuoyNetworkingArtifact } from './kaas/sonobuoy-results.js';
import { storageClassesArtifact } from './kaas/storage-classes.js';

export const ARTIFACT_CONTRACTS = {
  TokenInfo: tokenInfoArtifact,
  ServiceCatalog: serviceCatalogArtifact,
  Flavors: flavorsArtifact,
  Images: imagesArtifact,
  VolumeTypes: volumeTypesArtifact,
  DefaultSecurityGroupRules: defaultSecurityGroupRulesArtifact,
  KeyManagerCheck: keyManagerCheckArtifact,
  VolumeBackupCheck: volumeBackupCheckArtifact,
  EntropyConsole: entropyConsoleArtifact,
  S3Check: s3CheckArtifact,
  TlsEndpoints: tlsEndpointsArtifact,
  ProviderNetworks: providerNetworksArtifact,
  TempestRun: tempestRunArtifact,
  DomainManagerCheck: domainManagerCheckArtifact,
  AvailabilityZones: availabilityZonesArtifact,
  CrossAzAttachCheck: crossAzAttachCheckArtifact,
  K8sVersion: k8sVersionArtifact,
  Nodes: nodesArtifact,
  StorageClasses: storageClassesArtifact,
  DefaultStorageClassCheck: defaultStorageClassCheckArtifact,
  K8sReleaseData: k8sReleaseDataArtifact,
  SonobuoyConformance: sonobuoyConformanceArtifact,
  SonobuoyNetworking: sonobuoyNetworkingArtifact,
} as const satisfies { readonly [N in ArtifactName]: ArtifactContract<N> };

type Contracts = typeof ARTIFACT_CONTRACTS;

/** The type of every artifact by name (like Lighthouse's `Artifacts`): what probes receive. */
export type ArtifactTypes = { [N in ArtifactName]: ArtifactOf<Contracts[N]> };

/** The artifacts a probe declared, each present and typed. */
export type ArtifactsOf<N extends ArtifactName> = { readonly [K in N]: ArtifactTypes[K] };

export function artifactContract<N extends ArtifactName>(name: N): Contracts[N] {
  return ARTIFACT_CONTRACTS[name];
}
