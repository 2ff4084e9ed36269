// A minimal stateful OpenStack on the fake server: just the resources the IaaS gatherers and the cleanup touch.
import {
  FakeServer,
  PROJECT_ID,
  installKeystone,
  requireToken,
  type FakeReply,
  type FakeRequest,
} from './fake-server.js';

type Rec = Record<string, unknown> & { id: string; name?: string | null; status?: string };

export interface MiniCloudOptions {
  novaMax?: string;
  /** Neutron has /v2.0/default-security-group-rules (2023.2+) */
  defaultRulesApi?: boolean;
  /** Barbican answers 403 to secret creation (legacy policy, no creator role) */
  barbicanForbidden?: boolean;
  keyManager?: boolean;
  objectStore?: boolean;
  /** polls a volume/backup/server needs before it is ready */
  pollsUntilReady?: number;
  /** backups end in status error */
  backupFails?: boolean;
  /** console text the VM prints (default: a passing run) */
  console?: string;
  externalNetwork?: boolean;
  /** Glance page size */
  imagePage?: number;
}

export const PASSING_CONSOLE = [
  '[   12.1] cloud-init[500]: Cloud-init v. 23.1 running modules:final',
  '[   20.2] cloud-init[500]: _scs-test-entropy-avail: 256',
  '[   40.0] cloud-init[500]: _scs-test-fips-test: rngtest 5',
  '[   40.1] cloud-init[500]: _scs-test-fips-test: rngtest: FIPS 140-2 successes: 998',
  '[   40.1] cloud-init[500]: _scs-test-fips-test: rngtest: FIPS 140-2 failures: 2',
  '[   41.0] cloud-init[500]: _scs-test-end',
  'Cloud-init v. 23.1 finished at Mon, 01 Jan 2024. Datasource DataSourceOpenStack. _scs-test-end',
].join('\n');

export class MiniCloud {
  readonly s = new FakeServer();
  ks!: ReturnType<typeof installKeystone>;
  readonly store: Record<string, Map<string, Rec>> = {};
  /** `DELETE kind name` in the order deletions happened */
  readonly deletions: string[] = [];
  private seq = 0;
  private polls = new Map<string, number>();

  constructor(readonly o: MiniCloudOptions = {}) {
    for (const k of [
      'flavor',
      'image',
      'type',
      'volume',
      'backup',
      'server',
      'keypair',
      'network',
      'subnet',
      'router',
      'port',
      'sg',
      'fip',
      'secret',
    ])
      this.store[k] = new Map();
  }

  get url() {
    return this.s.url;
  }

  id(kind: string): string {
    return `${kind}-${String(++this.seq).padStart(4, '0')}-0000-4000-8000-000000000000`;
  }

  add(kind: string, rec: Partial<Rec> & { id?: string }): Rec {
    const r = { ...rec, id: rec.id ?? this.id(kind) } as Rec;
    this.map(kind).set(r.id, r);
    return r;
  }

  map(kind: string): Map<string, Rec> {
    const m = this.store[kind];
    if (!m) throw new Error(`no store ${kind}`);
    return m;
  }

  all(kind: string): Rec[] {
    return [...this.map(kind).values()];
  }

  /** advance a resource's status on each GET */
  private tick(r: Rec, ready: string, from: string[]) {
    if (!r.status || !from.includes(r.status)) return;
    const n = (this.polls.get(r.id) ?? 0) + 1;
    this.polls.set(r.id, n);
    if (n >= (this.o.pollsUntilReady ?? 1)) {
      r.status = ready;
      const after = r._after as (() => void) | undefined;
      if (after) {
        delete r._after;
        after();
      }
    }
  }

  private guard(h: (req: FakeRequest, m: RegExpMatchArray) => FakeReply | Promise<FakeReply>) {
    return (req: FakeRequest, m: RegExpMatchArray) => requireToken(this.ks, req) ?? h(req, m);
  }

