// EntropyConsole (scs-0101): boot a Debian/Ubuntu VM that prints entropy facts on its console, read them, delete all.
import { stringify } from 'yaml';
import type { EntropyConsole, Flavor, Flavors, Image, Images } from '../../artifacts/iaas.js';
import type { LedgerEntry } from '../../core/ledger.js';
import type { GatherContext, GathererOf } from '../types.js';
import type { OpenStackClient } from '../../clients/openstack/client.js';
import {
  StepLog,
  cleanupSignal,
  errorText,
  getOrGone,
  numberOption,
  openstackClient,
  waitFor,
  afterJudging,
  cloudSpan,
  waitRecord,
  type WaitTiming,
} from './common.js';
import { createTracked, deleteTracked, type TrackedKind } from './tracked.js';

export const MARKER = '_scs-test-';
export const END_MARKER = '_scs-test-end';
const SCRIPTS_USER_FAILED = 'Failed to run module scripts-user';

const DEBIAN_CODENAMES: Record<string, number> = { buster: 10, bullseye: 11, bookworm: 12, trixie: 13 };

/** Fitness of an image for the test: Debian (2, major) beats Ubuntu (1, YYMM) beats anything else (0, 0). */
export function imageSortKey(img: Image): [number, number] {
  const distro = typeof img.os_distro === 'string' ? img.os_distro.trim().toLowerCase() : '';
  const version = typeof img.os_version === 'string' ? img.os_version.trim().toLowerCase() : '';
  if (!distro || !version) return [0, 0];
  if (distro === 'debian') {
    if (/^\d+$/.test(version)) return [2, Number(version)];
    return [2, DEBIAN_CODENAMES[version] ?? 0];
  }
  if (distro === 'ubuntu') {
    if (/^\d\d\.\d\d$/.test(version)) return [1, Number(version.replace('.', ''))];
    return [1, 0];
  }
  return [0, 0];
}

/** Newest public/community Debian, else newest Ubuntu; undefined when there is neither. */
export function chooseEntropyImage(images: Images): Image | undefined {
  let best: Image | undefined;
  let bestKey: [number, number] = [0, 0];
  for (const img of images) {
    if (img.visibility !== 'public' && img.visibility !== 'community') continue;
    if (img.status !== undefined && img.status !== 'active') continue;
    const k = imageSortKey(img);
    if (k[0] === 0) continue;
    if (!best || k[0] > bestKey[0] || (k[0] === bestKey[0] && k[1] > bestKey[1])) {
      best = img;
      bestKey = k;
    }
  }
  return best;
}

/** Flavors with enough RAM for the image, preferring hw_rng:allowed=true, then the cheapest. */
export function chooseEntropyFlavor(flavors: Flavors, image: Image): Flavor | undefined {
  const minRam = typeof image.min_ram === 'number' ? image.min_ram : 0;
  let candidates = flavors.filter((f) => f.ram >= minRam);
  const rng = candidates.filter(
    (f) => String(f.extra_specs?.['hw_rng:allowed'] ?? '').toLowerCase() === 'true',
  );
  if (rng.length > 0) candidates = rng;
  const cost = (f: Flavor) => f.vcpus + f.ram / 3.0 + f.disk / 10.0;
  let best: Flavor | undefined;
  for (const f of candidates) if (!best || cost(f) < cost(best)) best = f;
  return best;
}

/**
 * cloud-config for the test VM. The markers are assembled by printf at run time, so the literal
 * `_scs-test-<section>:` never appears in the script itself (a console echo of it cannot fake a result).
 */
export function entropyUserData(): string {
  const emit = (section: string, cmd: string) =>
    `${cmd} 2>&1 | while IFS= read -r l; do printf '_scs-%s-${section}: %s\\n' test "$l"; done`;
  const doc = {
    packages: ['rng-tools5'],
    // the login prompt on ttyS0 would interleave with the output we parse
    bootcmd: ['systemctl mask serial-getty@ttyS0.service'],
    runcmd: [
      ['sh', '-c', emit('entropy-avail', 'cat /proc/sys/kernel/random/entropy_avail')],
      ['sh', '-c', emit('fips-test', 'rngtest -c 1000 < /dev/random')],
      ['sh', '-c', "printf '_scs-%s-end\\n' test"],
    ],
    final_message: END_MARKER,
  };
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}

