// `scs-cert run`: certify a live cloud (or the embedded demo cloud) against a scope and write the reports.
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import '../../targets/builtin.js'; // registers the built-in targets
import { KUBECONFIG_DEFAULT, KUBECONFIG_NONE } from '../../targets/kubernetes.js';
import { targetFor } from '../../targets/registry.js';
import { redact } from '../../core/redact.js';
import { makeDirs } from '../output.js';
import { certifyEachCluster } from '../cluster-lifecycle.js';
import { addOutputOptions, certify, checkAssignment, prepare, type OutputFlags } from '../certify.js';
import { UsageError } from '../../core/errors.js';
import type { CommandRegistration } from '../command-registration.js';
import { Progress } from '../progress.js';
import { addSelectionOptions, type SelectionFlags } from '../selection.js';
import type { RecordedRunInfo } from './evaluate.js';
import { loadEvidenceFile } from '../../evidence/evidence-file.js';
import { loadDomainManagers } from '../domain-managers.js';
import { judgeManualChecks } from '../../evidence/judge.js';
import { standardsOp } from '../selection.js';
import { addAttestOptions, attestAfterRun, checkAttestFlags, type AttestFlags } from '../run-attest.js';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadCloudFiles } from '../../clients/openstack/config.js';
import { PROFILES as IAAS_DEMO_PROFILES } from '../../democloud/profiles.js';
import { DEMO_PROFILES as KAAS_DEMO_PROFILES } from '../../democluster/profiles.js';
import { tmpdir } from 'node:os';
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { Prepared } from '../certify.js';
import type { Target } from '../../targets/types.js';
import type { EvidenceFile } from '../../evidence/evidence-file.js';

interface RunFlags extends SelectionFlags, OutputFlags, AttestFlags {
  saveArtifacts?: string;
  subject?: string;
  osCloud?: string;
  demo?: boolean;
  demoProfile?: string;
  kubeconfig?: string;
  context?: string;
  sonobuoyResults?: string;
  sonobuoyNetworkingResults?: string;
  releaseData?: string;
  executionMode?: string;
  subjectRoot?: string;
  record?: string;
  tlsIgnore?: string[];
  tlsProfileLevel?: string;
  tempest?: boolean;
  tempestResults?: string;
  tempestConfig?: string;
  tempestWorkspace?: string;
  tempestConcurrency?: string;
  tempestSubset?: string;
  paceMemory?: boolean;
  domainManagers?: string;
  evidence?: string;
  target?: string;
  clusterPlugin?: string;
  cluster?: string;
}

