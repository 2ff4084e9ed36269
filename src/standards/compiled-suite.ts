// The compiled suite: the explicit, inspectable plan of one run (committed under suites/ like a lockfile).
import type { ArtifactName } from '../artifacts/names.js';
import type { Lifetime, Validity } from '../results/types.js';

export const COMPILED_SUITE_SCHEMA_VERSION = '1';

export interface CompiledTestcase {
  id: string;
  description?: string;
  url?: string;
  lifetime: Lifetime;
  section?: string;
  /** Version -> target names this testcase belongs to there. */
  targets: Record<string, string[]>;
  /** The probe that judges it, or null when none is registered (the run reports it as MISSING). */
  probe: { id: string; params: Record<string, unknown>; artifacts: ArtifactName[] } | null;
  notImplemented?: string;
  /** Added by an scs-cert extension: reported, never part of the certificate verdict. */
  extension?: boolean;
}

export interface CompiledVersion {
  version: string;
  validity: Validity;
  /** Listed by the timeline entry in force (false only for a forced, unlisted version). */
  explicit: boolean;
  stabilizedAt?: string;
  modules: Array<{ ref: string; parameters: Record<string, string | number | boolean> }>;
  /** Target -> the selected testcase ids of that target. */
  targets: Record<string, string[]>;
}

export interface CompiledSuite {
  schemaVersion: typeof COMPILED_SUITE_SCHEMA_VERSION;
  kind: 'scs-cert/compiled-suite';
  scope: { uuid: string; name: string; url?: string; alias?: string; fileDigest: string };
  referenceDate: string;
  selection: { forcedVersion: string | null; tests: string | null; sections: string[] | null };
  variables: Array<{ name: string; default?: string }>;
  versions: CompiledVersion[];
  testcases: CompiledTestcase[];
  /** Testcases of the chosen versions left out, with why (manual, filtered). */
  skipped: Array<{ id: string; reason: 'manual' | 'filtered-by-tests' | 'filtered-by-sections' }>;
  /** Artifacts the selected probes need: the gather plan. */
  artifacts: ArtifactName[];
  /** Digests of every input file: scope, bindings, extensions, data. */
  inputs: Record<string, string>;
  /** sha256 over the canonical JSON of everything above. */
  digest: string;
}
