// The Gaia-X flow's HTTP: POST a VP-JWT to a compliance service, and fetch terms-and-conditions documents to hash them.
import { createHash } from 'node:crypto';
import { USER_AGENT } from '../core/version.js';
import { GaiaxError } from './errors.js';

/** Loire compliance services take the VP-JWT here (siblings: label-level-1|2|3). */
export const STANDARD_COMPLIANCE_PATH = '/api/credential-offers/standard-compliance';

export class SubmitError extends GaiaxError {
  constructor(
    message: string,
    /** HTTP status, or undefined when the service was not reached. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The endpoint for a compliance base URL (e.g. https://compliance.lab.gaia-x.eu/v2) or the full endpoint URL. */
export function standardComplianceUrl(base: string, vcid: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new SubmitError(
      `--submit ${base} is not a URL; give the compliance service's base URL, e.g. https://compliance.lab.gaia-x.eu/v2`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SubmitError(`--submit ${base}: use an http(s) URL`);
  if (!url.pathname.endsWith(STANDARD_COMPLIANCE_PATH))
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${STANDARD_COMPLIANCE_PATH}`;
  url.searchParams.set('vcid', vcid);
  return url;
}

export interface SubmitResult {
  status: number;
  url: string;
  contentType: string;
  /** The compliance credential (a VC-JWT on success). */
  body: string;
}

/** One line from a compliance error body ({message, error, statusCode, errors[]}) or its text. */
function errorDetail(body: string): string {
  try {
    const j = JSON.parse(body) as { message?: unknown; error?: unknown; errors?: unknown };
    const msg = Array.isArray(j.message) ? j.message.join('; ') : j.message;
    const parts = [msg, j.error].filter((x): x is string => typeof x === 'string' && x !== '');
    if (Array.isArray(j.errors) && j.errors.length)
      parts.push(
        j.errors
          .slice(0, 3)
          .map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
          .join('; '),
      );
    if (parts.length) return parts.join(': ');
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300) || '(empty body)';
}

/** POSTs the VP-JWT as `application/vp+jwt`; 4xx/5xx and network failures become one-line SubmitErrors. */
export async function submitPresentation(
  base: string,
  vpJwt: string,
  vcid: string,
  opts: { timeoutMs?: number } = {},
): Promise<SubmitResult> {
  const url = standardComplianceUrl(base, vcid);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/vp+jwt',
        accept: 'application/vc+jwt, application/json;q=0.5',
        'user-agent': USER_AGENT,
      },
      body: vpJwt,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SubmitError(
      `cannot reach the compliance service at ${url.origin} (${cause?.code ?? cause?.message ?? (err as Error).message}); check the --submit URL and the network`,
    );
  }
  const body = await res.text();
  if (!res.ok) {
    const hint =
      res.status >= 500
        ? 'the service failed; try again later or another clearing house'
        : 'the service rejected the presentation; fix what it names and issue again';
    throw new SubmitError(
      `compliance service answered ${res.status} ${res.statusText} at ${url.pathname}: ${errorDetail(body)}; ${hint}`,
      res.status,
    );
  }
  return {
    status: res.status,
    url: url.toString(),
    contentType: res.headers.get('content-type') ?? '',
    body,
  };
}

/** SHA-256 (hex) of a terms-and-conditions document fetched from its URL. */
export async function hashDocument(url: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { 'user-agent': USER_AGENT },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new GaiaxError(
      `cannot fetch the terms and conditions ${url} to hash them (${cause?.code ?? (err as Error).message}); give service.termsAndConditions[].hash in the participant file`,
    );
  }
  if (!res.ok)
    throw new GaiaxError(
      `fetching the terms and conditions ${url} gave ${res.status}; fix the URL or give its hash in the participant file`,
    );
  return createHash('sha256')
    .update(Buffer.from(await res.arrayBuffer()))
    .digest('hex');
}
