// Nova v2.1 (compute): versions, microversions 2.1-2.93, flavors + extra specs, servers, console output, keypairs, AZs, limits.
import { createHash } from 'node:crypto';
import {
  ApiError,
  RouteTable,
  bodyObject,
  boolParam,
  intParam,
  json,
  noContent,
  str,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoMicrosNaive, isoSeconds } from '../ids.js';
import { allocatePort, createVolume, defaultVolumeTypeId, deleteVolumeLater } from '../ops.js';
import type { CloudState, Flavor, Image, Server } from '../state.js';
import { zonesOf } from '../zones.js';
import { FAKE_DRIVER_CONSOLE, bootLines, decodeUserData, guestOutputLines } from '../console.js';
import {
  atLeast,
  negotiateMicroversion,
  novaStyleError,
  pageAfterMarker,
  requestedMicroversion,
  requireAuth,
  requireProject,
  withParam,
  type ServiceContext,
  type ServiceModule,
} from './common.js';

export const NOVA_MIN: [number, number] = [2, 1];
export const NOVA_MAX: [number, number] = [2, 93];
const HOST = 'demo-compute';

function versionsDoc(origin: string) {
  return {
    versions: [
      {
        id: 'v2.0',
        status: 'SUPPORTED',
        version: '',
        min_version: '',
        updated: '2011-01-21T11:33:21Z',
        links: [{ rel: 'self', href: `${origin}/compute/v2/` }],
      },
      {
        id: 'v2.1',
        status: 'CURRENT',
        version: NOVA_MAX.join('.'),
        min_version: NOVA_MIN.join('.'),
        updated: '2013-07-23T11:33:21Z',
        links: [{ rel: 'self', href: `${origin}/compute/v2.1/` }],
      },
    ],
  };
}

function versionDoc(origin: string) {
  return {
    version: {
      id: 'v2.1',
      status: 'CURRENT',
      version: NOVA_MAX.join('.'),
      min_version: NOVA_MIN.join('.'),
      updated: '2013-07-23T11:33:21Z',
      links: [
        { rel: 'self', href: `${origin}/compute/v2.1/` },
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
      ],
    },
  };
}

function links(req: DemoRequest, collection: string, id: string) {
  return [
    { rel: 'self', href: `${req.origin}/compute/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${req.origin}/compute/${collection}/${id}` },
  ];
}

function nextLinks(
  req: DemoRequest,
  collection: string,
  items: unknown[],
  lastId: string | undefined,
  maxLimit: number,
) {
  const limit = Math.min(Number(req.query.get('limit') ?? maxLimit), maxLimit);
  if (!limit || limit !== items.length || lastId === undefined) return undefined;
  return [
    {
      rel: 'next',
      href: `${req.origin}/compute/v2.1/${collection}?${withParam(req.query, 'marker', lastId)}`,
    },
  ];
}

function limitOf(req: DemoRequest, maxLimit: number): number {
  const limit = intParam(req, 'limit');
  return Math.min(limit ?? maxLimit, maxLimit);
}

function flavorVisible(req: DemoRequest, f: Flavor): boolean {
  const auth = requireAuth(req);
  return f.isPublic || auth.isAdmin || (auth.projectId !== undefined && f.access.includes(auth.projectId));
}

function getFlavor(state: CloudState, req: DemoRequest, id: string): Flavor {
  const f = state.flavors.get(id);
  if (!f || !flavorVisible(req, f)) throw new ApiError(404, `Flavor ${id} could not be found.`);
  return f;
}

function renderFlavor(req: DemoRequest, f: Flavor, detail: boolean) {
  const body: Record<string, unknown> = { id: f.id, name: f.name, links: links(req, 'flavors', f.id) };
  if (atLeast(req, 2, 55)) body.description = f.description;
  if (!detail) return body;
  Object.assign(body, {
    ram: f.ram,
    disk: f.disk,
    swap: atLeast(req, 2, 75) ? f.swap : f.swap || '',
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: f.rxtxFactor,
  });
  if (atLeast(req, 2, 61)) body.extra_specs = { ...f.extraSpecs };
  return body;
}

function listFlavors(ctx: ServiceContext, req: DemoRequest, detail: boolean): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const isPublicRaw = req.query.get('is_public');
  let filterPublic: boolean | undefined = true;
  if (auth.isAdmin && isPublicRaw !== null)
    filterPublic = isPublicRaw.toLowerCase() === 'none' ? undefined : boolParam(isPublicRaw);
  const minRam = intParam(req, 'minRam') ?? 0;
  const minDisk = intParam(req, 'minDisk') ?? 0;
  const sortKey = req.query.get('sort_key') ?? 'flavorid';
  const sortDir = req.query.get('sort_dir') ?? 'asc';
  const keyOf: Record<string, (f: Flavor) => string | number> = {
    flavorid: (f) => f.id,
    id: (f) => f.id,
    name: (f) => f.name,
    memory_mb: (f) => f.ram,
    root_gb: (f) => f.disk,
    vcpus: (f) => f.vcpus,
    created_at: (f) => f.id,
  };
  const key = keyOf[sortKey];
  if (!key) throw new ApiError(400, `Invalid input for query parameters sort_key. Value: ${sortKey}.`);
  let flavors = [...state.flavors.values()].filter((f) => {
    if (f.ram < minRam || f.disk < minDisk) return false;
    if (auth.isAdmin) return filterPublic === undefined || f.isPublic === filterPublic;
    return f.isPublic || (auth.projectId !== undefined && f.access.includes(auth.projectId));
  });
  flavors.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sortDir === 'desc' ? -c : c;
  });
  const limit = limitOf(req, state.limits.novaMaxLimit);
  flavors = pageAfterMarker(
    flavors,
    (f) => f.id,
    req.query.get('marker'),
    limit,
    (m) => new ApiError(400, `marker [${m}] not found`),
  );
  const body: Record<string, unknown> = { flavors: flavors.map((f) => renderFlavor(req, f, detail)) };
  const next = nextLinks(
    req,
    detail ? 'flavors/detail' : 'flavors',
    flavors,
    flavors.at(-1)?.id,
    state.limits.novaMaxLimit,
  );
  if (next) body.flavors_links = next;
  return json(200, body);
}