/** Every `_scs-test-<section>: payload` line of a console log, in order, and whether the end marker came. */
export function parseConsole(output: string): {
  lines: Array<{ section: string; payload: string }>;
  finished: boolean;
} {
  const lines: Array<{ section: string; payload: string }> = [];
  for (const line of output.split(/\r?\n/)) {
    const idx = line.indexOf(MARKER);
    if (idx < 0) continue;
    const rest = line.slice(idx + MARKER.length);
    const colon = rest.indexOf(':');
    if (colon < 0) continue;
    lines.push({ section: rest.slice(0, colon), payload: rest.slice(colon + 1).trim() });
  }
  return { lines, finished: output.includes(END_MARKER) };
}

interface Server {
  id: string;
  status: string;
  fault?: { message?: string };
  created?: string;
  updated?: string;
  'os-extended-volumes:volumes_attached'?: Array<{ id: string }>;
}

async function pollServer(c: OpenStackClient, id: string, signal: AbortSignal): Promise<Server> {
  const body = await c.get<{ server?: Server }>('compute', '/servers/{id}', { params: { id }, signal });
  if (!body?.server) throw new Error(`malformed answer for server ${id}: no "server" object`);
  return body.server;
}

type Made = Record<'network' | 'subnet' | 'router' | 'server', LedgerEntry | undefined>;

/** One run of the test: where it talks, what it has created so far (for the cleanup), its step log. */
interface EntropyRun {
  c: OpenStackClient;
  ctx: GatherContext;
  log: StepLog;
  /** The run's name prefix. */
  p: string;
  made: Made;
  bootVolumes: LedgerEntry[];
  interfaceAdded: boolean;
}

export const entropyConsoleGatherer: GathererOf<'EntropyConsole'> = {
  artifact: 'EntropyConsole',
  description:
    'Boots a Debian/Ubuntu VM (boot from volume, own network and router) whose cloud-init prints entropy_avail and an rngtest run on the console; reads and parses the console; deletes everything',
  dependsOn: ['Images', 'Flavors'],
  active: true,
  timeoutMs: 40 * 60_000,
  async gather(ctx, deps) {
    const c = openstackClient(ctx);
    const { image, flavor } = chooseImageAndFlavor(deps.Images, deps.Flavors);
    const log = new StepLog(ctx.signal);
    const result: EntropyConsole = {
      image: {
        id: image.id,
        name: image.name ?? null,
        os_distro: image.os_distro,
        os_version: image.os_version,
      },
      flavor: { id: flavor.id, name: flavor.name },
      steps: log.steps,
      lines: [],
      finished: false,
    };
    const run: EntropyRun = {
      c,
      ctx,
      log,
      p: ctx.ledger.prefix,
      made: { network: undefined, subnet: undefined, router: undefined, server: undefined },
      bootVolumes: [],
      interfaceAdded: false,
    };
    try {
      const netId = await buildTestNetwork(run);
      const srvId = await bootServer(run, image, flavor, netId);
      await waitActive(run, srvId);
      await readConsole(run, srvId, result);
    } catch (err) {
      ctx.log.warn(`entropy VM: ${errorText(err)}`);
    } finally {
      // The console is read: judging need not wait for the VM and its network to be deleted.
      await afterJudging(ctx, (deferred) =>
        cleanup(c, ctx, deferred ? new StepLog() : log, run.made, run.bootVolumes, run.interfaceAdded),
      );
    }
    return result;
  },
};

function chooseImageAndFlavor(
  images: Images | undefined,
  flavors: Flavors | undefined,
): { image: Image; flavor: Flavor } {
  if (!images || !flavors)
    throw new Error('EntropyConsole needs the Images and Flavors artifacts, which are missing');
  const image = chooseEntropyImage(images);
  if (!image) {
    throw new Error(
      'no public Debian or Ubuntu image (os_distro/os_version set, status active) to boot the entropy test VM',
    );
  }
  const flavor = chooseEntropyFlavor(flavors, image);
  if (!flavor)
    throw new Error(
      `no flavor with at least ${image.min_ram ?? 0} MiB RAM for image ${image.name ?? image.id}`,
    );
  return { image, flavor };
}

/** Creates one named resource of the test (ledgered first, reconciled by name on a lost answer). */
function make(
  run: EntropyRun,
  kind: keyof Made & TrackedKind,
  service: string,
  path: string,
  body: Record<string, unknown>,
  detail?: () => string,
): Promise<{ id: string }> {
  const { c, ctx } = run;
  const name = `${run.p}entropy-${kind === 'network' ? 'net' : kind}`;
  return createTracked(c, ctx, {
    kind,
    name,
    createdBy: 'EntropyConsole',
    steps: run.log,
    onIntent: (e) => (run.made[kind] = e),
    create: async () =>
      (
        await c.post<Record<string, { id?: string } | undefined>>(
          service,
          path,
          { [kind]: { name, ...body } },
          { signal: ctx.signal },
        )
      )?.[kind]?.id,
    ...(detail && { detail }),
  });
}

