// `run --cluster-plugin FILE`: for each cluster of a clusters file (one per Kubernetes branch, as the SCS KaaS runner
// keeps them): create it, certify it, delete it — always, also when certifying failed — and give the worst exit code.
import { join, resolve } from 'node:path';
import {
  ClusterPluginError,
  type ClusterSpec,
  loadClusterPlugins,
} from '../clients/cluster-plugins/index.js';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { CliIO } from './io.js';

export interface LifecycleOptions {
  file: string;
  /** Only these cluster ids (default: every cluster of the file, in file order). */
  only?: string[];
  io: CliIO;
  /** Certify one created cluster: its kubeconfig, a subject name, a report directory; answers the exit code. */
  certify(kubeconfig: string, cluster: ClusterSpec, outputDir: string): Promise<number>;
  outputRoot: string;
  signal?: AbortSignal;
}

/** Which of several exit codes the whole run ends with: errors before verdicts, a failure before an incomplete. */
const SEVERITY: number[] = [
  EXIT.INTERNAL,
  EXIT.INTERRUPTED,
  EXIT.UNAVAILABLE,
  EXIT.USAGE,
  EXIT.NON_COMPLIANT,
  EXIT.INCOMPLETE,
];

export function worstExit(codes: number[]): number {
  for (const c of SEVERITY) if (codes.includes(c)) return c;
  return codes.find((c) => c !== EXIT.COMPLIANT) ?? EXIT.COMPLIANT;
}

export async function certifyEachCluster(o: LifecycleOptions): Promise<number> {
  let clusters: ClusterSpec[];
  try {
    clusters = loadClusterPlugins(resolve(o.io.cwd, o.file), {
      env: o.io.env,
      ...(o.only && { only: o.only }),
    });
  } catch (err) {
    if (err instanceof ClusterPluginError) throw new UsageError(err.message);
    throw err;
  }
  const codes: number[] = [];
  const say = (t: string) => o.io.stderr(`${t}\n`);
  for (const c of clusters) {
    const what = `cluster ${c.id} (${c.kind}${c.branch ? `, Kubernetes ${c.branch}` : ''})`;
    say(`${what}: creating`);
    let kubeconfig: string | undefined;
    try {
      kubeconfig = await c.plugin.create(o.signal);
      say(`${what}: certifying`);
      codes.push(await o.certify(kubeconfig, c, join(o.outputRoot, c.id)));
    } catch (err) {
      const code =
        err instanceof UsageError
          ? err.exitCode
          : err instanceof ClusterPluginError
            ? EXIT.UNAVAILABLE
            : EXIT.INTERNAL;
      say(`scs-cert: ${what}: ${(err as Error).message}`);
      codes.push(code);
    } finally {
      // Delete whatever create may have left, even when it failed half-way.
      try {
        await c.plugin.delete();
        say(`${what}: deleted`);
      } catch (err) {
        say(`scs-cert: ${what}: delete failed: ${(err as Error).message} — delete the cluster by hand`);
        codes.push(EXIT.UNAVAILABLE);
      }
    }
  }
  return worstExit(codes);
}
