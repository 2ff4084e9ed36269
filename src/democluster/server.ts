// The embedded Kubernetes API server: real wire format (discovery, lists, Status errors, bearer auth) over node:http,
// with simulated controllers for namespaces, PVC provisioning, pod start-up and PV reclaim, and fault injection.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sleep } from '../core/sleep.js';
import { ObjectStore, RESOURCES, type KubeObject, type ResourceName } from './store.js';
import { PROVISIONERS, seedFor, type DemoProfile, DEMO_ZONES } from './profiles.js';
import { present } from '../core/invariant.js';

export interface DemoFaults {
  /** Added before every answer. */
  latencyMs?: number;
  /** The first `count` requests whose path contains `path` (all when unset) fail with `status`. */
  bursts?: Array<{ status: 429 | 503; count: number; path?: string; retryAfterSeconds?: number }>;
  /** RBAC denials: `verb` on `resource` (plural, e.g. `nodes`, `storageclasses`) answers 403. */
  forbidden?: Array<{ verb: string; resource: string }>;
}

export interface DemoTiming {
  /** Delay before a claim of an Immediate class is provisioned / a pod is scheduled. */
  provisionMs: number;
  podStartMs: number;
  namespaceDeleteMs: number;
  pvDeleteMs: number;
}

export interface DemoServerOptions {
  port?: number;
  host?: string;
  profile?: DemoProfile;
  faults?: DemoFaults;
  /** Serve HTTPS with this key and certificate (PEM); plain HTTP when unset. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Bearer token clients must send (random when unset). */
  token?: string;
  timing?: Partial<DemoTiming>;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

const USER = 'demo-user';

type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'discovery'; body: unknown }
  | { kind: 'resource'; resource: ResourceName; namespace?: string; name?: string; subresource?: string };

function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function discovery(): Record<string, unknown> {
  const core = (
    ['nodes', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims', 'pods', 'events'] as const
  ).map((r) => ({
    name: r,
    singularName: RESOURCES[r].kind.toLowerCase(),
    namespaced: RESOURCES[r].namespaced,
    kind: RESOURCES[r].kind,
    verbs: r === 'nodes' ? ['get', 'list'] : ['create', 'delete', 'get', 'list'],
  }));
  const storageGroup = {
    name: 'storage.k8s.io',
    versions: [{ groupVersion: 'storage.k8s.io/v1', version: 'v1' }],
    preferredVersion: { groupVersion: 'storage.k8s.io/v1', version: 'v1' },
  };
  return {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: core },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [storageGroup] },
    '/apis/storage.k8s.io': { kind: 'APIGroup', apiVersion: 'v1', ...storageGroup },
    '/apis/storage.k8s.io/v1': {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'storage.k8s.io/v1',
      resources: [
        {
          name: 'storageclasses',
          singularName: 'storageclass',
          namespaced: false,
          kind: 'StorageClass',
          verbs: ['create', 'delete', 'get', 'list'],
          shortNames: ['sc'],
        },
      ],
    },
  };
}

function route(path: string): Route | undefined {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/version') return { kind: 'version' };
  if (clean === '/healthz' || clean === '/livez' || clean === '/readyz') return { kind: 'health' };
  const d = discovery()[clean];
  if (d) return { kind: 'discovery', body: d };
  const parts = clean.split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts[1] === 'storage.k8s.io' && parts[2] === 'v1') {
    rest = parts.slice(3);
    if (rest[0] !== 'storageclasses' || rest.length > 2) return undefined;
    return { kind: 'resource', resource: 'storageclasses', name: rest[1] };
  } else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const res = rest[2] as ResourceName;
    if (!(res in RESOURCES) || !RESOURCES[res].namespaced || rest.length > 5) return undefined;
    return { kind: 'resource', resource: res, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const res = rest[0] as ResourceName;
  if (!res || !(res in RESOURCES) || res === 'storageclasses' || rest.length > 3) return undefined;
  if (RESOURCES[res].namespaced && rest.length > 1) return undefined;
  return { kind: 'resource', resource: res, name: rest[1], subresource: rest[2] };
}

function matchesSelector(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector.split(',').every((term) => {
    const t = term.trim();
    if (!t) return true;
    const neq = /^([^!=]+)!=(.*)$/.exec(t);
    if (neq) return l[(neq[1] ?? '').trim()] !== (neq[2] ?? '').trim();
    const eq = /^([^!=]+)==?(.*)$/.exec(t);
    if (eq) return l[(eq[1] ?? '').trim()] === (eq[2] ?? '').trim();
    if (t.startsWith('!')) return !(t.slice(1) in l);
    return t in l;
  });
}

