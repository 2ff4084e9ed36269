// The IaaS artifact types in one import; each is declared with its schema in its own module under iaas/.
export type { ActionStep } from './common.js';
export type { TokenInfo } from './iaas/token-info.js';
export type { CatalogEndpoint, CatalogService, ServiceCatalog } from './iaas/service-catalog.js';
export type { Flavor, Flavors } from './iaas/flavors.js';
export type { Image, Images } from './iaas/images.js';
export type { VolumeType, VolumeTypes } from './iaas/volume-types.js';
export type {
  DefaultSecurityGroupRule,
  DefaultSecurityGroupRules,
  SecurityGroupRule,
} from './iaas/default-security-group-rules.js';
export type { KeyManagerCheck } from './iaas/key-manager-check.js';
export type { VolumeBackupCheck } from './iaas/volume-backup-check.js';
export type { EntropyConsole } from './iaas/entropy-console.js';
export type { S3Check } from './iaas/s3-check.js';
