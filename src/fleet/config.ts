// The fleet file: subjects with presets (cloud or kubeconfig, scope, selection, signing, monitor), defaults merged in.
import { dirname, isAbsolute, resolve } from 'node:path';
import { homedir } from 'node:os';
import { validateOrThrow } from '../standards/schemas.js';
import { readYamlFile } from '../standards/yaml-file.js';
import { present } from '../core/invariant.js';

export const FLEET_SCHEMA_ID = 'https://scs-cert.dev/schemas/fleet.schema.json';

export interface SubjectSettings {
  scope?: string;
  cloud?: string;
  demo?: boolean;
  'demo-profile'?: string;
  kubeconfig?: string;
  context?: string;
  version?: string;
  date?: string;
  tests?: string;
  sections?: string;
  assign?: Record<string, string>;
  mode?: 'standard' | 'reference';
  formats?: string;
  'sign-key'?: string;
  'passphrase-file'?: string;
  monitor?: string;
  'token-file'?: string;
  timeout?: number;
  schedule?: string;
}

export interface FleetSubject extends SubjectSettings {
  name: string;
  scope: string;
  timeout: number;
}

export interface FleetFile {
  path: string;
  concurrency: number;
  subjects: FleetSubject[];
}

interface RawFleet {
  defaults?: SubjectSettings;
  concurrency?: number;
  subjects: Array<SubjectSettings & { name: string }>;
}

const PATH_KEYS = ['kubeconfig', 'sign-key', 'passphrase-file', 'token-file'] as const;

/** Paths in the file are relative to the file (as in the SCS runner's config), `~/` to the home directory. */
function resolvePath(p: string, base: string): string {
  if (p === '~' || p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(base, p);
}

export class FleetError extends Error {}

export function loadFleetFile(path: string): FleetFile {
  const file = readYamlFile(path);
  validateOrThrow(FLEET_SCHEMA_ID, file.data, path, file.lineOf);
  const raw = file.data as RawFleet;
  const base = dirname(path);
  const seen = new Set<string>();
  const subjects = raw.subjects.map((s, i) => {
    if (seen.has(s.name))
      throw new FleetError(
        `${path}: subject '${s.name}' is listed twice (subjects/${i}); give each a unique name`,
      );
    seen.add(s.name);
    const merged: FleetSubject = {
      ...raw.defaults,
      ...s,
      assign: { ...raw.defaults?.assign, ...s.assign },
      scope: s.scope ?? raw.defaults?.scope ?? 'scs-compatible-iaas',
      timeout: s.timeout ?? raw.defaults?.timeout ?? 3600,
    };
    const targets = [merged.cloud, merged.kubeconfig, merged.demo ? 'demo' : undefined].filter(Boolean);
    if (targets.length !== 1)
      throw new FleetError(
        `${path}: subject '${s.name}' needs exactly one of cloud, kubeconfig or demo: true (has ${targets.length})`,
      );
    if (merged.monitor && (!merged['sign-key'] || !merged['token-file']))
      throw new FleetError(
        `${path}: subject '${s.name}' uploads to ${merged.monitor} but lacks sign-key or token-file; uploads are signed`,
      );
    for (const k of PATH_KEYS) if (merged[k] !== undefined) merged[k] = resolvePath(merged[k], base);
    // A scope given as a path is a path relative to the file too; ids and uuids stay as they are.
    if (/[/\\]|\.ya?ml$/.test(merged.scope)) merged.scope = resolvePath(merged.scope, base);
    return merged;
  });
  return { path, concurrency: raw.concurrency ?? 2, subjects };
}

/** The `scs-cert run` arguments that certify one subject into `outDir`. */
export function runArgs(s: FleetSubject, outDir: string): string[] {
  const args = ['run', s.scope, '--subject', s.name, '--output', outDir, '--quiet'];
  if (s.demo) args.push('--demo');
  if (s.cloud) args.push('--os-cloud', s.cloud);
  if (s.kubeconfig) args.push('--kubeconfig', s.kubeconfig);
  if (s.context) args.push('--context', s.context);
  if (s['demo-profile']) args.push('--demo-profile', s['demo-profile']);
  if (s.version) args.push('--version', s.version);
  if (s.date) args.push('--date', s.date);
  if (s.tests) args.push('--tests', s.tests);
  if (s.sections) args.push('--sections', s.sections);
  if (s.mode) args.push('--mode', s.mode);
  for (const [k, v] of Object.entries(s.assign ?? {})) args.push('-a', `${k}=${v}`);
  // json is what the summary reads; yaml is what gets signed and uploaded.
  const formats = new Set((s.formats ?? 'json,yaml,junit,md').split(',').map((f) => f.trim()));
  formats.add('json');
  if (s['sign-key']) formats.add('yaml');
  args.push('--format', [...formats].join(','));
  if (s['sign-key']) args.push('--sign-key', s['sign-key']);
  if (s['passphrase-file']) args.push('--passphrase-file', s['passphrase-file']);
  if (s.monitor)
    args.push(
      '--upload',
      '--monitor',
      s.monitor,
      '--token-file',
      present(s['token-file'], 'token-file (required with monitor when the file is read)'),
    );
  return args;
}