/** Network, subnet and a router to the first external network, the subnet attached; the network's id. */
async function buildTestNetwork(run: EntropyRun): Promise<string> {
  const { c, ctx, log } = run;
  const ext = await log.run(
    'find-external-network',
    async () => {
      const nets = await c.list<{ id: string; name?: string }>('network', '/networks', 'networks', {
        query: { 'router:external': true },
        signal: ctx.signal,
      });
      const first = nets[0];
      if (!first) throw new Error('no external network (router:external=true) to attach the test router to');
      return first;
    },
    (n) => `${n.name ?? ''} ${n.id}`.trim(),
  );
  const net = await make(run, 'network', 'network', '/networks', {});
  const sub = await make(run, 'subnet', 'network', '/subnets', {
    network_id: net.id,
    ip_version: 4,
    cidr: '10.1.0.0/24',
    gateway_ip: '10.1.0.1',
    enable_dhcp: true,
    allocation_pools: [{ start: '10.1.0.100', end: '10.1.0.199' }],
    dns_nameservers: ['9.9.9.9'],
  });
  const router = await make(run, 'router', 'network', '/routers', {
    external_gateway_info: { network_id: ext.id },
  });
  await log.run('add-router-interface', () =>
    c.put(
      'network',
      '/routers/{id}/add_router_interface',
      { subnet_id: sub.id },
      {
        params: { id: router.id },
        signal: ctx.signal,
      },
    ),
  );
  run.interfaceAdded = true;
  return net.id;
}

/** Creates the test server, booting from a volume made of the image, with the test's cloud-config. */
async function bootServer(run: EntropyRun, image: Image, flavor: Flavor, netId: string): Promise<string> {
  const volumeSize = Math.max(typeof image.min_disk === 'number' ? image.min_disk : 0, 8);
  const srv = await make(
    run,
    'server',
    'compute',
    '/servers',
    {
      flavorRef: flavor.id,
      networks: [{ uuid: netId }],
      user_data: Buffer.from(entropyUserData(), 'utf8').toString('base64'),
      block_device_mapping_v2: [
        {
          boot_index: 0,
          uuid: image.id,
          source_type: 'image',
          destination_type: 'volume',
          volume_size: volumeSize,
          delete_on_termination: true,
        },
      ],
    },
    () => `${volumeSize} GiB boot volume`,
  );
  return srv.id;
}

/** Waits for the server to be ACTIVE, records the wait, and ledgers its boot volumes. */
async function waitActive(run: EntropyRun, srvId: string): Promise<void> {
  const { c, ctx, log, p } = run;
  let booted: WaitTiming | undefined;
  const active = await log.run('server-active', () =>
    waitFor(c, {
      timing: (t) => {
        booted = t;
      },
      what: `server ${p}entropy-server ACTIVE`,
      poll: () => pollServer(c, srvId, ctx.signal),
      done: (s) => s.status === 'ACTIVE',
      failed: (s) =>
        s.status === 'ERROR' ? `status ERROR${s.fault?.message ? `: ${s.fault.message}` : ''}` : undefined,
      describe: (s) => `status ${s.status}`,
      timeoutMs: numberOption(ctx, 'entropyBootTimeoutMs', 10 * 60_000),
      signal: ctx.signal,
      progress: ctx.progress,
      // Booting usually takes tens of seconds: look every 1-3 s so the console is read promptly.
      pace: { minMs: 1000, maxMs: 3000, firstMs: 1000 },
    }),
  );
  const bootStep = log.steps.at(-1);
  if (bootStep) bootStep.wait = waitRecord(booted, cloudSpan(active.created, active.updated));
  for (const v of active['os-extended-volumes:volumes_attached'] ?? []) {
    if (v?.id) {
      run.bootVolumes.push(
        ctx.ledger.record({
          kind: 'volume',
          id: v.id,
          name: `${p}entropy-server boot volume`,
          createdBy: 'EntropyConsole',
        }),
      );
    }
  }
}

/**
 * A check that a console shows no guest boot at all and never changes (Nova's fake driver, a broken serial
 * console): it will not produce the markers, so give up after a while instead of waiting the full timeout.
 */
