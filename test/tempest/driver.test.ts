// The Tempest driver with a stand-in `tempest` executable (a script speaking Tempest's command line and output),
// progress and ETA from subunit-trace lines, tempest.conf generation and the accounts file.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudFromEnv, normalizeCloud, type CloudConfig } from '../../src/clients/openstack/config.js';
import {
  accountsYaml,
  parseIni,
  renderIni,
  tempestConf,
  type TempestFacts,
} from '../../src/tempest/config.js';
import {
  findTempest,
  formatProgress,
  includePattern,
  runTempest,
  traceLine,
  type TempestProgress,
} from '../../src/tempest/driver.js';
import { readTempestResults } from '../../src/tempest/results.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeTempest } from './fake-tempest.js';
import { tempestRunGatherer } from '../../src/gatherers/openstack/tempest-run.js';
import type { GatherContext } from '../../src/gatherers/types.js';

const FIX = join(PACKAGE_ROOT, 'test', 'fixtures', 'tempest');

const cloud: CloudConfig = {
  name: 'lab',
  authType: 'password',
  auth: {
    auth_url: 'https://keystone.example:5000',
    username: 'scs',
    password: "pa'ss",
    project_name: 'cert',
    user_domain_name: 'Default',
    project_domain_name: 'Default',
  },
  regionName: 'RegionOne',
  interface: 'public',
  verify: true,
  cacert: '/etc/ssl/lab-ca.pem',
} as CloudConfig;

const labEntry = {
  auth: {
    auth_url: 'https://127.0.0.1:5000/v3',
    username: 'lab-member',
    password: 'p',
    project_name: 'scs-lab',
    user_domain_name: 'Default',
    project_domain_name: 'Default',
  },
};

const facts = (over: Partial<TempestFacts> = {}): TempestFacts => ({
  cloud,
  catalog: [
    { type: 'compute', endpoints: [] },
    { type: 'volumev3', endpoints: [] },
    { type: 'network', endpoints: [] },
  ],
  images: [
    { id: 'big', name: 'Ubuntu', visibility: 'public', status: 'active', size: 600_000_000 },
    { id: 'tiny', name: 'cirros', visibility: 'public', status: 'active', size: 20_000_000 },
    { id: 'mine', name: 'private', visibility: 'private', status: 'active', size: 1 },
  ],
  flavors: [
    { id: 'f2', name: 'SCS-2V-4-10', vcpus: 2, ram: 4096, disk: 10, extra_specs: {} },
    { id: 'f1', name: 'SCS-1V-2-5', vcpus: 1, ram: 2048, disk: 5, extra_specs: {} },
    { id: 'f0', name: 'SCS-1L-1', vcpus: 1, ram: 1024, disk: 0, extra_specs: {} },
  ],
  externalNetworks: [{ id: 'ext-1', name: 'public', is_default: true }],
  projectNetworks: [{ id: 'n1', name: 'cert-net' }],
  networkExtensions: ['dns-integration', 'router'],
  workspace: '/tmp/ws/run',
  ...over,
});

