// Upload of a signed report YAML to the SCS compliance monitor (POST /reports), byte-compatible with the batch runner.
import { writeFileSync, renameSync } from 'node:fs';
import { redactor } from '../core/redact.js';
import { request } from 'undici';
import { proxyDispatcher } from '../core/http-proxy.js';
import { parseAllDocuments, visit } from 'yaml';
import { retryAfterMs, withRetries } from '../core/retry.js';
import { USER_AGENT } from '../core/version.js';
import { KeyFileError, loadKeyFile, readFileOrFail, type KeyFileOptions } from './keyfile.js';
import { SshsigError, checkSshsig, describeKey, signSshsig, type SshPrivateKey } from './sshsig/index.js';

/** The monitor's separator: the signature's footer line, its newline, then `&` (curl's join of two --data-binary). */
export const SIGNED_BODY_SEPARATOR = '-----END SSH SIGNATURE-----\n&';
export const SIGNED_YAML_CONTENT_TYPE = 'application/x-signed-yaml';
/** Top-level key the report writer adds to reports of the embedded demo cloud. */
export const DEMO_MARKER_KEY = 'x-scs-cert-demo';
/** Top-level key the report writer adds with the report's provenance (source, demo). */
export const PROVENANCE_KEY = 'x-scs-cert-provenance';

/** The upload was refused before anything was sent (demo report, bad YAML, bad token...). One line. */
export class UploadRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}

export type UploadOutcome =
  | 'stored'
  | 'already-present'
  | 'signature-rejected'
  | 'credentials-rejected'
  | 'permission-denied'
  | 'unsupported-media-type'
  | 'not-found'
  | 'server-error'
  | 'unavailable'
  | 'network-error'
  | 'unexpected-response';

export interface UploadResult {
  ok: boolean;
  outcome: UploadOutcome;
  /** HTTP status of the last answer (absent for network errors). */
  status?: number;
  /** The monitor's `detail` text, when it sent one. */
  detail?: string;
  /** One line for the operator. */
  message: string;
  attempts: number;
  /** Where the signature was written, if it was. */
  signatureFile?: string;
}

