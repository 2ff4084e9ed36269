// The pieces of a flavor name as written (strings), shared by both grammars and judged by the validator.
import type { FlavorNameIssue, NameComponent } from './model.js';

export interface RawDisk {
  /** Text before `x`; undefined when there is no multiplier. */
  count: string | undefined;
  size: string;
  type: string;
}

export interface RawGpu {
  kind: string;
  vendor: string;
  generation: string;
  cu: string | undefined;
  cuFreq: string;
  vram: string | undefined;
  vramFreq: string;
}

export interface RawName {
  cpus: string;
  cpuType: string;
  insecure: boolean;
  ram: string;
  ramNoEcc: boolean;
  ramOversubscribed: boolean;
  disk: RawDisk | null;
  hypervisor: string | undefined;
  hwVirt: boolean;
  cpuBrand: { vendor: string; generation: string; frequency: string } | undefined;
  gpu: RawGpu | undefined;
  infiniband: boolean;
}

/** Collects advice and touched deviations while a name is parsed. */
export interface ParseContext {
  warnings: FlavorNameIssue[];
  deviations: Set<string>;
}

export function newContext(): ParseContext {
  return { warnings: [], deviations: new Set() };
}

/** Thrown inside the parser to stop at the first error; caught by parseFlavorName. */
export class IssueFound extends Error {
  constructor(readonly issue: FlavorNameIssue) {
    super(issue.message);
  }
}

export function fail(
  component: NameComponent,
  code: string,
  message: string,
  extra: { expected?: string; found?: string; deviation?: string } = {},
): never {
  throw new IssueFound({ severity: 'error', component, code, message, ...extra });
}

export function warn(
  ctx: ParseContext,
  component: NameComponent,
  code: string,
  message: string,
  extra: { expected?: string; found?: string } = {},
): void {
  ctx.warnings.push({ severity: 'warning', component, code, message, ...extra });
}
