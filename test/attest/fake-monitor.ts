// A loopback stand-in for the compliance monitor's POST /reports, following monitor.py's order of checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllDocuments } from 'yaml';
import { verifySshsig } from '../../src/attest/sshsig/index.js';

export interface FakeAccount {
  subject: string;
  password: string;
  /** `keytype base64` public keys registered for the account. */
  keys: string[];
  appendAny?: boolean;
  /** Subjects that list this account as delegate. */
  delegateOf?: string[];
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeMonitor {
  url: string;
  received: Received[];
  stored: Set<string>;
  /** Answers to give before the real logic: a status with a detail, or 'drop' to cut the connection after storing. */
  script: Array<{ status: number; detail?: string; retryAfter?: string } | 'drop-after-store'>;
  close(): Promise<void>;
}

const SEP = '-----END SSH SIGNATURE-----\n&';

export async function startFakeMonitor(accounts: FakeAccount[], basePath = '/'): Promise<FakeMonitor> {
  const received: Received[] = [];
  const stored = new Set<string>();
  const script: FakeMonitor['script'] = [];
  const answer = (
    res: ServerResponse,
    status: number,
    detail: string | null,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(detail === null ? null : { detail }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || req.url !== `${basePath}reports`) return answer(res, 404, 'Not Found');
    const step = script.shift();
    let dropAfterStore = false;
    if (step === 'drop-after-store') dropAfterStore = true;
    else if (step)
      return answer(
        res,
        step.status,
        step.detail ?? null,
        step.retryAfter ? { 'retry-after': step.retryAfter } : {},
      );

    const auth = req.headers.authorization;
    if (!auth?.startsWith('Basic ')) return answer(res, 401, 'Not authenticated');
    const [user, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    const account = accounts.find((a) => a.subject === user && a.password === rest.join(':'));
    if (!account) return answer(res, 401, 'Incorrect username or password');
    const ct = req.headers['content-type'];
    if (ct !== 'application/x-signed-yaml' && ct !== 'application/x-signed-json') {
      return answer(res, 415, 'Unsupported Media Type');
    }
    const text = body.toString('utf8');
    const sep = text.indexOf(SEP);
    if (sep < 0) return answer(res, 401, 'missing signature');
    const signature = text.slice(0, sep + SEP.length - 1);
    const report = text.slice(sep + SEP.length);
    try {
      verifySshsig(Buffer.from(report, 'utf8'), signature, {
        allowedSigners: account.keys.map((k) => `mail@csp.eu ${k}\n`).join(''),
        identity: 'mail@csp.eu',
        namespace: 'report',
      });
    } catch {
      return answer(res, 401, 'verification failed');
    }
    const docs = parseAllDocuments(report);
    const values = (Array.isArray(docs) ? docs : []).map(
      (d) => d.toJS() as { subject: string; run: { uuid: string } },
    );
    if (values.length === 0) return answer(res, 200, 'empty reports');
    const allowed = new Set([account.subject, ...(account.delegateOf ?? [])]);
    for (const v of values) {
      if (v.subject !== account.subject && !account.appendAny) return answer(res, 401, 'Permission denied');
      if (!allowed.has(v.subject)) return answer(res, 401, 'delegation problem?');
    }
    if (values.some((v) => stored.has(String(v.run.uuid))))
      return answer(res, 409, 'Conflict: report already present');
    for (const v of values) stored.add(String(v.run.uuid));
    if (dropAfterStore) {
      res.socket?.destroy();
      return;
    }
    return answer(res, 200, null);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    received,
    stored,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
