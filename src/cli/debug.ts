// `--debug`: every HTTP exchange (from undici and node:http alike) and internal step on stderr, scrubbed first.
import diagnostics from 'node:diagnostics_channel';
import { redact } from '../core/redact.js';
import type { CliIO } from './io.js';

/**
 * The one door every debug line passes through. It scrubs before writing, so nothing secret (tokens, passwords,
 * keys) reaches the terminal; switching to a project-wide redaction layer means changing `scrub` alone.
 */
export function scrubDebug(text: string): string {
  return (
    redact(text)
      // header lines and JSON fields that carry credentials
      .replace(
        /((?:x-auth-token|x-subject-token|authorization|proxy-authorization|cookie|set-cookie|x-amz-security-token)["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi,
        '$1<redacted>',
      )
      .replace(
        /(["']?(?:password|secret|token|access_key|secret_key|private_key|passphrase|application_credential_secret|client-key-data|token-data)["']?\s*[:=]\s*["']?)[^"'\s,}&]+/gi,
        '$1<redacted>',
      )
      // userinfo in URLs (proxies, S3 endpoints)
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@:]+:[^/\s@]+@/gi, '$1<redacted>@')
      // query parameters that name secrets (signatures, tokens)
      .replace(/([?&](?:token|signature|x-amz-signature|x-amz-credential|sig|key)=)[^&\s]+/gi, '$1<redacted>')
  );
}

let sink: ((line: string) => void) | undefined;

/** Whether `--debug` is on for this process. */
export function debugEnabled(): boolean {
  return sink !== undefined;
}

/** Writes one scrubbed `debug:` line when `--debug` is on; a no-op otherwise. */
export function debugLine(text: string): void {
  if (!sink) return;
  sink(`debug: ${scrubDebug(text)}\n`);
}

interface UndiciRequest {
  method?: string;
  origin?: string | URL;
  path?: string;
}

const started = new WeakMap<object, number>();

function undiciUrl(r: UndiciRequest): string {
  return `${String(r.origin ?? '')}${r.path ?? ''}`;
}

interface HttpClientRequest {
  method?: string;
  protocol?: string;
  host?: string;
  path?: string;
  getHeader?: (name: string) => unknown;
}

function httpUrl(r: HttpClientRequest): string {
  // The Host header carries the port; `host` alone does not.
  const header = r.getHeader?.('host');
  const host = typeof header === 'string' ? header : (r.host ?? '');
  return `${r.protocol ?? 'http:'}//${host}${r.path ?? ''}`;
}

const handlers: Array<[string, (msg: unknown) => void]> = [
  [
    'undici:request:create',
    (msg) => {
      const { request } = msg as { request: UndiciRequest };
      started.set(request, Date.now());
      debugLine(`http → ${request.method ?? 'GET'} ${undiciUrl(request)}`);
    },
  ],
  [
    'undici:request:headers',
    (msg) => {
      const { request, response } = msg as { request: UndiciRequest; response: { statusCode: number } };
      const t0 = started.get(request);
      debugLine(
        `http ← ${response.statusCode} ${request.method ?? 'GET'} ${undiciUrl(request)}${t0 !== undefined ? ` (${Date.now() - t0} ms)` : ''}`,
      );
    },
  ],
  [
    'undici:request:error',
    (msg) => {
      const { request, error } = msg as { request: UndiciRequest; error: Error };
      debugLine(
        `http ✗ ${request.method ?? 'GET'} ${undiciUrl(request)}: ${error?.message ?? String(error)}`,
      );
    },
  ],
  [
    'http.client.request.start',
    (msg) => {
      const { request } = msg as { request: HttpClientRequest & object };
      started.set(request, Date.now());
      debugLine(`http → ${request.method ?? 'GET'} ${httpUrl(request)}`);
    },
  ],
  [
    'http.client.response.finish',
    (msg) => {
      const { request, response } = msg as {
        request: HttpClientRequest & object;
        response: { statusCode?: number };
      };
      const t0 = started.get(request);
      debugLine(
        `http ← ${response.statusCode ?? '?'} ${request.method ?? 'GET'} ${httpUrl(request)}${t0 !== undefined ? ` (${Date.now() - t0} ms)` : ''}`,
      );
    },
  ],
];

/** Turns `--debug` on: subscribes to the HTTP diagnostics channels and sends debug lines to stderr. */
export function enableDebug(io: Pick<CliIO, 'stderr'>): void {
  if (sink) return;
  sink = (line) => io.stderr(line);
  for (const [name, fn] of handlers) diagnostics.subscribe(name, fn);
}

/** Turns `--debug` off again (in-process CLI calls in tests share one module). */
export function disableDebug(): void {
  if (!sink) return;
  sink = undefined;
  for (const [name, fn] of handlers) diagnostics.unsubscribe(name, fn);
}
