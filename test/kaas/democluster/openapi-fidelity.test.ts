// The embedded cluster's answers checked against the official Kubernetes OpenAPI v3 component schemas (a subset kept
// in schemas/kubernetes/openapi-v3-subset.json with its source revision): the demo cannot drift from the real API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type DemoCluster, startDemoCluster } from '../../../src/democluster/index.js';
import { PACKAGE_ROOT } from '../../../src/core/version.js';

interface Subset {
  source: { repository: string; files: Array<{ path: string; commit: string; schemas: string[] }> };
  routes: Record<string, string>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const subset = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'schemas', 'kubernetes', 'openapi-v3-subset.json'), 'utf8'),
) as Subset;

/**
 * The real schemas allow fields they do not name; closing every object that names its properties makes a field the
 * real API does not have (a typo, an invented field) a failure.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closed(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema({ $id: 'k8s', components: closed(subset.components) });
const validator = (name: string) => {
  expect(subset.components.schemas[name], `${name} is in the subset`).toBeDefined();
  return ajv.compile({ $ref: `k8s#/components/schemas/${name}` });
};

describe('embedded cluster vs the Kubernetes OpenAPI v3 documents', () => {
  let cluster: DemoCluster;
  let token: string;
  beforeAll(async () => {
    cluster = await startDemoCluster();
    token = (parseYaml(cluster.kubeconfigYaml) as { users: Array<{ user: { token: string } }> }).users[0]!
      .user.token;
  });
  afterAll(() => cluster.stop());

  const get = async (path: string, auth = true) => {
    const res = await fetch(`${cluster.url}${path}`, {
      headers: auth ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('names the revision of every document it was taken from', () => {
    expect(subset.source.repository).toBe('kubernetes/kubernetes');
    for (const f of subset.source.files) {
      expect(f.path).toMatch(/^api\/openapi-spec\/v3\/.+_openapi\.json$/);
      expect(f.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it.each(
    Object.entries(subset.routes).filter(
      ([route]) => route.startsWith('GET ') && !route.includes('{'),
    ) as Array<[string, string]>,
  )('%s answers a %s', async (route, schema) => {
    const { status, body } = await get(route.slice(4));
    expect(status).toBe(200);
    const validate = validator(schema);
    expect(validate(body) ? [] : validate.errors).toEqual([]);
  });

  it('POST /api/v1/namespaces and GET /api/v1/namespaces/{name} answer a Namespace', async () => {
    const validate = validator(subset.routes['POST /api/v1/namespaces']!);
    const res = await fetch(`${cluster.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fidelity' } }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as unknown;
    expect(validate(created) ? [] : validate.errors).toEqual([]);
    const read = await get('/api/v1/namespaces/fidelity');
    expect(read.status).toBe(200);
    expect(validate(read.body) ? [] : validate.errors).toEqual([]);
  });

  it('POST and GET of a persistentvolumeclaim answer a PersistentVolumeClaim', async () => {
    const validate = validator(subset.routes['POST /api/v1/namespaces/{namespace}/persistentvolumeclaims']!);
    await fetch(`${cluster.url}/api/v1/namespaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'fidelity-pvc' } }),
    });
    const res = await fetch(`${cluster.url}/api/v1/namespaces/fidelity-pvc/persistentvolumeclaims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metadata: { name: 'claim' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as unknown;
    expect(validate(created) ? [] : validate.errors).toEqual([]);
    const read = await get('/api/v1/namespaces/fidelity-pvc/persistentvolumeclaims/claim');
    expect(read.status).toBe(200);
    expect(validate(read.body) ? [] : validate.errors).toEqual([]);
  });

  it('error answers are Status objects (404 unknown object, 401 without a token)', async () => {
    const validate = validator('io.k8s.apimachinery.pkg.apis.meta.v1.Status');
    const missing = await get('/apis/storage.k8s.io/v1/storageclasses/does-not-exist');
    expect(missing.status).toBe(404);
    expect(validate(missing.body) ? [] : validate.errors).toEqual([]);
    expect(missing.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    const anonymous = await get('/version', false);
    expect(anonymous.status).toBe(401);
    expect(validate(anonymous.body) ? [] : validate.errors).toEqual([]);
  });

  it('the closed schemas catch a field the real API does not have', () => {
    const validate = validator('io.k8s.api.storage.v1.StorageClass');
    expect(validate({ metadata: { name: 'x' }, provisioner: 'p' })).toBe(true);
    expect(validate({ metadata: { name: 'x' }, provisioner: 'p', isDefault: true })).toBe(false);
    expect(validate({ metadata: { name: 'x' } })).toBe(false);
  });
});