  private del(kind: string, label: string, id: string): FakeReply {
    const r = this.map(kind).get(id);
    if (!r) return { status: 404, json: { itemNotFound: { message: `${label} ${id} not found` } } };
    this.map(kind).delete(id);
    this.deletions.push(`${label} ${r.name ?? id}`);
    return { status: 204 };
  }

  async start(): Promise<this> {
    await this.s.start();
    const services: Record<string, string> = {
      identity: '/identity/v3',
      compute: '/compute/v2.1',
      image: '/image',
      network: '/network',
      'block-storage': `/volume/v3/${PROJECT_ID}`,
    };
    if (this.o.keyManager !== false) services['key-manager'] = '/key-manager';
    if (this.o.objectStore) services['object-store'] = `/swift/v1/AUTH_${PROJECT_ID}`;
    this.ks = installKeystone(this.s, { services });
    const s = this.s;
    const g = this.guard.bind(this);
    const pick = (r: Rec) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_')));

    // ---- compute
    s.on(
      'GET',
      '/compute/v2.1/',
      g(() => ({
        json: {
          version: { id: 'v2.1', status: 'CURRENT', version: this.o.novaMax ?? '2.93', min_version: '2.1' },
        },
      })),
    );
    s.on(
      'GET',
      '/compute/v2.1/flavors/detail',
      g((req) => {
        const mv = req.headers['x-openstack-nova-api-version'];
        const inline = mv !== undefined && Number(mv.split('.')[1]) >= 61;
        return {
          json: {
            flavors: this.all('flavor').map((f) => {
              const { extra_specs, ...rest } = f;
              return inline ? { ...rest, extra_specs } : rest;
            }),
          },
        };
      }),
    );
    s.on(
      'GET',
      /^\/compute\/v2\.1\/flavors\/([^/]+)\/os-extra_specs$/,
      g((_r, m) => {
        const f = this.map('flavor').get(decodeURIComponent(m[1] ?? ''));
        return f
          ? { json: { extra_specs: f.extra_specs ?? {} } }
          : { status: 404, json: { itemNotFound: { message: 'no flavor' } } };
      }),
    );
    s.on(
      'POST',
      '/compute/v2.1/servers',
      g((req) => {
        const body = (req.json as { server: Record<string, unknown> }).server;
        const bdm = (body.block_device_mapping_v2 as Array<Record<string, unknown>> | undefined)?.[0];
        const vol = this.add('volume', { name: '', status: 'in-use', size: bdm?.volume_size, _boot: true });
        const srv = this.add('server', {
          name: body.name as string,
          status: 'BUILD',
          _userData: body.user_data,
          _bootVolume: bdm?.delete_on_termination ? vol.id : undefined,
          'os-extended-volumes:volumes_attached': [{ id: vol.id }],
        });
        const net = (body.networks as Array<{ uuid: string }> | undefined)?.[0]?.uuid;
        if (net)
          this.add('port', { name: '', network_id: net, device_owner: 'compute:nova', device_id: srv.id });
        return { status: 202, json: { server: { id: srv.id, adminPass: 'xyzzy-admin-pass' } } };
      }),
    );
    s.on(
      'GET',
      '/compute/v2.1/servers',
      g(() => ({ json: { servers: this.all('server').map((x) => ({ id: x.id, name: x.name })) } })),
    );
    s.on(
      'GET',
      /^\/compute\/v2\.1\/servers\/([^/]+)$/,
      g((_r, m) => {
        const srv = this.map('server').get(m[1] ?? '');
        if (!srv) return { status: 404, json: { itemNotFound: { message: 'Instance could not be found.' } } };
        this.tick(srv, 'ACTIVE', ['BUILD']);
        return { json: { server: pick(srv) } };
      }),
    );
    s.on(
      'GET',
      '/compute/v2.1/servers/detail',
      g(() => ({ json: { servers: this.all('server') } })),
    );
    s.on(
      'DELETE',
      /^\/compute\/v2\.1\/servers\/([^/]+)$/,
      g((_r, m) => {
        const srv = this.map('server').get(m[1] ?? '');
        const reply = this.del('server', 'server', m[1] ?? '');
        if (srv?._bootVolume) this.map('volume').delete(srv._bootVolume as string);
        for (const p of this.all('port')) if (p.device_id === srv?.id) this.map('port').delete(p.id);
        return reply;
      }),
    );
    s.on(
      'POST',
      /^\/compute\/v2\.1\/servers\/([^/]+)\/action$/,
      g((req, m) => {
        const srv = this.map('server').get(m[1] ?? '');
        if (!srv) return { status: 404, json: { itemNotFound: { message: 'no server' } } };
        if (!(req.json as Record<string, unknown>)['os-getConsoleOutput'])
          return { status: 400, json: { badRequest: { message: 'unknown action' } } };
        const n = ((srv._consolePolls as number | undefined) ?? 0) + 1;
        srv._consolePolls = n;
        const full = this.o.console ?? PASSING_CONSOLE;
        return { json: { output: n < 2 ? 'booting...\n' : full } };
      }),
    );
    s.on(
      'GET',
      '/compute/v2.1/os-keypairs',
      g(() => ({ json: { keypairs: this.all('keypair').map((k) => ({ keypair: { name: k.name } })) } })),
    );
    s.on(
      'DELETE',
      /^\/compute\/v2\.1\/os-keypairs\/([^/]+)$/,
      g((_r, m) => {
        const k = this.all('keypair').find((x) => x.name === decodeURIComponent(m[1] ?? ''));
        return k ? this.del('keypair', 'keypair', k.id) : { status: 404, json: {} };
      }),
    );

    // ---- image (paginated like Glance)
    s.on(
      'GET',
      '/image/v2/images',
      g((req) => {
        const page = this.o.imagePage ?? 2;
        const all = this.all('image');
        const marker = req.query.get('marker');
        const start = marker ? all.findIndex((i) => i.id === marker) + 1 : 0;
        const chunk = all.slice(start, start + page);
        const qs = new URLSearchParams(req.query);
        const out: Record<string, unknown> = {
          images: chunk,
          first: '/v2/images',
          schema: '/v2/schemas/images',
        };
        if (start + page < all.length && chunk.length) {
          qs.set('marker', chunk[chunk.length - 1]?.id ?? '');
          out.next = `/v2/images?${qs.toString()}`;
        }
        return { json: out };
      }),
    );

    // ---- block storage
    const vp = `/volume/v3/${PROJECT_ID}`;
    s.on(
      'GET',
      `${vp}/types`,
      g(() => ({ json: { volume_types: this.all('type') } })),
    );
    s.on(
      'POST',
      `${vp}/volumes`,
      g((req) => {
        const b = (req.json as { volume: Record<string, unknown> }).volume;
        const v = this.add('volume', { name: b.name as string, size: b.size, status: 'creating' });
        return { status: 202, json: { volume: pick(v) } };
      }),
    );
    s.on(
      'GET',
      `${vp}/volumes/detail`,
      g(() => ({ json: { volumes: this.all('volume').map(pick) } })),
    );
    s.on(
      'GET',
      new RegExp(`^${vp}/volumes/(?!detail$)([^/]+)$`),
      g((_r, m) => {
        const v = this.map('volume').get(m[1] ?? '');
        if (!v) return { status: 404, json: { itemNotFound: { message: 'Volume could not be found.' } } };
        this.tick(v, 'available', ['creating', 'restoring-backup']);
        return { json: { volume: pick(v) } };
      }),
    );
    s.on(
      'DELETE',
      new RegExp(`^${vp}/volumes/([^/]+)$`),
      g((_r, m) => this.del('volume', 'volume', m[1] ?? '')),
    );
    s.on(
      'POST',
      `${vp}/backups`,
      g((req) => {
        const b = (req.json as { backup: Record<string, unknown> }).backup;
        if (!this.map('volume').get(b.volume_id as string))
          return { status: 404, json: { itemNotFound: { message: 'no volume' } } };
        const bk = this.add('backup', { name: b.name as string, volume_id: b.volume_id, status: 'creating' });
        if (this.o.backupFails) bk.status = 'error';
        return { status: 202, json: { backup: { id: bk.id, name: bk.name } } };
      }),
    );
    s.on(
      'GET',
      `${vp}/backups/detail`,
      g(() => ({ json: { backups: this.all('backup').map(pick) } })),
    );
    s.on(
      'GET',
      new RegExp(`^${vp}/backups/(?!detail$)([^/]+)$`),
      g((_r, m) => {
        const b = this.map('backup').get(m[1] ?? '');
        if (!b) return { status: 404, json: { itemNotFound: { message: 'Backup could not be found.' } } };
        this.tick(b, 'available', ['creating', 'restoring']);
        return { json: { backup: pick(b) } };
      }),
    );
    s.on(
      'DELETE',
      new RegExp(`^${vp}/backups/([^/]+)$`),
      g((_r, m) => this.del('backup', 'backup', m[1] ?? '')),
    );
    s.on(
      'POST',
      new RegExp(`^${vp}/backups/([^/]+)/restore$`),
      g((req, m) => {
        const b = this.map('backup').get(m[1] ?? '');
        if (!b || b.status !== 'available')
          return { status: 400, json: { badRequest: { message: 'backup not available' } } };
        const name = (req.json as { restore: { name?: string } }).restore.name;
        const v = this.add('volume', { name, status: 'restoring-backup' });
        b.status = 'restoring';
        return { status: 202, json: { restore: { backup_id: b.id, volume_id: v.id, volume_name: name } } };
      }),
    );

    // ---- network
    s.on(
      'GET',
      '/network/v2.0/default-security-group-rules',
      g(() =>
        this.o.defaultRulesApi
          ? {
              json: {
                default_security_group_rules: [
                  {
                    id: 'd1',
                    direction: 'egress',
                    ethertype: 'IPv4',
                    remote_ip_prefix: null,
                    remote_group_id: null,
                    used_in_default_sg: true,
                    used_in_non_default_sg: true,
                  },
                  {
                    id: 'd2',
                    direction: 'ingress',
                    ethertype: 'IPv4',
                    remote_group_id: 'PARENT',
                    used_in_default_sg: true,
                    used_in_non_default_sg: false,
                  },
                ],
              },
            }
          : {
              status: 404,
              json: { NeutronError: { type: 'HTTPNotFound', message: 'The resource could not be found.' } },
            },
      ),
    );
    s.on(
      'POST',
      '/network/v2.0/security-groups',
      g((req) => {
        const b = (req.json as { security_group: Record<string, unknown> }).security_group;
        const id = this.id('sg');
        const sg = this.add('sg', {
          id,
          name: b.name as string,
          security_group_rules: [
            {
              id: `${id}-r1`,
              direction: 'egress',
              ethertype: 'IPv4',
              protocol: null,
              remote_ip_prefix: null,
              remote_group_id: null,
              security_group_id: id,
            },
            {
              id: `${id}-r2`,
              direction: 'egress',
              ethertype: 'IPv6',
              protocol: null,
              remote_ip_prefix: null,
              remote_group_id: null,
              security_group_id: id,
            },
          ],
        });
        return { status: 201, json: { security_group: sg } };
      }),
    );
    s.on(
      'GET',
      '/network/v2.0/security-groups',
      g(() => ({ json: { security_groups: this.all('sg') } })),
    );
    s.on(
      'GET',
      /^\/network\/v2\.0\/security-groups\/([^/]+)$/,
      g((_r, m) => {
        const sg = this.map('sg').get(m[1] ?? '');
        return sg
          ? { json: { security_group: sg } }
          : { status: 404, json: { NeutronError: { message: 'no sg' } } };
      }),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/security-groups\/([^/]+)$/,
      g((_r, m) => this.del('sg', 'security-group', m[1] ?? '')),
    );
    if (this.o.externalNetwork !== false)
      this.add('network', { name: 'public', 'router:external': true, id: 'ext-net' });
    s.on(
      'GET',
      '/network/v2.0/networks',
      g((req) => {
        const ext = req.query.get('router:external');
        const nets = this.all('network').filter(
          (n) => ext === null || String(Boolean(n['router:external'])) === ext.toLowerCase(),
        );
        return { json: { networks: nets } };
      }),
    );
    s.on(
      'POST',
      '/network/v2.0/networks',
      g((req) => ({
        status: 201,
        json: {
          network: this.add('network', {
            name: (req.json as { network: { name: string } }).network.name,
            status: 'ACTIVE',
          }),
        },
      })),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/networks\/([^/]+)$/,
      g((_r, m) => {
        const id = m[1] ?? '';
        if (this.all('port').some((p) => p.network_id === id && p.device_owner !== 'network:dhcp'))
          return {
            status: 409,
            json: {
              NeutronError: {
                type: 'NetworkInUse',
                message: `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
              },
            },
          };
        for (const sub of this.all('subnet')) if (sub.network_id === id) this.map('subnet').delete(sub.id);
        return this.del('network', 'network', id);
      }),
    );
    s.on(
      'POST',
      '/network/v2.0/subnets',
      g((req) => {
        const b = (req.json as { subnet: Record<string, unknown> }).subnet;
        return {
          status: 201,
          json: {
            subnet: this.add('subnet', { name: b.name as string, network_id: b.network_id, cidr: b.cidr }),
          },
        };
      }),
    );
    s.on(
      'GET',
      '/network/v2.0/subnets',
      g(() => ({ json: { subnets: this.all('subnet') } })),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/subnets\/([^/]+)$/,
      g((_r, m) => {
        const id = m[1] ?? '';
        if (this.all('port').some((p) => p.subnet_id === id))
          return { status: 409, json: { NeutronError: { message: 'subnet in use' } } };
        return this.del('subnet', 'subnet', id);
      }),
    );
    s.on(
      'POST',
      '/network/v2.0/routers',
      g((req) => {
        const b = (req.json as { router: Record<string, unknown> }).router;
        return {
          status: 201,
          json: {
            router: this.add('router', {
              name: b.name as string,
              external_gateway_info: b.external_gateway_info ?? null,
            }),
          },
        };
      }),
    );
    s.on(
      'GET',
      '/network/v2.0/routers',
      g(() => ({ json: { routers: this.all('router') } })),
    );
    s.on(
      'PUT',
      /^\/network\/v2\.0\/routers\/([^/]+)$/,
      g((req, m) => {
        const r = this.map('router').get(m[1] ?? '');
        if (!r) return { status: 404, json: {} };
        Object.assign(r, (req.json as { router: Record<string, unknown> }).router);
        this.deletions.push(`gateway ${r.name}`);
        return { json: { router: r } };
      }),
    );
    s.on(
      'PUT',
      /^\/network\/v2\.0\/routers\/([^/]+)\/add_router_interface$/,
      g((req, m) => {
        const sub = (req.json as { subnet_id: string }).subnet_id;
        const subnet = this.map('subnet').get(sub);
        const p = this.add('port', {
          name: '',
          device_owner: 'network:router_interface',
          device_id: m[1],
          subnet_id: sub,
          network_id: subnet?.network_id,
        });
        return { json: { id: m[1], subnet_id: sub, port_id: p.id } };
      }),
    );
    s.on(
      'PUT',
      /^\/network\/v2\.0\/routers\/([^/]+)\/remove_router_interface$/,
      g((req, m) => {
        const b = req.json as { subnet_id?: string; port_id?: string };
        const p = this.all('port').find(
          (x) => x.device_id === m[1] && (x.id === b.port_id || x.subnet_id === b.subnet_id),
        );
        if (!p) return { status: 404, json: { NeutronError: { message: 'no interface' } } };
        this.map('port').delete(p.id);
        this.deletions.push(`interface ${this.map('router').get(m[1] ?? '')?.name}`);
        return { json: { id: m[1] } };
      }),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/routers\/([^/]+)$/,
      g((_r, m) => {
        const id = m[1] ?? '';
        if (this.all('port').some((p) => p.device_id === id))
          return {
            status: 409,
            json: { NeutronError: { type: 'RouterInUse', message: 'router has interfaces' } },
          };
        return this.del('router', 'router', id);
      }),
    );
    s.on(
      'GET',
      '/network/v2.0/ports',
      g((req) => {
        const dev = req.query.get('device_id');
        const net = req.query.get('network_id');
        return {
          json: {
            ports: this.all('port').filter(
              (p) => (!dev || p.device_id === dev) && (!net || p.network_id === net),
            ),
          },
        };
      }),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/ports\/([^/]+)$/,
      g((_r, m) => this.del('port', 'port', m[1] ?? '')),
    );
    // floating IPs have no name: the description stands for it (and names the deletion)
    s.on(
      'GET',
      '/network/v2.0/floatingips',
      g(() => ({ json: { floatingips: this.all('fip') } })),
    );
    s.on(
      'DELETE',
      /^\/network\/v2\.0\/floatingips\/([^/]+)$/,
      g((_r, m) => {
        const f = this.map('fip').get(m[1] ?? '');
        if (f) this.deletions.push(`floating-ip ${String(f.description)}`);
        return f ? (this.map('fip').delete(f.id), { status: 204 }) : { status: 404 };
      }),
    );

    // ---- key manager
    s.on(
      'POST',
      '/key-manager/v1/secrets',
      g((req) => {
        if (this.o.barbicanForbidden)
          return {
            status: 403,
            json: {
              code: 403,
              title: 'Forbidden',
              description: 'SecretsController policy does not allow this action',
            },
          };
        const b = req.json as Record<string, unknown>;
        const sec = this.add('secret', { name: b.name as string, _payload: b.payload });
        return { status: 201, json: { secret_ref: `${this.url}/key-manager/v1/secrets/${sec.id}` } };
      }),
    );
    s.on(
      'GET',
      '/key-manager/v1/secrets',
      g((req) => {
        const limit = Number(req.query.get('limit') ?? 10);
        const offset = Number(req.query.get('offset') ?? 0);
        const all = this.all('secret');
        const page = all.slice(offset, offset + limit).map((x) => ({
          name: x.name,
          secret_ref: `${this.url}/key-manager/v1/secrets/${x.id}`,
          secret_type: 'opaque',
        }));
        const out: Record<string, unknown> = { secrets: page, total: all.length };
        if (offset + limit < all.length)
          out.next = `${this.url}/key-manager/v1/secrets?limit=${limit}&offset=${offset + limit}`;
        return { json: out };
      }),
    );
    s.on(
      'DELETE',
      /^\/key-manager\/v1\/secrets\/([^/]+)$/,
      g((_r, m) => this.del('secret', 'secret', m[1] ?? '')),
    );

    // ---- S3 on the object-store host (no token: S3 signs instead)
    s.on('GET', '/', (req) => ({
      status: 403,
      headers: { 'Content-Type': 'application/xml' },
      body: req.headers.authorization?.includes('Credential=doesnotexist/')
        ? '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>'
        : '<Error><Code>AccessDenied</Code><Message>unsigned</Message></Error>',
    }));
    return this;
  }

  async close() {
    await this.s.close();
  }
}
