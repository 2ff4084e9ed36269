// Types of the scs-0100 flavor-name model: what a parsed name promises, and what is wrong with a name.

/** Syntax versions of scs-0100 (v2 and v3 share the syntax; v3 knows more values). */
export type SyntaxVersion = 'v1' | 'v2' | 'v3';
export const SYNTAX_VERSIONS: readonly SyntaxVersion[] = ['v1', 'v2', 'v3'];

/**
 * Which rules decide (the run's judge mode): `standard` follows the standard's texts; `reference` mimics the
 * reference parser (SovereignCloudStack/standards Tests/iaas/scs_0100_flavor_naming) where the two differ.
 */
export type { JudgeMode } from '../core/judge-mode.js';

export type CpuTypeCode = 'L' | 'V' | 'T' | 'C';

export interface DiskSpec {
  /** Number of disks (the `Mx` multiplier; 1 when absent). */
  count: number;
  /** Size of each disk in GB; undefined = the cloud picks (at least the image's min_disk). */
  sizeGB: number | undefined;
  /** Disk type code (`n`, `h`, `s`, `p`); undefined = unspecified. */
  type: string | undefined;
}

export interface CpuBrand {
  /** Vendor/architecture code: `i`, `z`, `a`, `r`. */
  vendor: string;
  /** Generation number; undefined when left out. */
  generation: number | undefined;
  /** Frequency suffix: '', `h`, `hh`, `hhh`. */
  frequency: string;
}

export interface GpuSpec {
  /** `G` pass-through, `g` virtual GPU. */
  kind: 'G' | 'g';
  /** Vendor code: `N`, `A`, `I`. */
  vendor: string;
  /** Generation code as written (`a`, `3.1`, `0.9`); undefined when left out. */
  generation: string | undefined;
  /** Number of SMs/CUs/EUs; undefined when left out. */
  cu: number | undefined;
  /** High-frequency suffix of the compute units: '', `h`, `hh`. */
  cuFreq: string;
  /** Video memory in GiB (integer, rounded down); only together with `cu`. */
  vram: number | undefined;
  /** High-bandwidth suffix of the video memory: '' or `h`. */
  vramFreq: string;
}

/** Everything a flavor name says. */
export interface FlavorName {
  cpus: number;
  cpuType: CpuTypeCode;
  insecure: boolean;
  ramGiB: number;
  ramNoEcc: boolean;
  ramOversubscribed: boolean;
  /** null = no disk part: no root disk, boot from volume. */
  disk: DiskSpec | null;
  /** Hypervisor code (`kvm`, `chy`, …); undefined = not stated (KVM assumed). */
  hypervisor: string | undefined;
  hwVirt: boolean;
  cpuBrand: CpuBrand | undefined;
  gpu: GpuSpec | undefined;
  infiniband: boolean;
}

/** Component of a name an issue is about. */
export type NameComponent =
  | 'prefix'
  | 'cpu'
  | 'ram'
  | 'disk'
  | 'extensions'
  | 'hypervisor'
  | 'hwvirt'
  | 'cpu-brand'
  | 'gpu'
  | 'infiniband';

/** One problem (error) or advice (warning) about a name. */
export interface FlavorNameIssue {
  severity: 'error' | 'warning';
  component: NameComponent;
  /** Stable machine id, e.g. `ram-suffix-order`. */
  code: string;
  /** What is wrong, in words. */
  message: string;
  /** What was expected instead. */
  expected?: string;
  /** The offending piece of the name. */
  found?: string;
  /** Id of the documented deviation from the reference parser this decision rests on, if any. */
  deviation?: string;
}

export type ParseResult =
  | { status: 'not-scs'; input: string }
  | {
      status: 'valid';
      input: string;
      syntax: SyntaxVersion;
      flavor: FlavorName;
      warnings: FlavorNameIssue[];
      /** Deviation ids from the reference parser that this name touches (both profiles may still agree). */
      deviations: string[];
    }
  | {
      status: 'invalid';
      input: string;
      syntax: SyntaxVersion;
      error: FlavorNameIssue;
      warnings: FlavorNameIssue[];
      deviations: string[];
    };

export type ValidParse = Extract<ParseResult, { status: 'valid' }>;
export type InvalidParse = Extract<ParseResult, { status: 'invalid' }>;

/** Error thrown by the convenience functions (describe, convert, shorten) for names that do not parse. */
export class FlavorNameError extends Error {
  constructor(
    message: string,
    readonly issue?: FlavorNameIssue,
  ) {
    super(message);
    this.name = 'FlavorNameError';
  }
}

/** One-line rendering of an issue: what is wrong, and what was expected. */
export function formatIssue(issue: FlavorNameIssue): string {
  let text = `${issue.component}: ${issue.message}`;
  if (issue.expected !== undefined) text += ` (expected ${issue.expected})`;
  return text;
}
