// The OpenStack target: a clouds.yaml cloud, OS_* variables, a recording, or the embedded demo cloud.
import type { OpenStackClient } from '../clients/openstack/index.js';
import type { DemoCloud } from '../democloud/index.js';
import { newRunPrefix } from '../gatherers/ledger.js';
import { LiveRunRecord } from '../gatherers/run-record.js';
import { PACE_MEMORY_OPTION, paceMemoryFile } from '../gatherers/pace-memory.js';
import { cleanupLeftovers } from '../gatherers/openstack/cleanup.js';
import { cleanupIdentityLeftovers } from '../gatherers/openstack/identity-cleanup.js';
import { iaasPreflight } from '../probes/iaas/preflight.js';
import type { SubjectInfo } from '../results/report.js';
import { DEMO_CLOUD_HEADER } from '../core/provenance.js';
import { connectError } from './openstack-errors.js';
import type { Target, TargetOpenOptions, TargetSession } from './types.js';
import {
  DOMAIN_MANAGERS_OPTION,
  type DomainManagerIdentity,
} from '../gatherers/openstack/domain-manager-check.js';

export const DEMO_NOTE =
  "this run certifies scs-cert's embedded demo cloud (an in-process OpenStack API), not a real cloud";

export const WIRE_DEMO_NOTE = `the cloud answered as scs-cert's embedded demo cloud (${DEMO_CLOUD_HEADER} header): this report certifies a demo, not a real cloud`;

/** Run flags the OpenStack gatherers read (scs-0125 TLS, scs-0128 Tempest). */
const GATHERER_FLAGS = [
  'tlsIgnore',
  'tlsProfileLevel',
  'tempest',
  'tempestResults',
  'tempestConfig',
  'tempestWorkspace',
  'tempestConcurrency',
  'tempestSubset',
];

function openstackOptions(flags: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(GATHERER_FLAGS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]));
}