function adminOnly(req: DemoRequest, policy: string): void {
  if (!requireAuth(req).isAdmin) throw new ApiError(403, `Policy doesn't allow ${policy} to be performed.`);
}

function hostId(projectId: string): string {
  return createHash('sha224').update(`${projectId}${HOST}`).digest('hex');
}

function imageOf(state: CloudState, id: string): Image | undefined {
  return state.images.get(id);
}

function renderServer(ctx: ServiceContext, req: DemoRequest, s: Server) {
  const { state } = ctx;
  const flavor = state.flavors.get(s.flavorId);
  const addresses: Record<string, unknown[]> = {};
  for (const sp of s.ports) {
    const port = state.ports.get(sp.portId);
    const net = state.networks.get(sp.networkId);
    if (!port || !net) continue;
    const list = (addresses[net.name] ??= []);
    for (const ip of port.fixedIps) {
      list.push({
        version: 4,
        addr: ip.ip_address,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': port.mac,
      });
    }
  }
  const scheduled = s.status !== 'BUILD' || s.launchedAt !== null;
  const body: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status: s.status,
    tenant_id: s.projectId,
    user_id: s.userId,
    metadata: { ...s.metadata },
    hostId: scheduled ? hostId(s.projectId) : '',
    image: s.imageId
      ? { id: s.imageId, links: [{ rel: 'bookmark', href: `${req.origin}/compute/images/${s.imageId}` }] }
      : '',
    flavor: atLeast(req, 2, 47)
      ? {
          vcpus: flavor?.vcpus ?? 0,
          ram: flavor?.ram ?? 0,
          disk: flavor?.disk ?? 0,
          ephemeral: flavor?.ephemeral ?? 0,
          swap: flavor?.swap ?? 0,
          original_name: flavor?.name ?? '',
          extra_specs: { ...(flavor?.extraSpecs ?? {}) },
        }
      : { id: s.flavorId, links: [{ rel: 'bookmark', href: `${req.origin}/compute/flavors/${s.flavorId}` }] },
    created: isoSeconds(s.createdAt),
    updated: isoSeconds(s.updatedAt),
    addresses,
    accessIPv4: '',
    accessIPv6: '',
    links: links(req, 'servers', s.id),
    'OS-DCF:diskConfig': 'MANUAL',
    progress: 0,
    'OS-EXT-AZ:availability_zone': scheduled ? zonesOf(state).serverZone(s.id) : '',
    config_drive: '',
    key_name: s.keyName,
    'OS-SRV-USG:launched_at': s.launchedAt === null ? null : isoMicrosNaive(s.launchedAt),
    'OS-SRV-USG:terminated_at': null,
    security_groups: s.ports.length ? s.securityGroups.map((name) => ({ name })) : undefined,
    'OS-EXT-STS:task_state': s.taskState,
    'OS-EXT-STS:vm_state': s.vmState,
    'OS-EXT-STS:power_state': s.powerState,
    'os-extended-volumes:volumes_attached': s.volumes.map((v) =>
      atLeast(req, 2, 3) ? { id: v.id, delete_on_termination: v.deleteOnTermination } : { id: v.id },
    ),
  };
  if (body.security_groups === undefined) delete body.security_groups;
  if (atLeast(req, 2, 9)) body.locked = false;
  if (atLeast(req, 2, 19)) body.description = s.description;
  if (atLeast(req, 2, 26)) body.tags = [];
  if (atLeast(req, 2, 63)) body.trusted_image_certificates = null;
  if (atLeast(req, 2, 73)) body.locked_reason = null;
  if (atLeast(req, 2, 71)) body.server_groups = [];
  if (s.fault)
    body.fault = { code: s.fault.code, created: isoSeconds(s.fault.created), message: s.fault.message };
  return body;
}

function visibleServers(state: CloudState, req: DemoRequest): Server[] {
  const auth = requireAuth(req);
  const allTenants = auth.isAdmin && boolParam(req.query.get('all_tenants')) === true;
  return [...state.servers.values()].filter((s) => allTenants || s.projectId === auth.projectId);
}

