// Reads subunit streams — v2 (binary packets, what `stestr last --subunit` and `tempest run --subunit` write) and
// v1 (the text protocol stestr's file repository keeps per run) — into one result per test.
import { crc32 } from 'node:zlib';
import type { TempestStatus, TempestTestResult } from '../artifacts/tempest-run.js';

const SIGNATURE = 0xb3;
const FLAG_TEST_ID = 0x0800;
const FLAG_ROUTE_CODE = 0x0400;
const FLAG_TIMESTAMP = 0x0200;
const FLAG_TAGS = 0x0080;
const FLAG_MIME_TYPE = 0x0020;
const FLAG_FILE_CONTENT = 0x0040;
const V2_STATUS: Array<TempestStatus | undefined> = [
  undefined,
  'exists',
  'inprogress',
  'success',
  'uxsuccess',
  'skip',
  'fail',
  'xfail',
];
const FINAL = new Set<TempestStatus>(['success', 'fail', 'skip', 'xfail', 'uxsuccess']);

export class SubunitError extends Error {
  override name = 'SubunitError';
}

/** Accumulates events per test id: the final status, start/end times, the reason/traceback attachment. */
class Collector {
  private readonly tests = new Map<
    string,
    { status?: TempestStatus; start?: number; end?: number; text: Record<string, string> }
  >();

  event(
    id: string,
    status: TempestStatus | undefined,
    time: number | undefined,
    file?: { name: string; text: string },
  ): void {
    let t = this.tests.get(id);
    if (!t) {
      t = { text: {} };
      this.tests.set(id, t);
    }
    if (status === 'inprogress' && time !== undefined) t.start ??= time;
    if (status && FINAL.has(status)) {
      t.status = status;
      if (time !== undefined) t.end = time;
    } else if (status === 'exists' && !t.status) t.status = 'exists';
    if (file) t.text[file.name] = (t.text[file.name] ?? '') + file.text;
  }

