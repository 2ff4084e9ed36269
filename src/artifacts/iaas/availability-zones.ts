// The scs-0121 artifacts: the availability zones a member sees (compute, volume, network, host aggregates) and
// the cross-AZ attach attempt. Types and JSON Schemas side by side for the typed contract.
import type { JSONSchemaType } from 'ajv';
import { actionStepsSchema, namesSchema, stringOrNullSchema, type ActionStep } from '../common.js';
import { defineArtifact } from '../contract.js';

/** One service's zone listing (`GET /os-availability-zone`, Neutron `GET /v2.0/availability_zones`). */
export interface ZoneListing {
  /** false when the service or its zone API is absent (no catalog entry, 404). */
  present: boolean;
  /** Zone names the listing shows as available (Nova's `internal` zone left out). */
  zones: string[];
  /** Zones listed as not available. */
  unavailable: string[];
  /** Regions of the catalog endpoints this service has. */
  regions: string[];
  /** Listing refused or failed: HTTP status and message. */
  status?: number;
  error?: string;
  transient?: boolean;
}

export interface AvailabilityZones {
  compute: ZoneListing;
  volume: ZoneListing;
  network: ZoneListing;
  /** Nova host aggregates as a member sees them (by default policy: not at all, HTTP 403). */
  aggregates: {
    visible: boolean;
    status?: number;
    items: Array<{ name: string; availabilityZone: string | null; hosts?: number }>;
  };
  /** The region the run's client is configured for (clouds.yaml region_name), if any. */
  configuredRegion?: string;
  /** Every region the catalog names. */
  catalogRegions: string[];
}

/** Attaching a volume of one storage AZ to a server of another compute AZ (scs-0121: SHOULD NOT be possible). */
export interface CrossAzAttachCheck {
  attempted: boolean;
  /** Why the attempt was not made (e.g. a single storage AZ, where the rule does not apply). */
  reason?: string;
  computeAz?: string;
  storageAz?: string;
  /** What the cloud did with the attach: refused it (4xx, or the attachment failed), carried it out, or erred. */
  attach?: 'refused' | 'allowed' | 'error';
  status?: number;
  detail?: string;
  transient?: boolean;
  steps: ActionStep[];
}

const listingSchema: JSONSchemaType<ZoneListing> = {
  type: 'object',
  additionalProperties: false,
  required: ['present', 'zones', 'unavailable', 'regions'],
  properties: {
    present: { type: 'boolean' },
    zones: namesSchema,
    unavailable: namesSchema,
    regions: namesSchema,
    status: { type: 'integer', nullable: true },
    error: { type: 'string', nullable: true },
    transient: { type: 'boolean', nullable: true },
  },
};

export const AVAILABILITY_ZONES_SCHEMA: JSONSchemaType<AvailabilityZones> = {
  type: 'object',
  additionalProperties: false,
  required: ['compute', 'volume', 'network', 'aggregates', 'catalogRegions'],
  properties: {
    compute: listingSchema,
    volume: listingSchema,
    network: listingSchema,
    aggregates: {
      type: 'object',
      additionalProperties: false,
      required: ['visible', 'items'],
      properties: {
        visible: { type: 'boolean' },
        status: { type: 'integer', nullable: true },
        items: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'availabilityZone'],
            properties: {
              name: { type: 'string' },
              availabilityZone: stringOrNullSchema,
              hosts: { type: 'integer', nullable: true },
            },
          },
        },
      },
    },
    configuredRegion: { type: 'string', nullable: true },
    catalogRegions: namesSchema,
  },
};

export const CROSS_AZ_ATTACH_CHECK_SCHEMA: JSONSchemaType<CrossAzAttachCheck> = {
  type: 'object',
  additionalProperties: false,
  required: ['attempted', 'steps'],
  properties: {
    attempted: { type: 'boolean' },
    reason: { type: 'string', nullable: true },
    computeAz: { type: 'string', nullable: true },
    storageAz: { type: 'string', nullable: true },
    attach: { type: 'string', enum: ['refused', 'allowed', 'error'], nullable: true },
    status: { type: 'integer', nullable: true },
    detail: { type: 'string', nullable: true },
    transient: { type: 'boolean', nullable: true },
    steps: actionStepsSchema,
  },
};

export const availabilityZonesArtifact = defineArtifact<'AvailabilityZones', AvailabilityZones>({
  name: 'AvailabilityZones',
  description: 'compute, volume and network availability zones and host aggregates as a member sees them',
  schema: AVAILABILITY_ZONES_SCHEMA,
});

export const crossAzAttachCheckArtifact = defineArtifact<'CrossAzAttachCheck', CrossAzAttachCheck>({
  name: 'CrossAzAttachCheck',
  description: 'a volume of storage AZ B attached to a server in compute AZ A (or why it was not tried)',
  schema: CROSS_AZ_ATTACH_CHECK_SCHEMA,
});
