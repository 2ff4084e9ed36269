// Starts the embedded Kubernetes API server for demos and tests, and writes a kubeconfig that reaches it.
import { stringify } from 'yaml';
import { DemoApiServer, type DemoFaults, type DemoTiming, type RequestRecord } from './server.js';
import { type DemoProfile, isDemoProfile, DEMO_PROFILES } from './profiles.js';

export {
  DEMO_PROFILES,
  DEMO_VERSIONS,
  PROFILE_DESCRIPTIONS,
  isDemoProfile,
  type DemoProfile,
} from './profiles.js';
export type { DemoFaults, DemoTiming, RequestRecord } from './server.js';

export interface StartDemoClusterOptions {
  port?: number;
  profile?: DemoProfile | string;
  faults?: DemoFaults;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** CA (PEM) written into the kubeconfig when `tls` is used with a certificate of its own CA. */
  caPem?: string;
  timing?: Partial<DemoTiming>;
}

export interface DemoCluster {
  url: string;
  /** A kubeconfig (context `scs-cert-demo`) with the bearer token of this server. */
  kubeconfigYaml: string;
  profile: DemoProfile;
  /** Every request the server answered (method, path, status), for tests and benchmarks. */
  requests: RequestRecord[];
  stop(): Promise<void>;
}

export const DEMO_CONTEXT = 'scs-cert-demo';

export function demoKubeconfig(url: string, token: string, caPem?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: DEMO_CONTEXT,
        cluster: {
          server: url,
          // client-node (like kubectl) only speaks plain HTTP to a cluster marked insecure; the demo runs on loopback.
          ...(url.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}),
          ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}),
        },
      },
    ],
    users: [{ name: 'demo-user', user: { token } }],
    contexts: [{ name: DEMO_CONTEXT, context: { cluster: DEMO_CONTEXT, user: 'demo-user' } }],
    'current-context': DEMO_CONTEXT,
  });
}

/** Start the embedded cluster API on 127.0.0.1 (random port unless given). */
export async function startDemoCluster(opts: StartDemoClusterOptions = {}): Promise<DemoCluster> {
  const profile = opts.profile ?? 'compliant';
  if (!isDemoProfile(profile))
    throw new Error(
      `unknown demo cluster profile '${profile}' — known profiles: ${DEMO_PROFILES.join(', ')}`,
    );
  const server = new DemoApiServer({
    port: opts.port,
    profile,
    faults: opts.faults,
    tls: opts.tls,
    timing: opts.timing,
  });
  const url = await server.listen();
  return {
    url,
    kubeconfigYaml: demoKubeconfig(url, server.token, opts.caPem),
    profile,
    requests: server.requests,
    stop: () => server.close(),
  };
}