describe('tempest.conf', () => {
  it('is generated from the cloud: smallest public image, two smallest flavors with a disk, the default network', () => {
    const c = tempestConf(facts());
    expect(c.compute).toMatchObject({
      image_ref: 'tiny',
      image_ref_alt: 'big',
      flavor_ref: 'f1',
      flavor_ref_alt: 'f2',
      fixed_network_name: 'cert-net',
      region: 'RegionOne',
    });
    expect(c.identity).toMatchObject({
      uri_v3: 'https://keystone.example:5000/v3',
      ca_certificates_file: '/etc/ssl/lab-ca.pem',
      disable_ssl_certificate_validation: 'false',
    });
    expect(c.oslo_concurrency).toEqual({ lock_path: '/tmp/ws/run/tempest_lock' });
    expect(c.auth).toMatchObject({
      use_dynamic_credentials: 'false',
      test_accounts_file: '/tmp/ws/run/etc/accounts.yaml',
    });
    expect(c.network).toMatchObject({ public_network_id: 'ext-1', floating_network_name: 'public' });
    expect(c.service_available).toMatchObject({
      nova: 'true',
      cinder: 'true',
      neutron: 'true',
      swift: 'false',
    });
    expect(renderIni(c)).not.toContain("pa'ss");
  });

  it('sets the microversion ranges the cloud announces, DHCPv6 attributes, and one network of several', () => {
    const c = tempestConf(
      facts({
        microversions: {
          compute: { min: '2.1', max: '2.93' },
          volume: { min: '3.0', max: '3.70' },
          placement: { min: '1.0', max: '1.39' },
        },
        projectNetworks: [
          { id: 'n2', name: 'zeta' },
          { id: 'n1', name: 'alpha' },
        ],
      }),
    );
    expect(c.compute).toMatchObject({ min_microversion: '2.1', max_microversion: '2.93' });
    expect(c.compute?.fixed_network_name).toBe('alpha');
    expect(c.volume).toMatchObject({ min_microversion: '3.0', max_microversion: '3.70' });
    expect(c.placement).toEqual({ min_microversion: '1.0', max_microversion: '1.39' });
    expect(c['network-feature-enabled']?.ipv6_subnet_attributes).toBe('true');
    const bare = tempestConf(facts({ projectNetworks: [] }));
    expect(bare.compute).not.toHaveProperty('max_microversion');
    expect(bare.compute).not.toHaveProperty('fixed_network_name');
    expect(bare).not.toHaveProperty('placement');
  });

  it("honours the cloud's TLS settings: its CA bundle (absolute), or no verification when insecure", () => {
    const ca = tempestConf(facts()).identity!;
    expect(ca.disable_ssl_certificate_validation).toBe('false');
    expect(ca.ca_certificates_file).toBe('/etc/ssl/lab-ca.pem');
    const relative = tempestConf(facts({ cloud: { ...cloud, cacert: 'certs/lab-ca.pem' } })).identity!;
    expect(relative.ca_certificates_file).toBe(join(process.cwd(), 'certs/lab-ca.pem'));
    const insecure = tempestConf(facts({ cloud: { ...cloud, verify: false } })).identity!;
    expect(insecure.disable_ssl_certificate_validation).toBe('true');
    expect(insecure).not.toHaveProperty('ca_certificates_file');
    const system = tempestConf(facts({ cloud: { ...cloud, cacert: undefined } as CloudConfig })).identity!;
    expect(system.disable_ssl_certificate_validation).toBe('false');
    expect(system).not.toHaveProperty('ca_certificates_file');
  });

  it('reads cacert / insecure as clouds.yaml and OS_CACERT give them', () => {
    const file = normalizeCloud('lab', { ...labEntry, cacert: '/etc/scs-lab/ca.pem' }, 'clouds.yaml');
    expect(tempestConf(facts({ cloud: file })).identity).toMatchObject({
      ca_certificates_file: '/etc/scs-lab/ca.pem',
      disable_ssl_certificate_validation: 'false',
    });
    const insecure = normalizeCloud('lab', { ...labEntry, insecure: true }, 'clouds.yaml');
    expect(tempestConf(facts({ cloud: insecure })).identity).toMatchObject({
      disable_ssl_certificate_validation: 'true',
    });
    const env = cloudFromEnv({
      OS_AUTH_URL: 'https://127.0.0.1:5000/v3',
      OS_USERNAME: 'm',
      OS_PASSWORD: 'p',
      OS_PROJECT_NAME: 'x',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_CACERT: '/etc/scs-lab/ca.pem',
    })!;
    expect(tempestConf(facts({ cloud: normalizeCloud('envvars', env, 'OS_*') })).identity).toMatchObject({
      ca_certificates_file: '/etc/scs-lab/ca.pem',
    });
  });

  it('takes overrides key by key from an INI file', () => {
    const o = parseIni('# mine\n[compute]\nimage_ref = 1234\n[validation]\nrun_validation: true\n', 'o.ini');
    const c = tempestConf(facts(), o);
    expect(c.compute?.image_ref).toBe('1234');
    expect(c.compute?.flavor_ref).toBe('f1');
    expect(c.validation?.run_validation).toBe('true');
    expect(() => parseIni('image_ref = 1\n', 'o.ini')).toThrow(/o.ini:1/);
  });

  it('names what is missing: no public image, no flavor with a disk', () => {
    expect(() => tempestConf(facts({ images: [] }))).toThrow(/public active image/);
    expect(() => tempestConf(facts({ flavors: [] }))).toThrow(/flavor/);
  });

  it('writes the member as the pre-provisioned account; refuses an application credential', () => {
    expect(accountsYaml(cloud)).toBe(
      "- username: 'scs'\n  password: 'pa''ss'\n  project_name: 'cert'\n  domain_name: 'Default'\n",
    );
    expect(() => accountsYaml({ ...cloud, authType: 'v3applicationcredential' } as CloudConfig)).toThrow(
      /application credential/,
    );
  });
});

