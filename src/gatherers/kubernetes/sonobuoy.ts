// Shared body of the two Sonobuoy gatherers: read given results, or drive sonobuoy against the cluster (one run at a time).
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SonobuoyResults } from '../../artifacts/kaas.js';
import type { KubeClient } from '../../clients/kubernetes/client.js';
import { IN_CLUSTER_CONTEXT } from '../../clients/kubernetes/index.js';
import type { GatherContext } from '../types.js';
import {
  type Exec,
  type SonobuoyCheck,
  EXECUTION_MODES,
  SONOBUOY_CHECKS,
  findSonobuoy,
  isExecutionMode,
  runSonobuoyCheck,
} from '../../clients/sonobuoy/driver.js';
import { readSonobuoyResults } from '../../clients/sonobuoy/results.js';

/** What prepareKaasRun may place at `ctx.clients.sonobuoy` (a binary path, or a fake exec for tests). */
export interface SonobuoyClient {
  binary: string;
  exec?: Exec;
}

/**
 * Results given on the command line for a check: `--sonobuoy-results PATH` is a tarball, an extracted directory,
 * or a subject root holding `sono-results-e2e/` and `sono-results-0219/`; `--sonobuoy-networking-results` overrides
 * for scs-0219.
 */
export function givenResultsPath(
  options: Readonly<Record<string, unknown>>,
  check: SonobuoyCheck,
): string | undefined {
  const specific =
    check === 'networking' ? options.sonobuoyNetworkingResults : options.sonobuoyConformanceResults;
  if (typeof specific === 'string' && specific) return specific;
  const p = options.sonobuoyResults;
  if (typeof p !== 'string' || !p) return undefined;
  const sub = join(p, SONOBUOY_CHECKS[check].resultDir);
  const other = join(p, SONOBUOY_CHECKS[check === 'networking' ? 'conformance' : 'networking'].resultDir);
  if (existsSync(p) && statSync(p).isDirectory() && (existsSync(sub) || existsSync(other))) {
    if (!existsSync(sub))
      throw new Error(
        `${p} holds ${SONOBUOY_CHECKS[check === 'networking' ? 'conformance' : 'networking'].resultDir}/ but no ${SONOBUOY_CHECKS[check].resultDir}/ for ${SONOBUOY_CHECKS[check].testcase}`,
      );
    return sub;
  }
  return p;
}

let queue: Promise<unknown> = Promise.resolve();

export async function gatherSonobuoy(ctx: GatherContext, check: SonobuoyCheck): Promise<SonobuoyResults> {
  const given = givenResultsPath(ctx.options, check);
  if (given) {
    ctx.log.info(`${SONOBUOY_CHECKS[check].testcase}: reading Sonobuoy results ${given}`);
    return readSonobuoyResults(given);
  }
  const client = ctx.clients.sonobuoy as SonobuoyClient | undefined;
  const binary = client?.binary ?? findSonobuoy();
  if (!binary)
    throw new Error(
      'sonobuoy is not on PATH nor in ~/.local/bin — install Sonobuoy (0.57.x) or pass --sonobuoy-results PATH (tarball or directory)',
    );
  const kube = ctx.clients.kubernetes as KubeClient | undefined;
  if (!kube)
    throw new Error(
      'no cluster to run Sonobuoy against — pass --kubeconfig FILE, or --sonobuoy-results PATH',
    );
  // In a pod, sonobuoy finds the service account itself (client-go's in-cluster config), as scs-cert did.
  const inCluster = !kube.kubeconfigPaths.length && kube.contextName === IN_CLUSTER_CONTEXT;
  if (!kube.kubeconfigPaths.length && !inCluster)
    throw new Error('the cluster connection has no kubeconfig file Sonobuoy could use');
  const mode = ctx.options.executionMode ?? 'parallel';
  if (!isExecutionMode(mode))
    throw new Error(`execution mode '${String(mode)}' is not one of ${EXECUTION_MODES.join(', ')}`);
  // The conformance image skips [Serial] tests in a parallel run without E2E_SKIP, so such a run cannot certify.
  if (check === 'conformance' && mode === 'parallel')
    ctx.log.warn(
      'cncf-k8s-conformance: a parallel Sonobuoy run skips the [Serial] conformance tests, so its results cannot certify — use --execution-mode serial for a certifying run',
    );
  const root =
    typeof ctx.options.subjectRoot === 'string' && ctx.options.subjectRoot
      ? ctx.options.subjectRoot
      : undefined;
  const resultsDir = root
    ? join(root, SONOBUOY_CHECKS[check].resultDir)
    : mkdtempSync(join(tmpdir(), `scs-cert-${SONOBUOY_CHECKS[check].resultDir}-`));
  const pollMs = typeof ctx.options.sonobuoyPollMs === 'number' ? ctx.options.sonobuoyPollMs : undefined;
  // Sonobuoy allows one run per namespace: the two checks take turns.
  const run = queue.then(() =>
    runSonobuoyCheck({
      binary,
      exec: client?.exec,
      check,
      executionMode: mode,
      kubeconfigPaths: kube.kubeconfigPaths,
      ...(!inCluster && { context: kube.contextName }),
      resultsDir,
      ledger: ctx.ledger,
      createdBy: SONOBUOY_CHECKS[check].testcase,
      signal: ctx.signal,
      progress: ctx.progress,
      log: ctx.log,
      ...(pollMs !== undefined ? { pollMs } : {}),
    }),
  );
  queue = run.catch(() => undefined);
  const tarball = await run;
  const results = await readSonobuoyResults(tarball);
  return { ...results, source: { kind: 'run', path: tarball }, executionMode: mode };
}
