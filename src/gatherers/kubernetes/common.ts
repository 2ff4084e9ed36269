// Helpers shared by the Kubernetes gatherers: the client from the context, option reading, date formatting.
import type { KubeClient } from '../../clients/kubernetes/client.js';
import type { GatherContext } from '../types.js';

/** The run's Kubernetes client; a clear error when the run has none. */
export function kubeClient(ctx: GatherContext): KubeClient {
  const c = ctx.clients.kubernetes as KubeClient | undefined;
  if (!c || typeof c.listNodes !== 'function')
    throw new Error(
      'no Kubernetes connection in this run — pass --kubeconfig FILE (or set KUBECONFIG), or use --demo',
    );
  return c;
}

/** client-node turns timestamps into Date objects; artifacts keep ISO strings. */
export function iso(d: Date | string | undefined | null): string | undefined {
  if (!d) return undefined;
  if (typeof d === 'string') return d;
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.000Z$/, 'Z');
}

/** A numeric run option, or the default. */
export function numberOption(ctx: GatherContext, key: string, dflt: number): number {
  const v = ctx.options[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt;
}