describe('include patterns', () => {
  it('match a listed test whatever its conditional attributes, and no longer-named sibling', () => {
    const re = new RegExp(
      includePattern(
        'tempest.api.compute.volumes.test_attach_volume.AttachVolumeTestJSON.test_attach_detach_volume[id-52e9045a-e90d-4c0d-9087-79d657faffff,slow]',
      ),
    );
    expect(
      re.test(
        'tempest.api.compute.volumes.test_attach_volume.AttachVolumeTestJSON.test_attach_detach_volume[id-52e9045a-e90d-4c0d-9087-79d657faffff]',
      ),
    ).toBe(true);
    expect(
      re.test(
        'tempest.api.compute.volumes.test_attach_volume.AttachVolumeTestJSON.test_attach_detach_volume[id-52e9045a-e90d-4c0d-9087-79d657faffff,slow]',
      ),
    ).toBe(true);
    const flavors = new RegExp(
      includePattern(
        'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors[id-e36c0eaa-dff5-4082-ad1f-3f9a80aa3f59,smoke]',
      ),
    );
    expect(
      flavors.test(
        'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors_with_detail[id-6e85fde4-b3cd-4137-ab72-ed5f418e8c24]',
      ),
    ).toBe(false);
    expect(
      flavors.test('xtempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors[id-1]'),
    ).toBe(false);
    expect(
      flavors.test('tempestXapi.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors[id-1]'),
    ).toBe(false);
  });
});

describe('progress', () => {
  it('counts subunit-trace lines and estimates the time left', () => {
    const p: TempestProgress = { done: 0, failed: 0, skipped: 0, total: 4 };
    expect(traceLine('{0} tempest.api.compute.A.test_a[id-1] [1.5s] ... ok', p, 10)).toBe(true);
    expect(traceLine('{1} tempest.api.compute.A.test_b [0.2s] ... FAILED', p, 20)).toBe(true);
    expect(traceLine('{0} tempest.api.compute.A.test_c ... SKIPPED: no snapshots', p, 20)).toBe(true);
    expect(traceLine('Captured traceback:', p, 20)).toBe(false);
    expect(p).toMatchObject({ done: 3, failed: 1, skipped: 1, etaSec: 7 });
    expect(formatProgress(p)).toBe(
      'scs-0128: Tempest 3/4 tests done, 1 failed, 1 skipped, about 0 min 7 s left',
    );
    const q: TempestProgress = { done: 0, failed: 0, skipped: 0, total: 4 };
    expect(traceLine('{0} setUpClass (tempest.api.compute.B) ... FAILED', q, 5)).toBe(true);
    expect(q).toMatchObject({ done: 1, failed: 1 });
  });
});