export const openstackTarget: Target = {
  kind: 'openstack',
  serves: (variables) => variables.includes('os_cloud'),
  preflight: iaasPreflight,
  async open(opts: TargetOpenOptions): Promise<TargetSession> {
    let demo: DemoCloud | undefined;
    let client: OpenStackClient;
    const prefix = newRunPrefix();
    // Loaded and checked by the command (never recorded in run.json: they hold passwords).
    const given = opts.flags['domainManagerIdentities'];
    const domainManagers = Array.isArray(given) ? (given as DomainManagerIdentity[]) : undefined;
    const cloudName = opts.assignment['os_cloud'];
    let wireDemo = false;
    // The OpenStack client (undici), the gatherers and the embedded cloud load only when this target opens.
    const [{ connectOpenStack }, { describeCloud }, { startDemoCloud }, { openstackGatherers }] =
      await Promise.all([
        import('../clients/openstack/index.js'),
        import('../clients/openstack/config.js'),
        import('../democloud/index.js'),
        import('../gatherers/openstack/index.js'),
      ]);
    try {
      if (opts.demo) {
        demo = await startDemoCloud({ ...(opts.demoProfile !== undefined && { profile: opts.demoProfile }) });
        opts.log.info(
          `embedded demo cloud listening at ${demo.url}${demo.profiles.length ? ` (profiles: ${demo.profiles.join(', ')})` : ''}`,
        );
      }
      client = await connectOpenStack({
        ...(demo ? { config: { ...demo.cloudConfig, name: 'demo' }, useProxy: false } : {}),
        ...(!demo && cloudName && cloudName !== 'envvars' && { cloud: cloudName }),
        env: opts.env,
        cwd: opts.cwd,
        log: opts.log,
        ...(opts.record && { record: opts.record, recordMeta: { ledgerPrefix: prefix } }),
        ...(opts.replay && { replay: opts.replay }),
        onResponse: (res) => {
          if (res.headers[DEMO_CLOUD_HEADER] !== undefined) wireDemo = true;
        },
      });
    } catch (err) {
      await demo?.stop();
      throw connectError(err);
    }
    const recordedPrefix = (client.replayManifest?.meta as Record<string, unknown> | undefined)?.[
      'ledgerPrefix'
    ];
    // A live run says it is alive, so `scs-cert cleanup` elsewhere leaves its resources alone.
    const runRecord = opts.replay
      ? undefined
      : LiveRunRecord.open({
          env: opts.env ?? process.env,
          prefix,
          cloud: demo ? 'demo' : client.cloudName,
          warn: (m) => opts.log.warn(m),
        });
    const described = describeCloud(client.config);
    const subject: SubjectInfo = {
      name: opts.subject ?? (demo ? 'scs-cert-demo-cloud' : client.cloudName),
      kind: 'openstack',
      demo: Boolean(demo) || wireDemo,
      ...(demo && { note: DEMO_NOTE }),
      ...(!demo && wireDemo ? { note: WIRE_DEMO_NOTE } : {}),
      details: {
        cloud: client.cloudName,
        ...described,
        ...(demo && { demoUrl: demo.url, demoProfiles: demo.profiles }),
      },
    };
    return {
      clients: { openstack: client },
      gatherers: openstackGatherers,
      subject,
      assignment: { os_cloud: demo ? 'demo' : (cloudName ?? client.cloudName) },
      preflight: iaasPreflight,
      options: {
        ...openstackOptions(opts.flags),
        // Live runs against a real cloud learn its backup pace (gatherers/pace-memory.ts); replays and the
        // embedded cloud neither use nor keep it.
        ...(!opts.replay &&
          !demo &&
          !wireDemo &&
          opts.flags['paceMemory'] !== false && {
            [PACE_MEMORY_OPTION]: paceMemoryFile(opts.env ?? process.env),
          }),
        ...((domainManagers ?? demo?.domainManagers) && {
          [DOMAIN_MANAGERS_OPTION]: domainManagers ?? demo?.domainManagers,
        }),
      },
      ...(client.replayManifest?.createdAt && { observedAt: new Date(client.replayManifest.createdAt) }),
      ledgerPrefix: typeof recordedPrefix === 'string' ? recordedPrefix : prefix,
      ...(runRecord && { ledgerJournal: runRecord.journal }),
      // A replay creates nothing; the in-process demo cloud ends with the process.
      ...(!opts.replay && {
        async emergencyCleanup(deadlineMs: number, log) {
          const signal = AbortSignal.timeout(deadlineMs);
          const result = await cleanupLeftovers(client, {
            prefix,
            signal,
            waitTimeoutMs: deadlineMs,
            log,
          });
          // The scs-0302 check's users, projects and groups live in the test domains, seen by their managers.
          const managers = domainManagers ?? demo?.domainManagers;
          if (managers) {
            try {
              const iam = await cleanupIdentityLeftovers(client, managers, { prefix, signal });
              result.failed.push(...iam.failed);
            } catch (err) {
              result.failed.push({ kind: 'identity', id: '', name: '', error: (err as Error).message });
            }
          }
          return result.failed.map((f) => `${f.kind} ${f.name} (${f.id}): ${f.error ?? 'not deleted'}`);
        },
      }),
      ...(!opts.replay &&
        !demo && {
          cleanupCommand: `scs-cert cleanup${cloudName && cloudName !== 'envvars' ? ` --os-cloud ${shellWord(cloudName)}` : ''} --prefix ${prefix}${typeof opts.flags['domainManagers'] === 'string' ? ` --domain-managers ${shellWord(opts.flags['domainManagers'])}` : ''}`,
        }),
      apiCalls: () => {
        const s = client.stats();
        return { total: s.total, byRoute: s.byCall };
      },
      async close() {
        runRecord?.close();
        await client.close();
        await demo?.stop();
      },
    };
  },
};

/** Quotes a word for a POSIX shell when it needs it (a cloud name in a printed command). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._/:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
