// Record and replay: save every exchange redacted as JSON files, and serve them back without a network.
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { expectFields, InputFileError, readJsonInput, shapeError } from '../../core/input-file.js';
import { join } from 'node:path';
import {
  OpenStackConfigError,
  OpenStackTransportError,
  transportError,
  type TransportErrorKind,
} from './errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import { REDACTED, type Redactor, redactor as sharedRedactor } from '../../core/redact.js';

export const RECORDING_FORMAT = 'scs-cert/openstack-recording';
export const RECORDING_FORMAT_VERSION = 1;
export { REDACTED };
const MANIFEST = 'recording.json';
const EXCHANGES = 'exchanges';

/** One saved exchange (`exchanges/000001-compute-GET.json`). */
export interface RecordedExchange {
  seq: number;
  service: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  response?: {
    status: number;
    headers: Record<string, string>;
    bodyFormat: 'json' | 'text';
    body: unknown;
  };
  error?: { kind: TransportErrorKind; code?: string; message: string };
  durationMs: number;
}

/** `recording.json`: what was recorded, from which cloud (no secrets), by which tool. */
export interface RecordingManifest {
  format: typeof RECORDING_FORMAT;
  formatVersion: number;
  tool: string;
  createdAt: string;
  cloud: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The recording's handle on the shared redaction layer: secrets it learns (issued tokens, passwords) are hidden
 * in every output of the process, not only in recordings.
 */
export class SecretScrubber {
  constructor(private readonly redactor: Redactor = sharedRedactor) {}

  add(value: string | undefined): void {
    this.redactor.addSecret(value);
  }

  scrub(text: string): string {
    return this.redactor.text(text);
  }
}

/** Replaces secret values in a JSON document: sensitive keys, the `id` of any `token` object, known secrets. */
export function redactJson(value: unknown): unknown {
  return sharedRedactor.json(value);
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return sharedRedactor.headers(headers);
}

function parseMaybeJson(text: string | undefined): { format: 'json' | 'text'; value: unknown } {
  if (text === undefined || text === '') return { format: 'text', value: text ?? '' };
  try {
    return { format: 'json', value: JSON.parse(text) };
  } catch {
    return { format: 'text', value: text };
  }
}

/** Wraps a transport and writes each exchange, redacted, into `dir/exchanges/`. */
export class RecordingTransport implements Transport {
  readonly offline: boolean;
  private seq = 0;
  private readonly exchangesDir: string;

  constructor(
    private readonly inner: Transport,
    private readonly dir: string,
    private readonly scrubber: SecretScrubber,
  ) {
    this.offline = inner.offline;
    this.exchangesDir = join(dir, EXCHANGES);
    mkdirSync(this.exchangesDir, { recursive: true });
  }

  writeManifest(manifest: RecordingManifest): void {
    writeFileSync(join(this.dir, MANIFEST), this.scrubber.scrub(JSON.stringify(manifest, null, 2)) + '\n');
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const seq = ++this.seq;
    const started = performance.now();
    const reqBody = parseMaybeJson(req.body);
    const base = {
      seq,
      service: req.service,
      method: req.method,
      url: req.url,
      requestHeaders: redactHeaders(req.headers),
      ...(req.body !== undefined
        ? { requestBody: reqBody.format === 'json' ? redactJson(reqBody.value) : reqBody.value }
        : {}),
    };
    try {
      const res = await this.inner.send(req);
      const body = parseMaybeJson(res.body);
      this.write({
        ...base,
        response: {
          status: res.status,
          headers: redactHeaders(res.headers),
          bodyFormat: body.format,
          body: body.format === 'json' ? redactJson(body.value) : body.value,
        },
        durationMs: Math.round(performance.now() - started),
      });
      return res;
    } catch (err) {
      if (err instanceof OpenStackTransportError) {
        this.write({
          ...base,
          error: { kind: err.kind, code: err.code, message: err.message },
          durationMs: Math.round(performance.now() - started),
        });
      }
      throw err;
    }
  }

