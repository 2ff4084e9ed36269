// Sets up a KaaS run for the `run` command: cluster connection (or the embedded demo cluster), release data source,
// Sonobuoy results or binary, and the options the KaaS gatherers read; close() undoes it all.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { type KubeClient, KubeAccessError, connectKubernetes } from '../clients/kubernetes/index.js';
import {
  type ReleaseDataSource,
  networkSource,
  snapshotSource,
  SNAPSHOT_FILES,
} from '../clients/release-data/index.js';
import {
  type DemoFaults,
  DEMO_PROFILES,
  type DemoProfile,
  isDemoProfile,
  startDemoCluster,
} from '../democluster/index.js';
import type { Logger } from '../core/logger.js';
import { EXECUTION_MODES, findSonobuoy, isExecutionMode } from '../clients/sonobuoy/driver.js';
import type { SonobuoyClient } from '../gatherers/kubernetes/sonobuoy.js';
import { PACKAGE_ROOT } from '../core/version.js';

/** Bundled demo fixtures (demo/README.md says how they are made). */
export const DEMO_DIR = join(PACKAGE_ROOT, 'demo');
export const DEMO_RELEASE_DATA = join(DEMO_DIR, 'release-data');
export const DEMO_SONOBUOY = {
  conformancePassed: join(DEMO_DIR, 'sonobuoy', 'conformance-passed'),
  conformanceFailed: join(DEMO_DIR, 'sonobuoy', 'conformance-failed'),
  networkPolicyPassed: join(DEMO_DIR, 'sonobuoy', 'networkpolicy-passed'),
};

export interface PrepareKaasRunOptions {
  demo?: boolean;
  /** Demo cluster profile (default `compliant`). */
  demoProfile?: string;
  demoFaults?: DemoFaults;
  kubeconfig?: string;
  context?: string;
  /** Tarball, extracted directory, or subject root with sono-results-e2e/ and sono-results-0219/. */
  sonobuoyResults?: string;
  /** Results for kaas-networking-check when they are elsewhere than --sonobuoy-results. */
  sonobuoyNetworkingResults?: string;
  /** Offline release-data snapshot directory (`scs-cert data fetch --out DIR`). */
  releaseData?: string;
  /** Judge the given Sonobuoy results without connecting to any cluster. */
  resultsOnly?: boolean;
  /** Service-account mount for in-cluster runs (tests point it elsewhere). */
  serviceAccountDir?: string;
  executionMode?: string;
  subjectRoot?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  log?: Logger;
}

export interface KaasSubjectInfo {
  kind: 'kubernetes';
  /** Context name (demo: `scs-cert-demo`), or `sonobuoy-results` when no cluster is connected. */
  name: string;
  apiServer?: string;
  context?: string;
  kubernetesVersion?: string;
  /** The kubeconfig file(s) read, `in-cluster` (the pod's service account), or `none` (results only). */
  kubeconfig?: string;
  demo: boolean;
  demoProfile?: DemoProfile;
}

export interface PreparedKaasRun {
  clients: Record<string, unknown>;
  options: Record<string, unknown>;
  subjectInfo: KaasSubjectInfo;
  close(): Promise<void>;
}

/**
 * A cluster that could not be reached, timed out or answered with server errors is unavailable (exit 69); a bad
 * kubeconfig, context, credentials, RBAC or TLS trust is the user's to fix (exit 64).
 */
export function kubeConnectError(err: unknown): unknown {
  if (!(err instanceof KubeAccessError)) return err;
  const unavailable =
    err.kind === 'unreachable' ||
    err.kind === 'timeout' ||
    err.kind === 'throttled' ||
    (err.kind === 'server' && (err.status ?? 500) >= 500);
  return new UsageError(err.message, unavailable ? EXIT.UNAVAILABLE : EXIT.USAGE);
}

function abs(p: string, cwd: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}

function checkReleaseData(dir: string): void {
  if (!existsSync(join(dir, SNAPSHOT_FILES.meta)))
    throw new UsageError(
      `--release-data ${dir} is not a release-data snapshot (no ${SNAPSHOT_FILES.meta}) — create it with \`scs-cert data fetch --out ${dir}\``,
    );
}

/**
 * Prepare clients and options for the KaaS gatherers. Throws UsageError (one line: cause + fix) for bad options, a
 * missing/unreadable kubeconfig, an unknown context, or a cluster that cannot be reached.
 */
