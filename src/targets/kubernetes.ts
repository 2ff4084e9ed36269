// The Kubernetes target: a kubeconfig context, saved Sonobuoy results, or the embedded demo cluster.
import { kubernetesGatherers } from '../gatherers/kubernetes/index.js';
import { prepareKaasRun } from './kubernetes-session.js';
import type { SubjectInfo } from '../results/report.js';
import type { Target, TargetOpenOptions, TargetSession } from './types.js';

export const DEMO_CLUSTER_NOTE =
  "this run certifies scs-cert's embedded demo cluster (an in-process Kubernetes API with a bundled sample Sonobuoy results archive and synthetic release data), not a real cluster";

/** `kubeconfig` assignments that name no file: judge given Sonobuoy results alone, or find the kubeconfig as kubectl. */
export const KUBECONFIG_NONE = 'none';
export const KUBECONFIG_DEFAULT = 'default';

export const kubernetesTarget: Target = {
  kind: 'kubernetes',
  serves: (variables) => variables.includes('kubeconfig'),
  async open(opts: TargetOpenOptions): Promise<TargetSession> {
    const flag = (name: string) =>
      typeof opts.flags[name] === 'string' ? (opts.flags[name] as string) : undefined;
    const assigned = opts.assignment['kubeconfig'];
    const named = assigned === KUBECONFIG_NONE || assigned === KUBECONFIG_DEFAULT ? undefined : assigned;
    const kubeconfig = opts.demo ? undefined : (flag('kubeconfig') ?? named);
    const executionMode = flag('executionMode') ?? opts.assignment['execution_mode'];
    const subjectRoot = opts.demo ? undefined : opts.assignment['subject_root'];
    const prepared = await prepareKaasRun({
      demo: opts.demo,
      ...(opts.demoProfile !== undefined && { demoProfile: opts.demoProfile }),
      ...(kubeconfig !== undefined && { kubeconfig }),
      ...(flag('context') !== undefined && { context: flag('context') }),
      ...(flag('sonobuoyResults') !== undefined && { sonobuoyResults: flag('sonobuoyResults') }),
      ...(flag('sonobuoyNetworkingResults') !== undefined && {
        sonobuoyNetworkingResults: flag('sonobuoyNetworkingResults'),
      }),
      ...(flag('releaseData') !== undefined && { releaseData: flag('releaseData') }),
      ...(!opts.demo && !kubeconfig && assigned === KUBECONFIG_NONE && { resultsOnly: true }),
      ...(executionMode !== undefined && { executionMode }),
      ...(subjectRoot !== undefined && { subjectRoot }),
      env: opts.env,
      cwd: opts.cwd,
      log: opts.log,
    });
    const info = prepared.subjectInfo;
    const subject: SubjectInfo = {
      name: opts.subject ?? (info.demo ? 'scs-cert-demo-cluster' : info.name),
      kind: 'kubernetes',
      demo: info.demo,
      ...(info.demo && { note: DEMO_CLUSTER_NOTE }),
      details: { ...info },
    };
    const assignment: Record<string, string> = { ...opts.assignment };
    if (info.demo) {
      assignment['kubeconfig'] = 'demo';
      assignment['subject_root'] = 'demo';
    } else if (info.kubeconfig) assignment['kubeconfig'] = info.kubeconfig;
    return {
      clients: prepared.clients,
      gatherers: kubernetesGatherers,
      subject,
      assignment,
      options: prepared.options,
      close: () => prepared.close(),
    };
  },
};
