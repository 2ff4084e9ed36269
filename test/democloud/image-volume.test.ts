// Glance and Cinder of the embedded cloud: versions, image paging with `next`, visibility, volumes, backups, restore.
import { afterEach, describe, expect, it } from 'vitest';
import { call, session, type Session } from './helpers.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.cloud.stop();
  s = undefined;
});

type Img = Record<string, unknown> & { id: string; name: string; visibility: string; os_hidden: boolean };

describe('Glance', () => {
  it('serves the versions document: 300 at the root, 200 at /versions, v2.15 CURRENT', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/image/`);
    expect(root.status).toBe(300);
    const body = (await root.json()) as {
      versions: Array<{ id: string; status: string; links: Array<{ href: string }> }>;
    };
    expect(body.versions[0]).toEqual({
      id: 'v2.15',
      status: 'CURRENT',
      links: [{ rel: 'self', href: `${s.cloud.url}/image/v2/` }],
    });
    expect(body.versions.at(-1)?.id).toBe('v2.0');
    expect(body.versions.map((v) => v.id)).not.toContain('v2.14');
    expect((await fetch(`${s.cloud.url}/image/versions`)).status).toBe(200);
  });

  it('pages by 25 by default with relative `first`/`next` links that keep the query, until a short page', async () => {
    s = await session();
    const first = await call<{ images: Img[]; next?: string; first: string; schema: string }>(
      s,
      'GET',
      '/image/v2/images?member_status=all',
    );
    expect(first.status).toBe(200);
    expect(first.body.images).toHaveLength(25);
    expect(first.body.first).toBe('/v2/images?member_status=all');
    expect(first.body.schema).toBe('/v2/schemas/images');
    expect(first.body.next).toBe(`/v2/images?member_status=all&marker=${first.body.images[24]?.id}`);
    const images = [...first.body.images];
    let next = first.body.next;
    let guard = 0;
    while (next && guard++ < 10) {
      const page = await call<{ images: Img[]; next?: string }>(s, 'GET', `/image${next}`);
      images.push(...page.body.images);
      next = page.body.next;
    }
    const expected = [...s.cloud.state.images.values()].filter(
      (i) => !i.hidden && (i.visibility === 'public' || i.owner === s?.projectId),
    );
    expect(images.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
    // default order: newest first
    const created = images.map((i) => String(i.created_at));
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('puts custom properties at the top level as strings, core fields typed as Glance does', async () => {
    s = await session();
    const res = await call<{ images: Img[] }>(s, 'GET', '/image/v2/images?name=Ubuntu%2024.04');
    expect(res.body.images).toHaveLength(1);
    const img = res.body.images[0] as Img;
    expect(img).toMatchObject({
      visibility: 'public',
      os_hidden: false,
      status: 'active',
      disk_format: 'qcow2',
      os_hash_algo: 'sha512',
      os_distro: 'ubuntu',
      os_version: '24.04',
      os_purpose: 'generic',
      architecture: 'x86_64',
    });
    expect(typeof img.min_disk).toBe('number');
    expect(typeof img.size).toBe('number');
    expect(String(img.image_source)).toMatch(/^https:\/\/cloud-images\.ubuntu\.com\/releases\/noble\//);
    expect(img.self).toBe(`/v2/images/${img.id}`);
  });

  it('hides os_hidden images unless asked, filters visibility, and 404s in webob style', async () => {
    s = await session();
    const hidden = await call<{ images: Img[] }>(s, 'GET', '/image/v2/images?os_hidden=true');
    expect(hidden.body.images.length).toBeGreaterThan(0);
    expect(hidden.body.images.every((i) => i.os_hidden)).toBe(true);
    const priv = await call<{ images: Img[] }>(s, 'GET', '/image/v2/images?visibility=private');
    expect(priv.body.images.map((i) => i.name)).toEqual(['demo-app-snapshot']);
    const missing = await call(s, 'GET', '/image/v2/images/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: '404 Not Found', title: 'Not Found' });
    const plain = await call(s, 'GET', '/image/v2/images/00000000-0000-4000-8000-000000000000', undefined, {
      accept: '*/*',
    });
    expect(plain.headers.get('content-type')).toContain('text/plain');
    expect(plain.text).toMatch(/^404 Not Found\n\nNo image found with ID/);
  });

  it('lets a member create, upload, patch and delete a private image, but not publicize it', async () => {
    s = await session();
    const created = await call<Img>(s, 'POST', '/image/v2/images', {
      name: 'mine',
      disk_format: 'raw',
      container_format: 'bare',
      os_distro: 'debian',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'queued',
      visibility: 'shared',
      size: null,
      os_distro: 'debian',
    });
    const id = created.body.id;
    const up = await fetch(`${s.cloud.url}/image/v2/images/${id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': s.token, 'content-type': 'application/octet-stream' },
      body: Buffer.from('hello image'),
    });
    expect(up.status).toBe(204);
    const shown = await call<Img>(s, 'GET', `/image/v2/images/${id}`);
    expect(shown.body).toMatchObject({ status: 'active', size: 11 });
    const patched = await call<Img>(
      s,
      'PATCH',
      `/image/v2/images/${id}`,
      [{ op: 'add', path: '/os_version', value: '12' }],
      { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    );
    expect(patched.body.os_version).toBe('12');
    const publicize = await call(
      s,
      'PATCH',
      `/image/v2/images/${id}`,
      [{ op: 'replace', path: '/visibility', value: 'public' }],
      { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    );
    expect(publicize.status).toBe(403);
    expect((await call(s, 'DELETE', `/image/v2/images/${id}`)).status).toBe(204);
  });
});