function consoleStallCheck(stallMs: number): (out: string) => string | undefined {
  let seen = '';
  let changedAt = Date.now();
  return (out) => {
    if (out !== seen) {
      seen = out;
      changedAt = Date.now();
      return undefined;
    }
    const booting = /Linux version|cloud-init|systemd\[1\]|login:/.test(out);
    const quietFor = Date.now() - changedAt;
    return !booting && quietFor >= stallMs
      ? `the console shows no guest boot output and has not changed for ${Math.round(quietFor / 1000)} s (the cloud gives no guest console, e.g. a fake compute driver)`
      : undefined;
  };
}

/** Polls the console until the end marker, then parses what it showed last into the result (also on failure). */
async function readConsole(run: EntropyRun, srvId: string, result: EntropyConsole): Promise<void> {
  const { c, ctx, log } = run;
  let last = '';
  // A real guest writes boot output to its console within seconds of ACTIVE: a minute of silence is enough.
  const stalled = consoleStallCheck(numberOption(ctx, 'entropyConsoleStallMs', 60_000));
  let consoleWait: WaitTiming | undefined;
  try {
    await log.run('console-output', () =>
      waitFor(c, {
        timing: (t) => {
          consoleWait = t;
        },
        what: 'console output of the entropy VM',
        poll: async () => {
          const body = await c.post<{ output?: string }>(
            'compute',
            '/servers/{id}/action',
            { 'os-getConsoleOutput': {} },
            { params: { id: srvId }, signal: ctx.signal, idempotent: true },
          );
          last = typeof body?.output === 'string' ? body.output : '';
          return last;
        },
        done: (out) => out.includes(END_MARKER),
        failed: (out) =>
          out.includes(SCRIPTS_USER_FAILED) ? `cloud-init reported "${SCRIPTS_USER_FAILED}"` : stalled(out),
        describe: (out) => `${out.split('\n').length} console lines`,
        timeoutMs: numberOption(ctx, 'entropyConsoleTimeoutMs', 10 * 60_000),
        signal: ctx.signal,
        progress: ctx.progress,
        // The guest installs and runs the test script (a minute or more); each poll fetches the console.
        pace: { minMs: 2000, maxMs: 5000, firstMs: 5000 },
      }),
    );
  } finally {
    const step = log.steps[log.steps.length - 1];
    if (consoleWait && step?.step === 'console-output') step.wait = waitRecord(consoleWait);
    const parsed = parseConsole(last);
    result.lines = parsed.lines;
    result.finished = parsed.finished;
  }
}

async function cleanup(
  c: OpenStackClient,
  ctx: GatherContext,
  log: StepLog,
  made: Made,
  bootVolumes: LedgerEntry[],
  interfaceAdded: boolean,
): Promise<void> {
  const signal = cleanupSignal();
  if (made.server) {
    await deleteTracked(c, ctx, made.server, {
      service: 'compute',
      path: '/servers/{id}',
      getPath: '/servers/{id}',
      steps: log,
      signal,
    });
  }
  for (const v of bootVolumes) {
    // delete_on_termination normally removes it with the server; delete it ourselves if it stayed
    try {
      const still = v.id
        ? await getOrGone(c, 'block-storage', '/volumes/{id}', { id: v.id }, signal)
        : undefined;
      if (still === undefined) ctx.ledger.markDeleted(v);
      else
        await deleteTracked(c, ctx, v, {
          service: 'block-storage',
          path: '/volumes/{id}',
          getPath: '/volumes/{id}',
          steps: log,
          stepName: 'delete-boot-volume',
          signal,
        });
    } catch (err) {
      ctx.ledger.markLeaked(v, errorText(err));
    }
  }
  if (made.router?.id && made.subnet?.id && interfaceAdded) {
    const routerId = made.router.id;
    const subnetId = made.subnet.id;
    try {
      await log.run('remove-router-interface', () =>
        c.request('network', 'PUT', '/routers/{id}/remove_router_interface', {
          params: { id: routerId },
          body: { subnet_id: subnetId },
          expect: [404],
          signal,
        }),
      );
    } catch (err) {
      ctx.log.warn(`could not remove the router interface: ${errorText(err)}`);
    }
  }
  if (made.router)
    await deleteTracked(c, ctx, made.router, {
      service: 'network',
      path: '/routers/{id}',
      steps: log,
      signal,
    });
  if (made.subnet)
    await deleteTracked(c, ctx, made.subnet, {
      service: 'network',
      path: '/subnets/{id}',
      steps: log,
      signal,
    });
  if (made.network)
    await deleteTracked(c, ctx, made.network, {
      service: 'network',
      path: '/networks/{id}',
      steps: log,
      signal,
    });
}