  private write(ex: RecordedExchange): void {
    const name = `${String(ex.seq).padStart(6, '0')}-${ex.service.replace(/[^a-z0-9-]/gi, '_')}-${ex.method}.json`;
    writeFileSync(join(this.exchangesDir, name), this.scrubber.scrub(JSON.stringify(ex, null, 2)) + '\n');
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

/** Passes exchanges through and shows each answer to an observer (e.g. to notice the demo cloud's marker). */
export class ObservingTransport implements Transport {
  readonly offline: boolean;

  constructor(
    private readonly inner: Transport,
    private readonly observe: (res: TransportResponse) => void,
  ) {
    this.offline = inner.offline;
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.inner.send(req);
    this.observe(res);
    return res;
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

/** Reads a recording's manifest; errors say what is wrong with the directory. */
export function readManifest(dir: string): RecordingManifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) {
    throw new OpenStackConfigError(
      `${dir} is not an scs-cert OpenStack recording (no ${MANIFEST}); record one with the record option first`,
    );
  }
  let data: unknown;
  try {
    data = readJsonInput(path, 'recording manifest', 're-record');
  } catch (err) {
    if (err instanceof InputFileError) throw new OpenStackConfigError(err.message);
    throw err;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new OpenStackConfigError(`${path} is not an scs-cert OpenStack recording manifest`);
  const m = data as Partial<RecordingManifest>;
  if (m.format !== RECORDING_FORMAT || typeof m.formatVersion !== 'number') {
    throw new OpenStackConfigError(`${path} is not an scs-cert OpenStack recording manifest`);
  }
  if (m.formatVersion > RECORDING_FORMAT_VERSION) {
    throw new OpenStackConfigError(
      `${path} has recording format ${m.formatVersion}, newer than this scs-cert understands (${RECORDING_FORMAT_VERSION}); upgrade scs-cert`,
    );
  }
  return m as RecordingManifest;
}

/** Loads the exchanges of a recording in the order they were sent. */
export function readExchanges(dir: string): RecordedExchange[] {
  const exDir = join(dir, EXCHANGES);
  if (!existsSync(exDir)) return [];
  const out: RecordedExchange[] = [];
  for (const f of readdirSync(exDir).filter((n) => n.endsWith('.json'))) {
    const path = join(exDir, f);
    try {
      out.push(checkExchange(path, readJsonInput(path, 'recorded exchange', 're-record')));
    } catch (err) {
      if (err instanceof InputFileError) throw new OpenStackConfigError(err.message);
      throw err;
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Checks the shape of one recorded exchange; errors name the file and the JSON pointer. */
function checkExchange(path: string, data: unknown): RecordedExchange {
  const fix = 're-record, or remove the file';
  const ex = expectFields(
    path,
    '',
    data,
    {
      seq: 'integer',
      service: 'string',
      method: 'string',
      url: 'string',
      requestHeaders: 'object?',
      response: 'object?',
      error: 'object?',
      durationMs: 'number?',
    },
    fix,
  );
  if (ex.response !== undefined) {
    const r = expectFields(
      path,
      '/response',
      ex.response,
      { status: 'integer', headers: 'object', bodyFormat: 'string' },
      fix,
    );
    if (r.bodyFormat !== 'json' && r.bodyFormat !== 'text')
      throw shapeError(path, '/response/bodyFormat', `expected "json" or "text"`, fix);
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>))
      if (typeof v !== 'string') throw shapeError(path, `/response/headers/${k}`, 'expected a string', fix);
  } else if (ex.error !== undefined) {
    expectFields(path, '/error', ex.error, { kind: 'string', message: 'string', code: 'string?' }, fix);
  } else {
    throw shapeError(path, '/response', 'missing (and no /error either)', fix);
  }
  return ex as unknown as RecordedExchange;
}

/**
 * Serves recorded exchanges: a request gets the next unused recording with the same method and URL
 * (path + query), in the order they were recorded. Nothing touches the network.
 */
export class ReplayTransport implements Transport {
  readonly offline = true;
  private readonly queues = new Map<string, RecordedExchange[]>();

  constructor(
    exchanges: RecordedExchange[],
    private readonly dir: string,
  ) {
    for (const ex of exchanges) {
      const key = replayKey(ex.method, ex.url);
      const q = this.queues.get(key) ?? [];
      q.push(ex);
      this.queues.set(key, q);
    }
  }

  static fromDir(dir: string): ReplayTransport {
    readManifest(dir);
    return new ReplayTransport(readExchanges(dir), dir);
  }

  async send(req: TransportRequest): Promise<TransportResponse> {
    if (req.signal?.aborted) {
      throw transportError(
        'aborted',
        `aborted: ${req.service} ${req.method} ${req.url}`,
        req.service,
        req.method,
        req.url,
      );
    }
    const ex = this.queues.get(replayKey(req.method, req.url))?.shift();
    if (!ex) {
      throw transportError(
        'replay-miss',
        `the recording in ${this.dir} has no (further) answer for ${req.method} ${req.url}; re-record against the cloud`,
        req.service,
        req.method,
        req.url,
      );
    }
    if (ex.error) {
      throw transportError(ex.error.kind, ex.error.message, req.service, req.method, req.url, ex.error.code);
    }
    const r = ex.response;
    if (!r) {
      throw transportError(
        'replay-miss',
        `recorded exchange #${ex.seq} has no response`,
        req.service,
        req.method,
        req.url,
      );
    }
    const body = r.bodyFormat === 'json' ? JSON.stringify(r.body) : String(r.body ?? '');
    return { status: r.status, headers: { ...r.headers }, body };
  }

  /** Exchanges not asked for (yet); a full replay of the same run leaves none. */
  unused(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  async close(): Promise<void> {}
}

function replayKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}
