// JSON-LD building blocks for Gaia-X subjects: contexts, typed literals and QUDT quantities as the 25.11 shapes want them.

/** W3C VC Data Model 2.0 context. */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Gaia-X ontology context (namespace of the 25.11 shapes). */
export const GX_CONTEXT = 'https://w3id.org/gaia-x/development#';
export const GX_NS = 'https://w3id.org/gaia-x/development#';
export const CONTEXTS = [VC_CONTEXT, GX_CONTEXT] as const;

/** A JSON-LD node object (subject or nested node). */
export type JsonLdNode = { [key: string]: JsonLdValue | undefined };
export type JsonLdValue = string | number | boolean | JsonLdNode | JsonLdValue[];

// Explicit value objects, because prefixed keys (`gx:vCPUs`) bypass the context's type coercions and some of
// those coercions disagree with the shapes anyway (gx:overProvisioningRatio is xsd:float in the context but
// xsd:integer for CPUs).
export function xsdInteger(n: number): JsonLdNode {
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${n}`);
  return { '@value': String(n), '@type': 'xsd:integer' };
}

export function xsdFloat(n: number): JsonLdNode {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return { '@value': String(n), '@type': 'xsd:float' };
}

export function xsdAnyUri(u: string): JsonLdNode {
  return { '@value': u, '@type': 'xsd:anyURI' };
}

export function xsdDateTime(iso: string): JsonLdNode {
  return { '@value': iso, '@type': 'xsd:dateTime' };
}

export function xsdDate(day: string): JsonLdNode {
  return { '@value': day, '@type': 'xsd:date' };
}

/** A plain string literal even where the context makes the term an IRI (`copyrightOwnedBy`). */
export function plainString(s: string): JsonLdNode {
  return { '@value': s };
}

/** QUDT units, written as strings (qudt:applicableUnit is xsd:string in the shapes). */
export const UNIT = {
  BYTE: 'http://qudt.org/vocab/unit/BYTE',
  MebiBYTE: 'http://qudt.org/vocab/unit/MebiBYTE',
  GibiBYTE: 'http://qudt.org/vocab/unit/GibiBYTE',
  GigaBYTE: 'http://qudt.org/vocab/unit/GigaBYTE',
  GigaHZ: 'http://qudt.org/vocab/unit/GigaHZ',
} as const;

/** A gx:MemorySize (disk, RAM, file sizes). */
export function memorySize(value: number, unit: string): JsonLdNode {
  return { type: 'gx:MemorySize', 'qudt:quantityValue': xsdFloat(value), 'qudt:applicableUnit': unit };
}

/** A qudt Frequency quantity. */
export function frequency(ghz: number): JsonLdNode {
  return { type: 'qk:Frequency', 'qudt:quantityValue': xsdFloat(ghz), 'qudt:applicableUnit': UNIT.GigaHZ };
}

/** Drops undefined members so the JSON stays clean. */
export function compact<T extends JsonLdNode>(node: T): T {
  for (const k of Object.keys(node)) if (node[k] === undefined) delete node[k];
  return node;
}

/** SPDX identifiers stay plain strings; URLs become xsd:anyURI literals (the shapes accept either). */
export function licenseValue(l: string): JsonLdValue {
  return /^https?:\/\//.test(l) ? xsdAnyUri(l) : l;
}
