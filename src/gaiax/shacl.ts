// Local SHACL validation of Gaia-X credential subjects against the bundled 25.11 shapes, fully offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import type { RemoteDocument } from 'jsonld/jsonld-spec.js';
import { DataFactory, Parser, Store, type Quad, type Term } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { PACKAGE_ROOT } from '../core/version.js';
import { GX_NS, type JsonLdNode } from './vocab.js';

/** The Gaia-X release whose shapes are bundled (directory under standards/gaia-x/). */
export const SHAPES_RELEASE_DIR = '25.11';
export const SHAPES_DIR = join(PACKAGE_ROOT, 'standards', 'gaia-x', SHAPES_RELEASE_DIR);

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const SH = 'http://www.w3.org/ns/shacl#';

/** The release string shown in outputs (standards/gaia-x/25.11/VERSION). */
export function shapesRelease(): string {
  return readFileSync(join(SHAPES_DIR, 'VERSION'), 'utf8').trim();
}

let gxContext: Record<string, unknown> | undefined;
function bundledGxContext(): Record<string, unknown> {
  gxContext ??= JSON.parse(readFileSync(join(SHAPES_DIR, 'gx.context.jsonld'), 'utf8')) as Record<
    string,
    unknown
  >;
  return gxContext;
}

/** Context URLs served from the bundle; anything else is refused (never fetched). */
export function offlineDocument(url: string): Record<string, unknown> | undefined {
  const vc = vcContexts.get(url);
  if (vc) return vc;
  const bare = url.replace(/#$/, '').replace(/\/$/, '');
  if (bare === 'https://w3id.org/gaia-x/development') return bundledGxContext();
  return undefined;
}

/** JSON-LD document loader that never touches the network. */
export async function offlineDocumentLoader(url: string): Promise<RemoteDocument> {
  const document = offlineDocument(url);
  if (!document)
    throw new Error(
      `JSON-LD context ${url} is not bundled with scs-cert (validation runs offline); use ${[...vcContexts.keys()].join(', ')} or ${GX_NS}`,
    );
  return { contextUrl: undefined, documentUrl: url, document: document as RemoteDocument['document'] };
}

interface ShapesIndex {
  bySubject: Map<string, Quad[]>;
  shapesOfClass: Map<string, Term[]>;
  subclassQuads: Quad[];
  superclasses: Map<string, string[]>;
}

let shapesIndex: ShapesIndex | undefined;
/** Structural RDF term (n3's and RDF/JS's terms both fit). */
type AnyTerm = { termType: string; value: string };
const key = (t: AnyTerm) => `${t.termType}:${t.value}`;

function loadShapes(): ShapesIndex {
  if (shapesIndex) return shapesIndex;
  const quads = new Parser().parse(readFileSync(join(SHAPES_DIR, 'gx.shacl.ttl'), 'utf8'));
  const bySubject = new Map<string, Quad[]>();
  const shapesOfClass = new Map<string, Term[]>();
  for (const q of quads) {
    const k = key(q.subject);
    const list = bySubject.get(k);
    if (list) list.push(q);
    else bySubject.set(k, [q]);
    if (q.predicate.value === `${SH}targetClass`) {
      const shapes = shapesOfClass.get(q.object.value) ?? [];
      shapes.push(q.subject);
      shapesOfClass.set(q.object.value, shapes);
    }
  }
  const subclassQuads = new Parser().parse(readFileSync(join(SHAPES_DIR, 'gx.subclasses.ttl'), 'utf8'));
  const superclasses = new Map<string, string[]>();
  for (const q of subclassQuads) {
    if (q.predicate.value !== SUBCLASS) continue;
    const s = superclasses.get(q.subject.value) ?? [];
    s.push(q.object.value);
    superclasses.set(q.subject.value, s);
  }
  shapesIndex = { bySubject, shapesOfClass, subclassQuads, superclasses };
  return shapesIndex;
}

/**
 * The shapes that can apply to data with these classes: those targeting a class or one of its superclasses,
 * with everything they hold (blank-node closure). Equivalent to the whole file for this data, much faster.
 */
function shapesFor(classes: Set<string>, idx: ShapesIndex): Quad[] {
  const all = new Set<string>();
  const stack = [...classes];
  for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
    if (all.has(c)) continue;
    all.add(c);
    stack.push(...(idx.superclasses.get(c) ?? []));
  }
  const out: Quad[] = [];
  const seen = new Set<string>();
  const visit = (t: Term) => {
    const k = key(t);
    if (seen.has(k)) return;
    seen.add(k);
    for (const q of idx.bySubject.get(k) ?? []) {
      out.push(q);
      if (q.object.termType === 'BlankNode') visit(q.object);
    }
  };
  for (const c of all) for (const s of idx.shapesOfClass.get(c) ?? []) visit(s);
  return out;
}

/** A credential whose subject(s) are validated. */
export interface SubjectSource {
  /** Name shown in messages (the credential's file stem). */
  name: string;
  /** The credential (VC JSON) or a bare subject with its own @context. */
  credential: { '@context'?: unknown; credentialSubject?: unknown };
}

export interface ShaclViolation {
  credential: string;
  /** The focus node, as an IRI or a path from the nearest IRI (`<subject>/gx:cpu/gx:pCPU`). */
  focusNode: string;
  path?: string;
  message: string;
  severity: string;
  value?: string;
  constraint?: string;
}

export interface ShaclOutcome {
  conforms: boolean;
  release: string;
  violations: ShaclViolation[];
  /** Number of RDF triples validated. */
  triples: number;
}

