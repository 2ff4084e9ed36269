// Where a report's data came from (a live cloud, a replayed recording, saved artifacts) and whether it is a demo:
// shared by the embedded cloud (which says so on the wire), the targets, the report model and `upload`.

/** Response header the embedded demo cloud sends with every answer (lower-case, as transports hand it over). */
export const DEMO_CLOUD_HEADER = 'x-scs-cert-demo-cloud';

export type ProvenanceSource = 'live' | 'replay' | 'artifacts';

export interface Provenance {
  /** `live`: gathered from the cloud during this run; `replay`: a recording (`run --record`) replayed;
   * `artifacts`: saved artifacts (`run --save-artifacts`) judged again. */
  source: ProvenanceSource;
  /** True when the data came from scs-cert's embedded demo cloud or cluster, however it reached this report. */
  demo: boolean;
  /** Why `source` and `demo` are what they are, one line each (e.g. the demo marker on the wire). */
  basis: string[];
  /** For replays and saved artifacts: the directory the data was read from. */
  from?: string;
}

/** The facts of a subject that decide provenance (a subset of the report's SubjectInfo). */
export interface ProvenanceFacts {
  kind: string;
  demo: boolean;
  note?: string;
  details?: Record<string, unknown>;
}

/** Derives the provenance from what the run knows of its subject. */
export function provenanceOf(subject: ProvenanceFacts): Provenance {
  const details = subject.details ?? {};
  const source: ProvenanceSource =
    subject.kind === 'replay' ? 'replay' : subject.kind === 'artifacts' ? 'artifacts' : 'live';
  const basis: string[] = [];
  if (source === 'live')
    basis.push(`gathered from the ${subject.kind === 'kubernetes' ? 'cluster' : 'cloud'} during this run`);
  if (source === 'replay') basis.push('replayed from a recording of an earlier run; no cloud was contacted');
  if (source === 'artifacts') {
    basis.push(
      details['originalKind'] === undefined
        ? 'saved artifacts without a run.json: where they were gathered is unknown'
        : 'saved artifacts of an earlier run; no cloud was contacted',
    );
  }
  if (subject.demo) basis.push(subject.note ?? "the data comes from scs-cert's embedded demo");
  const from = details['replayedFrom'] ?? details['artifactsDir'];
  return {
    source,
    demo: subject.demo,
    basis,
    ...(typeof from === 'string' && { from }),
  };
}

/** Whether a report may go to the compliance monitor without an explicit override: live and not a demo. */
export function isLiveRealCloud(p: Pick<Provenance, 'source' | 'demo'> | undefined): boolean {
  return p !== undefined && p.source === 'live' && !p.demo;
}
