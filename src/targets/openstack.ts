// The OpenStack target: a clouds.yaml cloud, OS_* variables, a recording, or the embedded demo cloud.
import { connectOpenStack, type OpenStackClient } from '../clients/openstack/index.js';
import { describeCloud } from '../clients/openstack/config.js';
import { startDemoCloud, type DemoCloud } from '../democloud/index.js';
import { newRunPrefix } from '../gatherers/ledger.js';
import { openstackGatherers } from '../gatherers/openstack/index.js';
import { iaasPreflight } from '../probes/iaas/index.js';
import type { SubjectInfo } from '../results/report.js';
import { connectError } from './openstack-errors.js';
import type { Target, TargetOpenOptions, TargetSession } from './types.js';
import {
  DOMAIN_MANAGERS_OPTION,
  type DomainManagerIdentity,
} from '../gatherers/openstack/DomainManagerCheck.js';

export const DEMO_NOTE =
  "this run certifies scs-cert's embedded demo cloud (an in-process OpenStack API), not a real cloud";

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
    try {
      if (opts.demo) {
        demo = await startDemoCloud({ ...(opts.demoProfile !== undefined && { profile: opts.demoProfile }) });
        opts.log.info(
          `embedded demo cloud listening at ${demo.url}${demo.profiles.length ? ` (profiles: ${demo.profiles.join(', ')})` : ''}`,
        );
      }
      client = await connectOpenStack({
        ...(demo ? { config: { ...demo.cloudConfig, name: 'demo' } } : {}),
        ...(!demo && cloudName && cloudName !== 'envvars' && { cloud: cloudName }),
        env: opts.env,
        cwd: opts.cwd,
        log: opts.log,
        ...(opts.record && { record: opts.record, recordMeta: { ledgerPrefix: prefix } }),
        ...(opts.replay && { replay: opts.replay }),
      });
    } catch (err) {
      await demo?.stop();
      throw connectError(err);
    }
    const recordedPrefix = (client.replayManifest?.meta as Record<string, unknown> | undefined)?.[
      'ledgerPrefix'
    ];
    const described = describeCloud(client.config);
    const subject: SubjectInfo = {
      name: opts.subject ?? (demo ? 'scs-cert-demo-cloud' : client.cloudName),
      kind: 'openstack',
      demo: Boolean(demo),
      ...(demo && { note: DEMO_NOTE }),
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
        ...((domainManagers ?? demo?.domainManagers) && {
          [DOMAIN_MANAGERS_OPTION]: domainManagers ?? demo?.domainManagers,
        }),
      },
      ...(client.replayManifest?.createdAt && { observedAt: new Date(client.replayManifest.createdAt) }),
      ledgerPrefix: typeof recordedPrefix === 'string' ? recordedPrefix : prefix,
      apiCalls: () => {
        const s = client.stats();
        return { total: s.total, byRoute: s.byCall };
      },
      async close() {
        await client.close();
        await demo?.stop();
      },
    };
  },
};
