// The layer rules of src/: which folders each folder may import. Read by eslint.config.js (rule layers/imports)
// and by scripts/folder-cycles.mjs (no two-way ties between folders). Change with docs/architecture.md.
import { dirname, relative, resolve, sep } from 'node:path';

/** folder -> folders it may import (besides itself). A folder not listed here is unchecked. */
export const LAYERS = {
  core: [],
  artifacts: ['core'],
  results: ['core'],
  util: ['core'],
  'flavor-name': ['core', 'results'],
  // kaas/ is pure Kubernetes domain logic (versions, CVE ranges, Sonobuoy run definitions), like flavor-name/.
  kaas: ['artifacts', 'results', 'core'],
  probes: ['artifacts', 'results', 'core', 'flavor-name', 'kaas'],
  clients: ['artifacts', 'core', 'kaas'],
  democloud: ['core'],
  democluster: ['artifacts', 'core', 'kaas'],
  // tls/: handshake-by-handshake TLS scanning (node:tls); tempest/: the Tempest driver and result readers.
  tls: ['artifacts', 'core'],
  tempest: ['clients', 'artifacts', 'core'],
  gatherers: ['clients', 'artifacts', 'core', 'kaas', 'tls', 'tempest'],
  targets: [
    'gatherers',
    'clients',
    'democloud',
    'democluster',
    'probes',
    'results',
    'artifacts',
    'core',
    'kaas',
  ],
  standards: ['probes', 'artifacts', 'results', 'core', 'util'],
  // evidence/: the provider's attestations for manual testcases, judged against the scope (documents hashed).
  evidence: ['standards', 'results', 'core'],
  // fleet/: many subjects, each certified by its own `scs-cert run` process.
  fleet: ['standards', 'results', 'core'],
  suites: ['standards', 'core'],
  runner: ['targets', 'gatherers', 'probes', 'standards', 'artifacts', 'results', 'core'],
  reporters: ['results', 'core'],
  attest: ['results', 'core', 'util'],
  gaiax: ['artifacts', 'flavor-name', 'standards', 'results', 'attest', 'core', 'util'],
  cli: [
    'runner',
    'fleet',
    'evidence',
    'standards',
    'reporters',
    'attest',
    'gaiax',
    'targets',
    'suites',
    'probes',
    'gatherers',
    'clients',
    'democloud',
    'democluster',
    'kaas',
    'flavor-name',
    'artifacts',
    'results',
    'core',
    'util',
  ],
};

/** Folders `folder` may not import. */
export function forbiddenFor(folder) {
  const allowed = new Set([folder, ...LAYERS[folder]]);
  return Object.keys(LAYERS).filter((other) => !allowed.has(other));
}

/** The top folder under src/ that `file` lies in (`probes` for src/probes/iaas/x.ts), or undefined. */
export function folderOf(file, srcDir) {
  const rel = relative(srcDir, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/**
 * ESLint rule `layers/imports`: resolves every relative import of a file under src/ and reports one into a folder
 * the importing folder may not depend on. Paths are resolved, so `./kaas/x.js` inside src/artifacts/ is
 * src/artifacts/kaas/, not src/kaas/.
 */
export const layersPlugin = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        schema: [],
        docs: { description: 'enforce the import direction between src/ folders' },
      },
      create(context) {
        const srcDir = resolve(context.cwd, 'src');
        const from = folderOf(context.filename, srcDir);
        if (!from || !(from in LAYERS)) return {};
        const forbidden = new Set(forbiddenFor(from));
        const check = (source) => {
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const to = folderOf(resolve(dirname(context.filename), source.value), srcDir);
          if (to && forbidden.has(to))
            context.report({
              node: source,
              message: `src/${from}/ may not import src/${to}/ (it may import: ${LAYERS[from].join(', ') || 'nothing'}); see docs/architecture.md`,
            });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => (node.source.type === 'Literal' ? check(node.source) : undefined),
        };
      },
    },
  },
};

/** Imports that still close a cycle and are being moved away: `{ from, to, where }` (none at present). */
export const PENDING_EDGES = [];
