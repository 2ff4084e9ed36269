// Test helpers for the IaaS probes: a ProbeContext with the real data files of standards/data, and image builders.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Image } from '../../src/artifacts/iaas.js';
import type { ProbeResult } from '../../src/results/types.js';
import type { Probe, ProbeContext } from '../../src/probes/types.js';
import type { JudgeMode } from '../../src/core/judge-mode.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';

export const DATA_DIR = join(PACKAGE_ROOT, 'standards', 'data');

let cached: Record<string, unknown> | undefined;

/** Every data file under standards/data, parsed with `yaml`, keyed by data id. */
export function loadData(): Record<string, unknown> {
  if (cached) return cached;
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(DATA_DIR).sort()) {
    if (f.endsWith('.yaml')) out[f.replace(/\.yaml$/, '')] = parse(readFileSync(join(DATA_DIR, f), 'utf8'));
  }
  cached = out;
  return out;
}

export interface CtxOptions {
  testcaseId?: string;
  params?: Record<string, unknown>;
  mode?: JudgeMode;
  now?: string;
  data?: Record<string, unknown>;
}

export const NOW = '2026-09-01T12:00:00Z';

export function makeCtx(opts: CtxOptions = {}): ProbeContext {
  const now = opts.now ?? NOW;
  return {
    testcaseId: opts.testcaseId ?? 'test',
    params: opts.params ?? {},
    referenceDate: now.slice(0, 10),
    now,
    data: opts.data ?? loadData(),
    mode: opts.mode ?? 'standard',
  };
}

/** Evaluate a probe the way the runner does: a throw becomes ABORT. */
export function run(probe: Probe, artifacts: Record<string, unknown>, opts: CtxOptions = {}): ProbeResult {
  try {
    return probe.evaluate(artifacts, makeCtx(opts));
  } catch (e) {
    return { outcome: 'ABORT', messageId: 'probe-threw', message: (e as Error).message };
  }
}

/** A public image that satisfies every scs-0102 v1 and v2 rule; override what a test needs. */
export function goodImage(over: Partial<Image> & Record<string, unknown> = {}): Image {
  return {
    id: `id-${String(over.name ?? 'Ubuntu 24.04')}`,
    name: 'Ubuntu 24.04',
    visibility: 'public',
    os_hidden: false,
    status: 'active',
    created_at: '2026-08-20T10:00:00Z',
    updated_at: '2026-08-20T10:00:00Z',
    size: 3 * 1024 ** 3,
    min_disk: 8,
    min_ram: 512,
    architecture: 'x86_64',
    os_hash_algo: 'sha512',
    os_distro: 'ubuntu',
    os_version: '24.04',
    os_purpose: 'generic',
    hw_disk_bus: 'scsi',
    hw_scsi_model: 'virtio-scsi',
    hypervisor_type: 'kvm',
    hw_rng_model: 'virtio',
    image_build_date: '2026-08-19',
    image_original_user: 'ubuntu',
    image_source:
      'https://cloud-images.ubuntu.com/releases/noble/release-20260819/ubuntu-24.04-server-cloudimg-amd64.img',
    image_description: 'https://ubuntu.com/server/docs',
    replace_frequency: 'monthly',
    provided_until: 'none',
    uuid_validity: 'last-3',
    hotfix_hours: '0',
    ...over,
  } as Image;
}

export function offenderNames(r: ProbeResult): string[] {
  return (r.evidence?.offenders ?? []).map((o) => o.resource).sort();
}