function readableFile(option: string, path: string): string {
  if (!existsSync(path))
    throw new UsageError(`${option} ${path}: no such file; give a file of listed test ids`);
  return path;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--tempest-concurrency ${v}: give a whole number of workers, at least 1`);
  return n;
}

export const registerRunCommand: CommandRegistration = (program, io, setExitOfCommand) => {
  // With --cluster-plugin every cluster's run reports its code here; the command ends with the worst.
  let setExit = setExitOfCommand;
  const cmd = declareRunOptions(program);
  const runHere = (scopeArg: string, flags: RunFlags) => runOne(scopeArg, flags, io, (code) => setExit(code));
  cmd.action(async (scopeArg: string, flags: RunFlags) => {
    const clusterFile = flags.clusterPlugin;
    if (!clusterFile) return runHere(scopeArg, flags);
    if (flags.demo || flags.kubeconfig || flags.sonobuoyResults || flags.context)
      throw new UsageError(
        '--cluster-plugin creates the clusters it certifies — leave out --demo, --kubeconfig, --context and --sonobuoy-results',
      );
    const codes: number[] = [];
    setExit = (code) => codes.push(code);
    try {
      setExitOfCommand(await runEachCluster(clusterFile, scopeArg, flags, io, codes, runHere));
    } finally {
      setExit = setExitOfCommand;
    }
  });
};

/** `--cluster-plugin`: creates, certifies (one run each, its code collected in `codes`) and deletes each cluster. */
function runEachCluster(
  file: string,
  scopeArg: string,
  flags: RunFlags,
  io: CliIO,
  codes: number[],
  run: (scopeArg: string, flags: RunFlags) => Promise<void>,
): Promise<number> {
  return certifyEachCluster({
    file,
    ...(flags.cluster && { only: flags.cluster.split(',').map((x) => x.trim()) }),
    io,
    outputRoot: flags.output ?? 'reports',
    certify: async (kubeconfig, cluster, outputDir) => {
      codes.length = 0;
      await run(scopeArg, {
        ...flags,
        kubeconfig,
        subject: flags.subject ?? cluster.id,
        output: outputDir,
      });
      return codes[0] ?? 0;
    },
  });
}

function declareRunOptions(program: Command): Command {
  const cmd = program
    .command('run')
    .description('certify a cloud against a scope: gather, judge, and write json/yaml/junit/md reports')
    .argument(
      '<scope>',
      'scope id (scs-compatible-iaas, scs-compatible-kaas), its uuid, or a scope YAML path',
    )
    .option('-s, --subject <name>', 'subject name for the report (as the compliance monitor knows it)')
    .option(
      '--os-cloud <name>',
      'clouds.yaml entry to certify (default: $OS_CLOUD); `demo` = the embedded demo cloud',
    )
    .option('--demo', 'certify the embedded demo cloud (or cluster) that ships with scs-cert')
    .option(
      '--demo-profile <names>',
      'embedded demo: profiles that break standards on purpose (comma-separated)',
    )
    .option(
      '--kubeconfig <file>',
      "kubeconfig of the cluster to certify (default: $KUBECONFIG, ~/.kube/config, else the pod's service account)",
    )
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option(
      '--sonobuoy-results <path>',
      'evaluate an existing Sonobuoy results archive or directory instead of running Sonobuoy (alone: no cluster needed)',
    )
    .option(
      '--sonobuoy-networking-results <path>',
      'Sonobuoy results of the NetworkPolicy run (kaas-networking-check) when not in --sonobuoy-results',
    )
    .option('--release-data <dir>', 'offline Kubernetes release/CVE data saved by `scs-cert data fetch`')
    .option('--execution-mode <mode>', 'Sonobuoy execution mode: parallel, serial or dry')
    .option('--subject-root <dir>', 'working directory of the subject (KaaS)')
    .option(
      '--tls-ignore <host[:port]>',
      'scs-0125: leave this host (any port) or host:port out of the TLS checks (repeatable, or comma-separated)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--tls-profile-level <level>',
      'scs-0125: Mozilla TLS level to judge against (old, intermediate, modern)',
    )
    .option('--tempest', "scs-0128: run Debian's tempest with the standard's test list (tens of minutes)")
    .option(
      '--tempest-results <path>',
      'scs-0128: judge an existing Tempest run (subunit file, .stestr directory or JUnit XML)',
    )
    .option('--tempest-config <ini>', 'scs-0128: tempest.conf settings that override the generated ones')
    .option(
      '--tempest-workspace <dir>',
      'scs-0128: keep the Tempest workspace here (default: a temporary one, removed)',
    )
    .option('--tempest-concurrency <n>', 'scs-0128: Tempest workers (default 1: one pre-provisioned account)')
    .option(
      '--tempest-subset <file>',
      'scs-0128: run only these tests of the list (one id per line): a check, never a PASS',
    )
    .option(
      '--no-pace-memory',
      "IaaS: neither use nor keep how long this cloud's volume backup and restore took (pace.json in the state directory)",
    )
    .option(
      '--domain-managers <file>',
      'IaaS: two test domains and their manager users for the scs-0302 checks (schemas/domain-managers.schema.json)',
    )
    .option(
      '--evidence <file>',
      "attestations for the scope's manual testcases (schemas/evidence.schema.json): documents checked by SHA-256, statements signed with the report",
    )
    .option(
      '--target <name>',
      "also report a target beyond the versions' own: 'preview' = the scope's manual testcases with their evidence",
    )
    .option(
      '--cluster-plugin <file>',
      'KaaS: create, certify and delete each cluster of a clusters file (plugins static, kind, exec)',
    )
    .option('--cluster <ids>', 'with --cluster-plugin: only these cluster ids (comma-separated)')
    .option('--record <dir>', 'save the redacted API exchanges and the gathered artifacts for offline replay')
    .option(
      '--save-artifacts <dir>',
      'save the gathered artifacts as <Artifact>.json (for `evaluate --artifacts`)',
    )
    .addHelpText('after', demoProfilesHelp);
  addAttestOptions(addOutputOptions(addSelectionOptions(cmd)));
  return cmd;
}

/** Certifies one cloud or cluster: checks every input first, then opens the target, certifies and writes. */
async function runOne(
  scopeArg: string,
  flags: RunFlags,
  io: CliIO,
  setExit: (code: number) => void,
): Promise<void> {
  const prepared = prepare(scopeArg, flags, io);
  if (flags.target !== undefined && flags.target !== 'preview') {
    throw new UsageError(
      `--target '${flags.target}' selects nothing: the versions' own targets always run; 'preview' adds the manual testcases`,
    );
  }
  const { manual, domainManagerIdentities } = readManualInputs(prepared, flags, io);
  checkAttestFlags(flags, prepared.formats);
  const target = targetOfScope(prepared);
  const { assignment, demo } = assignmentFor(prepared, target.kind, flags, io);
  // Two runs never share a recording or an artifacts directory: a replay would merge them.
  if (flags.record) checkEmptyDir(resolve(io.cwd, flags.record), '--record');
  if (flags.saveArtifacts) checkEmptyDir(resolve(io.cwd, flags.saveArtifacts), '--save-artifacts');
  const progress = new Progress(io, prepared.verbosity);
  const recordDir = flags.record ? resolve(io.cwd, flags.record) : undefined;
  const targetFlags = targetFlagsOf(flags, io.cwd);
  const session = await target.open({
    assignment,
    ...(flags.subject !== undefined && { subject: flags.subject }),
    demo,
    ...(flags.demoProfile !== undefined && { demoProfile: flags.demoProfile }),
    ...(recordDir && { record: join(recordDir, 'exchanges') }),
    env: io.env,
    cwd: io.cwd,
    log: progress.logger,
    progress: progress.progress,
    // The identities hold passwords: handed to the target, never put into the recorded targetFlags.
    flags: { ...targetFlags, ...(domainManagerIdentities && { domainManagerIdentities }) },
  });
  const reportAssignment = reportedAssignment(prepared, flags, session.assignment);
  const { tempArtifacts, artifactsDir } = artifactPlaces(flags, recordDir, io.cwd);
  try {
    const subject = { ...session.subject, ...(flags.subject !== undefined && { name: flags.subject }) };
    const info = (): RecordedRunInfo => ({
      subject,
      assignment: session.assignment,
      scope: scopeArg,
      flags: targetFlags,
      observedAt: new Date().toISOString(),
    });
    if (recordDir) writeRunInfo(recordDir, info());
    // Saved artifacts remember what they are of and when, so `evaluate --artifacts` judges them as of then.
    if (flags.saveArtifacts && artifactsDir) writeRunInfo(artifactsDir, info());
    setExit(
      await certify({
        prepared,
        argv: process.argv.slice(2),
        io,
        subject,
        assignment: reportAssignment,
        session,
        ...(session.preflight && { preflight: session.preflight }),
        ...(artifactsDir && { saveArtifactsDir: artifactsDir }),
        progress,
        ...(manual && { manual }),
        after: (report, files) => attestAfterRun(flags, report, files, artifactsDir, io),
      }),
    );
    // --record keeps the artifacts inside the recording; --save-artifacts as well gets its own copy of them.
    if (recordDir && flags.saveArtifacts && artifactsDir && existsSync(artifactsDir))
      cpSync(artifactsDir, resolve(io.cwd, flags.saveArtifacts), {
        recursive: true,
        force: false,
        errorOnExist: true,
      });
  } finally {
    await session.close();
    if (tempArtifacts) rmSync(tempArtifacts, { recursive: true, force: true });
  }
}

