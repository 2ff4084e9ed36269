// The scope model: a certificate scope (scs-0003 scope YAML) resolved into modules, versions and testcases.
import type { Lifetime, Validity } from '../results/types.js';

/** The scope file as written (keys of the published SCS schema). */
export interface ScopeSpec {
  uuid: string;
  name: string;
  url?: string;
  prerequisite?: { name?: string; url?: string };
  variables?: Array<string | Record<string, string | number | boolean>>;
  scripts?: Array<{
    executable?: string;
    env?: Record<string, string>;
    args?: string;
    testcases?: Array<{
      id: string;
      lifetime?: Lifetime;
      section?: string;
      description?: string;
      url?: string;
    }>;
  }>;
  modules?: Array<{
    id: string;
    name?: string;
    url?: string;
    parameters?: Record<string, string>;
    targets?: Record<string, string[] | null>;
  }>;
  versions: Array<{
    version: string;
    stabilized_at?: string;
    include: Array<string | { ref: string; parameters?: Record<string, string | number | boolean> }>;
    targets?: unknown;
  }>;
  timeline?: Array<{ date: string; versions: Record<string, Validity> }>;
}

export interface Testcase {
  id: string;
  lifetime: Lifetime;
  /** Whether `lifetime` was written (the reference defaults to week). */
  lifetimeExplicit: boolean;
  section?: string;
  description?: string;
  url?: string;
  /** Index of the script entry that reports it. */
  scriptIndex: number;
  /** Manual testcases belong to a script without `executable`: never run automatically. */
  manual: boolean;
  /** Added by an scs-cert extension (not part of the published scope). */
  extension?: boolean;
}

export interface Module {
  id: string;
  name?: string;
  url?: string;
  parameters: Record<string, string>;
  targets: Record<string, string[]>;
}

export interface VersionDef {
  version: string;
  stabilizedAt?: string;
  includes: Array<{ ref: string; parameters: Record<string, string | number | boolean> }>;
  /** Union of the targets of the included modules (target name -> testcase ids, in first-seen order). */
  targets: Record<string, string[]>;
}

export interface TimelineEntry {
  date: string;
  versions: Record<string, Validity>;
}

export interface Scope {
  uuid: string;
  name: string;
  url?: string;
  /** Short id (`scs-compatible-iaas`) when the scope is one of ours. */
  alias?: string;
  /** Where it was loaded from. */
  file: string;
  /** sha256 of the file's bytes. */
  fileDigest: string;
  spec: ScopeSpec;
  variables: Array<{ name: string; default?: string }>;
  testcases: Map<string, Testcase>;
  modules: Map<string, Module>;
  versions: VersionDef[];
  timeline: TimelineEntry[];
}