export class DemoApiServer {
  readonly store: ObjectStore;
  readonly token: string;
  readonly requests: RequestRecord[] = [];
  private readonly version: Record<string, string>;
  private readonly faults: DemoFaults;
  private readonly burstUsed: number[];
  private readonly timing: DemoTiming;
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;

  constructor(private readonly opts: DemoServerOptions = {}) {
    this.store = new ObjectStore();
    this.token = opts.token ?? randomBytes(24).toString('base64url');
    this.faults = opts.faults ?? {};
    this.burstUsed = (this.faults.bursts ?? []).map(() => 0);
    this.timing = { provisionMs: 30, podStartMs: 40, namespaceDeleteMs: 30, pvDeleteMs: 20, ...opts.timing };
    const seed = seedFor(opts.profile ?? 'compliant');
    this.version = seed.version;
    for (const { resource, object } of seed.objects) this.store.create(resource, object);
  }

  async listen(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      void this.handle(req, res);
    };
    const server = this.opts.tls
      ? createHttpsServer({ key: this.opts.tls.key, cert: this.opts.tls.cert }, handler)
      : createHttpServer(handler);
    this.server = server;
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return `${this.opts.tls ? 'https' : 'http'}://${host}:${port}`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const srv = this.server;
    if (!srv) return;
    await new Promise<void>((resolve) => {
      srv.close(() => resolve());
      srv.closeAllConnections?.();
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private authorized(req: IncomingMessage): boolean {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(h);
    if (!m) return false;
    const a = Buffer.from((m[1] ?? '').trim());
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    let code = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      const raw = await readBody(req);
      if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
      const r = route(url.pathname);
      if (r?.kind !== 'health' && !this.authorized(req))
        throw new HttpError(401, 'Unauthorized', 'Unauthorized');
      this.injectBurst(url.pathname);
      ({ code, body } = this.dispatch(req.method ?? 'GET', r, url, raw));
    } catch (err) {
      if (err instanceof HttpError) {
        code = err.code;
        body = status(err.code, err.reason, err.message, err.details);
        headers = err.headers;
      } else {
        code = 500;
        body = status(500, 'InternalError', `internal error: ${(err as Error).message}`);
      }
    }
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: code });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  private injectBurst(path: string): void {
    (this.faults.bursts ?? []).forEach((b, i) => {
      if (b.path && !path.includes(b.path)) return;
      if ((this.burstUsed[i] ?? 0) >= b.count) return;
      this.burstUsed[i] = (this.burstUsed[i] ?? 0) + 1;
      const retry = String(b.retryAfterSeconds ?? 0);
      if (b.status === 429)
        throw new HttpError(
          429,
          'TooManyRequests',
          'Too many requests, please try again later.',
          { retryAfterSeconds: b.retryAfterSeconds ?? 0 },
          {
            'retry-after': retry,
          },
        );
      throw new HttpError(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
        undefined,
        {
          'retry-after': retry,
        },
      );
    });
  }