/** Where the gathered artifacts go: into the recording, the --save-artifacts directory, or a temporary one. */
function artifactPlaces(
  flags: RunFlags,
  recordDir: string | undefined,
  cwd: string,
): { tempArtifacts: string | undefined; artifactsDir: string | undefined } {
  // Gaia-X credentials describe the gathered flavors and images: keep them (in a temporary place if not asked to).
  const tempArtifacts =
    flags.gaiaxParticipant && !recordDir && !flags.saveArtifacts
      ? mkdtempSync(join(tmpdir(), 'scs-cert-artifacts-'))
      : undefined;
  const artifactsDir = recordDir
    ? join(recordDir, 'artifacts')
    : flags.saveArtifacts
      ? resolve(cwd, flags.saveArtifacts)
      : tempArtifacts;
  return { tempArtifacts, artifactsDir };
}

/** `run.json` beside a recording or saved artifacts: what they are of, and when. */
function writeRunInfo(dir: string, info: RecordedRunInfo): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), `${redact(JSON.stringify(info, null, 2))}\n`);
}

/**
 * The evidence for the manual testcases and the domain managers' identities, read before touching the cloud:
 * a bad file is a one-line error, not a late surprise.
 */
function readManualInputs(
  prepared: Prepared,
  flags: RunFlags,
  io: CliIO,
): {
  manual: { evidence?: EvidenceFile } | undefined;
  domainManagerIdentities: ReturnType<typeof loadDomainManagers> | undefined;
} {
  const evidencePath = flags.evidence;
  const evidence = evidencePath
    ? standardsOp(() => {
        const e = loadEvidenceFile(resolve(io.cwd, evidencePath));
        judgeManualChecks(prepared.scope, e, prepared.suite.referenceDate, undefined);
        return e;
      })
    : undefined;
  const manual = evidence || flags.target === 'preview' ? { ...(evidence && { evidence }) } : undefined;
  const domainManagersPath = flags.domainManagers;
  const domainManagerIdentities = domainManagersPath
    ? standardsOp(() => loadDomainManagers(resolve(io.cwd, domainManagersPath), io.env))
    : undefined;
  return { manual, domainManagerIdentities };
}

