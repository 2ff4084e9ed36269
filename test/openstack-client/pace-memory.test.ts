// The pace memory: what earlier runs saw of a cloud's backup and restore, kept safely in the state directory.
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { paceMemoryFile, recallPace, rememberPace } from '../../src/gatherers/pace-memory.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'scs-cert-pace-'));
  dirs.push(d);
  return d;
}

const CINDER = 'https://volume.example.com:8776/v3/0123456789abcdef';

describe('pace memory', () => {
  it('lives in the state directory', () => {
    expect(paceMemoryFile({ SCS_CERT_STATE_DIR: '/s' })).toBe('/s/pace.json');
    expect(paceMemoryFile({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/scs-cert/pace.json');
  });

  it('recalls per cloud what the last run kept, merged over earlier phases; nothing names the cloud', () => {
    const file = join(tmp(), 'state', 'pace.json');
    expect(recallPace(file, CINDER)).toEqual({});
    rememberPace(file, CINDER, { 'volume-backup': 9000, 'volume-restore': 8000 });
    rememberPace(file, CINDER, { 'volume-backup': 11000 });
    rememberPace(file, 'https://other.example.org/v3', { 'volume-backup': 60000 });
    expect(recallPace(file, CINDER)).toEqual({ 'volume-backup': 11000, 'volume-restore': 8000 });
    expect(recallPace(file, 'https://other.example.org/v3')).toEqual({ 'volume-backup': 60000 });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/example|0123456789abcdef/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps only plausible timings and ignores a foreign or broken file', () => {
    const file = join(tmp(), 'pace.json');
    rememberPace(file, CINDER, { 'volume-backup': -1, 'volume-restore': Number.NaN });
    expect(recallPace(file, CINDER)).toEqual({});
    writeFileSync(file, '{"format":"something-else","clouds":{}}');
    expect(recallPace(file, CINDER)).toEqual({});
    writeFileSync(file, 'not json');
    expect(recallPace(file, CINDER)).toEqual({});
    // A broken file is replaced by a good one.
    rememberPace(file, CINDER, { 'volume-backup': 9000 });
    expect(recallPace(file, CINDER)).toEqual({ 'volume-backup': 9000 });
  });

  it('never reads or writes through a symlink: the file it points to stays as it was', () => {
    const dir = tmp();
    const users = join(dir, 'users-file');
    writeFileSync(users, 'precious\n');
    const file = join(dir, 'pace.json');
    symlinkSync(users, file);
    expect(recallPace(file, CINDER)).toEqual({});
    rememberPace(file, CINDER, { 'volume-backup': 9000 });
    expect(readFileSync(users, 'utf8')).toBe('precious\n');
    expect(recallPace(file, CINDER)).toEqual({ 'volume-backup': 9000 });
  });
});
