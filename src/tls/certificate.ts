// Reads the facts the Mozilla profile judges from a DER certificate: key type and size, curve, signature algorithm.
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { TlsCertificate } from '../artifacts/tls-endpoints.js';

/** Signature algorithm OIDs by the OpenSSL names the Mozilla profile JSON uses. */
const SIGNATURE_OIDS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** Node's key type names → the names of the profile's `certificate_types`. */
const KEY_TYPES: Record<string, string> = {
  rsa: 'rsa',
  'rsa-pss': 'rsa',
  ec: 'ecdsa',
  ed25519: 'ed25519',
  ed448: 'ed448',
  dsa: 'dsa',
};

export function signatureAlgorithmOf(der: Buffer): string {
  const cert = AsnConvert.parse(der, Certificate);
  const oid = cert.signatureAlgorithm.algorithm;
  return SIGNATURE_OIDS[oid] ?? oid;
}

export function describeCertificate(der: Buffer): TlsCertificate {
  const x = new X509Certificate(der);
  const key = x.publicKey;
  const kind = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const out: TlsCertificate = {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    serialNumber: x.serialNumber,
    fingerprint256: x.fingerprint256,
    keyType: KEY_TYPES[kind] ?? kind,
    signatureAlgorithm: signatureAlgorithmOf(der),
  };
  if (x.subjectAltName) out.subjectAltName = x.subjectAltName;
  if (typeof details.modulusLength === 'number') out.keyBits = details.modulusLength;
  if (typeof details.namedCurve === 'string') out.curve = details.namedCurve;
  return out;
}