function getServer(state: CloudState, req: DemoRequest, id: string): Server {
  const s = state.servers.get(id);
  const auth = requireAuth(req);
  if (!s || (s.projectId !== auth.projectId && !auth.isAdmin))
    throw new ApiError(404, `Instance ${id} could not be found.`);
  return s;
}

function listServers(ctx: ServiceContext, req: DemoRequest, detail: boolean): DemoResponse {
  const { state } = ctx;
  let servers = visibleServers(state, req);
  const name = req.query.get('name');
  if (name) {
    let re: RegExp;
    try {
      re = new RegExp(name);
    } catch {
      throw new ApiError(400, `Invalid filter name: ${name}`);
    }
    servers = servers.filter((s) => re.test(s.name));
  }
  const status = req.query.get('status');
  if (status) servers = servers.filter((s) => s.status === status.toUpperCase());
  servers.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  const limit = limitOf(req, state.limits.novaMaxLimit);
  servers = pageAfterMarker(
    servers,
    (s) => s.id,
    req.query.get('marker'),
    limit,
    (m) => new ApiError(400, `marker [${m}] not found`),
  );
  const body: Record<string, unknown> = {
    servers: servers.map((s) =>
      detail ? renderServer(ctx, req, s) : { id: s.id, name: s.name, links: links(req, 'servers', s.id) },
    ),
  };
  const next = nextLinks(
    req,
    detail ? 'servers/detail' : 'servers',
    servers,
    servers.at(-1)?.id,
    state.limits.novaMaxLimit,
  );
  if (next) body.servers_links = next;
  return json(200, body);
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function createServer(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const projectId = requireProject(req);
  const spec = bodyObject(
    req.json(),
    'server',
    "Invalid input for field/attribute server. Value: None. 'server' is a required property",
  );
  const name = str(spec.name);
  if (!name || name.length > 255) {
    throw new ApiError(
      400,
      `Invalid input for field/attribute name. Value: ${String(spec.name)}. 'name' is a required property`,
    );
  }
  const flavorRef =
    str(spec.flavorRef) ?? (typeof spec.flavorRef === 'number' ? String(spec.flavorRef) : undefined);
  if (!flavorRef)
    throw new ApiError(
      400,
      "Invalid input for field/attribute server. Value: {}. 'flavorRef' is a required property",
    );
  const flavor =
    state.flavors.get(flavorRef) ?? [...state.flavors.values()].find((f) => f.name === flavorRef);
  if (!flavor || !flavorVisible(req, flavor)) throw new ApiError(400, 'Invalid flavorRef provided.');

  // JSON-schema level checks come first in Nova, before any policy or resource look-up.
  if (spec.networks === undefined && atLeast(req, 2, 37)) {
    throw new ApiError(
      400,
      "Invalid input for field/attribute server. Value: {}. 'networks' is a required property",
    );
  }
  if (spec.user_data !== undefined && spec.user_data !== null) {
    if (typeof spec.user_data !== 'string' || decodeUserData(spec.user_data) === undefined) {
      throw new ApiError(400, 'User data needs to be valid base 64.');
    }
  }
  // Image or boot volume (block_device_mapping_v2 with boot_index 0).
  const bdms = Array.isArray(spec.block_device_mapping_v2)
    ? (spec.block_device_mapping_v2 as Array<Record<string, unknown>>)
    : [];
  const bootBdm = bdms.find((b) => toInt(b.boot_index) === 0);
  let image: Image | undefined;
  let volumeBacked = false;
  let bootVolumeSize = 0;
  let deleteBootVolume = false;
  if (bootBdm) {
    const source = str(bootBdm.source_type);
    const dest = str(bootBdm.destination_type) ?? 'volume';
    if (source === 'image') {
      image = imageOf(state, String(bootBdm.uuid ?? ''));
      if (!image) throw new ApiError(400, `Image ${String(bootBdm.uuid)} could not be found.`);
      if (dest === 'volume') {
        volumeBacked = true;
        bootVolumeSize = toInt(bootBdm.volume_size) ?? 0;
        if (bootVolumeSize <= 0)
          throw new ApiError(
            400,
            "Images with destination_type 'volume' need to have a non-zero size specified",
          );
        deleteBootVolume =
          bootBdm.delete_on_termination === true ||
          bootBdm.delete_on_termination === 'true' ||
          bootBdm.delete_on_termination === 'True';
        if (bootVolumeSize * 1024 ** 3 < image.minDisk * 1024 ** 3) {
          throw new ApiError(
            400,
            `Volume is smaller than the minimum size specified in image metadata. Volume size is ${bootVolumeSize * 1024 ** 3} bytes, minimum size is ${image.minDisk * 1024 ** 3} bytes.`,
          );
        }
      }
    } else if (source === 'volume') {
      volumeBacked = true;
    } else {
      throw new ApiError(
        400,
        'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
      );
    }
  } else {
    const imageRef = str(spec.imageRef) ?? '';
    if (!imageRef)
      throw new ApiError(
        400,
        'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
      );
    image = imageOf(state, imageRef);
    if (!image) throw new ApiError(400, 'Can not find requested image');
  }
  if (image) {
    const visible =
      image.visibility === 'public' ||
      image.visibility === 'community' ||
      image.owner === projectId ||
      auth.isAdmin;
    if (!visible) throw new ApiError(400, 'Can not find requested image');
    if (image.status !== 'active') throw new ApiError(400, `Image ${image.id} is not active.`);
    if (flavor.ram < image.minRam)
      throw new ApiError(400, "Flavor's memory is too small for requested image.");
    if (!volumeBacked) {
      if (flavor.disk === 0 && !auth.isAdmin) {
        throw new ApiError(403, 'Only volume-backed servers are allowed for flavors with zero disk.');
      }
      if (flavor.disk > 0 && flavor.disk < image.minDisk)
        throw new ApiError(400, "Flavor's disk is too small for requested image.");
    }
  }

  const requestedAz = str(spec.availability_zone);
  if (requestedAz !== undefined && !zonesOf(state).compute.includes(requestedAz))
    throw new ApiError(400, 'The requested availability zone is not available');
  // Networks.
  const requested: Array<{ networkId?: string; portId?: string }> = [];
  const nets = spec.networks;
  if (nets === undefined) {
    const own = [...state.networks.values()].filter((n) => n.projectId === projectId || n.shared);
    if (own.length > 1)
      throw new ApiError(409, 'Multiple possible networks found, use a Network ID to be more specific.');
    if (own[0]) requested.push({ networkId: own[0].id });
  } else if (nets === 'none') {
    // no NIC
  } else if (nets === 'auto') {
    throw new ApiError(400, 'Unable to automatically allocate a network for project ' + projectId);
  } else if (Array.isArray(nets)) {
    for (const n of nets as Array<Record<string, unknown>>) {
      if (typeof n.port === 'string') {
        const port = state.ports.get(n.port);
        if (!port || port.projectId !== projectId)
          throw new ApiError(400, `Port id ${n.port} could not be found.`);
        if (port.deviceId) throw new ApiError(409, `Port ${n.port} is still in use.`);
        requested.push({ portId: port.id, networkId: port.networkId });
      } else if (typeof n.uuid === 'string') {
        const net = state.networks.get(n.uuid);
        if (!net || !(net.projectId === projectId || net.shared))
          throw new ApiError(400, `Network ${n.uuid} could not be found.`);
        requested.push({ networkId: net.id });
      } else {
        throw new ApiError(400, 'Bad networks format: network uuid is not in proper format');
      }
    }
  } else {
    throw new ApiError(400, 'Bad networks format');
  }

  let userData: string | null = null;
  if (spec.user_data !== undefined && spec.user_data !== null) {
    const decoded = typeof spec.user_data === 'string' ? decodeUserData(spec.user_data) : undefined;
    if (decoded === undefined) throw new ApiError(400, 'User data needs to be valid base 64.');
    userData = decoded;
  }
  const keyName = str(spec.key_name) ?? null;
  if (keyName && ![...state.keypairs.values()].some((k) => k.name === keyName && k.userId === auth.userId)) {
    throw new ApiError(400, 'Invalid key_name provided.');
  }
  const sgNames = Array.isArray(spec.security_groups)
    ? (spec.security_groups as Array<Record<string, unknown>>).map((g) => String(g.name ?? ''))
    : ['default'];
  const groups = sgNames.map((n) => {
    const sg = [...state.securityGroups.values()].find(
      (g) => g.projectId === projectId && (g.name === n || g.id === n),
    );
    if (!sg) {
      if (n === 'default') return state.defaultSecurityGroup(projectId);
      throw new ApiError(400, `Security group ${n} not found for project ${projectId}.`);
    }
    return sg;
  });

  const now = state.now();
  const server: Server = {
    id: state.ids.uuid('server'),
    name,
    projectId,
    userId: auth.userId,
    status: 'BUILD',
    vmState: 'building',
    taskState: 'scheduling',
    powerState: 0,
    flavorId: flavor.id,
    imageId: volumeBacked ? '' : (image?.id ?? ''),
    keyName,
    userData,
    metadata: (spec.metadata as Record<string, string> | undefined) ?? {},
    securityGroups: groups.map((g) => g.name),
    ports: [],
    volumes: [],
    createdAt: now,
    updatedAt: now,
    launchedAt: null,
    adminPass: Buffer.from(state.ids.hex('adminpass').slice(0, 9), 'hex').toString('base64url').slice(0, 12),
    consoleLines: [],
    description: str(spec.description) ?? null,
  };
  state.servers.set(server.id, server);
  zonesOf(state).placeServer(server.id, requestedAz);
  for (const r of requested) {
    if (r.portId) {
      const port = state.ports.get(r.portId);
      if (port) {
        port.deviceId = server.id;
        port.deviceOwner = 'compute:nova';
        server.ports.push({ portId: port.id, networkId: port.networkId });
      }
    } else if (r.networkId) {
      const port = allocatePort(state, {
        networkId: r.networkId,
        projectId,
        deviceId: server.id,
        deviceOwner: 'compute:nova',
        securityGroups: groups.map((g) => g.id),
      });
      server.ports.push({ portId: port.id, networkId: r.networkId });
    }
  }
  if (volumeBacked && image) {
    const vol = createVolume(state, {
      projectId,
      userId: auth.userId,
      name: '',
      size: bootVolumeSize,
      typeId: defaultVolumeTypeId(state),
      bootable: true,
      imageMetadata: {
        image_id: image.id,
        image_name: image.name ?? '',
        min_disk: String(image.minDisk),
        min_ram: String(image.minRam),
        ...image.properties,
      },
      initialStatus: 'creating',
      finalStatus: 'in-use',
      delayMs: Math.floor(state.timings.serverBuildMs / 2),
    });
    vol.attachments.push({
      serverId: server.id,
      attachmentId: state.ids.uuid('attachment'),
      device: '/dev/sda',
      attachedAt: now,
    });
    server.volumes.push({ id: vol.id, deleteOnTermination: deleteBootVolume });
  }
  state.after(Math.floor(state.timings.serverBuildMs / 3), () => {
    const s = state.servers.get(server.id);
    if (s && s.status === 'BUILD') {
      s.taskState = 'spawning';
      s.launchedAt = null;
      s.updatedAt = state.now();
    }
  });
  state.after(state.timings.serverBuildMs, () => {
    const s = state.servers.get(server.id);
    if (!s || s.status !== 'BUILD') return;
    s.status = 'ACTIVE';
    s.vmState = 'active';
    s.taskState = null;
    s.powerState = 1;
    s.launchedAt = state.now();
    s.updatedAt = state.now();
    for (const sp of s.ports) {
      const p = state.ports.get(sp.portId);
      if (p) p.status = 'ACTIVE';
    }
    const behaviour = state.behaviour.console;
    if (behaviour.mode === 'fake') {
      s.consoleLines = FAKE_DRIVER_CONSOLE.split('\n');
      return;
    }
    const hostname =
      s.name
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .replace(/^-+/, '') || 'server';
    s.consoleLines = bootLines({
      hostname,
      distro: image?.properties.os_distro ?? 'debian',
      version: image?.properties.os_version ?? '13',
    });
    state.after(state.timings.consoleMs, () => {
      const live = state.servers.get(server.id);
      if (live && live.status === 'ACTIVE') {
        live.consoleLines.push(...guestOutputLines(live.userData, behaviour, hostname));
      }
    });
  });
  const selfLink = `${req.origin}/compute/v2.1/servers/${server.id}`;
  const body: Record<string, unknown> = {
    id: server.id,
    links: links(req, 'servers', server.id),
    'OS-DCF:diskConfig': 'MANUAL',
    security_groups: sgNames.map((n) => ({ name: n })),
    adminPass: server.adminPass,
  };
  return json(202, { server: body }, { Location: selfLink });
}

function deleteServer(state: CloudState, server: Server): void {
  server.taskState = 'deleting';
  server.updatedAt = state.now();
  state.after(state.timings.serverDeleteMs, () => {
    const s = state.servers.get(server.id);
    if (!s) return;
    for (const sp of s.ports) {
      const p = state.ports.get(sp.portId);
      if (!p) continue;
      if (p.deviceOwner === 'compute:nova' && p.name === '') state.ports.delete(p.id);
      else {
        p.deviceId = '';
        p.deviceOwner = '';
        p.status = 'DOWN';
      }
    }
    for (const v of s.volumes) {
      const vol = state.volumes.get(v.id);
      if (!vol) continue;
      vol.attachments = vol.attachments.filter((a) => a.serverId !== s.id);
      if (v.deleteOnTermination) deleteVolumeLater(state, vol.id);
      else vol.status = 'available';
    }
    state.servers.delete(s.id);
  });
}

function serverAction(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const server = getServer(state, req, req.params.id as string);
  const body = req.json();
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'Malformed request body');
  const action = Object.keys(body)[0];
  const arg = (body as Record<string, unknown>)[action ?? ''];
  switch (action) {
    case 'os-getConsoleOutput': {
      if (server.status === 'BUILD' && server.launchedAt === null && server.consoleLines.length === 0) {
        throw new ApiError(409, `Instance ${server.id} is not ready`);
      }
      const rawLen = arg && typeof arg === 'object' ? (arg as Record<string, unknown>).length : undefined;
      let lines = server.consoleLines;
      if (rawLen !== undefined && rawLen !== null) {
        const n = toInt(rawLen);
        if (n === undefined || n < -1)
          throw new ApiError(400, `Invalid input for field/attribute length. Value: ${String(rawLen)}.`);
        if (n >= 0) lines = n === 0 ? [] : lines.slice(-n);
      }
      return json(200, { output: lines.length ? lines.join('\n') + '\n' : '' });
    }
    case 'os-stop':
      if (server.status !== 'ACTIVE')
        throw new ApiError(
          409,
          `Cannot 'stop' instance ${server.id} while it is in vm_state ${server.vmState}`,
        );
      server.status = 'SHUTOFF';
      server.vmState = 'stopped';
      server.powerState = 4;
      return noContent(202);
    case 'os-start':
      if (server.status !== 'SHUTOFF')
        throw new ApiError(
          409,
          `Cannot 'start' instance ${server.id} while it is in vm_state ${server.vmState}`,
        );
      server.status = 'ACTIVE';
      server.vmState = 'active';
      server.powerState = 1;
      return noContent(202);
    case 'reboot':
      return noContent(202);
    default:
      throw new ApiError(400, `There is no such action: ${String(action)}`);
  }
}

