// In-memory object store of the embedded cluster: objects by resource/namespace/name with uids and resourceVersions.
import { randomUUID } from 'node:crypto';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    generateName?: string;
    [k: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
};

/** Resources the embedded API server serves, with their wire identity. */
export const RESOURCES = {
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false, group: '' },
  namespaces: { kind: 'Namespace', apiVersion: 'v1', namespaced: false, group: '' },
  persistentvolumes: { kind: 'PersistentVolume', apiVersion: 'v1', namespaced: false, group: '' },
  persistentvolumeclaims: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespaced: true, group: '' },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true, group: '' },
  events: { kind: 'Event', apiVersion: 'v1', namespaced: true, group: '' },
  storageclasses: {
    kind: 'StorageClass',
    apiVersion: 'storage.k8s.io/v1',
    namespaced: false,
    group: 'storage.k8s.io',
  },
} as const;
export type ResourceName = keyof typeof RESOURCES;

const clone = <T>(o: T): T => structuredClone(o);

export class ObjectStore {
  private rv = 1000;
  private readonly objects = new Map<string, KubeObject>();
  /** Injectable clock so the seed and tests are reproducible. */
  constructor(private readonly clock: () => Date = () => new Date()) {}

  private key(res: ResourceName, ns: string | undefined, name: string): string {
    return `${res}/${ns ?? ''}/${name}`;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  get(res: ResourceName, ns: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(this.key(res, ns, name));
    return o ? clone(o) : undefined;
  }

  list(res: ResourceName, ns?: string): KubeObject[] {
    const prefix = ns === undefined ? `${res}/` : `${res}/${ns}/`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, o]) => clone(o))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Insert a new object (caller checked it does not exist); fills identity fields like the API server. */
  create(res: ResourceName, obj: KubeObject): KubeObject {
    const def = RESOURCES[res];
    const o = clone(obj);
    o.apiVersion = def.apiVersion;
    o.kind = def.kind;
    o.metadata.uid = o.metadata.uid ?? randomUUID();
    o.metadata.creationTimestamp = o.metadata.creationTimestamp ?? this.now();
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(this.key(res, def.namespaced ? o.metadata.namespace : undefined, o.metadata.name), o);
    return clone(o);
  }

  /** Replace an existing object's content (new resourceVersion). */
  update(res: ResourceName, obj: KubeObject): KubeObject {
    const o = clone(obj);
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(
      this.key(res, RESOURCES[res].namespaced ? o.metadata.namespace : undefined, o.metadata.name),
      o,
    );
    return clone(o);
  }

  remove(res: ResourceName, ns: string | undefined, name: string): boolean {
    const ok = this.objects.delete(this.key(res, RESOURCES[res].namespaced ? ns : undefined, name));
    if (ok) this.rv++;
    return ok;
  }
}
