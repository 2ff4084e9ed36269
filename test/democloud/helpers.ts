// Test helpers for the embedded cloud: a steppable clock, token issue and a small fetch wrapper.
import { startDemoCloud, type DemoCloud, type DemoCloudOptions } from '../../src/democloud/index.js';

export const NOW = new Date('2026-08-21T10:00:00Z');

/** A clock the test moves by hand, so state transitions happen exactly when the test says. */
export function manualClock(start = NOW.getTime()) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface Session {
  cloud: DemoCloud;
  token: string;
  projectId: string;
  userId: string;
  catalog: Array<{ type: string; name: string; endpoints: Array<{ interface: string; url: string }> }>;
  clock: ReturnType<typeof manualClock>;
}

export async function startWithClock(opts: DemoCloudOptions = {}) {
  const clock = manualClock();
  const cloud = await startDemoCloud({ now: NOW, clock: clock.now, ...opts });
  return { cloud, clock };
}

export function passwordAuth(user: string, password: string, project = 'demo') {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      scope: { project: { name: project, domain: { name: 'Default' } } },
    },
  };
}

export async function issueToken(cloud: DemoCloud, body: unknown): Promise<Response> {
  return fetch(`${cloud.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Starts a cloud (manual clock unless given) and logs in as demo-user. */
export async function session(
  opts: DemoCloudOptions = {},
  user = 'demo-user',
  password = 'scs-demo-password',
  project = 'demo',
): Promise<Session> {
  const { cloud, clock } = await startWithClock(opts);
  const res = await issueToken(cloud, passwordAuth(user, password, project));
  if (res.status !== 201) throw new Error(`token issue failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    token: { project: { id: string }; user: { id: string }; catalog: Session['catalog'] };
  };
  return {
    cloud,
    token: res.headers.get('x-subject-token') as string,
    projectId: body.token.project.id,
    userId: body.token.user.id,
    catalog: body.token.catalog,
    clock,
  };
}

export function endpoint(s: Session, type: string): string {
  const svc = s.catalog.find((c) => c.type === type);
  const ep = svc?.endpoints.find((e) => e.interface === 'public');
  if (!ep) throw new Error(`no public ${type} endpoint in the catalog`);
  return ep.url;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls a URL (absolute, or relative to the cloud's base URL) with the session's token. */
export async function call<T = Record<string, unknown>>(
  s: Session,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult<T>> {
  const full = url.startsWith('http') ? url : `${s.cloud.url}${url}`;
  const res = await fetch(full, {
    method,
    headers: {
      'x-auth-token': s.token,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