export function createCompute(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  routes.add('GET', '/', (req) => json(200, versionsDoc(req.origin)), { auth: false });
  routes.add(
    'GET',
    '/v2.1',
    (req) => ({ status: 302, headers: { Location: `${req.origin}/compute/v2.1/` }, body: '' }),
    { auth: false },
  );
  routes.add('GET', '/v2.1/', (req) => json(200, versionDoc(req.origin)), { auth: false });

  routes.add('GET', '/v2.1/flavors', (req) => listFlavors(ctx, req, false));
  routes.add('GET', '/v2.1/flavors/detail', (req) => listFlavors(ctx, req, true));
  routes.add('GET', '/v2.1/flavors/:id', (req) =>
    json(200, { flavor: renderFlavor(req, getFlavor(state, req, req.params.id as string), true) }),
  );
  routes.add('POST', '/v2.1/flavors', (req) => {
    adminOnly(req, 'os_compute_api:os-flavor-manage:create');
    const spec = bodyObject(req.json(), 'flavor');
    const name = str(spec.name);
    if (!name)
      throw new ApiError(400, "Invalid input for field/attribute flavor. 'name' is a required property");
    if ([...state.flavors.values()].some((f) => f.name === name))
      throw new ApiError(409, `Flavor with name ${name} already exists.`);
    const id = str(spec.id) ?? state.ids.uuid('flavor');
    const f: Flavor = {
      id,
      name,
      vcpus: toInt(spec.vcpus) ?? 1,
      ram: toInt(spec.ram) ?? 512,
      disk: toInt(spec.disk) ?? 0,
      ephemeral: toInt(spec['OS-FLV-EXT-DATA:ephemeral']) ?? 0,
      swap: toInt(spec.swap) ?? 0,
      isPublic: spec['os-flavor-access:is_public'] !== false,
      disabled: false,
      rxtxFactor: 1.0,
      description: str(spec.description) ?? null,
      extraSpecs: {},
      access: [],
    };
    state.flavors.set(id, f);
    return json(200, { flavor: renderFlavor(req, f, true) });
  });
  routes.add('DELETE', '/v2.1/flavors/:id', (req) => {
    adminOnly(req, 'os_compute_api:os-flavor-manage:delete');
    const f = getFlavor(state, req, req.params.id as string);
    state.flavors.delete(f.id);
    return noContent(202);
  });
  routes.add('GET', '/v2.1/flavors/:id/os-extra_specs', (req) =>
    json(200, { extra_specs: { ...getFlavor(state, req, req.params.id as string).extraSpecs } }),
  );
  routes.add('POST', '/v2.1/flavors/:id/os-extra_specs', (req) => {
    adminOnly(req, 'os_compute_api:os-flavor-extra-specs:create');
    const f = getFlavor(state, req, req.params.id as string);
    const specs = bodyObject(req.json(), 'extra_specs');
    for (const [k, v] of Object.entries(specs)) f.extraSpecs[k] = String(v);
    return json(200, { extra_specs: specs });
  });
  routes.add('GET', '/v2.1/flavors/:id/os-extra_specs/:key', (req) => {
    const f = getFlavor(state, req, req.params.id as string);
    const key = req.params.key as string;
    if (!(key in f.extraSpecs)) throw new ApiError(404, `Flavor ${f.id} has no extra specs with key ${key}.`);
    return json(200, { [key]: f.extraSpecs[key] });
  });
  routes.add('DELETE', '/v2.1/flavors/:id/os-extra_specs/:key', (req) => {
    adminOnly(req, 'os_compute_api:os-flavor-extra-specs:delete');
    const f = getFlavor(state, req, req.params.id as string);
    const key = req.params.key as string;
    if (!(key in f.extraSpecs)) throw new ApiError(404, `Flavor ${f.id} has no extra specs with key ${key}.`);
    delete f.extraSpecs[key];
    return noContent(200);
  });

  routes.add('GET', '/v2.1/servers', (req) => listServers(ctx, req, false));
  routes.add('GET', '/v2.1/servers/detail', (req) => listServers(ctx, req, true));
  routes.add('POST', '/v2.1/servers', (req) => createServer(ctx, req));
  routes.add('GET', '/v2.1/servers/:id', (req) =>
    json(200, { server: renderServer(ctx, req, getServer(state, req, req.params.id as string)) }),
  );
  routes.add('DELETE', '/v2.1/servers/:id', (req) => {
    const s = getServer(state, req, req.params.id as string);
    if (s.taskState !== 'deleting') deleteServer(state, s);
    return noContent(204);
  });
  routes.add('POST', '/v2.1/servers/:id/action', (req) => serverAction(ctx, req));
  routes.add('GET', '/v2.1/servers/:id/os-volume_attachments', (req) => {
    const s = getServer(state, req, req.params.id as string);
    return json(200, {
      volumeAttachments: s.volumes.map((v) => ({
        id: v.id,
        volumeId: v.id,
        serverId: s.id,
        device: '/dev/sda',
        tag: null,
        delete_on_termination: v.deleteOnTermination,
      })),
    });
  });
  routes.add('GET', '/v2.1/servers/:id/os-interface', (req) => {
    const s = getServer(state, req, req.params.id as string);
    return json(200, {
      interfaceAttachments: s.ports.map((sp) => {
        const p = state.ports.get(sp.portId);
        return {
          port_id: sp.portId,
          net_id: sp.networkId,
          mac_addr: p?.mac,
          port_state: p?.status,
          fixed_ips: p?.fixedIps ?? [],
        };
      }),
    });
  });

  routes.add('GET', '/v2.1/os-keypairs', (req) => {
    const auth = requireAuth(req);
    const keypairs = [...state.keypairs.values()]
      .filter((k) => k.userId === auth.userId)
      .map((k) => ({
        keypair: {
          name: k.name,
          public_key: k.publicKey,
          fingerprint: k.fingerprint,
          ...(atLeast(req, 2, 2) ? { type: k.type } : {}),
        },
      }));
    return json(200, { keypairs });
  });
  routes.add('POST', '/v2.1/os-keypairs', (req) => {
    const auth = requireAuth(req);
    const spec = bodyObject(req.json(), 'keypair');
    const name = str(spec.name);
    if (!name || !/^[a-zA-Z0-9 _.@-]{1,255}$/.test(name))
      throw new ApiError(400, `Invalid input for field/attribute name. Value: ${String(spec.name)}.`);
    if ([...state.keypairs.values()].some((k) => k.userId === auth.userId && k.name === name)) {
      throw new ApiError(409, `Key pair '${name}' already exists.`);
    }
    const generated = spec.public_key === undefined;
    const publicKey =
      str(spec.public_key) ??
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${Buffer.from(state.ids.hex('key')).toString('base64').slice(0, 43)} Generated-by-Nova`;
    const fingerprint = createHash('md5').update(publicKey).digest('hex').match(/../g)?.join(':') ?? '';
    const kp = {
      name,
      userId: auth.userId,
      publicKey,
      fingerprint,
      type: str(spec.type) ?? 'ssh',
      createdAt: state.now(),
      id: state.keypairs.size + 1,
    };
    state.keypairs.set(`${auth.userId}/${name}`, kp);
    const out: Record<string, unknown> = { name, public_key: publicKey, fingerprint, user_id: auth.userId };
    if (atLeast(req, 2, 2)) out.type = kp.type;
    if (generated)
      out.private_key =
        '-----BEGIN OPENSSH PRIVATE KEY-----\n(demo key generated by the embedded cloud)\n-----END OPENSSH PRIVATE KEY-----\n';
    return json(atLeast(req, 2, 2) ? 201 : 200, { keypair: out });
  });
  routes.add('GET', '/v2.1/os-keypairs/:name', (req) => {
    const auth = requireAuth(req);
    const kp = state.keypairs.get(`${auth.userId}/${req.params.name}`);
    if (!kp) throw new ApiError(404, `Keypair ${req.params.name} not found for user ${auth.userId}`);
    return json(200, {
      keypair: {
        name: kp.name,
        public_key: kp.publicKey,
        fingerprint: kp.fingerprint,
        user_id: kp.userId,
        type: kp.type,
        created_at: isoMicrosNaive(kp.createdAt),
        deleted: false,
        deleted_at: null,
        updated_at: null,
        id: kp.id,
      },
    });
  });
  routes.add('DELETE', '/v2.1/os-keypairs/:name', (req) => {
    const auth = requireAuth(req);
    const key = `${auth.userId}/${req.params.name}`;
    if (!state.keypairs.has(key))
      throw new ApiError(404, `Keypair ${req.params.name} not found for user ${auth.userId}`);
    state.keypairs.delete(key);
    return noContent(atLeast(req, 2, 2) ? 204 : 202);
  });
  routes.add('GET', '/v2.1/os-availability-zone', () =>
    json(200, {
      availabilityZoneInfo: zonesOf(state).compute.map((zoneName) => ({
        zoneName,
        zoneState: { available: true },
        hosts: null,
      })),
    }),
  );
  routes.add('GET', '/v2.1/os-aggregates', (req) => {
    adminOnly(req, 'os_compute_api:os-aggregates:index');
    return json(200, {
      aggregates: zonesOf(state).compute.map((az, i) => ({
        id: i + 1,
        name: `${az}-aggregate`,
        availability_zone: az,
        hosts: [HOST],
        metadata: { availability_zone: az },
      })),
    });
  });
  routes.add('POST', '/v2.1/servers/:id/os-volume_attachments', (req) => {
    const s = getServer(state, req, req.params.id as string);
    const spec = bodyObject(req.json(), 'volumeAttachment');
    const volumeId = str(spec.volumeId) ?? '';
    const vol = state.volumes.get(volumeId);
    if (!vol || vol.projectId !== s.projectId)
      throw new ApiError(404, `Volume ${volumeId} could not be found.`);
    if (s.status !== 'ACTIVE' && s.status !== 'SHUTOFF')
      throw new ApiError(409, `Cannot 'attach_volume' instance ${s.id} while it is in vm_state ${s.vmState}`);
    if (vol.status !== 'available')
      throw new ApiError(
        400,
        `Invalid volume: Volume ${vol.id} status must be available, but current status is: ${vol.status}.`,
      );
    const z = zonesOf(state);
    const serverAz = z.serverZone(s.id);
    const volumeAz = z.volumeZone(vol.id);
    if (!z.crossAzAttach && serverAz !== volumeAz) {
      throw new ApiError(
        400,
        `Server and volumes are not in the same availability zone. Server is in: ${serverAz}. Volumes are in: ${volumeAz}`,
      );
    }
    vol.status = 'in-use';
    vol.attachments.push({
      serverId: s.id,
      attachmentId: state.ids.uuid('attachment'),
      device: '/dev/vdb',
      attachedAt: state.now(),
    });
    s.volumes.push({ id: vol.id, deleteOnTermination: false });
    return json(200, {
      volumeAttachment: {
        id: vol.id,
        volumeId: vol.id,
        serverId: s.id,
        device: '/dev/vdb',
        tag: null,
        delete_on_termination: false,
      },
    });
  });
  routes.add('DELETE', '/v2.1/servers/:id/os-volume_attachments/:vid', (req) => {
    const s = getServer(state, req, req.params.id as string);
    const vid = req.params.vid as string;
    const i = s.volumes.findIndex((v) => v.id === vid);
    if (i < 0) throw new ApiError(404, `volume_id not found: ${vid}`);
    s.volumes.splice(i, 1);
    const vol = state.volumes.get(vid);
    if (vol) {
      vol.attachments = vol.attachments.filter((a) => a.serverId !== s.id);
      if (vol.attachments.length === 0) vol.status = 'available';
    }
    return noContent(202);
  });
  routes.add('GET', '/v2.1/os-availability-zone/detail', (req) => {
    adminOnly(req, 'os_compute_api:os-availability-zone:detail');
    return json(200, {
      availabilityZoneInfo: [
        {
          zoneName: 'internal',
          zoneState: { available: true },
          hosts: {
            'demo-controller': {
              'nova-conductor': { available: true, active: true, updated_at: isoMicrosNaive(state.now()) },
              'nova-scheduler': { available: true, active: true, updated_at: isoMicrosNaive(state.now()) },
            },
          },
        },
        {
          zoneName: 'nova',
          zoneState: { available: true },
          hosts: {
            [HOST]: {
              'nova-compute': { available: true, active: true, updated_at: isoMicrosNaive(state.now()) },
            },
          },
        },
      ],
    });
  });
  const hypervisorId = state.ids.uuid('hypervisor');
  const computeServiceId = state.ids.uuid('compute-service');
  const hypervisor = (detail: boolean) => {
    const h: Record<string, unknown> = {
      id: hypervisorId,
      hypervisor_hostname: HOST,
      state: 'up',
      status: 'enabled',
    };
    if (detail) {
      Object.assign(h, {
        hypervisor_type: 'QEMU',
        hypervisor_version: 8002002,
        host_ip: '127.0.0.1',
        service: { id: computeServiceId, host: HOST, disabled_reason: null },
      });
    }
    return h;
  };
  routes.add('GET', '/v2.1/os-hypervisors', (req) => {
    adminOnly(req, 'os_compute_api:os-hypervisors:list');
    return json(200, { hypervisors: [hypervisor(false)] });
  });
  routes.add('GET', '/v2.1/os-hypervisors/detail', (req) => {
    adminOnly(req, 'os_compute_api:os-hypervisors:list-detail');
    return json(200, { hypervisors: [hypervisor(true)] });
  });
  routes.add('GET', '/v2.1/limits', (req) => {
    const auth = requireAuth(req);
    const mine = [...state.servers.values()].filter((s) => s.projectId === auth.projectId);
    const used = (f: (fl: Flavor) => number) =>
      mine.reduce((acc, s) => acc + f(state.flavors.get(s.flavorId) ?? ({ vcpus: 0, ram: 0 } as Flavor)), 0);
    return json(200, {
      limits: {
        rate: [],
        absolute: {
          maxServerMeta: 128,
          maxPersonality: 5,
          totalServerGroupsUsed: 0,
          maxImageMeta: 128,
          maxPersonalitySize: 10240,
          maxTotalKeypairs: 100,
          maxServerGroups: 10,
          totalCoresUsed: used((f) => f.vcpus),
          totalRAMUsed: used((f) => f.ram),
          totalInstancesUsed: mine.length,
          maxServerGroupMembers: 10,
          maxTotalCores: 64,
          maxTotalInstances: 20,
          maxTotalRAMSize: 262144,
        },
      },
    });
  });

  return {
    name: 'compute',
    prefix: '/compute',
    routes,
    formatError: (err) => novaStyleError(err),
    before(req) {
      if (req.path.startsWith('/v2.1/') && req.path !== '/v2.1/') {
        req.microversion = negotiateMicroversion(
          requestedMicroversion(req, 'compute', 'x-openstack-nova-api-version'),
          NOVA_MIN,
          NOVA_MAX,
        );
      }
    },
    after(req, res) {
      res.headers ??= {};
      res.headers['x-compute-request-id'] = req.requestId;
      if (req.path.startsWith('/v2.1/') && req.path !== '/v2.1/') {
        const v = (req.microversion ?? NOVA_MIN).join('.');
        res.headers['OpenStack-API-Version'] = `compute ${v}`;
        res.headers['X-OpenStack-Nova-API-Version'] = v;
        res.headers.Vary = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';
      }
    },
  };
}
