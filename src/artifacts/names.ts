// The catalog of artifact names: every piece of cloud state a gatherer can produce and a probe can ask for.
// One name = one gatherer = one JSON file in an artifacts directory (`<name>.json`).

export const IAAS_ARTIFACTS = [
  'TokenInfo',
  'ServiceCatalog',
  'Flavors',
  'Images',
  'VolumeTypes',
  'DefaultSecurityGroupRules',
  'KeyManagerCheck',
  'VolumeBackupCheck',
  'EntropyConsole',
  'S3Check',
  'TlsEndpoints',
  'ProviderNetworks',
  'TempestRun',
  'DomainManagerCheck',
  'AvailabilityZones',
  'CrossAzAttachCheck',
] as const;

export const KAAS_ARTIFACTS = [
  'K8sVersion',
  'Nodes',
  'StorageClasses',
  'DefaultStorageClassCheck',
  'K8sReleaseData',
  'SonobuoyConformance',
  'SonobuoyNetworking',
] as const;

export type IaasArtifactName = (typeof IAAS_ARTIFACTS)[number];
export type KaasArtifactName = (typeof KAAS_ARTIFACTS)[number];
export type ArtifactName = IaasArtifactName | KaasArtifactName;

export const ALL_ARTIFACTS: readonly ArtifactName[] = [...IAAS_ARTIFACTS, ...KAAS_ARTIFACTS];