describe('Cinder', () => {
  it('serves the v3 version documents and echoes the volume microversion', async () => {
    s = await session();
    const root = await fetch(`${s.cloud.url}/volume/`);
    expect(root.status).toBe(300);
    const v = ((await root.json()) as { versions: Array<Record<string, unknown>> }).versions[0];
    expect(v).toMatchObject({ id: 'v3.0', status: 'CURRENT', version: '3.70', min_version: '3.0' });
    const types = await call(s, 'GET', `/volume/v3/${s.projectId}/types`, undefined, {
      'openstack-api-version': 'volume 3.50',
    });
    expect(types.headers.get('openstack-api-version')).toBe('volume 3.50');
    const dflt = await call(s, 'GET', `/volume/v3/${s.projectId}/types`);
    expect(dflt.headers.get('openstack-api-version')).toBe('volume 3.0');
    const high = await call(s, 'GET', `/volume/v3/${s.projectId}/types`, undefined, {
      'openstack-api-version': 'volume 3.99',
    });
    expect(high.status).toBe(406);
  });

  it('lists volume types with their descriptions and hides admin extra specs from a member', async () => {
    s = await session();
    const res = await call<{
      volume_types: Array<{ name: string; description: string | null; extra_specs: Record<string, string> }>;
    }>(s, 'GET', `/volume/v3/${s.projectId}/types`);
    const byName = Object.fromEntries(res.body.volume_types.map((t) => [t.name, t]));
    expect(byName.__DEFAULT__?.description).toBe('Default Volume Type');
    expect(byName.encrypted?.description?.startsWith('[scs:encrypted]')).toBe(true);
    expect(byName['encrypted-replicated']?.description?.startsWith('[scs:encrypted, replicated]')).toBe(true);
    expect(byName.encrypted?.extra_specs).toEqual({});
  });

  it('rejects a project id in the URL that is not the token project', async () => {
    s = await session();
    const res = await call(s, 'GET', '/volume/v3/0123456789abcdef0123456789abcdef/volumes');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
  });

  it('runs volume -> backup -> restore as scs-0117 does, with the states Cinder reports', async () => {
    s = await session();
    const base = `/volume/v3/${s.projectId}`;
    const vol = await call<{ volume: { id: string; status: string } }>(s, 'POST', `${base}/volumes`, {
      volume: { size: 1, name: 'scs-test-volume' },
    });
    expect(vol.status).toBe(202);
    expect(vol.body.volume.status).toBe('creating');
    s.clock.advance(s.cloud.state.timings.volumeCreateMs);
    expect(
      (await call<{ volume: { status: string } }>(s, 'GET', `${base}/volumes/${vol.body.volume.id}`)).body
        .volume.status,
    ).toBe('available');

    const backup = await call<{ backup: { id: string; name: string; links: unknown[] } }>(
      s,
      'POST',
      `${base}/backups`,
      { backup: { volume_id: vol.body.volume.id, name: 'scs-test-volume-backup' } },
    );
    expect(backup.status).toBe(202);
    expect(Object.keys(backup.body.backup).sort()).toEqual(['id', 'links', 'name']);
    const bid = backup.body.backup.id;
    expect(
      (await call<{ backup: { status: string } }>(s, 'GET', `${base}/backups/${bid}`)).body.backup.status,
    ).toBe('creating');
    expect(
      (await call<{ volume: { status: string } }>(s, 'GET', `${base}/volumes/${vol.body.volume.id}`)).body
        .volume.status,
    ).toBe('backing-up');
    s.clock.advance(s.cloud.state.timings.backupMs);
    expect(
      (await call<{ backup: { status: string } }>(s, 'GET', `${base}/backups/${bid}`)).body.backup.status,
    ).toBe('available');

    const restore = await call<{ restore: { backup_id: string; volume_id: string; volume_name: string } }>(
      s,
      'POST',
      `${base}/backups/${bid}/restore`,
      { restore: { name: 'scs-test-restored-backup' } },
    );
    expect(restore.status).toBe(202);
    expect(restore.body.restore).toMatchObject({ backup_id: bid, volume_name: 'scs-test-restored-backup' });
    const byName = await call<{ volumes: Array<Record<string, unknown>> }>(
      s,
      'GET',
      `${base}/volumes?name=scs-test-restored-backup`,
    );
    expect(byName.body.volumes).toHaveLength(1);
    expect(byName.body.volumes[0]?.status).toBeUndefined(); // the summary list has no status (the SDK quirk of the lab)
    expect(
      (
        await call<{ volume: { status: string } }>(
          s,
          'GET',
          `${base}/volumes/${restore.body.restore.volume_id}`,
        )
      ).body.volume.status,
    ).toBe('restoring-backup');
    s.clock.advance(s.cloud.state.timings.restoreMs);
    expect(
      (
        await call<{ volume: { status: string } }>(
          s,
          'GET',
          `${base}/volumes/${restore.body.restore.volume_id}`,
        )
      ).body.volume.status,
    ).toBe('available');

    expect((await call(s, 'DELETE', `${base}/backups/${bid}`)).status).toBe(202);
    s.clock.advance(s.cloud.state.timings.backupDeleteMs);
    expect((await call<{ backups: unknown[] }>(s, 'GET', `${base}/backups/detail`)).body.backups).toEqual([]);
    for (const id of [vol.body.volume.id, restore.body.restore.volume_id])
      expect((await call(s, 'DELETE', `${base}/volumes/${id}`)).status).toBe(202);
    s.clock.advance(s.cloud.state.timings.volumeDeleteMs);
    expect((await call<{ volumes: unknown[] }>(s, 'GET', `${base}/volumes/detail`)).body.volumes).toEqual([]);
    const missing = await call(s, 'GET', `${base}/volumes/${vol.body.volume.id}`);
    expect(missing.body).toEqual({
      itemNotFound: { code: 404, message: `Volume ${vol.body.volume.id} could not be found.` },
    });
  });

  it('pages volumes with limit/marker and volumes_links, and refuses to back up a volume that is not available', async () => {
    s = await session();
    const base = `/volume/v3/${s.projectId}`;
    for (let i = 0; i < 5; i++)
      await call(s, 'POST', `${base}/volumes`, { volume: { size: 1, name: `v${i}` } });
    const first = await call<{
      volumes: Array<{ id: string }>;
      volumes_links?: Array<{ rel: string; href: string }>;
    }>(s, 'GET', `${base}/volumes/detail?limit=2`);
    expect(first.body.volumes).toHaveLength(2);
    const next = first.body.volumes_links?.[0];
    expect(next?.rel).toBe('next');
    expect(next?.href).toBe(
      `${s.cloud.url}${base}/volumes/detail?limit=2&marker=${first.body.volumes[1]?.id}`,
    );
    const creating = first.body.volumes[0]?.id;
    const refused = await call(s, 'POST', `${base}/backups`, { backup: { volume_id: creating } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      badRequest: {
        code: 400,
        message:
          'Invalid volume: The volume must be available or in-use, but the current status is "creating".',
      },
    });
  });
});