  results(): TempestTestResult[] {
    const out: TempestTestResult[] = [];
    for (const [id, t] of this.tests) {
      if (!t.status) continue;
      const r: TempestTestResult = { id, status: t.status };
      const reason = t.text.reason ?? lastLine(t.text.traceback ?? '');
      if (reason) r.reason = reason.trim();
      if (t.start !== undefined && t.end !== undefined) r.durationSec = Math.max(0, (t.end - t.start) / 1000);
      out.push(r);
    }
    return out;
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

function varint(buf: Buffer, pos: number): [number, number] {
  const b0 = buf[pos];
  if (b0 === undefined) throw new SubunitError(`truncated number at byte ${pos}`);
  const kind = b0 & 0xc0;
  const v0 = b0 & 0x3f;
  if (kind === 0x00) return [v0, 1];
  if (kind === 0x40) return [(v0 << 8) | buf.readUInt8(pos + 1), 2];
  if (kind === 0x80) return [(v0 << 16) | buf.readUInt16BE(pos + 1), 3];
  return [((v0 << 24) | (buf.readUInt8(pos + 1) << 16) | buf.readUInt16BE(pos + 2)) >>> 0, 4];
}

function utf8(buf: Buffer, pos: number): [string, number] {
  const [len, n] = varint(buf, pos);
  const start = pos + n;
  if (start + len > buf.length) throw new SubunitError(`string past the end of the packet at byte ${pos}`);
  return [buf.toString('utf8', start, start + len), start + len];
}

/** Subunit v2: every packet checked against its CRC32; bytes between packets (non-subunit output) are skipped. */
export function parseSubunitV2(buf: Buffer): TempestTestResult[] {
  const c = new Collector();
  let pos = 0;
  while (pos < buf.length) {
    if (buf[pos] !== SIGNATURE) {
      pos++;
      continue;
    }
    const flags = buf.readUInt16BE(pos + 1);
    if (flags >> 12 !== 0x2) throw new SubunitError(`packet at byte ${pos} is not subunit version 2`);
    const [length, n] = varint(buf, pos + 3);
    const end = pos + length;
    if (length < 3 + n + 4 || end > buf.length) throw new SubunitError(`truncated packet at byte ${pos}`);
    const stored = buf.readUInt32BE(end - 4);
    if (crc32(buf.subarray(pos, end - 4)) >>> 0 !== stored) {
      throw new SubunitError(`bad checksum in the packet at byte ${pos}`);
    }
    let p = pos + 3 + n;
    let time: number | undefined;
    if (flags & FLAG_TIMESTAMP) {
      const seconds = buf.readUInt32BE(p);
      const [nanos, m] = varint(buf, p + 4);
      time = seconds * 1000 + nanos / 1e6;
      p += 4 + m;
    }
    let id: string | undefined;
    if (flags & FLAG_TEST_ID) [id, p] = utf8(buf, p);
    if (flags & FLAG_TAGS) {
      const [count, m] = varint(buf, p);
      p += m;
      for (let i = 0; i < count; i++) p = utf8(buf, p)[1];
    }
    if (flags & FLAG_MIME_TYPE) p = utf8(buf, p)[1];
    let file: { name: string; text: string } | undefined;
    if (flags & FLAG_FILE_CONTENT) {
      let name: string;
      [name, p] = utf8(buf, p);
      const [len, m] = varint(buf, p);
      p += m;
      file = { name, text: buf.toString('utf8', p, p + len) };
      p += len;
    }
    if (flags & FLAG_ROUTE_CODE) p = utf8(buf, p)[1];
    if (id !== undefined) c.event(id, V2_STATUS[flags & 0x7], time, file);
    pos = end;
  }
  return c.results();
}

const V1_STATUS: Record<string, TempestStatus> = {
  test: 'inprogress',
  testing: 'inprogress',
  success: 'success',
  successful: 'success',
  failure: 'fail',
  error: 'fail',
  skip: 'skip',
  xfail: 'xfail',
  uxsuccess: 'uxsuccess',
};

/**
 * Subunit v1 (text): `test:`/`success:`/`failure:`/`skip:` lines with optional `[ … ]` or `[ multipart … ]` details
 * (parts of Content-Type line, name line, and a body in hex-sized chunks ending with a 0 chunk). Read as latin1 so
 * chunk sizes count bytes; ids and bodies are decoded as UTF-8.
 */
export function parseSubunitV1(buf: Buffer): TempestTestResult[] {
  const c = new Collector();
  const text = buf.toString('latin1');
  const utf = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  let pos = 0;
  const readLine = (): string => {
    const nl = text.indexOf('\n', pos);
    const line = nl < 0 ? text.slice(pos) : text.slice(pos, nl);
    pos = nl < 0 ? text.length : nl + 1;
    return line;
  };
  let time: number | undefined;
  while (pos < text.length) {
    const line = readLine();
    const [, stamp] = /^time: (.+)$/.exec(line) ?? [];
    if (stamp !== undefined) {
      const t = Date.parse(stamp.trim().replace(' ', 'T'));
      if (!Number.isNaN(t)) time = t;
      continue;
    }
    const m = /^([a-z]+):? (.+?)( \[( multipart)?)?$/.exec(line);
    const [, verb = '', testId] = m ?? [];
    // Own keys only: a line such as "constructor: x" must not find Object.prototype's members.
    const status = Object.hasOwn(V1_STATUS, verb) ? V1_STATUS[verb] : undefined;
    if (!m || !status || testId === undefined) continue;
    let file: { name: string; text: string } | undefined;
    if (m[3] && m[4]) {
      const parts: Record<string, string> = {};
      while (pos < text.length) {
        const contentType = readLine();
        if (contentType === ']') break;
        const name = readLine();
        let body = '';
        for (;;) {
          const size = parseInt(readLine(), 16);
          if (!(size > 0)) break;
          body += text.slice(pos, pos + size);
          pos += size;
        }
        parts[name] = utf(body);
      }
      if (parts.reason !== undefined) file = { name: 'reason', text: parts.reason };
      else if (parts.traceback !== undefined) file = { name: 'traceback', text: parts.traceback };
    } else if (m[3]) {
      const body: string[] = [];
      for (let l = readLine(); l !== ']' && pos < text.length; l = readLine()) body.push(l);
      file = { name: status === 'skip' ? 'reason' : 'traceback', text: utf(body.join('\n')) };
    }
    c.event(utf(testId), status, time, file);
  }
  return c.results();
}

/** True when the bytes start like a subunit v2 stream. */
export function isSubunitV2(buf: Buffer): boolean {
  return buf.length > 3 && buf[0] === SIGNATURE && buf.readUInt16BE(1) >> 12 === 0x2;
}