export interface UploadOptions extends KeyFileOptions {
  /** Path of the report YAML (the bytes are sent unchanged). */
  report: string;
  /** Base URL of the monitor, e.g. https://compliance.sovereignit.cloud/ (`reports` is appended). */
  monitor: string;
  /** Private key to sign with (the account's registered key); or give `signatureFile`. */
  key?: string;
  /** An existing `ssh-keygen -Y sign -n report` signature of the report, used instead of signing. */
  signatureFile?: string;
  /** File with base64(subject:passphrase), as Tests/add_subject.py writes it. */
  tokenFile: string;
  /** Write the fresh signature to REPORT.sig as the batch runner does (default true). */
  writeSignature?: boolean;
  /** Upload even when every testcase of a document ABORTed (default: refuse). */
  allowAborted?: boolean;
  /** Upload even a report that says it was not gathered live (a replay, saved artifacts); default: refuse. */
  allowNotLive?: boolean;
  /** Retries after network errors and 502/503/504 (default 3). */
  retries?: number;
  /** First retry delay in ms, doubled each time (default 2000). */
  retryDelayMs?: number;
  /** Per-attempt timeout in ms (default 60000). */
  timeoutMs?: number;
  /** Progress lines (retries); never receives secrets. */
  log?: (line: string) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Environment for the proxy variables (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** `<monitor>/reports`, whether or not the monitor URL ends in a slash (as the batch runner joins it). */
export function reportsUrl(monitor: string): URL {
  let base: URL;
  try {
    base = new URL(monitor);
  } catch {
    throw new UploadRefusedError(
      `--monitor ${JSON.stringify(monitor)} is not a URL (e.g. https://compliance.sovereignit.cloud/)`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new UploadRefusedError(`--monitor must be an http(s) URL, not ${base.protocol}`);
  }
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('reports', base);
}

/** Reads the token file: base64 of `subject:passphrase`. Returns the header value and the account subject. */
export function readToken(path: string): { token: string; subject: string } {
  const token = readFileOrFail(path, 'token file').toString('utf8').trim();
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(token) ? Buffer.from(token, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    throw new UploadRefusedError(
      `token file ${path} does not hold base64("subject:passphrase") (create it with Tests/add_subject.py)`,
    );
  }
  redactor.addSecret(token);
  redactor.addSecret(decoded.slice(colon + 1));
  return { token, subject: decoded.slice(0, colon) };
}

interface ReportDocument {
  subject?: unknown;
  run?: { uuid?: unknown; invocations?: unknown };
  checked_at?: unknown;
  spec?: { uuid?: unknown };
  [key: string]: unknown;
}

/**
 * Checks the report YAML the way the monitor will read it, so that problems become a clear refusal
 * here instead of a 500 there; refuses demo reports. Returns the documents' subjects and run uuids.
 */
export function preflightReport(
  bytes: Buffer,
  name: string,
  opts: { allowAllAborted?: boolean; allowNotLive?: boolean } = {},
): { subjects: string[]; runUuids: string[]; notLive: string[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UploadRefusedError(`${name} is not UTF-8 text; the monitor decodes the body as UTF-8`);
  }
  const raw = YAML_UNREADABLE.exec(text);
  if (raw) {
    const line = text.slice(0, raw.index).split('\n').length;
    const code = raw[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new UploadRefusedError(
      `${name} line ${line} holds the raw character U+${code}, which YAML readers refuse or read as a line break (the monitor would answer 500 or change the text); ` +
        'write it as an escape (`scs-cert report REPORT.json -f yaml` re-renders a scs-cert report)',
    );
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new UploadRefusedError(`${name} holds no YAML document`);
  const subjects: string[] = [];
  const runUuids: string[] = [];
  const notLive: string[] = [];
  let index = 0;
  for (const doc of docs) {
    index++;
    if (doc.errors.length > 0) {
      throw new UploadRefusedError(
        `${name} is not valid YAML (document ${index}): ${doc.errors[0]?.message.split('\n')[0]}`,
      );
    }
    let pythonTag: string | undefined;
    visit(doc, {
      Scalar(key, node) {
        // YAML 1.1 readers resolve a plain `=` to the value tag and a plain `<<` (not a merge key) to the
        // merge tag; Python's safe loaders construct neither.
        if (node.type !== 'PLAIN' || pythonTag) return;
        if (node.value === '=' || (node.value === '<<' && key !== 'key')) pythonTag = String(node.value);
      },
    });
    if (pythonTag) {
      throw new UploadRefusedError(
        `${name} document ${index} holds a plain ${pythonTag}, which the monitor's YAML reader cannot construct (it would answer 500); quote it`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS() as unknown;
    } catch (err) {
      throw new UploadRefusedError(`${name} document ${index} cannot be read: ${(err as Error).message}`);
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new UploadRefusedError(`${name} document ${index} is not a mapping; it is not an SCS report`);
    }
    const d = value as ReportDocument;
    if (Object.prototype.hasOwnProperty.call(d, DEMO_MARKER_KEY)) {
      throw new UploadRefusedError(
        `${name} is a report of the embedded demo cloud (${DEMO_MARKER_KEY}); demo reports are never uploaded`,
      );
    }
    // Reports of other tools carry no provenance; scs-cert's own say where their results came from.
    const provenance = d[PROVENANCE_KEY] as { source?: unknown; demo?: unknown } | undefined;
    if (provenance !== undefined) {
      if (provenance?.demo === true) {
        throw new UploadRefusedError(
          `${name} says its data came from the embedded demo (${PROVENANCE_KEY}); demo reports are never uploaded`,
        );
      }
      if (provenance?.source !== 'live') {
        if (!opts.allowNotLive) {
          throw new UploadRefusedError(
            `${name} was not gathered live from a cloud (${PROVENANCE_KEY}.source: ${String(provenance?.source)}); certify with \`scs-cert run\`, or pass --allow-not-live to upload it anyway`,
          );
        }
        notLive.push(`document ${index}: ${String(provenance?.source)}`);
      }
    }
    const missing = [
      ['subject', d.subject],
      ['checked_at', d.checked_at],
      ['spec.uuid', d.spec?.uuid],
      ['run.uuid', d.run?.uuid],
      ['run.invocations', d.run?.invocations],
    ]
      .filter(([, v]) => v === undefined || v === null)
      .map(([k]) => k);
    if (missing.length) {
      throw new UploadRefusedError(
        `${name} document ${index} lacks ${missing.join(', ')} (the monitor would answer 500); is it an SCS report YAML?`,
      );
    }
    const nul = findNul(d, '');
    if (nul !== undefined) {
      throw new UploadRefusedError(
        `${name} document ${index} holds U+0000 in ${nul || 'a key'}, which the monitor's PostgreSQL cannot store (it would answer 500)`,
      );
    }
    if (!Object.prototype.hasOwnProperty.call(d, 'versions')) {
      checkInvocations(d.run?.invocations, name, index);
      // A report whose every result is ABORT (e.g. the pre-flight check refused the identity) would replace
      // real results in the monitor, which counts ABORT as "not failed": refuse it unless asked to.
      const values = Object.values(
        (d.run?.invocations ?? {}) as Record<string, { results?: Record<string, unknown> }>,
      ).flatMap((inv) => Object.values(inv?.results ?? {}));
      if (!opts.allowAllAborted && values.length > 0 && values.every((v) => v === 0)) {
        throw new UploadRefusedError(
          `${name} document ${index}: every testcase ABORTed (was the pre-flight check refused?); uploading it would replace real results in the monitor — fix the cause and run again, or pass --allow-aborted`,
        );
      }
    }
    subjects.push(String(d.subject));
    runUuids.push(String(d.run?.uuid));
  }
  if (runUuids.length === 0) throw new UploadRefusedError(`${name} holds no report document`);
  return { subjects, runUuids, notLive };
}

/**
 * Characters YAML does not allow raw in a stream (ruamel.yaml refuses the whole body: the monitor answers 500),
 * and NEL, LS, PS, which it reads as line breaks (500 in a plain scalar, a changed text in a quoted one).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const YAML_UNREADABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]/;

/** Path of the first string (value or key) holding U+0000, or undefined. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}[${i}]`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes('\0')) return at;
      const hit = findNul(v, at);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/**
 * The monitor reads every invocation's `results` and stores each value in an integer column: anything
 * else makes it answer 500.
 */
function checkInvocations(invocations: unknown, name: string, index: number): void {
  const where = `${name} document ${index}`;
  if (typeof invocations !== 'object' || Array.isArray(invocations) || invocations === null) {
    throw new UploadRefusedError(
      `${where}: run.invocations must be a mapping of invocation id to invocation`,
    );
  }
  for (const [id, inv] of Object.entries(invocations)) {
    const results = (inv as { results?: unknown } | null)?.results;
    if (typeof results !== 'object' || results === null || Array.isArray(results)) {
      throw new UploadRefusedError(
        `${where}: invocation ${id} has no results mapping (the monitor would answer 500)`,
      );
    }
    for (const [tc, v] of Object.entries(results)) {
      if (!Number.isInteger(v)) {
        throw new UploadRefusedError(
          `${where}: invocation ${id} gives ${tc} the result ${JSON.stringify(v)}; results are the integers 1 (PASS), 0 (ABORT), -1 (FAIL)`,
        );
      }
    }
  }
}

/** The exact request body: signature bytes, `&`, report bytes (what curl sends for the two --data-binary). */
export function signedBody(signature: Buffer, report: Buffer): Buffer {
  return Buffer.concat([signature, Buffer.from('&'), report]);
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

interface Prepared {
  url: URL;
  body: Buffer;
  token: string;
  ctx: AnswerContext;
  signatureFile?: string;
}

/** Everything before the first byte goes out: refusals surface as UploadRefusedError. */
async function prepare(opts: UploadOptions): Promise<Prepared> {
  const url = reportsUrl(opts.monitor);
  const reportBytes = readFileOrFail(opts.report, 'report');
  const { subjects, runUuids, notLive } = preflightReport(reportBytes, opts.report, {
    allowAllAborted: Boolean(opts.allowAborted),
    allowNotLive: Boolean(opts.allowNotLive),
  });
  if (notLive.length)
    opts.log?.(
      `uploading a report that was not gathered live (${notLive.join(', ')}), as allowed; its ${PROVENANCE_KEY} says so`,
    );
  const { token, subject: account } = readToken(opts.tokenFile);

  let signature: Buffer;
  let signer: string;
  let signatureFile: string | undefined;
  if (opts.signatureFile !== undefined) {
    signature = readFileOrFail(opts.signatureFile, 'signature file');
    try {
      signer = describeKey(checkSshsig(reportBytes, signature.toString('utf8'), 'report').publicKey);
    } catch (err) {
      const why = err instanceof SshsigError ? err.message : String(err);
      throw new UploadRefusedError(`signature ${opts.signatureFile} does not fit ${opts.report}: ${why}`);
    }
    if (!signature.toString('latin1').endsWith(SIGNED_BODY_SEPARATOR.slice(0, -1))) {
      throw new UploadRefusedError(
        `signature ${opts.signatureFile} must end with "-----END SSH SIGNATURE-----" and one newline (the monitor splits there)`,
      );
    }
  } else if (opts.key !== undefined) {
    const key: SshPrivateKey = await loadKeyFile(opts.key, opts);
    signature = Buffer.from(signSshsig(reportBytes, key, { namespace: 'report' }), 'utf8');
    signer = describeKey(key.public);
    if (opts.writeSignature !== false) {
      signatureFile = `${opts.report}.sig`;
      writeAtomically(signatureFile, signature);
    }
  } else {
    throw new UploadRefusedError(
      'give --key KEYFILE to sign the report (or --signature FILE with an existing signature)',
    );
  }
  return {
    url,
    body: signedBody(signature, reportBytes),
    token,
    ctx: { account, subjects, runUuids, signer, url: url.href },
    ...(signatureFile ? { signatureFile } : {}),
  };
}

/** Longest the monitor may make an upload wait through Retry-After. */
const MAX_MONITOR_RETRY_AFTER_MS = 60_000;

/**
 * Signs (or takes the given signature) and POSTs the report to `<monitor>/reports`.
 * Throws UploadRefusedError before sending when the upload cannot be right; otherwise returns the
 * monitor's answer as an UploadResult (`ok` false for every refusal by the monitor).
 *
 * Retrying a POST is safe here: the monitor stores each document under its run.uuid (UNIQUE) and
 * commits all documents of one request in one transaction, so a repeat of a request that did arrive
 * gets 409 and stores nothing twice; a 409 after such a retry therefore counts as success.
 */
export async function uploadReport(opts: UploadOptions): Promise<UploadResult> {
  let prepared: Prepared;
  try {
    prepared = await prepare(opts);
  } catch (err) {
    if (err instanceof KeyFileError) throw new UploadRefusedError(err.message);
    throw err;
  }
  const { url, body, token, ctx, signatureFile } = prepared;
  let mayHaveArrived = false;
  const dispatcher = proxyDispatcher(opts.env ?? process.env);
  const result = await withRetries<UploadResult>(
    async (attempt) => {
      let status: number;
      let text: string;
      let retryAfter: string | undefined;
      try {
        const res = await request(url, {
          method: 'POST',
          body,
          headers: {
            'content-type': SIGNED_YAML_CONTENT_TYPE,
            authorization: `Basic ${token}`,
            'user-agent': USER_AGENT,
            accept: 'application/json',
          },
          headersTimeout: opts.timeoutMs ?? 60_000,
          bodyTimeout: opts.timeoutMs ?? 60_000,
          ...(dispatcher ? { dispatcher } : {}),
        });
        status = res.statusCode;
        text = await res.body.text();
        const ra = res.headers['retry-after'];
        retryAfter = Array.isArray(ra) ? ra[0] : ra;
      } catch (err) {
        const code = networkCode(err);
        // A refused connection never reached the monitor; anything later might have.
        if (code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN') mayHaveArrived = true;
        return {
          retry: ` failed (${code})`,
          otherwise: {
            ok: false,
            outcome: 'network-error',
            attempts: attempt,
            message: `cannot reach the compliance monitor at ${url.href}: ${code} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`,
          },
        };
      }
      const answer = (): UploadResult => interpretAnswer(status, text, ctx, attempt, mayHaveArrived);
      if (!RETRYABLE_STATUS.has(status)) return { done: answer() };
      mayHaveArrived = true;
      const wait = retryAfterMs(retryAfter, Date.now(), MAX_MONITOR_RETRY_AFTER_MS);
      return {
        retry: `: monitor answered ${status}`,
        ...(wait !== undefined && { waitMs: wait }),
        otherwise: answer(),
      };
    },
    {
      retries: opts.retries ?? 3,
      delayMs: opts.retryDelayMs ?? 2000,
      ...(opts.sleep && { sleep: opts.sleep }),
      onRetry: (attempt, reason, waitMs) =>
        opts.log?.(`upload attempt ${attempt}${reason}; retrying in ${Math.round(waitMs / 1000)}s`),
    },
  );
  return signatureFile ? { ...result, signatureFile } : result;
}

interface AnswerContext {
  account: string;
  subjects: string[];
  runUuids: string[];
  signer: string;
  url: string;
}

function detailOf(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && 'detail' in v) {
      const d = (v as { detail: unknown }).detail;
      return typeof d === 'string' ? d : JSON.stringify(d);
    }
  } catch {
    // not JSON: fall through
  }
  return undefined;
}

/** Maps the monitor's answer to an outcome and one line (see compliance-monitor POST /reports). */
export function interpretAnswer(
  status: number,
  text: string,
  ctx: AnswerContext,
  attempts: number,
  retried = false,
): UploadResult {
  const detail = detailOf(text);
  const base = { status, attempts, ...(detail !== undefined ? { detail } : {}) };
  const runs = ctx.runUuids.length === 1 ? `run ${ctx.runUuids[0]}` : `${ctx.runUuids.length} runs`;
  const others = [...new Set(ctx.subjects.filter((s) => s !== ctx.account))];
  if (status === 200 || status === 201) {
    if (detail === 'empty reports') {
      return {
        ...base,
        ok: false,
        outcome: 'unexpected-response',
        message: 'the monitor found no report documents in the upload',
      };
    }
    return {
      ...base,
      ok: true,
      outcome: 'stored',
      message: `uploaded: the monitor stored ${runs} (subject ${[...new Set(ctx.subjects)].join(', ')}) as account ${ctx.account}`,
    };
  }
  if (status === 409) {
    if (retried) {
      return {
        ...base,
        ok: true,
        outcome: 'already-present',
        message: `uploaded: an earlier attempt reached the monitor; it already holds ${runs} (409 on retry)`,
      };
    }
    return {
      ...base,
      ok: false,
      outcome: 'already-present',
      message:
        `409 Conflict: the monitor already holds a report with ${ctx.runUuids.length === 1 ? 'this run.uuid' : 'one of these run.uuid values'}; ` +
        'it stored nothing from this upload (documents are stored together or not at all)',
    };
  }
  if (status === 401) {
    switch (detail) {
      case 'Not authenticated':
        return {
          ...base,
          ok: false,
          outcome: 'credentials-rejected',
          message: '401: the monitor saw no credentials (Authorization header lost on the way?)',
        };
      case 'Incorrect username or password':
        return {
          ...base,
          ok: false,
          outcome: 'credentials-rejected',
          message: `401: the monitor rejected the credentials of account ${ctx.account} from the token file (wrong passphrase or unknown account)`,
        };
      case 'missing signature':
        return {
          ...base,
          ok: false,
          outcome: 'signature-rejected',
          message:
            '401: the monitor found no signature before the report (separator "-----END SSH SIGNATURE-----\\n&" missing)',
        };
      case 'verification failed':
        return {
          ...base,
          ok: false,
          outcome: 'signature-rejected',
          message: `401: signature verification failed: the ${ctx.signer} is not registered for account ${ctx.account} (bootstrap.yaml keys)`,
        };
      case 'Permission denied':
        return {
          ...base,
          ok: false,
          outcome: 'permission-denied',
          message: `401: account ${ctx.account} may not upload for subject ${others.join(', ') || '?'}: it needs the append_any role and to be listed as delegate`,
        };
      case 'delegation problem?':
        return {
          ...base,
          ok: false,
          outcome: 'permission-denied',
          message: `401: account ${ctx.account} is not a delegate of subject ${others.join(', ') || '?'} (bootstrap.yaml delegates)`,
        };
      default:
        return {
          ...base,
          ok: false,
          outcome: 'credentials-rejected',
          message: `401 from the monitor: ${detail ?? text.slice(0, 200)}`,
        };
    }
  }
  if (status === 415) {
    return {
      ...base,
      ok: false,
      outcome: 'unsupported-media-type',
      message: `415: ${ctx.url} refused Content-Type ${SIGNED_YAML_CONTENT_TYPE}; is this a compliance monitor?`,
    };
  }
  if (status === 404 || status === 405) {
    return {
      ...base,
      ok: false,
      outcome: 'not-found',
      message: `${status}: ${ctx.url} has no report upload endpoint; check --monitor`,
    };
  }
  if (status >= 500) {
    const outcome = RETRYABLE_STATUS.has(status) ? 'unavailable' : 'server-error';
    const tail = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    return {
      ...base,
      ok: false,
      outcome,
      message:
        outcome === 'unavailable'
          ? `${status}: the compliance monitor is unavailable${tail}; try again later`
          : `${status}: the compliance monitor failed on this report${detail ? `: ${detail}` : ''}${tail}`,
    };
  }
  return {
    ...base,
    ok: false,
    outcome: 'unexpected-response',
    message: `unexpected answer ${status} from the monitor${detail ? `: ${detail}` : ''}`,
  };
}

function networkCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  return e?.code ?? e?.cause?.code ?? e?.message ?? String(err);
}

function writeAtomically(path: string, data: Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