  private checkRbac(verb: string, resource: ResourceName, namespace?: string): void {
    const denied = (this.faults.forbidden ?? []).some(
      (f) =>
        f.verb === verb &&
        (f.resource === resource || f.resource === `${resource}.${RESOURCES[resource].group}`),
    );
    if (!denied) return;
    const group = RESOURCES[resource].group;
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    throw new HttpError(
      403,
      'Forbidden',
      `${resource}${group ? `.${group}` : ''} is forbidden: User "${USER}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
      { kind: resource, ...(group ? { group } : {}) },
    );
  }

  private dispatch(
    method: string,
    r: Route | undefined,
    url: URL,
    raw: string,
  ): { code: number; body: unknown } {
    if (!r) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource', {});
    if (r.kind === 'health') return { code: 200, body: 'ok' };
    if (r.kind === 'version' || r.kind === 'discovery') {
      if (method !== 'GET')
        throw new HttpError(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
      return { code: 200, body: r.kind === 'version' ? this.version : r.body };
    }
    if (r.subresource)
      throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    const def = RESOURCES[r.resource];
    if (method === 'GET') {
      if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1')
        throw new HttpError(405, 'MethodNotAllowed', 'watch is not supported by the scs-cert demo cluster');
      if (r.name === undefined) {
        this.checkRbac('list', r.resource, r.namespace);
        const items = this.store
          .list(r.resource, def.namespaced ? r.namespace : undefined)
          .filter((o) => r.namespace === undefined || o.metadata.namespace === r.namespace)
          .filter((o) => matchesSelector(o.metadata.labels, url.searchParams.get('labelSelector')))
          .map(({ apiVersion: _a, kind: _k, ...o }) => o);
        return {
          code: 200,
          body: {
            kind: `${def.kind}List`,
            apiVersion: def.apiVersion,
            metadata: { resourceVersion: this.store.resourceVersion },
            items,
          },
        };
      }
      this.checkRbac('get', r.resource, r.namespace);
      const o = this.store.get(r.resource, r.namespace, r.name);
      if (!o) throw notFound(r.resource, r.name);
      return { code: 200, body: o };
    }
    if (method === 'POST') {
      if (r.name !== undefined)
        throw new HttpError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      if (r.resource === 'nodes')
        throw new HttpError(405, 'MethodNotAllowed', 'nodes are managed by the demo cluster');
      this.checkRbac('create', r.resource, r.namespace);
      let obj: KubeObject;
      try {
        obj = JSON.parse(raw) as KubeObject;
      } catch {
        throw new HttpError(400, 'BadRequest', 'the request body is not valid JSON');
      }
      return { code: 201, body: this.create(r.resource, r.namespace, obj) };
    }
    if (method === 'DELETE') {
      if (r.name === undefined)
        throw new HttpError(
          405,
          'MethodNotAllowed',
          'collection deletion is not supported by the demo cluster',
        );
      this.checkRbac('delete', r.resource, r.namespace);
      return { code: 200, body: this.remove(r.resource, r.namespace, r.name) };
    }
    throw new HttpError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  // ---- objects and simulated controllers ----

  private create(resource: ResourceName, namespace: string | undefined, input: KubeObject): KubeObject {
    const def = RESOURCES[resource];
    if (!input || typeof input !== 'object' || !input.metadata || typeof input.metadata !== 'object')
      throw new HttpError(
        400,
        'BadRequest',
        `${def.kind} in version "v1" cannot be handled: metadata is missing`,
      );
    const obj: KubeObject = structuredClone(input);
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = `${obj.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    const name = obj.metadata.name;
    const valid = resource === 'namespaces' ? DNS_LABEL : DNS_SUBDOMAIN;
    if (!name || !valid.test(name) || name.length > (resource === 'namespaces' ? 63 : 253))
      throw new HttpError(
        422,
        'Invalid',
        `${def.kind} "${name ?? ''}" is invalid: metadata.name: Invalid value: "${name ?? ''}": a lowercase RFC 1123 name is required`,
        {
          name: name ?? '',
          kind: def.kind,
        },
      );
    if (def.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace)
        throw new HttpError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      obj.metadata.namespace = namespace;
      const ns = this.store.get('namespaces', undefined, namespace ?? '');
      if (!ns) throw notFound('namespaces', namespace ?? '');
      if (ns.status?.phase === 'Terminating')
        throw new HttpError(
          403,
          'Forbidden',
          `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
          { name, kind: resource },
        );
    } else delete obj.metadata.namespace;
    if (this.store.get(resource, namespace, name))
      throw new HttpError(409, 'AlreadyExists', `${resource} "${name}" already exists`, {
        name,
        kind: resource,
      });
    delete obj.metadata.uid;
    delete obj.metadata.resourceVersion;
    delete obj.metadata.creationTimestamp;
    delete obj.metadata.deletionTimestamp;
    switch (resource) {
      case 'namespaces': {
        obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
        obj.spec = { finalizers: ['kubernetes'] };
        obj.status = { phase: 'Active' };
        return this.store.create(resource, obj);
      }
      case 'persistentvolumeclaims':
        return this.createPvc(obj);
      case 'pods': {
        obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
        const created = this.store.create(resource, obj);
        this.later(this.timing.podStartMs, () =>
          this.schedulePod(present(namespace, 'the namespace of a pod (namespaced)'), name),
        );
        return created;
      }
      default:
        return this.store.create(resource, obj);
    }
  }

  private defaultClass(): KubeObject | undefined {
    const defaults = this.store.list('storageclasses').filter((sc) => {
      const a = sc.metadata.annotations ?? {};
      return (
        a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
        a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
      );
    });
    // Since Kubernetes 1.26 the newest default class wins when several are marked.
    return defaults.sort((a, b) =>
      String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
    )[0];
  }

  private createPvc(obj: KubeObject): KubeObject {
    const spec = (obj.spec ?? {}) as {
      storageClassName?: string | null;
      accessModes?: string[];
      resources?: unknown;
    };
    if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0)
      throw new HttpError(
        422,
        'Invalid',
        `PersistentVolumeClaim "${obj.metadata.name}" is invalid: spec.accessModes: Required value: at least 1 access mode is required`,
      );
    if (spec.storageClassName === undefined || spec.storageClassName === null) {
      const dc = this.defaultClass();
      if (dc) spec.storageClassName = dc.metadata.name;
    }
    obj.spec = spec as Record<string, unknown>;
    obj.status = { phase: 'Pending' };
    const created = this.store.create('persistentvolumeclaims', obj);
    const sc = spec.storageClassName
      ? this.store.get('storageclasses', undefined, spec.storageClassName)
      : undefined;
    if (sc && sc.volumeBindingMode === 'Immediate') {
      this.later(this.timing.provisionMs, () =>
        this.provision(
          present(obj.metadata.namespace, 'the namespace of a claim (namespaced)'),
          obj.metadata.name,
          undefined,
        ),
      );
    }
    return created;
  }

  private event(ns: string, involved: KubeObject, reason: string, message: string, component: string): void {
    if (!this.store.get('namespaces', undefined, ns)) return;
    const now = this.store.now();
    this.store.create('events', {
      metadata: { name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: ns },
      involvedObject: {
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: ns,
        uid: involved.metadata.uid,
        apiVersion: 'v1',
      },
      reason,
      message,
      type: 'Warning',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component },
    });
  }

  /** Provision and bind a claim; answers the PV or undefined (with a warning event) when it cannot. */
  private provision(ns: string, claim: string, nodeName: string | undefined): KubeObject | undefined {
    const pvc = this.store.get('persistentvolumeclaims', ns, claim);
    if (!pvc) return undefined;
    const spec = pvc.spec as {
      storageClassName?: string;
      accessModes?: string[];
      resources?: { requests?: { storage?: string } };
      volumeName?: string;
    };
    if (spec.volumeName) return this.store.get('persistentvolumes', undefined, spec.volumeName);
    const sc = spec.storageClassName
      ? this.store.get('storageclasses', undefined, spec.storageClassName)
      : undefined;
    if (!sc) {
      this.event(
        ns,
        pvc,
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${spec.storageClassName ?? ''}" not found`,
        'persistentvolume-controller',
      );
      return undefined;
    }
    const provisioner = String(sc.provisioner);
    const behaviour = PROVISIONERS[provisioner] ?? {
      accessModes: ['ReadWriteOnce'],
      source: 'csi',
      affinity: 'none' as const,
    };
    const unsupported = (spec.accessModes ?? []).filter((m) => !behaviour.accessModes.includes(m));
    if (unsupported.length) {
      this.event(
        ns,
        pvc,
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${sc.metadata.name}": rpc error: code = InvalidArgument desc = volume capabilities not supported: access mode ${unsupported.join(', ')}`,
        `${provisioner}_demo-csi-controller`,
      );
      return undefined;
    }
    const nodes = this.store.list('nodes');
    const worker = nodes.find((n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})));
    const node = (nodeName ? nodes.find((n) => n.metadata.name === nodeName) : undefined) ?? worker;
    const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'] ?? DEMO_ZONES[0];
    const pvName = `pvc-${pvc.metadata.uid}`;
    const affinity =
      behaviour.affinity === 'none'
        ? undefined
        : {
            required: {
              nodeSelectorTerms: [
                {
                  matchExpressions:
                    behaviour.affinity === 'zone'
                      ? [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }]
                      : [
                          {
                            key: 'kubernetes.io/hostname',
                            operator: 'In',
                            values: [node?.metadata.name ?? 'demo-worker-0'],
                          },
                        ],
                },
              ],
            },
          };
    const storage = spec.resources?.requests?.storage ?? '1Gi';
    const pv = this.store.create('persistentvolumes', {
      metadata: {
        name: pvName,
        annotations: { 'pv.kubernetes.io/provisioned-by': provisioner },
        finalizers: ['kubernetes.io/pv-protection'],
      },
      spec: {
        accessModes: spec.accessModes,
        capacity: { storage },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name: claim,
          namespace: ns,
          uid: pvc.metadata.uid,
        },
        persistentVolumeReclaimPolicy: (sc.reclaimPolicy as string | undefined) ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: 'Filesystem',
        ...(behaviour.source === 'csi'
          ? { csi: { driver: provisioner, volumeHandle: randomUUID(), fsType: 'ext4' } }
          : { local: { path: `/opt/local-path-provisioner/${pvName}_${ns}_${claim}` } }),
        ...(affinity ? { nodeAffinity: affinity } : {}),
      },
      status: { phase: 'Bound' },
    });
    pvc.spec = { ...pvc.spec, volumeName: pvName };
    pvc.status = { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage } };
    pvc.metadata.annotations = {
      ...(pvc.metadata.annotations ?? {}),
      'pv.kubernetes.io/bind-completed': 'yes',
    };
    this.store.update('persistentvolumeclaims', pvc);
    return pv;
  }

  private schedulePod(ns: string, name: string): void {
    const pod = this.store.get('pods', ns, name);
    if (!pod) return;
    const volumes = (
      (pod.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> })?.volumes ?? []
    )
      .map((v) => v.persistentVolumeClaim?.claimName)
      .filter((c): c is string => typeof c === 'string');
    const workers = this.store
      .list('nodes')
      .filter((n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})));
    let nodeName = workers[0]?.metadata.name;
    for (const claim of volumes) {
      const pvc = this.store.get('persistentvolumeclaims', ns, claim);
      const unschedulable = (msg: string) => {
        pod.status = {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }],
        };
        this.store.update('pods', pod);
        this.event(ns, pod, 'FailedScheduling', msg, 'default-scheduler');
      };
      if (!pvc)
        return unschedulable(
          `0/${workers.length} nodes are available: persistentvolumeclaim "${claim}" not found.`,
        );
      const pv = this.provision(ns, claim, nodeName);
      if (!pv)
        return unschedulable(
          `0/${workers.length} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: not eligible due to preemptionPolicy=Never.`,
        );
      const host = (
        pv.spec as {
          nodeAffinity?: {
            required?: {
              nodeSelectorTerms?: Array<{ matchExpressions?: Array<{ key: string; values: string[] }> }>;
            };
          };
        }
      ).nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.find(
        (e) => e.key === 'kubernetes.io/hostname',
      )?.values[0];
      if (host) nodeName = host;
    }
    pod.spec = { ...pod.spec, nodeName };
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] };
    this.store.update('pods', pod);
    this.later(this.timing.podStartMs, () => {
      const p = this.store.get('pods', ns, name);
      if (!p) return;
      p.status = {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        startTime: this.store.now(),
      };
      this.store.update('pods', p);
    });
  }

  private releaseClaimVolume(pvc: KubeObject): void {
    const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
    if (!volumeName) return;
    const pv = this.store.get('persistentvolumes', undefined, volumeName);
    if (!pv) return;
    if ((pv.spec as { persistentVolumeReclaimPolicy?: string }).persistentVolumeReclaimPolicy === 'Delete') {
      this.later(this.timing.pvDeleteMs, () => this.store.remove('persistentvolumes', undefined, volumeName));
    } else {
      pv.status = { phase: 'Released' };
      this.store.update('persistentvolumes', pv);
    }
  }

  private remove(resource: ResourceName, namespace: string | undefined, name: string): unknown {
    const obj = this.store.get(resource, namespace, name);
    if (!obj) throw notFound(resource, name);
    if (resource === 'nodes')
      throw new HttpError(405, 'MethodNotAllowed', 'nodes are managed by the demo cluster');
    if (resource === 'namespaces') {
      if (obj.status?.phase === 'Terminating') return obj;
      obj.metadata.deletionTimestamp = this.store.now();
      obj.status = { phase: 'Terminating' };
      const updated = this.store.update('namespaces', obj);
      this.later(this.timing.namespaceDeleteMs, () => {
        for (const r of ['pods', 'persistentvolumeclaims', 'events'] as const) {
          for (const o of this.store.list(r, name)) {
            if (r === 'persistentvolumeclaims') this.releaseClaimVolume(o);
            this.store.remove(r, name, o.metadata.name);
          }
        }
        this.store.remove('namespaces', undefined, name);
      });
      return updated;
    }
    if (resource === 'persistentvolumeclaims') this.releaseClaimVolume(obj);
    this.store.remove(resource, namespace, name);
    return obj;
  }
}

function notFound(resource: ResourceName, name: string): HttpError {
  const group = RESOURCES[resource].group;
  return new HttpError(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`, {
    name,
    kind: resource,
    ...(group ? { group } : {}),
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > 1 << 20) throw new HttpError(413, 'RequestEntityTooLarge', 'request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
