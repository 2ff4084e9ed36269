// Which versions and testcases decide a report's verdict: shared by the JUnit, HTML and diff renderings.
import type { ConformanceReport, TestcaseReport, VersionReport } from '../results/report.js';

/** The versions the verdict rests on: the certifiable (effective/warn) ones run, else every version run. */
export function decidingVersions(report: ConformanceReport): VersionReport[] {
  const certifiable = report.versions.filter((v) => v.validity === 'effective' || v.validity === 'warn');
  return certifiable.length ? certifiable : report.versions;
}

export interface TestcasePlace {
  /** `version/target` pairs the testcase belongs to in this run, e.g. `v5.1/main`, `next/main`. */
  places: string[];
  /** True when its outcome counts for the verdict (it is in the `main` target of a deciding version). */
  decides: boolean;
  /** The deciding version it counts for (the first one), or the version it appears in otherwise. */
  version: string | undefined;
}

export function placeOf(report: ConformanceReport, tc: TestcaseReport): TestcasePlace {
  const deciding = new Set(decidingVersions(report).map((v) => v.version));
  const places = report.versions.flatMap((v) =>
    Object.entries(v.targets)
      .filter(([, t]) => t.testcases.includes(tc.id))
      .map(([target]) => `${v.version}/${target}`),
  );
  const decidingVersion = report.versions.find(
    (v) => deciding.has(v.version) && v.targets['main']?.testcases.includes(tc.id),
  );
  return {
    places,
    decides: decidingVersion !== undefined,
    version: decidingVersion?.version ?? places[0]?.split('/')[0],
  };
}