const PREFIXES: Array<[string, string]> = [
  [GX_NS, 'gx:'],
  ['https://schema.org/', 'schema:'],
  ['http://qudt.org/schema/qudt/', 'qudt:'],
  ['http://qudt.org/vocab/quantitykind/', 'qk:'],
  ['http://purl.org/dc/terms/', 'dcterms:'],
  ['http://www.w3.org/2006/vcard/ns#', 'vcard:'],
  [SH, 'sh:'],
];

/** Short form of an IRI for messages. */
export function shortIri(iri: string): string {
  for (const [ns, p] of PREFIXES) if (iri.startsWith(ns)) return p + iri.slice(ns.length);
  return iri;
}

/** Converts subjects to RDF (offline, blank nodes kept apart per credential). */
async function toQuads(
  sources: SubjectSource[],
): Promise<{ quads: Quad[]; owner: Map<string, string>; parent: Map<string, { from: Term; via: string }> }> {
  const quads: Quad[] = [];
  const owner = new Map<string, string>();
  const parent = new Map<string, { from: Term; via: string }>();
  for (const [i, src] of sources.entries()) {
    const subjects = src.credential.credentialSubject;
    const list = Array.isArray(subjects) ? subjects : subjects === undefined ? [] : [subjects];
    // Only the subjects: the envelope's own type (e.g. gx:LegalPerson beside VerifiableCredential) is not a subject.
    const doc = { '@context': src.credential['@context'], '@graph': list as JsonLdNode[] };
    let nquads: string;
    try {
      nquads = (await jsonld.toRDF(
        doc as jsonld.JsonLdDocument,
        {
          format: 'application/n-quads',
          documentLoader: offlineDocumentLoader,
          safe: true,
        } as jsonld.Options.ToRdf,
      )) as unknown as string;
    } catch (err) {
      throw new Error(`${src.name}: the credential subject is not valid JSON-LD: ${(err as Error).message}`);
    }
    for (const q of new Parser({ format: 'N-Quads' }).parse(nquads)) {
      const rename = (t: Term): Term =>
        t.termType === 'BlankNode' ? DataFactory.blankNode(`c${i}_${t.value}`) : t;
      const s = rename(q.subject) as Quad['subject'];
      const o = rename(q.object) as Quad['object'];
      const quad = DataFactory.quad(s, q.predicate, o);
      quads.push(quad);
      if (s.termType === 'NamedNode' && !owner.has(key(s))) owner.set(key(s), src.name);
      if (s.termType === 'BlankNode') owner.set(key(s), src.name);
      if (o.termType === 'BlankNode') parent.set(key(o), { from: s, via: q.predicate.value });
    }
  }
  return { quads, owner, parent };
}

function describeNode(t: AnyTerm, parent: Map<string, { from: Term; via: string }>): string {
  const steps: string[] = [];
  let cur: AnyTerm = t;
  for (let i = 0; i < 20 && cur.termType === 'BlankNode'; i++) {
    const p = parent.get(key(cur));
    if (!p) break;
    steps.unshift(shortIri(p.via));
    cur = p.from;
  }
  const root = cur.termType === 'BlankNode' ? '_:node' : `<${cur.value}>`;
  return steps.length ? `${root}/${steps.join('/')}` : root;
}

/**
 * Validates the subjects of all credentials together (one graph, as a compliance service sees a presentation,
 * so references between credentials resolve) against the bundled shapes.
 */
export async function validateSubjects(sources: SubjectSource[]): Promise<ShaclOutcome> {
  const idx = loadShapes();
  const { quads, owner, parent } = await toQuads(sources);
  const classes = new Set<string>();
  for (const q of quads) if (q.predicate.value === RDF_TYPE) classes.add(q.object.value);
  const data = new Store([...quads, ...idx.subclassQuads]);
  const shapes = new Store(shapesFor(classes, idx));
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(data);
  const classOf = (shape: AnyTerm | undefined): string | undefined => {
    if (!shape) return undefined;
    const q = shapes.getQuads(shape as Quad['subject'], DataFactory.namedNode(`${SH}class`), null, null)[0];
    return q ? shortIri(q.object.value) : undefined;
  };
  const seen = new Set<string>();
  const violations: ShaclViolation[] = [];
  for (const r of report.results) {
    const focus = r.focusNode;
    const v: ShaclViolation = {
      credential: (focus && owner.get(key(focus))) ?? '(unknown credential)',
      focusNode: focus ? describeNode(focus, parent) : '(none)',
      message: r.message.map((m) => m.value).join('; '),
      severity: shortIri(r.severity?.value ?? `${SH}Violation`),
    };
    if (r.path) v.path = shortIri(r.path.value);
    if (r.value) v.value = r.value.termType === 'BlankNode' ? describeNode(r.value, parent) : r.value.value;
    if (r.sourceConstraintComponent) v.constraint = shortIri(r.sourceConstraintComponent.value);
    if (!v.message) {
      const cls = v.constraint === 'sh:ClassConstraintComponent' ? classOf(r.sourceShape) : undefined;
      v.message = cls
        ? `Value is not a ${cls} (no node of that type among the credentials)`
        : `violates ${v.constraint ?? 'a constraint'}`;
    }
    // Superclass shapes repeat the same finding (gx:VMImage is also a gx:Image, gx:CodeArtifact, ...).
    const line = formatViolation(v);
    if (seen.has(line)) continue;
    seen.add(line);
    violations.push(v);
  }
  return { conforms: report.conforms, release: shapesRelease(), violations, triples: quads.length };
}

/** One line per violation: credential, focus node, path, message. */
export function formatViolation(v: ShaclViolation): string {
  return `${v.credential}: ${v.focusNode}${v.path ? ` ${v.path}` : ''}: ${v.message}${v.value !== undefined ? ` (value ${JSON.stringify(v.value)})` : ''}`;
}
