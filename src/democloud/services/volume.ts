// Cinder v3 (block storage): versions, microversions 3.0-3.70, volume types, volumes, backups + restore, AZs, limits.
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
import { isoMicrosNaive } from '../ids.js';
import { createVolume, defaultVolumeTypeId, deleteVolumeLater } from '../ops.js';
import type { Backup, CloudState, Volume, VolumeType } from '../state.js';
import {
  atLeast,
  negotiateMicroversion,
  novaStyleError,
  pageAfterMarker,
  requestedMicroversion,
  requireAuth,
  withParam,
  type ServiceContext,
  type ServiceModule,
} from './common.js';
import { zonesOf } from '../zones.js';

export const CINDER_MIN: [number, number] = [3, 0];
export const CINDER_MAX: [number, number] = [3, 70];
/** Extra specs Cinder shows to non-admin users. */
const USER_VISIBLE_SPECS = new Set(['RESKEY:availability_zones', 'multiattach', 'replication_enabled']);

function v3Entry(origin: string) {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: CINDER_MAX.join('.'),
    min_version: CINDER_MIN.join('.'),
    updated: '2022-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${origin}/volume/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

function links(req: DemoRequest, project: string, collection: string, id: string) {
  return [
    { rel: 'self', href: `${req.origin}/volume/v3/${project}/${collection}/${id}` },
    { rel: 'bookmark', href: `${req.origin}/volume/${project}/${collection}/${id}` },
  ];
}

function page<T extends { id: string }>(
  ctx: ServiceContext,
  req: DemoRequest,
  items: T[],
  collection: string,
) {
  const max = ctx.state.limits.cinderMaxLimit;
  const limit = Math.min(intParam(req, 'limit') ?? max, max);
  const out = pageAfterMarker(
    items,
    (i) => i.id,
    req.query.get('marker'),
    limit,
    (m) => new ApiError(400, `Marker ${m} could not be found.`),
  );
  const last = out.at(-1);
  const linksOut =
    limit && out.length === limit && last
      ? [
          {
            rel: 'next',
            href: `${req.origin}/volume/v3/${req.params.project}/${collection}?${withParam(req.query, 'marker', last.id)}`,
          },
        ]
      : undefined;
  return { items: out, links: linksOut };
}

function sortItems<T extends { createdAt: number; id: string }>(req: DemoRequest, items: T[]): T[] {
  // Cinder's default: created_at desc, then id desc.
  const dir =
    (req.query.get('sort_dir') ?? req.query.get('sort')?.split(':')[1] ?? 'desc') === 'asc' ? 1 : -1;
  return items.sort((a, b) => dir * (a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

function renderType(req: DemoRequest, t: VolumeType) {
  const isAdmin = requireAuth(req).isAdmin;
  const specs = isAdmin
    ? { ...t.extraSpecs }
    : Object.fromEntries(Object.entries(t.extraSpecs).filter(([k]) => USER_VISIBLE_SPECS.has(k)));
  const body: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.isPublic,
    extra_specs: specs,
    'os-volume-type-access:is_public': t.isPublic,
  };
  if (isAdmin) body.qos_specs_id = null;
  return body;
}

function renderVolume(ctx: ServiceContext, req: DemoRequest, v: Volume) {
  const { state } = ctx;
  const az = zonesOf(state).volumeZone(v.id);
  const type = state.volumeTypes.get(v.typeId);
  const body: Record<string, unknown> = {
    id: v.id,
    status: v.status,
    size: v.size,
    availability_zone: az,
    created_at: isoMicrosNaive(v.createdAt),
    updated_at: isoMicrosNaive(v.updatedAt),
    name: v.name,
    description: v.description,
    volume_type: type?.name ?? null,
    snapshot_id: null,
    source_volid: null,
    metadata: { ...v.metadata },
    links: links(req, v.projectId, 'volumes', v.id),
    user_id: v.userId,
    bootable: v.bootable ? 'true' : 'false',
    encrypted: /\[scs:[^\]]*encrypted/.test(type?.description ?? ''),
    replication_status: null,
    consistencygroup_id: null,
    multiattach: false,
    attachments: v.attachments.map((a) => ({
      id: v.id,
      attachment_id: a.attachmentId,
      volume_id: v.id,
      server_id: a.serverId,
      host_name: null,
      device: a.device,
      attached_at: isoMicrosNaive(a.attachedAt),
    })),
    'os-vol-tenant-attr:tenant_id': v.projectId,
  };
  if (v.imageMetadata) body.volume_image_metadata = { ...v.imageMetadata };
  if (atLeast(req, 3, 13)) body.group_id = null;
  if (atLeast(req, 3, 48)) {
    body.shared_targets = false;
    body.service_uuid = null;
  }
  if (atLeast(req, 3, 63)) body.volume_type_id = v.typeId;
  if (atLeast(req, 3, 65)) body.consumes_quota = true;
  return body;
}

function renderBackup(req: DemoRequest, b: Backup) {
  const body: Record<string, unknown> = {
    id: b.id,
    name: b.name,
    description: b.description,
    status: b.status,
    size: b.size,
    volume_id: b.volumeId,
    availability_zone: 'nova',
    container: b.status === 'available' ? b.id.slice(0, 2) + '/' + b.id.slice(2, 4) + '/' + b.id : null,
    created_at: isoMicrosNaive(b.createdAt),
    updated_at: isoMicrosNaive(b.updatedAt),
    fail_reason: b.failReason,
    object_count: b.objectCount,
    has_dependent_backups: false,
    is_incremental: false,
    snapshot_id: null,
    data_timestamp: isoMicrosNaive(b.dataTimestamp),
    links: links(req, b.projectId, 'backups', b.id),
  };
  if (atLeast(req, 3, 43)) body.metadata = {};
  if (atLeast(req, 3, 56)) body.user_id = b.userId;
  if (atLeast(req, 3, 64)) body.encryption_key_id = null;
  return body;
}

function getVolume(state: CloudState, req: DemoRequest, id: string): Volume {
  const v = state.volumes.get(id);
  const auth = requireAuth(req);
  if (!v || (v.projectId !== auth.projectId && !auth.isAdmin))
    throw new ApiError(404, `Volume ${id} could not be found.`);
  return v;
}

function getBackup(state: CloudState, req: DemoRequest, id: string): Backup {
  const b = state.backups.get(id);
  const auth = requireAuth(req);
  if (!b || (b.projectId !== auth.projectId && !auth.isAdmin))
    throw new ApiError(404, `Backup ${id} could not be found.`);
  return b;
}

function findType(state: CloudState, ref: string): VolumeType {
  const t = state.volumeTypes.get(ref) ?? [...state.volumeTypes.values()].find((x) => x.name === ref);
  if (!t) throw new ApiError(404, `Volume type with name ${ref} could not be found.`);
  return t;
}

function filtered<T extends { name: string | null; status: string }>(req: DemoRequest, items: T[]): T[] {
  const name = req.query.get('name');
  const status = req.query.get('status');
  return items.filter((i) => (name === null || i.name === name) && (status === null || i.status === status));
}

function listVolumes(ctx: ServiceContext, req: DemoRequest, detail: boolean): DemoResponse {
  const auth = requireAuth(req);
  const allTenants = auth.isAdmin && boolParam(req.query.get('all_tenants')) === true;
  const vols = sortItems(
    req,
    filtered(
      req,
      [...ctx.state.volumes.values()].filter((v) => allTenants || v.projectId === auth.projectId),
    ),
  );
  const { items, links: next } = page(ctx, req, vols, detail ? 'volumes/detail' : 'volumes');
  const body: Record<string, unknown> = {
    volumes: items.map((v) =>
      detail
        ? renderVolume(ctx, req, v)
        : { id: v.id, name: v.name, links: links(req, v.projectId, 'volumes', v.id) },
    ),
  };
  if (next) body.volumes_links = next;
  if (atLeast(req, 3, 45) && boolParam(req.query.get('with_count')) === true) body.count = vols.length;
  return json(200, body);
}

function listBackups(ctx: ServiceContext, req: DemoRequest, detail: boolean): DemoResponse {
  const auth = requireAuth(req);
  const allTenants = auth.isAdmin && boolParam(req.query.get('all_tenants')) === true;
  const list = sortItems(
    req,
    filtered(
      req,
      [...ctx.state.backups.values()].filter((b) => allTenants || b.projectId === auth.projectId),
    ),
  );
  const { items, links: next } = page(ctx, req, list, detail ? 'backups/detail' : 'backups');
  const body: Record<string, unknown> = {
    backups: items.map((b) =>
      detail
        ? renderBackup(req, b)
        : { id: b.id, name: b.name, links: links(req, b.projectId, 'backups', b.id) },
    ),
  };
  if (next) body.backups_links = next;
  return json(200, body);
}

const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

function createVolumeRoute(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const spec = bodyObject(req.json(), 'volume', "Missing required element 'volume' in request body.");
  const rawSize = spec.size;
  const size =
    typeof rawSize === 'number'
      ? rawSize
      : typeof rawSize === 'string' && /^\d+$/.test(rawSize)
        ? Number(rawSize)
        : NaN;
  if (!Number.isInteger(size) || size < 1) {
    throw new ApiError(
      400,
      `Invalid input for field/attribute size. Value: ${String(rawSize)}. ${JSON.stringify(rawSize ?? null)} is not valid under any of the given schemas`,
    );
  }
  const typeId =
    typeof spec.volume_type === 'string' ? findType(state, spec.volume_type).id : defaultVolumeTypeId(state);
  const requestedAz = str(spec.availability_zone);
  if (requestedAz !== undefined && !zonesOf(state).volume.includes(requestedAz))
    throw new ApiError(400, 'Invalid input received: Availability zone is invalid.');
  const vol = createVolume(state, {
    projectId: auth.projectId as string,
    userId: auth.userId,
    name: str(spec.name) ?? null,
    description: str(spec.description) ?? null,
    size,
    typeId,
  });
  zonesOf(state).placeVolume(vol.id, requestedAz);
  if (spec.metadata && typeof spec.metadata === 'object')
    vol.metadata = { ...(spec.metadata as Record<string, string>) };
  return json(202, { volume: renderVolume(ctx, req, vol) });
}

function createBackupRoute(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const spec = bodyObject(req.json(), 'backup', "Missing required element 'backup' in request body.");
  const volumeId = str(spec.volume_id);
  if (!volumeId)
    throw new ApiError(400, "Invalid input for field/attribute backup. 'volume_id' is a required property");
  const vol = getVolume(state, req, volumeId);
  const force = spec.force === true;
  if (!(vol.status === 'available' || (force && vol.status === 'in-use'))) {
    throw new ApiError(
      400,
      `Invalid volume: The volume must be available or in-use, but the current status is "${vol.status}".`,
    );
  }
  const now = state.now();
  const backup: Backup = {
    id: state.ids.uuid('backup'),
    name: str(spec.name) ?? null,
    description: str(spec.description) ?? null,
    projectId: vol.projectId,
    userId: auth.userId,
    volumeId: vol.id,
    size: vol.size,
    status: 'creating',
    failReason: null,
    objectCount: 0,
    createdAt: now,
    updatedAt: now,
    dataTimestamp: now,
  };
  state.backups.set(backup.id, backup);
  const previous = vol.status;
  vol.status = 'backing-up';
  vol.updatedAt = now;
  state.after(state.timings.backupMs, () => {
    // A backup service that is down: the API accepted the backup, nothing ever picks it up.
    if (state.behaviour.backupOutcome === 'stuck') return;
    const b = state.backups.get(backup.id);
    const v = state.volumes.get(vol.id);
    if (v && v.status === 'backing-up') {
      v.status = previous;
      v.updatedAt = state.now();
    }
    if (!b || b.status !== 'creating') return;
    if (state.behaviour.backupOutcome === 'error') {
      b.status = 'error';
      b.failReason = 'Backup driver reported an error: [Errno 28] No space left on device';
    } else {
      b.status = 'available';
      b.objectCount = 2;
    }
    b.updatedAt = state.now();
  });
  return json(202, {
    backup: { id: backup.id, links: links(req, backup.projectId, 'backups', backup.id), name: backup.name },
  });
}

function restoreRoute(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const backup = getBackup(state, req, req.params.id as string);
  const spec = bodyObject(req.json(), 'restore', "Missing required element 'restore' in request body.");
  if (backup.status !== 'available')
    throw new ApiError(400, 'Invalid backup: Backup status must be available');
  let target: Volume;
  const volumeId = str(spec.volume_id);
  if (volumeId) {
    target = getVolume(state, req, volumeId);
    if (target.status !== 'available')
      throw new ApiError(400, 'Invalid volume: Volume to be restored to must be available');
    if (target.size < backup.size)
      throw new ApiError(
        400,
        `Invalid volume: volume size ${target.size} is too small to restore backup of size ${backup.size}.`,
      );
    target.status = 'restoring-backup';
  } else {
    target = createVolume(state, {
      projectId: backup.projectId,
      userId: auth.userId,
      name: str(spec.name) ?? `restore_backup_${backup.id}`,
      description: 'auto-created_from_restore_from_backup',
      size: backup.size,
      typeId: defaultVolumeTypeId(state),
      initialStatus: 'restoring-backup',
      delayMs: state.timings.restoreMs,
    });
  }
  backup.status = 'restoring';
  backup.updatedAt = state.now();
  state.after(state.timings.restoreMs, () => {
    const b = state.backups.get(backup.id);
    if (b && b.status === 'restoring') {
      b.status = 'available';
      b.updatedAt = state.now();
    }
    const v = state.volumes.get(target.id);
    if (v && v.status === 'restoring-backup') {
      v.status = 'available';
      v.updatedAt = state.now();
    }
  });
  return json(202, { restore: { backup_id: backup.id, volume_id: target.id, volume_name: target.name } });
}

function adminOnly(req: DemoRequest, policy: string): void {
  if (!requireAuth(req).isAdmin) throw new ApiError(403, `Policy doesn't allow ${policy} to be performed.`);
}

export function createVolumeService(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  routes.add('GET', '/', (req) => json(300, { versions: [v3Entry(req.origin)] }), { auth: false });
  routes.add('GET', '/v3', (req) => json(200, { versions: [v3Entry(req.origin)] }), { auth: false });
  routes.add('GET', '/v3/', (req) => json(200, { versions: [v3Entry(req.origin)] }), { auth: false });
  const p = '/v3/:project';
  routes.add('GET', `${p}/types`, (req) => {
    const auth = requireAuth(req);
    const isPublicRaw = req.query.get('is_public');
    const wantPublic =
      auth.isAdmin && isPublicRaw !== null
        ? isPublicRaw.toLowerCase() === 'none'
          ? undefined
          : boolParam(isPublicRaw)
        : true;
    const types = [...state.volumeTypes.values()].filter((t) =>
      wantPublic === undefined ? true : t.isPublic === wantPublic || (!auth.isAdmin && t.isPublic),
    );
    return json(200, { volume_types: types.map((t) => renderType(req, t)) });
  });
  routes.add('GET', `${p}/types/default`, (req) =>
    json(200, {
      volume_type: renderType(req, state.volumeTypes.get(defaultVolumeTypeId(state)) as VolumeType),
    }),
  );
  routes.add('GET', `${p}/types/:id`, (req) => {
    const t = state.volumeTypes.get(req.params.id as string);
    if (!t) throw new ApiError(404, `Volume type ${req.params.id} could not be found.`);
    return json(200, { volume_type: renderType(req, t) });
  });
  routes.add('GET', `${p}/types/:id/extra_specs`, (req) => {
    adminOnly(req, 'volume_extension:types_extra_specs:index');
    const t = state.volumeTypes.get(req.params.id as string);
    if (!t) throw new ApiError(404, `Volume type ${req.params.id} could not be found.`);
    return json(200, { extra_specs: { ...t.extraSpecs } });
  });
  routes.add('POST', `${p}/types`, (req) => {
    adminOnly(req, 'volume_extension:types_manage');
    const spec = bodyObject(req.json(), 'volume_type');
    const name = str(spec.name);
    if (!name)
      throw new ApiError(400, "Invalid input for field/attribute volume_type. 'name' is a required property");
    if ([...state.volumeTypes.values()].some((t) => t.name === name))
      throw new ApiError(409, `Volume Type ${name} already exists.`);
    const t: VolumeType = {
      id: state.ids.uuid('voltype'),
      name,
      description: str(spec.description) ?? null,
      isPublic: spec['os-volume-type-access:is_public'] !== false,
      extraSpecs: { ...((spec.extra_specs as Record<string, string>) ?? {}) },
    };
    state.volumeTypes.set(t.id, t);
    return json(200, { volume_type: renderType(req, t) });
  });
  routes.add('DELETE', `${p}/types/:id`, (req) => {
    adminOnly(req, 'volume_extension:types_manage');
    if (!state.volumeTypes.delete(req.params.id as string))
      throw new ApiError(404, `Volume type ${req.params.id} could not be found.`);
    return noContent(202);
  });

  routes.add('GET', `${p}/volumes`, (req) => listVolumes(ctx, req, false));
  routes.add('GET', `${p}/volumes/detail`, (req) => listVolumes(ctx, req, true));
  routes.add('POST', `${p}/volumes`, (req) => createVolumeRoute(ctx, req));
  routes.add('GET', `${p}/volumes/:id`, (req) =>
    json(200, { volume: renderVolume(ctx, req, getVolume(state, req, req.params.id as string)) }),
  );
  routes.add('DELETE', `${p}/volumes/:id`, (req) => {
    const v = getVolume(state, req, req.params.id as string);
    if (!DELETABLE.includes(v.status) || v.attachments.length > 0) {
      throw new ApiError(
        400,
        'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
      );
    }
    deleteVolumeLater(state, v.id);
    return noContent(202);
  });
  routes.add('POST', `${p}/volumes/:id/action`, (req) => {
    const v = getVolume(state, req, req.params.id as string);
    const body = req.json() as Record<string, unknown> | undefined;
    if (body && 'os-reset_status' in body) {
      adminOnly(req, 'volume_extension:volume_admin_actions:reset_status');
      v.status = String((body['os-reset_status'] as Record<string, unknown>)?.status ?? 'available');
      v.attachments = [];
      return noContent(202);
    }
    if (body && 'os-extend' in body) {
      const n = Number((body['os-extend'] as Record<string, unknown>)?.new_size);
      if (!Number.isInteger(n) || n <= v.size)
        throw new ApiError(
          400,
          'Invalid input received: New size for extend must be greater than current size.',
        );
      v.size = n;
      return noContent(202);
    }
    throw new ApiError(400, 'There is no such action: ' + Object.keys(body ?? {}).join(','));
  });

  routes.add('GET', `${p}/backups`, (req) => listBackups(ctx, req, false));
  routes.add('GET', `${p}/backups/detail`, (req) => listBackups(ctx, req, true));
  routes.add('POST', `${p}/backups`, (req) => createBackupRoute(ctx, req));
  routes.add('GET', `${p}/backups/:id`, (req) =>
    json(200, { backup: renderBackup(req, getBackup(state, req, req.params.id as string)) }),
  );
  routes.add('DELETE', `${p}/backups/:id`, (req) => {
    const b = getBackup(state, req, req.params.id as string);
    if (b.status !== 'available' && b.status !== 'error')
      throw new ApiError(400, 'Invalid backup: Backup status must be available or error');
    b.status = 'deleting';
    b.updatedAt = state.now();
    state.after(state.timings.backupDeleteMs, () => state.backups.delete(b.id));
    return noContent(202);
  });
  routes.add('POST', `${p}/backups/:id/restore`, (req) => restoreRoute(ctx, req));
  routes.add('POST', `${p}/backups/:id/action`, (req) => {
    const b = getBackup(state, req, req.params.id as string);
    const body = req.json() as Record<string, unknown> | undefined;
    if (body && 'os-reset_status' in body) {
      adminOnly(req, 'volume_extension:backup_admin_actions:reset_status');
      b.status = String((body['os-reset_status'] as Record<string, unknown>)?.status ?? 'error');
      return noContent(202);
    }
    throw new ApiError(400, 'There is no such action: ' + Object.keys(body ?? {}).join(','));
  });
  routes.add('GET', `${p}/snapshots`, () => json(200, { snapshots: [] }));
  routes.add('GET', `${p}/snapshots/detail`, () => json(200, { snapshots: [] }));
  routes.add('GET', `${p}/os-availability-zone`, () =>
    json(200, {
      availabilityZoneInfo: zonesOf(state).volume.map((zoneName) => ({
        zoneName,
        zoneState: { available: true },
      })),
    }),
  );
  routes.add('GET', `${p}/limits`, (req) => {
    const auth = requireAuth(req);
    const vols = [...state.volumes.values()].filter((v) => v.projectId === auth.projectId);
    const backups = [...state.backups.values()].filter((b) => b.projectId === auth.projectId);
    return json(200, {
      limits: {
        rate: [],
        absolute: {
          totalSnapshotsUsed: 0,
          maxTotalBackups: 10,
          maxTotalVolumeGigabytes: 1000,
          maxTotalSnapshots: 10,
          maxTotalBackupGigabytes: 1000,
          totalBackupGigabytesUsed: backups.reduce((a, b) => a + b.size, 0),
          maxTotalVolumes: 10,
          totalVolumesUsed: vols.length,
          totalBackupsUsed: backups.length,
          totalGigabytesUsed: vols.reduce((a, v) => a + v.size, 0),
        },
      },
    });
  });

  return {
    name: 'volume',
    prefix: '/volume',
    routes,
    formatError: (err) => novaStyleError(err),
    before(req) {
      const project = req.params.project;
      if (project !== undefined) {
        const auth = requireAuth(req);
        if (project !== auth.projectId) throw new ApiError(400, 'Malformed request url');
        req.microversion = negotiateMicroversion(
          requestedMicroversion(req, 'volume'),
          CINDER_MIN,
          CINDER_MAX,
        );
      }
    },
    after(req, res) {
      if (req.params.project !== undefined) {
        res.headers ??= {};
        res.headers['OpenStack-API-Version'] = `volume ${(req.microversion ?? CINDER_MIN).join('.')}`;
        res.headers.Vary = 'OpenStack-API-Version';
      }
    },
  };
}