function targetOfScope(prepared: Prepared): Target {
  const variables = prepared.scope.variables.map((v) => v.name);
  const target = targetFor(variables);
  if (!target) {
    throw new UsageError(
      `scs-cert cannot run scope '${prepared.scope.name}': no target serves its variables (${variables.join(', ')})`,
    );
  }
  return target;
}

/** The scope's variables: defaults, then `-a`, then the cloud or cluster the flags name; checked complete. */
function assignmentFor(
  prepared: Prepared,
  kind: Target['kind'],
  flags: RunFlags,
  io: CliIO,
): { assignment: Record<string, string>; demo: boolean } {
  const assignment: Record<string, string> = {};
  for (const v of prepared.scope.variables) if (v.default !== undefined) assignment[v.name] = v.default;
  Object.assign(assignment, prepared.assignment);
  const demo = Boolean(flags.demo) || (namesDemo(flags, assignment) && !userCloudNamedDemo(io));
  if (!flags.demo && namesDemo(flags, assignment) && !demo)
    io.stderr(
      "scs-cert: notice: certifying the clouds.yaml entry 'demo' (your clouds.yaml wins); use --demo for the embedded demo cloud\n",
    );
  if (flags.demoProfile !== undefined) checkDemoProfiles(kind, flags.demoProfile);
  const from: AssignFrom = { prepared, flags, env: io.env, demo };
  if (kind === 'openstack') assignCloud(assignment, from);
  if (kind === 'kubernetes') assignCluster(assignment, from);
  checkAssignment(prepared.scope, assignment);
  return { assignment, demo };
}

