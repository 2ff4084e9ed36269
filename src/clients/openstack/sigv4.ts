// AWS Signature Version 4 for the one S3 call the suite makes (ListBuckets with a bogus key), on node:crypto.
import { createHash, createHmac } from 'node:crypto';

export interface SigV4Input {
  method: string;
  url: string;
  /** Extra headers to sign (lower-case names); host and x-amz-date are added. */
  headers?: Record<string, string>;
  body?: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  service?: string;
  /** Signing time (default now). */
  date?: Date;
  /** Send x-amz-content-sha256 (S3 wants it; the generic test vectors do not). */
  contentSha256Header?: boolean;
}

export interface SignedRequest {
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

/** RFC 3986 encoding as SigV4 wants it (unreserved characters stay). */
function uriEncode(s: string, keepSlash: boolean): string {
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9\-._~]/.test(ch) || (keepSlash && ch === '/')) out += ch;
    else
      out += Array.from(Buffer.from(ch, 'utf8'))
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return out;
}

function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Signs a request; returns the headers to send (host, x-amz-date, [x-amz-content-sha256], authorization). */
export function signV4(input: SigV4Input): SignedRequest {
  const url = new URL(input.url);
  const region = input.region ?? 'us-east-1';
  const service = input.service ?? 's3';
  const when = amzDate(input.date ?? new Date());
  const day = when.slice(0, 8);
  const payloadHash = sha256(input.body ?? '');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host = url.host;
  headers['x-amz-date'] = when;
  if (input.contentSha256Header) headers['x-amz-content-sha256'] = payloadHash;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names
    .map((n) => `${n}:${String(headers[n]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const pairs = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  const canonicalQuery = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const canonicalUri = uriEncode(decodeURIComponent(url.pathname || '/'), true);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', when, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${input.secretKey}`, day);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  const out: Record<string, string> = { ...headers };
  delete out.host; // the HTTP client sets Host itself (same value)
  out.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: out, canonicalRequest, stringToSign, signature };
}

/** Code and Message of an S3 XML error body (`<Error><Code>…</Code><Message>…</Message></Error>`). */
export function parseS3Error(xml: string): { code?: string; message?: string } {
  const pick = (tag: string) => {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
    return m?.[1]?.trim() || undefined;
  };
  return { code: pick('Code'), message: pick('Message') };
}
