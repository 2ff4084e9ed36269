// What compiling a suite needs of each probe (id, artifacts, params schema), without loading the probes: the
// build writes it from the registry (dist/prevalidated/probes.json, next to the code it describes); without that
// file (running from source, or a build without the record) the registry itself is loaded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PREVALIDATED_DIR } from '../core/prevalidated.js';
import type { ArtifactName } from '../artifacts/names.js';
import type { ProbeMeta } from './types.js';

/** The part of a probe's meta that binding it to a testcase uses. */
export type ProbeBindingMeta = Pick<ProbeMeta, 'id' | 'params'> & { artifacts: readonly ArtifactName[] };

/** Probes by id, as much as compiling needs; the full registry is one too. */
export interface ProbeCatalog {
  get(id: string): { meta: ProbeBindingMeta } | undefined;
}

/** The build's record of the probes (sorted by id). */
export const PROBE_MANIFEST_FILE = join(PREVALIDATED_DIR, 'probes.json');

/** The manifest entries of every probe of a registry, sorted by id (what the build writes). */
export function probeManifest(probes: ReadonlyArray<{ meta: ProbeMeta }>): ProbeBindingMeta[] {
  return probes
    .map(({ meta }) => ({
      id: meta.id,
      artifacts: [...meta.artifacts],
      ...(meta.params !== undefined && { params: meta.params }),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function catalogOf(entries: readonly ProbeBindingMeta[]): ProbeCatalog {
  const byId = new Map(entries.map((meta) => [meta.id, { meta }]));
  return { get: (id) => byId.get(id) };
}

function readManifest(): ProbeBindingMeta[] | undefined {
  if (!existsSync(PROBE_MANIFEST_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(PROBE_MANIFEST_FILE, 'utf8')) as ProbeBindingMeta[];
  } catch {
    return undefined; // an unreadable record only costs speed: the registry is loaded instead
  }
}

const recorded = readManifest();

/** The shipped probes: from the build's manifest when there is one, else from the loaded registry. */
export const builtinCatalog: ProbeCatalog = recorded
  ? catalogOf(recorded)
  : (await import('./registry.js')).builtinRegistry();
