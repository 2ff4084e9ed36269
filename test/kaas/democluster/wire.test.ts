// The embedded cluster speaks the Kubernetes wire format: discovery, lists, Status errors, auth, resourceVersions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type DemoCluster, DEMO_PROFILES, startDemoCluster } from '../../../src/democluster/index.js';

let c: DemoCluster;
let token: string;
const call = async (method: string, path: string, body?: unknown, auth = true) => {
  const res = await fetch(`${c.url}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
};

beforeAll(async () => {
  c = await startDemoCluster();
  token = (parse(c.kubeconfigYaml) as { users: Array<{ user: { token: string } }> }).users[0]!.user.token;
});
afterAll(() => c.stop());

describe('embedded cluster wire format', () => {
  it('answers 401 with a Status object without a bearer token', async () => {
    const r = await call('GET', '/version', undefined, false);
    expect(r).toEqual({
      status: 401,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
    });
  });

  it('serves /version and discovery', async () => {
    expect((await call('GET', '/version')).body).toMatchObject({
      major: '1',
      minor: '37',
      gitVersion: 'v1.37.2',
    });
    expect((await call('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = (await call('GET', '/apis')).body as { kind: string; groups: Array<{ name: string }> };
    expect(apis.kind).toBe('APIGroupList');
    expect(apis.groups.map((g) => g.name)).toEqual(['storage.k8s.io']);
    const core = (await call('GET', '/api/v1')).body as {
      resources: Array<{ name: string; namespaced: boolean }>;
    };
    expect(core.resources.find((r) => r.name === 'persistentvolumeclaims')?.namespaced).toBe(true);
    expect((await call('GET', '/apis/storage.k8s.io/v1')).body).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'storage.k8s.io/v1',
    });
  });

  it('lists with kind XList, a list resourceVersion and items without kind', async () => {
    const r = (await call('GET', '/api/v1/nodes')).body as {
      kind: string;
      apiVersion: string;
      metadata: { resourceVersion: string };
      items: Array<Record<string, unknown>>;
    };
    expect(r.kind).toBe('NodeList');
    expect(r.apiVersion).toBe('v1');
    expect(Number(r.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(r.items).toHaveLength(6);
    expect(r.items[0]).not.toHaveProperty('kind');
    const cp = (await call('GET', '/api/v1/nodes?labelSelector=node-role.kubernetes.io/control-plane'))
      .body as { items: unknown[] };
    expect(cp.items).toHaveLength(3);
    const sc = (await call('GET', '/apis/storage.k8s.io/v1/storageclasses')).body as {
      kind: string;
      items: Array<{ metadata: { annotations: Record<string, string> } }>;
    };
    expect(sc.kind).toBe('StorageClassList');
  });

  it('creates with uid and increasing resourceVersion, and answers conflicts and misses with Status', async () => {
    const a = await call('POST', '/api/v1/namespaces', { metadata: { name: 'wire-a' } });
    const b = await call('POST', '/api/v1/namespaces', { metadata: { name: 'wire-b' } });
    expect(a.status).toBe(201);
    const ma = a.body.metadata as { uid: string; resourceVersion: string };
    expect(ma.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number((b.body.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(
      Number(ma.resourceVersion),
    );
    expect(a.body).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', status: { phase: 'Active' } });
    const dup = await call('POST', '/api/v1/namespaces', { metadata: { name: 'wire-a' } });
    expect(dup).toMatchObject({
      status: 409,
      body: {
        kind: 'Status',
        reason: 'AlreadyExists',
        code: 409,
        details: { name: 'wire-a', kind: 'namespaces' },
      },
    });
    const miss = await call('GET', '/api/v1/namespaces/wire-a/pods/none');
    expect(miss).toMatchObject({
      status: 404,
      body: { reason: 'NotFound', message: 'pods "none" not found' },
    });
    const bad = await call('POST', '/api/v1/namespaces', { metadata: { name: 'Not_Valid' } });
    expect(bad).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
    expect((await call('PUT', '/api/v1/namespaces/wire-a', { metadata: { name: 'wire-a' } })).status).toBe(
      405,
    );
    expect((await call('GET', '/api/v1/nonsense')).status).toBe(404);
  });

  it('refuses new content in a terminating namespace, then removes it', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'wire-term' } });
    const del = await call('DELETE', '/api/v1/namespaces/wire-term');
    expect(del.body).toMatchObject({ status: { phase: 'Terminating' } });
    const r = await call('POST', '/api/v1/namespaces/wire-term/pods', {
      metadata: { name: 'p' },
      spec: { containers: [] },
    });
    expect(r).toMatchObject({ status: 403, body: { reason: 'Forbidden' } });
    await new Promise((res) => setTimeout(res, 150));
    expect((await call('GET', '/api/v1/namespaces/wire-term')).status).toBe(404);
  });

  it('assigns the default class to a claim without class', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'wire-pvc' } });
    const r = await call('POST', '/api/v1/namespaces/wire-pvc/persistentvolumeclaims', {
      metadata: { name: 'c' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(r.body).toMatchObject({
      kind: 'PersistentVolumeClaim',
      spec: { storageClassName: 'csi-cinder-sc-delete' },
      status: { phase: 'Pending' },
    });
  });

  it('knows its profiles and rejects unknown ones', async () => {
    expect(DEMO_PROFILES).toContain('compliant');
    await expect(startDemoCluster({ profile: 'chaos' })).rejects.toThrow(
      /unknown demo cluster profile 'chaos' — known profiles: compliant/,
    );
  });
});
