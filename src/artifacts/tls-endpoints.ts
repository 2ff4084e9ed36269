// Shape of the TlsEndpoints artifact: every catalog endpoint with what its TLS handshakes showed (scs-0125).
// The scanner (src/tls/) fills it handshake by handshake; the scs-0125 probe judges it against a Mozilla profile.
import type { JSONSchemaType } from 'ajv';
import { namesSchema } from './common.js';
import { defineArtifact } from './contract.js';

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** One certificate of the chain the server sent, leaf first. */
export interface TlsCertificate {
  subject: string;
  issuer: string;
  /** `DNS:a, IP Address:1.2.3.4` as Node reports it. */
  subjectAltName?: string;
  /** ISO 8601 instants. */
  validFrom: string;
  validTo: string;
  serialNumber: string;
  fingerprint256: string;
  /** Mozilla's names: `rsa`, `ecdsa`, `ed25519`, `ed448`, `dsa`, or the key type as Node names it. */
  keyType: string;
  /** RSA/DSA modulus length. */
  keyBits?: number;
  /** ECDSA curve as OpenSSL names it (`prime256v1`, `secp384r1`). */
  curve?: string;
  /** Signature algorithm as OpenSSL names it (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`), else its OID. */
  signatureAlgorithm: string;
}

export interface TlsCipher {
  version: TlsVersion;
  /** OpenSSL name (`ECDHE-RSA-AES128-GCM-SHA256`). */
  openssl: string;
  /** IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`). */
  iana: string;
}

/** What the handshakes with one host:port showed. */
export interface TlsScan {
  /** False when no TCP connection could be made (refused, unresolvable, timed out). */
  reachable: boolean;
  /** Why the endpoint could not be scanned (network error, no TLS at all). */
  error?: string;
  /** Every version tried, accepted or not; `untestable` when this client's OpenSSL cannot offer it. */
  protocols: Array<{ version: TlsVersion; accepted: boolean; untestable?: boolean; detail?: string }>;
  /** Cipher suites the server accepted, per version. */
  ciphers: TlsCipher[];
  /** Key-exchange groups tried and whether the server accepted each. */
  groups: Array<{ name: string; accepted: boolean }>;
  /** Bits of the server's finite-field DH group, when a DHE suite was accepted. */
  dhBits?: number;
  /** Whether the server imposed its own cipher order (two handshakes with the order reversed). */
  serverPreferredOrder?: boolean;
  /** The Strict-Transport-Security header of a GET on the endpoint URL (null: none sent). */
  hsts?: string | null;
  /** Whether the server stapled an OCSP response when asked. */
  ocspStapled?: boolean;
  certificate?: {
    chain: TlsCertificate[];
    /** Chain verifies against the system roots plus the cloud's `cacert`. */
    trusted: boolean;
    trustError?: string;
    hostnameMatches: boolean;
    hostnameError?: string;
  };
  /** Ciphers this client's OpenSSL refused to offer (not tested). */
  untestedCiphers?: string[];
}

export interface TlsEndpoint {
  url: string;
  /** URL scheme without the colon: `https`, `http`, … */
  scheme: string;
  host: string;
  port: number;
  /** Catalog entries served at this URL. */
  uses: Array<{ service: string; name?: string; interface: string; region?: string | null }>;
  /** The `--tls-ignore` rule that excluded this endpoint from the scan. */
  ignoredBy?: string;
  /** Key into `scans` (`host:port`); absent for non-HTTPS or ignored endpoints. */
  scanKey?: string;
}

export interface TlsEndpoints {
  /** The `--tls-ignore` rules of the run (`host` or `host:port`). */
  ignore: string[];
  /** The Mozilla profile level the user asked for (`--tls-profile-level`); absent: the binding's level. */
  profileLevel?: string;
  /** CA bundle the chain was verified against in addition to the system roots (the cloud's `cacert`). */
  cacert?: string;
  endpoints: TlsEndpoint[];
  /** One scan per distinct host:port. */
  scans: Record<string, TlsScan>;
}