export async function prepareKaasRun(opts: PrepareKaasRunOptions = {}): Promise<PreparedKaasRun> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const mode = opts.executionMode ?? 'parallel';
  if (!isExecutionMode(mode))
    throw new UsageError(`--execution-mode ${mode} is not one of ${EXECUTION_MODES.join(', ')}`);
  const options: Record<string, unknown> = { executionMode: mode };
  if (opts.subjectRoot) options.subjectRoot = abs(opts.subjectRoot, cwd);
  for (const [key, p] of [
    ['sonobuoyResults', opts.sonobuoyResults],
    ['sonobuoyNetworkingResults', opts.sonobuoyNetworkingResults],
  ] as const) {
    if (!p) continue;
    const full = abs(p, cwd);
    if (!existsSync(full))
      throw new UsageError(`Sonobuoy results ${full} do not exist — pass a results tarball or directory`);
    options[key] = full;
  }
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  const clients: Record<string, unknown> = {};
  try {
    let kube: KubeClient | undefined;
    let demoProfile: DemoProfile | undefined;
    let releaseData: ReleaseDataSource;
    if (opts.demo) {
      const profile = opts.demoProfile ?? 'compliant';
      if (!isDemoProfile(profile))
        throw new UsageError(
          `demo profile '${profile}' is unknown — known profiles: ${DEMO_PROFILES.join(', ')}`,
        );
      demoProfile = profile;
      const cluster = await startDemoCluster({ profile, faults: opts.demoFaults });
      cleanups.push(() => cluster.stop());
      const dir = mkdtempSync(join(tmpdir(), 'scs-cert-demo-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, cluster.kubeconfigYaml);
      chmodSync(kubeconfig, 0o600);
      kube = await connectKubernetes({ kubeconfig, env: {}, log: opts.log, backoffMs: 20 });
      releaseData = snapshotSource(opts.releaseData ? abs(opts.releaseData, cwd) : DEMO_RELEASE_DATA);
      options.sonobuoyConformanceResults ??=
        options.sonobuoyResults ??
        (profile === 'conformance-failure'
          ? DEMO_SONOBUOY.conformanceFailed
          : DEMO_SONOBUOY.conformancePassed);
      options.sonobuoyNetworkingResults ??= options.sonobuoyResults ?? DEMO_SONOBUOY.networkPolicyPassed;
      Object.assign(options, {
        storageCheckPollMs: 25,
        storageCheckTimeoutMs: 3_000,
        storageCheckCleanupTimeoutMs: 10_000,
      });
    } else {
      // Given results and no cluster named (no --kubeconfig, KUBECONFIG or --context): judge the files alone rather
      // than certify whatever cluster ~/.kube/config happens to point at.
      const wantCluster =
        !opts.resultsOnly &&
        Boolean(
          opts.kubeconfig ||
          opts.context ||
          env.KUBECONFIG ||
          !(opts.sonobuoyResults || opts.sonobuoyNetworkingResults),
        );
      if (wantCluster) {
        try {
          kube = await connectKubernetes({
            kubeconfig: opts.kubeconfig,
            context: opts.context,
            env,
            cwd,
            log: opts.log,
            ...(opts.serviceAccountDir !== undefined && { serviceAccountDir: opts.serviceAccountDir }),
          });
        } catch (err) {
          throw kubeConnectError(err);
        }
      }
      if (opts.releaseData) {
        const dir = abs(opts.releaseData, cwd);
        checkReleaseData(dir);
        releaseData = snapshotSource(dir);
      } else {
        const cacheBase = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
        releaseData = networkSource({
          cacheDir: join(cacheBase, 'scs-cert', 'release-data'),
          githubToken: env.GITHUB_TOKEN || env.GH_TOKEN || undefined,
          env,
          log: opts.log,
        });
      }
      const binary = findSonobuoy(env);
      if (binary) clients.sonobuoy = { binary } satisfies SonobuoyClient;
    }
    if (kube) clients.kubernetes = kube;
    clients.releaseData = releaseData;
    let kubernetesVersion: string | undefined;
    if (kube) {
      try {
        kubernetesVersion = (await kube.version()).gitVersion;
      } catch (err) {
        throw kubeConnectError(err);
      }
    }
    const subjectInfo: KaasSubjectInfo = {
      kind: 'kubernetes',
      name: kube?.contextName ?? 'sonobuoy-results',
      ...(kube ? { apiServer: kube.server, context: kube.contextName } : {}),
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      ...(!opts.demo && {
        kubeconfig: !kube
          ? 'none'
          : kube.kubeconfigPaths.length
            ? kube.kubeconfigPaths.join(':')
            : 'in-cluster',
      }),
      demo: Boolean(opts.demo),
      ...(demoProfile ? { demoProfile } : {}),
    };
    return { clients, options, subjectInfo, close };
  } catch (err) {
    await close();
    throw err;
  }
}