/** What the target's variables are assigned from. */
interface AssignFrom {
  prepared: Prepared;
  flags: RunFlags;
  env: NodeJS.ProcessEnv;
  demo: boolean;
}

/** `os_cloud`: the demo, --os-cloud / -a os_cloud / $OS_CLOUD, else the OS_* variables. */
function assignCloud(assignment: Record<string, string>, { prepared, flags, env, demo }: AssignFrom): void {
  const cloud = flags.osCloud ?? prepared.assignment['os_cloud'] ?? env.OS_CLOUD;
  if (demo) assignment['os_cloud'] = 'demo';
  else if (cloud) assignment['os_cloud'] = cloud;
  else if (!env.OS_AUTH_URL) {
    throw new UsageError(
      'no cloud selected: name a clouds.yaml entry with --os-cloud NAME or the OS_CLOUD variable (or set OS_AUTH_URL and friends), or use --demo for the embedded demo cloud',
    );
  } else assignment['os_cloud'] = 'envvars';
}

/** `kubeconfig`, `execution_mode` and `subject_root` of a KaaS run. */
function assignCluster(assignment: Record<string, string>, { prepared, flags, env, demo }: AssignFrom): void {
  const kubeconfig = flags.kubeconfig ?? prepared.assignment['kubeconfig'] ?? env.KUBECONFIG;
  const resultsGiven = Boolean(flags.sonobuoyResults || flags.sonobuoyNetworkingResults);
  // As kubectl: --kubeconfig, KUBECONFIG, ~/.kube/config, the pod's service account (resolved on connecting);
  // given Sonobuoy results and no cluster named, the results are judged alone.
  if (!demo)
    assignment['kubeconfig'] =
      kubeconfig ?? (resultsGiven && !flags.context ? KUBECONFIG_NONE : KUBECONFIG_DEFAULT);
  if (flags.executionMode) assignment['execution_mode'] = flags.executionMode;
  if (flags.subjectRoot) assignment['subject_root'] = flags.subjectRoot;
  // The reference runner insists on -a subject_root; its only use is where Sonobuoy results go, so the
  // working directory is a fine default (results land in ./sono-results-*).
  assignment['subject_root'] ??= '.';
  if (demo) {
    assignment['kubeconfig'] ??= 'demo';
    assignment['subject_root'] ??= 'demo';
  }
}

/** The target's own flags, paths resolved; recorded with a recording, so never a secret. */
function targetFlagsOf(flags: RunFlags, cwd: string): Record<string, unknown> {
  return {
    ...(flags.kubeconfig !== undefined && { kubeconfig: flags.kubeconfig }),
    ...(flags.context !== undefined && { context: flags.context }),
    ...(flags.sonobuoyResults !== undefined && { sonobuoyResults: resolve(cwd, flags.sonobuoyResults) }),
    ...(flags.sonobuoyNetworkingResults !== undefined && {
      sonobuoyNetworkingResults: resolve(cwd, flags.sonobuoyNetworkingResults),
    }),
    ...(flags.releaseData !== undefined && { releaseData: resolve(cwd, flags.releaseData) }),
    ...(flags.executionMode !== undefined && { executionMode: flags.executionMode }),
    ...(flags.tlsIgnore !== undefined && { tlsIgnore: flags.tlsIgnore }),
    ...(flags.tlsProfileLevel !== undefined && { tlsProfileLevel: flags.tlsProfileLevel }),
    ...(flags.tempest !== undefined && { tempest: flags.tempest }),
    ...(flags.tempestResults !== undefined && { tempestResults: resolve(cwd, flags.tempestResults) }),
    ...(flags.tempestConfig !== undefined && { tempestConfig: resolve(cwd, flags.tempestConfig) }),
    ...(flags.tempestWorkspace !== undefined && {
      tempestWorkspace: resolve(cwd, flags.tempestWorkspace),
    }),
    ...(flags.tempestConcurrency !== undefined && {
      tempestConcurrency: positiveInt(flags.tempestConcurrency),
    }),
    ...(flags.tempestSubset !== undefined && {
      tempestSubset: readableFile('--tempest-subset', resolve(cwd, flags.tempestSubset)),
    }),
    ...(flags.domainManagers !== undefined && { domainManagers: resolve(cwd, flags.domainManagers) }),
    ...(flags.paceMemory === false && { paceMemory: false }),
  };
}

