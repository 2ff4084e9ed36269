// `scs-cert evaluate`: judge saved artifacts (--artifacts DIR) or replay a recorded run (--from DIR) without a cloud.
import { existsSync } from 'node:fs';
import { expectFields, InputFileError, readJsonInput, shapeError } from '../../core/input-file.js';
import { basename, join, resolve } from 'node:path';
import type { SubjectInfo } from '../../results/report.js';
import '../../targets/builtin.js'; // registers the built-in targets
import { targetFor } from '../../targets/registry.js';
import { addOutputOptions, certify, prepare, type OutputFlags } from '../certify.js';
import { UsageError } from '../../core/errors.js';
import type { CommandRegistration } from '../command-registration.js';
import { Progress } from '../progress.js';
import { addSelectionOptions, type SelectionFlags } from '../selection.js';
import { present } from '../../core/invariant.js';

interface EvaluateFlags extends SelectionFlags, OutputFlags {
  artifacts?: string;
  from?: string;
  subject?: string;
}

/** What `run --record` stores beside the exchanges, so a replay knows what it replays. */
export interface RecordedRunInfo {
  subject: SubjectInfo;
  assignment: Record<string, string>;
  scope: string;
  flags?: Record<string, unknown>;
  /** When the run started observing the cloud (ISO 8601 UTC). */
  observedAt?: string;
}

export function readRecordedRunInfo(dir: string): RecordedRunInfo | undefined {
  const p = join(dir, 'run.json');
  if (!existsSync(p)) return undefined;
  const fix = 'record the run again';
  try {
    const info = expectFields(
      p,
      '',
      readJsonInput(p, 'saved run', fix),
      { subject: 'object', assignment: 'object', scope: 'string', flags: 'object?', observedAt: 'string?' },
      fix,
    );
    expectFields(p, '/subject', info.subject, { name: 'string', kind: 'string', demo: 'boolean' }, fix);
    for (const [k, v] of Object.entries(info.assignment as Record<string, unknown>))
      if (typeof v !== 'string') throw shapeError(p, `/assignment/${k}`, 'expected a string', fix);
    if (typeof info.observedAt === 'string' && Number.isNaN(Date.parse(info.observedAt)))
      throw shapeError(p, '/observedAt', 'not an ISO 8601 time', fix);
    return info as unknown as RecordedRunInfo;
  } catch (err) {
    if (err instanceof InputFileError) throw new UsageError(err.message);
    throw err;
  }
}

export const registerEvaluateCommand: CommandRegistration = (program, io, setExit) => {
  const cmd = program
    .command('evaluate')
    .description(
      'evaluate saved artifacts (--artifacts DIR) or replay a recording (--from DIR) offline, and write reports',
    )
    .argument('<scope>', 'scope id, uuid or scope YAML path')
    .option('--artifacts <dir>', 'directory of <Artifact>.json files (the shape a live run gathers)')
    .option(
      '--from <dir>',
      'a directory written by `run --record`: its API exchanges are replayed through the gatherers',
    )
    .option('-s, --subject <name>', 'subject name for the report');
  addOutputOptions(addSelectionOptions(cmd)).action(async (scopeArg: string, flags: EvaluateFlags) => {
    if (!flags.artifacts === !flags.from)
      throw new UsageError('give exactly one of --artifacts DIR or --from DIR');
    const prepared = prepare(scopeArg, flags, io);
    const target = targetFor(prepared.scope.variables.map((v) => v.name));
    const progress = new Progress(io, prepared.verbosity);
    if (flags.artifacts) {
      const dir = resolve(io.cwd, flags.artifacts);
      if (!existsSync(dir)) throw new UsageError(`--artifacts: no directory ${dir}`);
      const info = readRecordedRunInfo(dir) ?? readRecordedRunInfo(join(dir, '..'));
      const subject: SubjectInfo = {
        ...(info?.subject ?? { kind: 'artifacts', demo: false }),
        name: flags.subject ?? info?.subject.name ?? basename(dir),
        kind: 'artifacts',
        details: { ...(info?.subject.details ?? {}), artifactsDir: dir, originalKind: info?.subject.kind },
      };
      setExit(
        await certify({
          prepared,
          argv: process.argv.slice(2),
          io,
          subject,
          assignment: { ...(info?.assignment ?? {}), ...prepared.assignment },
          artifactsDir: dir,
          ...(info?.observedAt && { observedAt: new Date(info.observedAt) }),
          ...(target?.preflight && { preflight: target.preflight }),
          progress,
        }),
      );
      return;
    }
    const dir = resolve(io.cwd, present(flags.from, '--from (one of --artifacts and --from is given)'));
    const info = readRecordedRunInfo(dir);
    if (!info)
      throw new UsageError(
        `--from: ${dir} holds no recording (no run.json); record one with \`run --record DIR\``,
      );
    if (!target)
      throw new UsageError(
        `scs-cert cannot replay scope '${prepared.scope.name}': no target serves its variables`,
      );
    const assignment = { ...info.assignment, ...prepared.assignment };
    const session = await target.open({
      assignment,
      ...(flags.subject !== undefined && { subject: flags.subject }),
      demo: false,
      replay: join(dir, 'exchanges'),
      env: io.env,
      cwd: io.cwd,
      log: progress.logger,
      progress: progress.progress,
      flags: info.flags ?? {},
    });
    try {
      setExit(
        await certify({
          prepared,
          argv: process.argv.slice(2),
          io,
          subject: {
            ...info.subject,
            name: flags.subject ?? info.subject.name,
            kind: 'replay',
            // A recording of the demo stays a demo, whatever it is called now (run.json or the wire marker).
            demo: info.subject.demo === true || session.subject.demo,
            ...(!info.subject.demo && session.subject.demo && session.subject.note !== undefined
              ? { note: session.subject.note }
              : {}),
            details: { ...info.subject.details, replayedFrom: dir },
          },
          assignment,
          session,
          ...(session.preflight && { preflight: session.preflight }),
          progress,
        }),
      );
    } finally {
      await session.close();
    }
  });
};