describe('runTempest', () => {
  it('runs the list in a workspace, shows progress, and leaves a stestr run to read', async () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    const lines: string[] = [];
    process.env.OS_PASSWORD = 'secret';
    try {
      const r = await runTempest({
        binary: fakeTempest(dir),
        workspace: ws,
        conf: renderIni(tempestConf(facts({ workspace: join(ws, 'run') }))),
        accounts: accountsYaml(cloud),
        tests: ['tempest.a.A.test_1', 'tempest.a.A.test_2', 'tempest.a.A.test_3', 'tempest.a.A.test_4'],
        concurrency: 1,
        signal: new AbortController().signal,
        progress: (l) => lines.push(l),
        log: { info() {}, debug() {} },
      });
      expect(r.exitCode).toBe(1);
      expect(readTempestResults(r.repo).tests.length).toBe(4);
      const seen = JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8')) as {
        mode: number;
        osVars: string[];
        conf: string;
        list: number;
      };
      expect(seen).toMatchObject({ mode: 0o600, osVars: [], list: 4 });
      expect(seen.conf).toContain('[compute]');
      expect(lines.at(-1)).toMatch(/^scs-0128: Tempest 3\/4 tests done, 0 failed/);
      expect(statSync(join(ws, 'run', 'etc', 'accounts.yaml')).mode & 0o777).toBe(0o600);
    } finally {
      delete process.env.OS_PASSWORD;
    }
  });

  it('reports a tempest that cannot start or ends badly', async () => {
    const dir = tempDir();
    const opts = {
      workspace: join(dir, 'ws'),
      conf: '',
      accounts: '',
      tests: ['t'],
      concurrency: 1,
      signal: new AbortController().signal,
      progress: () => {},
      log: { info() {}, debug() {} },
    };
    await expect(runTempest({ ...opts, binary: join(dir, 'missing') })).rejects.toThrow(/cannot start/);
    await expect(runTempest({ ...opts, binary: fakeTempest(dir, 3) })).rejects.toThrow(/exited 3/);
  });

  it('an interrupt stops tempest and the workers it started (they would hold the output open)', async () => {
    const dir = tempDir();
    const bin = join(dir, 'tempest');
    // `run` starts a worker that inherits stdout and sleeps, as stestr's workers do, and records its pid
    writeFileSync(
      bin,
      `#!/bin/sh\nif [ "$1" = init ]; then mkdir -p "$4"; exit 0; fi\nsh -c 'echo $$ > ${join(dir, 'worker.pid')}; exec sleep 300' &\nwait\n`,
    );
    chmodSync(bin, 0o755);
    const ac = new AbortController();
    const run = runTempest({
      binary: bin,
      workspace: join(dir, 'ws'),
      conf: '',
      accounts: '',
      tests: ['t'],
      concurrency: 1,
      signal: ac.signal,
      progress: () => {},
      log: { info() {}, debug() {} },
    });
    const pidFile = join(dir, 'worker.pid');
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const worker = Number(readFileSync(pidFile, 'utf8'));
    ac.abort();
    await expect(run).rejects.toThrow(/interrupted/);
    // gone, or a zombie waiting for this machine's init to reap it
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${worker}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(false);
  });

  it('finds tempest on PATH only', () => {
    const dir = tempDir();
    fakeTempest(dir);
    expect(findTempest({ PATH: dir })).toBe(join(dir, 'tempest'));
    expect(findTempest({ PATH: join(dir, 'nothing') })).toBeUndefined();
    expect(existsSync(join(dir, 'tempest'))).toBe(true);
  });
});

describe('the TempestRun gatherer', () => {
  const ctx = (options: Record<string, unknown>): GatherContext =>
    ({
      options,
      clients: {},
      data: {},
      log: { info() {}, debug() {}, warn() {}, error() {} },
      progress() {},
    }) as unknown as GatherContext;

  it('needs to be asked: --tempest or --tempest-results', async () => {
    await expect(tempestRunGatherer.gather(ctx({}), {})).rejects.toThrow(
      /--tempest .*--tempest-results PATH/,
    );
  });

  it("says to install Debian's tempest when it is not on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(tempestRunGatherer.gather(ctx({ tempest: true }), {})).rejects.toThrow(
        /apt install tempest/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('ingests --tempest-results', async () => {
    const r = await tempestRunGatherer.gather(ctx({ tempestResults: join(FIX, 'listed.subunit') }), {});
    expect(r).toMatchObject({ source: 'ingested', format: 'subunit-v2' });
    expect(r.tests).toHaveLength(4);
  });
});
