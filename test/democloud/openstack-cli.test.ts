// The real OpenStack client (Debian's python3-openstackclient) against the embedded cloud: the best wire-format check.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { demoCloudsYaml } from '../../src/cli/commands/demo-cloud.js';

const run = promisify(execFile);
/** Each `openstack` call is a Python process that needs seconds on a busy 2-core machine. */
const CLI_TIMEOUT = 300_000;
const hasCli = spawnSync('sh', ['-c', 'command -v openstack'], { encoding: 'utf8' }).status === 0;
const title = hasCli
  ? 'openstack CLI against the embedded cloud'
  : 'openstack CLI against the embedded cloud (SKIPPED: `openstack` is not installed; apt-get install -y --no-install-recommends python3-openstackclient)';

describe.skipIf(!hasCli)(title, () => {
  let cloud: DemoCloud;
  let dir: string;
  const os = async (cloudName: string, ...args: string[]): Promise<string> => {
    const { stdout } = await run('openstack', ['--os-cloud', cloudName, ...args], {
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), PYTHONWARNINGS: 'ignore' },
      cwd: dir,
      timeout: 120_000,
    });
    return stdout;
  };
  const osJson = async <T>(cloudName: string, ...args: string[]): Promise<T> =>
    JSON.parse(await os(cloudName, ...args, '-f', 'json')) as T;

  beforeAll(async () => {
    cloud = await startDemoCloud({
      seed: {
        timings: {
          serverBuildMs: 200,
          consoleMs: 200,
          serverDeleteMs: 50,
          volumeCreateMs: 50,
          volumeDeleteMs: 20,
          backupMs: 200,
          restoreMs: 200,
          backupDeleteMs: 20,
          loadBalancerMs: 100,
        },
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'scs-democloud-osc-'));
    await writeFile(join(dir, 'clouds.yaml'), demoCloudsYaml(cloud));
  });
  afterAll(async () => {
    await cloud?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, CLI_TIMEOUT);

  it(
    'issues tokens by password and by application credential',
    async () => {
      const pw = await osJson<{ project_id: string; user_id: string; expires: string }>(
        'demo',
        'token',
        'issue',
      );
      const ac = await osJson<{ project_id: string; user_id: string }>('demo-appcred', 'token', 'issue');
      expect(ac.project_id).toBe(pw.project_id);
      expect(ac.user_id).toBe(pw.user_id);
    },
    CLI_TIMEOUT,
  );

  it(
    'lists the catalog, flavors with properties, all images across pages, volume types',
    async () => {
      const catalog = await osJson<Array<{ Type: string }>>('demo', 'catalog', 'list');
      expect(catalog.map((c) => c.Type)).toEqual(
        expect.arrayContaining([
          'identity',
          'compute',
          'image',
          'volumev3',
          'block-storage',
          'network',
          'placement',
          'load-balancer',
          'key-manager',
          'object-store',
          'object-store-s3',
        ]),
      );
      const flavors = await osJson<
        Array<{ Name: string; RAM: number; VCPUs: number; Disk: number; Properties?: Record<string, string> }>
      >('demo', 'flavor', 'list', '--long');
      const f = flavors.find((x) => x.Name === 'SCS-4V-16-100s');
      expect(f).toMatchObject({ RAM: 16384, VCPUs: 4, Disk: 100 });
      expect(f?.Properties?.['scs:disk0-type']).toBe('ssd');
      const images = await osJson<Array<{ Name: string }>>('demo', 'image', 'list');
      const visible = [...cloud.state.images.values()].filter(
        (i) =>
          !i.hidden &&
          (i.visibility === 'public' ||
            i.owner === [...cloud.state.projects.values()].find((p) => p.name === 'demo')?.id),
      );
      expect(images.length).toBe(visible.length);
      expect(images.length).toBeGreaterThan(25);
      const types = await osJson<Array<{ Name: string }>>('demo', 'volume', 'type', 'list');
      expect(types.map((t) => t.Name)).toEqual(
        expect.arrayContaining(['__DEFAULT__', 'encrypted', 'encrypted-replicated']),
      );
    },
    CLI_TIMEOUT,
  );

  it(
    'reads networks, security group rules, secrets and load balancers',
    async () => {
      const ext = await osJson<Array<{ Name: string }>>('demo', 'network', 'list', '--external');
      expect(ext.map((n) => n.Name)).toEqual(['public']);
      const rules = await osJson<Array<{ Direction: string; Ethertype: string }>>(
        'demo',
        'security',
        'group',
        'rule',
        'list',
        'default',
      );
      expect(rules.map((r) => `${r.Direction}/${r.Ethertype}`).sort()).toEqual([
        'egress/IPv4',
        'egress/IPv6',
        'ingress/IPv4',
        'ingress/IPv6',
      ]);
      const href = (
        await os(
          'demo',
          'secret',
          'store',
          '--name',
          'osc-secret',
          '--payload',
          'foo',
          '--payload-content-type',
          'text/plain',
          '-f',
          'value',
          '-c',
          'Secret href',
        )
      ).trim();
      expect(href).toMatch(/\/key-manager\/v1\/secrets\/[0-9a-f-]{36}$/);
      const secrets = await osJson<Array<{ Name: string }>>('demo', 'secret', 'list');
      expect(secrets.map((x) => x.Name)).toContain('osc-secret');
      await os('demo', 'secret', 'delete', href);
      expect(await osJson<unknown[]>('demo', 'loadbalancer', 'list')).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    "boots a server from a volume with the entropy test's cloud-config and reads its console",
    async () => {
      await os('demo', 'network', 'create', 'osc-net');
      await os(
        'demo',
        'subnet',
        'create',
        'osc-sub',
        '--network',
        'osc-net',
        '--subnet-range',
        '10.1.0.0/24',
      );
      await os('demo', 'router', 'create', 'osc-router', '--external-gateway', 'public');
      await os('demo', 'router', 'add', 'subnet', 'osc-router', 'osc-sub');
      const userData = join(dir, 'user-data');
      await writeFile(
        userData,
        '#cloud-config\nruncmd:\n  - >-\n    cat /proc/sys/kernel/random/entropy_avail | awk \'$0="_scs-test-entropy-avail: "$0\'\n  - echo \'_scs-test-end\'\nfinal_message: "_scs-test-end"\n',
      );
      const server = await osJson<{ status: string }>(
        'demo',
        'server',
        'create',
        '--flavor',
        'SCS-1L-1',
        '--image',
        'Debian 13',
        '--boot-from-volume',
        '8',
        '--network',
        'osc-net',
        '--user-data',
        userData,
        '--wait',
        'osc-server',
      );
      expect(server.status).toBe('ACTIVE');
      let log = '';
      for (let i = 0; i < 50 && !log.includes('_scs-test-end'); i++) {
        log = await os('demo', 'console', 'log', 'show', 'osc-server');
      }
      expect(log).toMatch(/_scs-test-entropy-avail: 256$/m);
      await os('demo', 'server', 'delete', '--wait', 'osc-server');
      await os('demo', 'router', 'remove', 'subnet', 'osc-router', 'osc-sub');
      await os('demo', 'router', 'delete', 'osc-router');
      await os('demo', 'subnet', 'delete', 'osc-sub');
      await os('demo', 'network', 'delete', 'osc-net');
      expect(await osJson<unknown[]>('demo', 'server', 'list')).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    'backs up a volume',
    async () => {
      await os('demo', 'volume', 'create', '--size', '1', 'osc-volume');
      let status = '';
      for (let i = 0; i < 50 && status !== 'available'; i++)
        status = (await os('demo', 'volume', 'show', 'osc-volume', '-f', 'value', '-c', 'status')).trim();
      expect(status).toBe('available');
      await os('demo', 'volume', 'backup', 'create', '--name', 'osc-backup', 'osc-volume');
      let backup = '';
      for (let i = 0; i < 50 && backup !== 'available'; i++)
        backup = (
          await os('demo', 'volume', 'backup', 'show', 'osc-backup', '-f', 'value', '-c', 'status')
        ).trim();
      expect(backup).toBe('available');
    },
    CLI_TIMEOUT,
  );

  it(
    'shows the pre-flight personas their roles',
    async () => {
      const assignments = await osJson<Array<{ Role: string; User: string }>>(
        'admin',
        'role',
        'assignment',
        'list',
        '--names',
      );
      expect(assignments).toEqual(
        expect.arrayContaining([expect.objectContaining({ Role: 'admin', User: 'demo-admin@Default' })]),
      );
    },
    CLI_TIMEOUT,
  );
});
