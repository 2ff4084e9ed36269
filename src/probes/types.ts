// The probe contract: metadata plus one pure function from the artifacts it declared, typed, to a result.
import type { ArtifactName } from '../artifacts/names.js';
import type { ArtifactsOf, ArtifactTypes } from '../artifacts/registry.js';
import type { JudgeMode } from '../core/judge-mode.js';
import type { Deviation, ProbeResult } from '../results/types.js';

export interface ProbeMeta<A extends ArtifactName = ArtifactName> {
  /** Probe id; equals the file name under src/probes/<area>/ and the doc page docs/probes/<id>.md. */
  id: string;
  title: string;
  /** Shown when the probe fails. */
  failureTitle: string;
  description: string;
  /** Standards this probe implements, e.g. `scs-0100-v3`, with the text's URL. */
  standards: Array<{ id: string; url: string }>;
  /** Artifacts the runner must gather before evaluating; the probe receives exactly these, checked and typed. */
  artifacts: readonly A[];
  /** JSON Schema of the parameters bound to this probe per testcase (from the binding data). */
  params?: Record<string, unknown>;
  /** Documented differences from the reference scripts, with what the text says and what the script does. */
  deviations?: Deviation[];
}

/** Context a probe may read. No IO, no clock but `referenceDate`. */
export interface ProbeContext {
  /** The testcase this evaluation is for. */
  testcaseId: string;
  /** Parameters bound to the testcase (validated against `meta.params`). */
  params: Record<string, unknown>;
  /** The run's reference date (YYYY-MM-DD) — for date logic use this, never Date.now(). */
  referenceDate: string;
  /** The instant the run checked the cloud (ISO 8601 UTC): for ages of images, patches, … */
  now: string;
  /** Parameter data files loaded from standards/ (e.g. `scs-0103-standard-flavors`), by data id. */
  data: Readonly<Record<string, unknown>>;
  mode: JudgeMode;
}

/** What the runner hands a probe: every artifact it declared, each checked against its contract. */
export type ArtifactValues = Partial<ArtifactTypes>;

/** A probe as the registry and runner hold it, whatever artifacts it declared. */
export interface Probe {
  meta: ProbeMeta;
  /** Pure: judge the artifacts. Throwing is allowed and becomes ABORT with the message. */
  evaluate(artifacts: ArtifactValues, ctx: ProbeContext): ProbeResult;
}

/** A probe over the artifacts `A` it declares: `evaluate` receives exactly those, typed. */
export interface TypedProbe<A extends ArtifactName> {
  meta: ProbeMeta<A>;
  /** Pure: judge the artifacts. Throwing is allowed and becomes ABORT with the message. */
  evaluate(artifacts: ArtifactsOf<A>, ctx: ProbeContext): ProbeResult;
}

/**
 * Declare a probe: the artifact names in `meta.artifacts` type the `artifacts` argument of `evaluate`, so a
 * probe reads `artifacts.Flavors` as `Flavor[]` with no cast and cannot read an artifact it did not declare.
 */
export function defineProbe<const A extends ArtifactName>(probe: TypedProbe<A>): Probe {
  return probe;
}

/** A scope-wide check of one artifact that must pass before any testcase runs (e.g. the IaaS role check). */
export interface Preflight<N extends ArtifactName = ArtifactName> {
  artifact: N;
  check(value: ArtifactTypes[N]): { ok: true } | { ok: false; messageId: string; reason: string };
}

/** Declare a pre-flight check; its `check` receives the artifact typed. */
export function definePreflight<const N extends ArtifactName>(preflight: Preflight<N>): Preflight<N> {
  return preflight;
}
