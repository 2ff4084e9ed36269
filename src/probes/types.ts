// The probe contract: metadata plus one pure function from gathered artifacts to a result.
import type { ArtifactName } from '../artifacts/names.js';
import type { Deviation, ProbeResult } from '../results/types.js';

/** How a probe should judge where the standard's text and the reference scripts differ. */
export type JudgeMode = 'standard' | 'reference';

export interface ProbeMeta {
  /** Probe id; equals the file name under src/probes/<area>/ and the doc page docs/probes/<id>.md. */
  id: string;
  title: string;
  /** Shown when the probe fails. */
  failureTitle: string;
  description: string;
  /** Standards this probe implements, e.g. `scs-0100-v3`, with the text's URL. */
  standards: Array<{ id: string; url: string }>;
  /** Artifacts the runner must gather before evaluating; the probe receives only these. */
  artifacts: ArtifactName[];
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

export type ArtifactValues = Partial<Record<ArtifactName, unknown>>;

export interface Probe {
  meta: ProbeMeta;
  /** Pure: judge the artifacts. Throwing is allowed and becomes ABORT with the message. */
  evaluate(artifacts: ArtifactValues, ctx: ProbeContext): ProbeResult;
}

/** Helper for probe authors: declare a probe with its types checked. */
export function defineProbe(probe: Probe): Probe {
  return probe;
}