/** The SCS report records only assignments that were given, never variable defaults (as the reference). */
function reportedAssignment(
  prepared: Prepared,
  flags: RunFlags,
  sessionAssignment: Record<string, string>,
): Record<string, string> {
  const given = new Set([...Object.keys(prepared.assignment), 'os_cloud', 'kubeconfig']);
  if (flags.executionMode) given.add('execution_mode');
  if (flags.subjectRoot) given.add('subject_root');
  return Object.fromEntries(Object.entries(sessionAssignment).filter(([k]) => given.has(k)));
}

/** A directory to fill must be new or empty (not a file, not a symlink), else the run stops before it starts. */
function checkEmptyDir(dir: string, option: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    try {
      makeDirs(dir);
    } catch (err) {
      throw new UsageError(
        `${option}: cannot create ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another directory`,
      );
    }
    return;
  }
  if (!st.isDirectory())
    throw new UsageError(`${option} ${dir} exists and is not a directory; choose a new directory`);
  if (readdirSync(dir).length > 0)
    throw new UsageError(
      `${option} ${dir} is not empty (it holds another run); choose a new or empty directory so runs are never merged`,
    );
}

/** `--os-cloud demo` or `-a os_cloud=demo`: the embedded cloud, unless the user's clouds.yaml has a `demo`. */
function namesDemo(flags: RunFlags, assignment: Record<string, string>): boolean {
  return flags.osCloud === 'demo' || (flags.osCloud === undefined && assignment['os_cloud'] === 'demo');
}

function userCloudNamedDemo(io: { env: NodeJS.ProcessEnv; cwd: string }): boolean {
  try {
    return Object.hasOwn(loadCloudFiles({ env: io.env, cwd: io.cwd }).clouds, 'demo');
  } catch {
    return false; // an unreadable clouds.yaml is reported when connecting, with its own message
  }
}

/** Unknown demo profiles are a usage error naming the known ones (before anything starts). */
function checkDemoProfiles(kind: string, spec: string): void {
  const known: readonly string[] =
    kind === 'kubernetes' ? KAAS_DEMO_PROFILES : ['default', ...IAAS_DEMO_PROFILES.map((p) => p.name)];
  const unknown = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !known.includes(s));
  if (unknown.length)
    throw new UsageError(
      `unknown demo profile ${unknown.map((u) => `'${u}'`).join(', ')} for ${kind === 'kubernetes' ? 'the embedded cluster' : 'the embedded cloud'}: use one of ${known.join(', ')}`,
    );
}

function demoProfilesHelp(): string {
  const iaas = IAAS_DEMO_PROFILES.map((p) => `  ${p.name.padEnd(28)} ${p.summary}`);
  return [
    '',
    'Demo profiles of the embedded cloud (--demo --demo-profile a,b; IaaS scopes):',
    ...iaas,
    '',
    'Demo profiles of the embedded cluster (--demo --demo-profile NAME; KaaS scopes):',
    `  ${KAAS_DEMO_PROFILES.join(', ')}`,
  ].join('\n');
}