const versionSchema = { type: 'string', enum: TLS_VERSIONS } as const;

const certificateSchema: JSONSchemaType<TlsCertificate> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'subject',
    'issuer',
    'validFrom',
    'validTo',
    'serialNumber',
    'fingerprint256',
    'keyType',
    'signatureAlgorithm',
  ],
  properties: {
    subject: { type: 'string' },
    issuer: { type: 'string' },
    subjectAltName: { type: 'string', nullable: true },
    validFrom: { type: 'string' },
    validTo: { type: 'string' },
    serialNumber: { type: 'string' },
    fingerprint256: { type: 'string' },
    keyType: { type: 'string' },
    keyBits: { type: 'integer', nullable: true },
    curve: { type: 'string', nullable: true },
    signatureAlgorithm: { type: 'string' },
  },
};

const scanSchema: JSONSchemaType<TlsScan> = {
  type: 'object',
  additionalProperties: false,
  required: ['reachable', 'protocols', 'ciphers', 'groups'],
  properties: {
    reachable: { type: 'boolean' },
    error: { type: 'string', nullable: true },
    protocols: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'accepted'],
        properties: {
          version: versionSchema,
          accepted: { type: 'boolean' },
          untestable: { type: 'boolean', nullable: true },
          detail: { type: 'string', nullable: true },
        },
      },
    },
    ciphers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'openssl', 'iana'],
        properties: { version: versionSchema, openssl: { type: 'string' }, iana: { type: 'string' } },
      },
    },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'accepted'],
        properties: { name: { type: 'string' }, accepted: { type: 'boolean' } },
      },
    },
    dhBits: { type: 'integer', nullable: true },
    serverPreferredOrder: { type: 'boolean', nullable: true },
    hsts: { type: 'string', nullable: true },
    ocspStapled: { type: 'boolean', nullable: true },
    certificate: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['chain', 'trusted', 'hostnameMatches'],
      properties: {
        chain: { type: 'array', items: certificateSchema },
        trusted: { type: 'boolean' },
        trustError: { type: 'string', nullable: true },
        hostnameMatches: { type: 'boolean' },
        hostnameError: { type: 'string', nullable: true },
      },
    },
    untestedCiphers: { ...namesSchema, nullable: true },
  },
};

/** JSON Schema of the artifact (saved artifacts are validated against it before judging). */
export const TLS_ENDPOINTS_SCHEMA: JSONSchemaType<TlsEndpoints> = {
  title: 'TlsEndpoints: catalog endpoints and their TLS handshakes',
  type: 'object',
  additionalProperties: false,
  required: ['ignore', 'endpoints', 'scans'],
  properties: {
    ignore: namesSchema,
    profileLevel: { type: 'string', nullable: true },
    cacert: { type: 'string', nullable: true },
    endpoints: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url', 'scheme', 'host', 'port', 'uses'],
        properties: {
          url: { type: 'string' },
          scheme: { type: 'string' },
          host: { type: 'string' },
          port: { type: 'integer', minimum: 0, maximum: 65535 },
          uses: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['service', 'interface'],
              properties: {
                service: { type: 'string' },
                name: { type: 'string', nullable: true },
                interface: { type: 'string' },
                region: { type: 'string', nullable: true },
              },
            },
          },
          ignoredBy: { type: 'string', nullable: true },
          scanKey: { type: 'string', nullable: true },
        },
      },
    },
    scans: { type: 'object', required: [], additionalProperties: scanSchema },
  },
};

export const tlsEndpointsArtifact = defineArtifact<'TlsEndpoints', TlsEndpoints>({
  name: 'TlsEndpoints',
  description: 'every catalog endpoint with what its TLS handshakes showed (scs-0125)',
  schema: TLS_ENDPOINTS_SCHEMA,
});
