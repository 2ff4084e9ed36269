// `scs-cert run`: certify a live cloud (or the embedded demo cloud) against a scope and write the reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KUBECONFIG_DEFAULT, KUBECONFIG_NONE } from '../../targets/kubernetes.js';
import { targetFor } from '../../targets/registry.js';
import { certifyEachCluster } from '../cluster-lifecycle.js';
import { addOutputOptions, certify, checkAssignment, prepare, type OutputFlags } from '../certify.js';
import { UsageError } from '../errors.js';
import type { CommandRegistration } from '../main.js';
import { Progress } from '../progress.js';
import { addSelectionOptions, type SelectionFlags } from '../selection.js';
import type { RecordedRunInfo } from './evaluate.js';
import { loadEvidenceFile } from '../../evidence/evidence-file.js';
import { loadDomainManagers } from '../domain-managers.js';
import { judgeManualChecks } from '../../evidence/judge.js';
import { standardsOp } from '../selection.js';
import { addAttestOptions, attestAfterRun, checkAttestFlags, type AttestFlags } from '../run-attest.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

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
  domainManagers?: string;
  evidence?: string;
  target?: string;
  clusterPlugin?: string;
  cluster?: string;
}

export const registerRunCommand: CommandRegistration = (program, io, setExitOfCommand) => {
  // With --cluster-plugin every cluster's run reports its code here; the command ends with the worst.
  let setExit = setExitOfCommand;
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
    );
  addAttestOptions(addOutputOptions(addSelectionOptions(cmd)));
  const runOne = async (scopeArg: string, flags: RunFlags) => {
    const prepared = prepare(scopeArg, flags, io);
    if (flags.target !== undefined && flags.target !== 'preview') {
      throw new UsageError(
        `--target '${flags.target}' selects nothing: the versions' own targets always run; 'preview' adds the manual testcases`,
      );
    }
    // Read the evidence before touching the cloud: a bad file is a one-line error, not a late surprise.
    const evidence = flags.evidence
      ? standardsOp(() => {
          const e = loadEvidenceFile(resolve(io.cwd, flags.evidence as string));
          judgeManualChecks(prepared.scope, e, prepared.suite.referenceDate, undefined);
          return e;
        })
      : undefined;
    const manual = evidence || flags.target === 'preview' ? { ...(evidence && { evidence }) } : undefined;
    const domainManagerIdentities = flags.domainManagers
      ? standardsOp(() => loadDomainManagers(resolve(io.cwd, flags.domainManagers as string), io.env))
      : undefined;
    checkAttestFlags(flags, prepared.formats);
    const variables = prepared.scope.variables.map((v) => v.name);
    const target = targetFor(variables);
    if (!target) {
      throw new UsageError(
        `scs-cert cannot run scope '${prepared.scope.name}': no target serves its variables (${variables.join(', ')})`,
      );
    }
    const assignment: Record<string, string> = {};
    for (const v of prepared.scope.variables) if (v.default !== undefined) assignment[v.name] = v.default;
    Object.assign(assignment, prepared.assignment);
    const demo = Boolean(flags.demo) || flags.osCloud === 'demo' || assignment['os_cloud'] === 'demo';
    if (target.kind === 'openstack') {
      const cloud = flags.osCloud ?? prepared.assignment['os_cloud'] ?? io.env.OS_CLOUD;
      if (demo) assignment['os_cloud'] = 'demo';
      else if (cloud) assignment['os_cloud'] = cloud;
      else if (!io.env.OS_AUTH_URL) {
        throw new UsageError(
          'no cloud selected: name a clouds.yaml entry with --os-cloud NAME or the OS_CLOUD variable (or set OS_AUTH_URL and friends), or use --demo for the embedded demo cloud',
        );
      } else assignment['os_cloud'] = 'envvars';
    }
    if (target.kind === 'kubernetes') {
      const kubeconfig = flags.kubeconfig ?? prepared.assignment['kubeconfig'] ?? io.env.KUBECONFIG;
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
    checkAssignment(prepared.scope, assignment);
    const progress = new Progress(io, prepared.verbosity);
    const recordDir = flags.record ? resolve(io.cwd, flags.record) : undefined;
    const targetFlags: Record<string, unknown> = {
      ...(flags.kubeconfig !== undefined && { kubeconfig: flags.kubeconfig }),
      ...(flags.context !== undefined && { context: flags.context }),
      ...(flags.sonobuoyResults !== undefined && { sonobuoyResults: resolve(io.cwd, flags.sonobuoyResults) }),
      ...(flags.sonobuoyNetworkingResults !== undefined && {
        sonobuoyNetworkingResults: resolve(io.cwd, flags.sonobuoyNetworkingResults),
      }),
      ...(flags.releaseData !== undefined && { releaseData: resolve(io.cwd, flags.releaseData) }),
      ...(flags.executionMode !== undefined && { executionMode: flags.executionMode }),
      ...(flags.domainManagers !== undefined && { domainManagers: resolve(io.cwd, flags.domainManagers) }),
    };
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
    // The SCS report records only assignments that were given, never variable defaults (as the reference).
    const given = new Set([...Object.keys(prepared.assignment), 'os_cloud', 'kubeconfig']);
    if (flags.executionMode) given.add('execution_mode');
    if (flags.subjectRoot) given.add('subject_root');
    const reportAssignment = Object.fromEntries(
      Object.entries(session.assignment).filter(([k]) => given.has(k)),
    );
    // Gaia-X credentials describe the gathered flavors and images: keep them (in a temporary place if not asked to).
    const tempArtifacts =
      flags.gaiaxParticipant && !recordDir && !flags.saveArtifacts
        ? mkdtempSync(join(tmpdir(), 'scs-cert-artifacts-'))
        : undefined;
    const artifactsDir = recordDir
      ? join(recordDir, 'artifacts')
      : flags.saveArtifacts
        ? resolve(io.cwd, flags.saveArtifacts)
        : tempArtifacts;
    try {
      const subject = { ...session.subject, ...(flags.subject !== undefined && { name: flags.subject }) };
      if (recordDir) {
        mkdirSync(recordDir, { recursive: true });
        const info: RecordedRunInfo = {
          subject,
          assignment: session.assignment,
          scope: scopeArg,
          flags: targetFlags,
          observedAt: new Date().toISOString(),
        };
        writeFileSync(join(recordDir, 'run.json'), `${JSON.stringify(info, null, 2)}\n`);
      }
      if (flags.saveArtifacts && artifactsDir) {
        // Saved artifacts remember what they are of and when, so `evaluate --artifacts` judges them as of then.
        mkdirSync(artifactsDir, { recursive: true });
        const info: RecordedRunInfo = {
          subject,
          assignment: session.assignment,
          scope: scopeArg,
          flags: targetFlags,
          observedAt: new Date().toISOString(),
        };
        writeFileSync(join(artifactsDir, 'run.json'), `${JSON.stringify(info, null, 2)}\n`);
      }
      setExit(
        await certify({
          prepared,
          argv: process.argv.slice(2),
          io,
          subject,
          assignment: reportAssignment,
          session,
          ...(session.preflight && { preflight: session.preflight }),
          outputDir: flags.output ?? 'reports',
          ...(artifactsDir && { saveArtifactsDir: artifactsDir }),
          progress,
          ...(manual && { manual }),
          after: (report, files) => attestAfterRun(flags, report, files, artifactsDir, io),
        }),
      );
    } finally {
      await session.close();
      if (tempArtifacts) rmSync(tempArtifacts, { recursive: true, force: true });
    }
  };
  cmd.action(async (scopeArg: string, flags: RunFlags) => {
    if (!flags.clusterPlugin) return runOne(scopeArg, flags);
    if (flags.demo || flags.kubeconfig || flags.sonobuoyResults || flags.context)
      throw new UsageError(
        '--cluster-plugin creates the clusters it certifies — leave out --demo, --kubeconfig, --context and --sonobuoy-results',
      );
    const codes: number[] = [];
    setExit = (code) => codes.push(code);
    try {
      setExitOfCommand(
        await certifyEachCluster({
          file: flags.clusterPlugin,
          ...(flags.cluster && { only: flags.cluster.split(',').map((x) => x.trim()) }),
          io,
          outputRoot: flags.output ?? 'reports',
          certify: async (kubeconfig, cluster, outputDir) => {
            codes.length = 0;
            await runOne(scopeArg, {
              ...flags,
              kubeconfig,
              subject: flags.subject ?? cluster.id,
              output: outputDir,
            });
            return codes[0] ?? 0;
          },
        }),
      );
    } finally {
      setExit = setExitOfCommand;
    }
  });
};
