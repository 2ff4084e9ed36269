// Glance v2 (image): versions, image list with Glance's visibility rules, limit/marker/`next`, create/patch/upload/delete.
import { createHash } from 'node:crypto';
import {
  ApiError,
  RouteTable,
  boolParam,
  intParam,
  json,
  noContent,
  statusText,
  type DemoRequest,
  type DemoResponse,
} from '../http.js';
import { isoSeconds } from '../ids.js';
import type { CloudState, Image } from '../state.js';
import {
  pageAfterMarker,
  requireAuth,
  requireProject,
  type ServiceContext,
  type ServiceModule,
} from './common.js';

/**
 * Glance (Zed) with multiple stores and no image cache lists v2.15 as CURRENT and skips v2.14 (which it lists
 * only with an image cache); 2.8-2.13 come with `enabled_backends`.
 */
const CURRENT = 15;
const MINORS = [15, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

function versions(origin: string) {
  const values = [];
  for (const minor of MINORS) {
    values.push({
      id: `v2.${minor}`,
      status: minor === CURRENT ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${origin}/image/v2/` }],
    });
  }
  return { versions: values };
}

/** Core attributes; everything else on an image is a custom property (a top-level string key). */
const CORE = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'owner',
  'disk_format',
  'container_format',
  'min_disk',
  'min_ram',
  'size',
  'virtual_size',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'tags',
  'self',
  'file',
  'schema',
  'locations',
  'direct_url',
  'stores',
]);
const NOT_FILTERS = new Set(['limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'member_status']);

export function renderImage(img: Image): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...img.properties,
    status: img.status,
    name: img.name,
    tags: [...img.tags],
    container_format: img.containerFormat,
    created_at: isoSeconds(img.createdAt),
    disk_format: img.diskFormat,
    updated_at: isoSeconds(img.updatedAt),
    visibility: img.visibility,
    self: `/v2/images/${img.id}`,
    min_disk: img.minDisk,
    protected: img.protected,
    id: img.id,
    file: `/v2/images/${img.id}/file`,
    checksum: img.checksum,
    owner: img.owner,
    size: img.size,
    min_ram: img.minRam,
    schema: '/v2/schemas/image',
    virtual_size: null,
    os_hidden: img.hidden,
    os_hash_algo: img.hashAlgo,
    os_hash_value: img.hashValue,
  };
  if (img.status === 'active') body.stores = 'fs';
  return body;
}

type SortValue = string | number | boolean | null | undefined;

/** Fields by which lists are usually sorted, read without rendering the image (timestamps: whole seconds). */
const SORT_FIELDS: Record<string, (img: Image) => SortValue> = {
  created_at: (i) => Math.floor(i.createdAt / 1000),
  updated_at: (i) => Math.floor(i.updatedAt / 1000),
  id: (i) => i.id,
  name: (i) => i.name,
  status: (i) => i.status,
  size: (i) => i.size,
  visibility: (i) => i.visibility,
};

/** The value an image is sorted by for `key`, as its rendering shows it. */
function sortValue(img: Image, key: string): SortValue {
  const field = SORT_FIELDS[key];
  return field ? field(img) : (renderImage(img)[key] as SortValue);
}

/** webob's error rendering, which Glance uses: JSON only when the client asks for it, else plain text. */
function glanceError(err: ApiError, req: DemoRequest): DemoResponse {
  const title = statusText(err.status);
  const status = `${err.status} ${title}`;
  const accept = req.header('accept') ?? '';
  if (accept.includes('application/json')) {
    return {
      status: err.status,
      headers: err.opts.headers,
      body: { message: `${err.message}\n\n\n`, code: status, title },
    };
  }
  if (accept.includes('html')) {
    return {
      status: err.status,
      headers: err.opts.headers,
      body: `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${err.message}<br /><br />\n\n\n\n </body>\n</html>`,
      contentType: 'text/html; charset=UTF-8',
    };
  }
  return {
    status: err.status,
    headers: err.opts.headers,
    body: `${status}\n\n${err.message}\n\n   `,
    contentType: 'text/plain; charset=UTF-8',
  };
}

function visibleTo(req: DemoRequest, img: Image): boolean {
  const auth = requireAuth(req);
  return (
    auth.isAdmin ||
    img.visibility === 'public' ||
    img.visibility === 'community' ||
    img.owner === auth.projectId
  );
}

function getImage(state: CloudState, req: DemoRequest, id: string): Image {
  const img = state.images.get(id);
  if (!img || !visibleTo(req, img)) throw new ApiError(404, `No image found with ID ${id}`);
  return img;
}

function listImages(ctx: ServiceContext, req: DemoRequest): DemoResponse {
  const { state } = ctx;
  const auth = requireAuth(req);
  const visibility = req.query.get('visibility');
  if (visibility && !['public', 'private', 'shared', 'community', 'all'].includes(visibility)) {
    throw new ApiError(400, `Invalid visibility value: ${visibility}`);
  }
  const hiddenRaw = req.query.get('os_hidden');
  const hidden = hiddenRaw === null ? false : boolParam(hiddenRaw);
  if (hidden === undefined)
    throw new ApiError(
      400,
      `Invalid value '${hiddenRaw}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`,
    );
  let images = [...state.images.values()].filter((img) => {
    if (img.hidden !== hidden) return false;
    const owned = img.owner === auth.projectId;
    switch (visibility) {
      case null:
        // Glance's default list: public, the project's own, and (not modelled) shared ones; community only if owned.
        return auth.isAdmin || img.visibility === 'public' || owned;
      case 'all':
        return auth.isAdmin || img.visibility === 'public' || img.visibility === 'community' || owned;
      case 'community':
        return img.visibility === 'community';
      default:
        return img.visibility === visibility && (auth.isAdmin || img.visibility === 'public' || owned);
    }
  });
  for (const [key, value] of req.query) {
    if (NOT_FILTERS.has(key) || key === 'visibility' || key === 'os_hidden') continue;
    const pick = (img: Image): unknown => {
      const r = renderImage(img);
      return key in r ? r[key] : undefined;
    };
    if (key === 'tag') images = images.filter((img) => img.tags.includes(value));
    else if (key === 'size_min') images = images.filter((img) => (img.size ?? 0) >= Number(value));
    else if (key === 'size_max') images = images.filter((img) => (img.size ?? 0) <= Number(value));
    else {
      const wanted = value.startsWith('in:') ? value.slice(3).split(',') : [value];
      images = images.filter((img) => wanted.includes(String(pick(img))));
    }
  }
  // Sorting: `sort=key:dir,...` or sort_key/sort_dir (repeatable); default created_at desc, then id desc.
  const keys: Array<[string, 'asc' | 'desc']> = [];
  const sort = req.query.get('sort');
  if (sort) {
    for (const part of sort.split(',')) {
      const [k, d] = part.split(':');
      keys.push([k ?? 'created_at', d === 'asc' ? 'asc' : 'desc']);
    }
  } else {
    const sk = req.query.getAll('sort_key');
    const sd = req.query.getAll('sort_dir');
    sk.forEach((k, i) => keys.push([k, (sd[i] ?? sd[0] ?? 'desc') === 'asc' ? 'asc' : 'desc']));
  }
  if (keys.length === 0) keys.push(['created_at', 'desc']);
  if (!keys.some(([k]) => k === 'id')) keys.push(['id', keys[0]?.[1] ?? 'desc']);
  // Sort values once per image and key; only the page is rendered (a listing of thousands stays linear).
  const decorated = images.map((image) => ({ image, values: keys.map(([k]) => sortValue(image, k)) }));
  decorated.sort((a, b) => {
    for (const [n, [, d]] of keys.entries()) {
      const va = a.values[n];
      const vb = b.values[n];
      if (va === vb) continue;
      const c = va === null || va === undefined ? -1 : vb === null || vb === undefined ? 1 : va < vb ? -1 : 1;
      return d === 'asc' ? c : -c;
    }
    return 0;
  });
  images = decorated.map((d) => d.image);
  const limitParam = intParam(req, 'limit');
  const limit = Math.min(limitParam ?? state.limits.glanceDefaultLimit, state.limits.glanceMaxLimit);
  const page = pageAfterMarker(
    images,
    (i) => i.id,
    req.query.get('marker'),
    limit,
    (m) => new ApiError(400, `Invalid marker. Image ${m} could not be found.`),
  );
  const params = new URLSearchParams(req.query);
  params.delete('marker');
  const query = params.toString();
  const body: Record<string, unknown> = {
    images: page.map(renderImage),
    first: query ? `/v2/images?${query}` : '/v2/images',
    schema: '/v2/schemas/images',
  };
  const last = page.at(-1);
  if (page.length !== 0 && page.length === limit && last) {
    params.append('marker', last.id);
    body.next = `/v2/images?${params.toString()}`;
  }
  return json(200, body);
}

function checkVisibilityChange(req: DemoRequest, visibility: unknown): void {
  if (visibility === undefined) return;
  if (typeof visibility !== 'string' || !['public', 'private', 'shared', 'community'].includes(visibility)) {
    throw new ApiError(400, `Invalid visibility value: ${String(visibility)}`);
  }
  if (visibility === 'public' && !requireAuth(req).isAdmin) {
    throw new ApiError(403, 'You are not authorized to complete publicize_image action.');
  }
}

function applyField(img: Image, key: string, value: unknown, remove = false): void {
  switch (key) {
    case 'name':
      img.name = remove ? null : value === null ? null : String(value);
      return;
    case 'visibility':
      img.visibility = String(value);
      return;
    case 'protected':
      img.protected = value === true;
      return;
    case 'os_hidden':
      img.hidden = value === true;
      return;
    case 'min_disk':
    case 'min_ram':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw new ApiError(400, `Invalid value for ${key}: must be a non-negative integer`);
      if (key === 'min_disk') img.minDisk = value;
      else img.minRam = value;
      return;
    case 'disk_format':
      img.diskFormat = String(value);
      return;
    case 'container_format':
      img.containerFormat = String(value);
      return;
    case 'tags':
      img.tags = Array.isArray(value) ? value.map(String) : [];
      return;
    default:
      if (CORE.has(key)) throw new ApiError(403, `Attribute '${key}' is read-only.`);
      if (remove) {
        if (!(key in img.properties)) throw new ApiError(409, `Property ${key} does not exist.`);
        delete img.properties[key];
      } else {
        if (typeof value !== 'string')
          throw new ApiError(
            400,
            `Provided object does not match schema 'image': ${JSON.stringify(value)} is not of type 'string'`,
          );
        img.properties[key] = value;
      }
  }
}

function ownerOrAdmin(req: DemoRequest, img: Image): void {
  const auth = requireAuth(req);
  if (!auth.isAdmin && img.owner !== auth.projectId)
    throw new ApiError(403, 'You are not permitted to modify this image.');
}

export function createImage(ctx: ServiceContext): ServiceModule {
  const { state } = ctx;
  const routes = new RouteTable();
  routes.add('GET', '/', (req) => json(300, versions(req.origin)), { auth: false });
  routes.add('GET', '/versions', (req) => json(200, versions(req.origin)), { auth: false });
  routes.add('GET', '/v2/images', (req) => listImages(ctx, req));
  routes.add('POST', '/v2/images', (req) => {
    const auth = requireAuth(req);
    const projectId = requireProject(req);
    const body = req.json();
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new ApiError(400, 'Body expected in request.');
    const spec = body as Record<string, unknown>;
    checkVisibilityChange(req, spec.visibility);
    const id = typeof spec.id === 'string' ? spec.id : state.ids.uuid('image');
    if (state.images.has(id)) throw new ApiError(409, `Image with identifier ${id} already exists!`);
    const now = state.now();
    const img: Image = {
      id,
      name: null,
      status: 'queued',
      visibility: 'shared',
      protected: false,
      hidden: false,
      owner: auth.isAdmin && typeof spec.owner === 'string' ? spec.owner : projectId,
      diskFormat: null,
      containerFormat: null,
      minDisk: 0,
      minRam: 0,
      size: null,
      checksum: null,
      hashAlgo: null,
      hashValue: null,
      createdAt: now,
      updatedAt: now,
      tags: [],
      properties: {},
    };
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'id' || k === 'owner') continue;
      applyField(img, k, v);
    }
    state.images.set(id, img);
    return json(201, renderImage(img), { Location: `${req.origin}/image/v2/images/${id}` });
  });
  routes.add('GET', '/v2/images/:id', (req) =>
    json(200, renderImage(getImage(state, req, req.params.id as string))),
  );
  routes.add('PATCH', '/v2/images/:id', (req) => {
    const img = getImage(state, req, req.params.id as string);
    ownerOrAdmin(req, img);
    const ctype = req.header('content-type') ?? '';
    if (
      !ctype.startsWith('application/openstack-images-v2.1-json-patch') &&
      !ctype.startsWith('application/openstack-images-v2.0-json-patch')
    ) {
      throw new ApiError(415, `Unsupported Content-Type`, {
        headers: {
          'Accept-Patch':
            'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
        },
      });
    }
    const ops = req.json();
    if (!Array.isArray(ops))
      throw new ApiError(400, 'Request body must be a JSON array of operation objects.');
    for (const op of ops as Array<Record<string, unknown>>) {
      const path = String(op.path ?? '');
      const key = path.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
      if (op.op === 'remove') applyField(img, key, undefined, true);
      else if (op.op === 'add' || op.op === 'replace') {
        if (key === 'visibility') checkVisibilityChange(req, op.value);
        applyField(img, key, op.value);
      } else
        throw new ApiError(
          400,
          `Operation objects must contain exactly one member named "add", "remove", or "replace".`,
        );
    }
    img.updatedAt = state.now();
    return json(200, renderImage(img));
  });
  routes.add('DELETE', '/v2/images/:id', (req) => {
    const img = getImage(state, req, req.params.id as string);
    ownerOrAdmin(req, img);
    if (img.protected) throw new ApiError(403, `Image ${img.id} is protected and cannot be deleted.`);
    state.images.delete(img.id);
    return noContent();
  });
  routes.add('PUT', '/v2/images/:id/file', (req) => {
    const img = getImage(state, req, req.params.id as string);
    ownerOrAdmin(req, img);
    if (img.status !== 'queued')
      throw new ApiError(409, `Image status transition from ${img.status} to saving is not allowed`);
    if (!img.diskFormat || !img.containerFormat)
      throw new ApiError(400, 'Properties disk_format, container_format must be set prior to saving data.');
    img.data = req.rawBody;
    img.size = req.rawBody.length;
    img.checksum = createHash('md5').update(req.rawBody).digest('hex');
    img.hashAlgo = 'sha512';
    img.hashValue = createHash('sha512').update(req.rawBody).digest('hex');
    img.status = 'active';
    img.updatedAt = state.now();
    return noContent();
  });
  routes.add('GET', '/v2/images/:id/file', (req) => {
    const img = getImage(state, req, req.params.id as string);
    if (!img.data) return noContent();
    return {
      status: 200,
      body: img.data,
      contentType: 'application/octet-stream',
      headers: { 'Content-MD5': img.checksum ?? '' },
    };
  });
  routes.add('GET', '/v2/schemas/image', () =>
    json(200, {
      name: 'image',
      properties: {
        id: { type: 'string' },
        name: { type: ['null', 'string'], maxLength: 255 },
        visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'] },
        status: { type: 'string', readOnly: true },
        min_disk: { type: 'integer' },
        min_ram: { type: 'integer' },
        os_hidden: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string', maxLength: 255 } },
      },
      additionalProperties: { type: 'string' },
      links: [
        { rel: 'self', href: '{self}' },
        { rel: 'enclosure', href: '{file}' },
        { rel: 'describedby', href: '{schema}' },
      ],
    }),
  );
  routes.add('GET', '/v2/schemas/images', () =>
    json(200, {
      name: 'images',
      properties: {
        images: { type: 'array', items: { $ref: '/v2/schemas/image' } },
        first: { type: 'string' },
        next: { type: 'string' },
        schema: { type: 'string' },
      },
      links: [
        { rel: 'first', href: '{first}' },
        { rel: 'next', href: '{next}' },
        { rel: 'describedby', href: '{schema}' },
      ],
    }),
  );
  return { name: 'image', prefix: '/image', routes, formatError: glanceError };
}
