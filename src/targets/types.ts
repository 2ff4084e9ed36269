// A target is the kind of cloud a scope certifies (OpenStack, Kubernetes): how to reach it and what to gather.
import type { Gatherer } from '../gatherers/types.js';
import type { Logger, ProgressFn } from '../core/logger.js';
import type { SubjectInfo } from '../results/report.js';
import type { Preflight } from '../probes/types.js';

export interface TargetSession {
  clients: Record<string, unknown>;
  gatherers: Gatherer[];
  subject: SubjectInfo;
  /** Scope variables this session assigned (e.g. os_cloud), recorded in the SCS report. */
  assignment: Record<string, string>;
  preflight?: Preflight;
  /** Options gatherers may read (ctx.options). */
  options: Record<string, unknown>;
  /** When the state this session serves was observed, if not now (a replay: the recording's time). */
  observedAt?: Date;
  /** Name prefix for resources the run creates (kept from a recording when replaying). */
  ledgerPrefix?: string;
  /** API calls made so far (for the report and benchmarks). */
  apiCalls?(): { total: number; byRoute?: Record<string, number> };
  close(): Promise<void>;
}

export interface TargetOpenOptions {
  /** Scope variable assignments from the command line (-a key=value) and flags mapped onto them. */
  assignment: Record<string, string>;
  subject?: string;
  demo: boolean;
  demoProfile?: string;
  record?: string;
  replay?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: Logger;
  progress: ProgressFn;
  /** Target-specific flags (kubeconfig, context, sonobuoy results, release data, …). */
  flags: Record<string, unknown>;
}

export interface Target {
  /** `openstack` or `kubernetes`. */
  kind: SubjectInfo['kind'];
  /** Whether this target serves a scope (by its variables). */
  serves(variables: string[]): boolean;
  open(opts: TargetOpenOptions): Promise<TargetSession>;
  /** The preflight check to apply when evaluating saved artifacts of this target. */
  preflight?: Preflight;
}
