// Test helpers for KaaS probes: contexts, the shipped data files, and scenario loading.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ProbeContext } from '../../src/probes/types.js';
import { PACKAGE_ROOT } from '../../src/version.js';

/** A data file shipped under standards/data/, parsed. */
export function shippedData(id: string): unknown {
  return parse(readFileSync(join(PACKAGE_ROOT, 'standards', 'data', `${id}.yaml`), 'utf8'));
}

export function fixture(...parts: string[]): string {
  return join(PACKAGE_ROOT, 'test', 'fixtures', 'kaas', ...parts);
}

export function probeContext(over: Partial<ProbeContext> = {}): ProbeContext {
  const now = over.now ?? '2026-11-25T12:00:00Z';
  return {
    testcaseId: 'test',
    params: {},
    referenceDate: now.slice(0, 10),
    now,
    data: {
      'k8s-eol': shippedData('k8s-eol'),
      'scs-sonobuoy-config-v1': shippedData('scs-sonobuoy-config-v1'),
      'scs-0211-provisioners': shippedData('scs-0211-provisioners'),
    },
    mode: 'standard',
    ...over,
  };
}

/** An in-memory ledger and gather context for gatherer tests. */
export function memoryLedger(prefix = 'scs-cert-test01-'): import('../../src/gatherers/types.js').Ledger {
  const list: import('../../src/artifacts/iaas.js').LedgerEntry[] = [];
  return {
    prefix,
    record(e) {
      const entry = { ...e, state: 'created' as const };
      list.push(entry);
      return entry;
    },
    markDeleted(e) {
      e.state = 'deleted';
    },
    markLeaked(e, detail) {
      e.state = 'leaked';
      e.detail = detail;
    },
    entries: () => list,
  };
}

export function gatherContext(
  over: Partial<import('../../src/gatherers/types.js').GatherContext> = {},
): import('../../src/gatherers/types.js').GatherContext & { progressLines: string[]; logLines: string[] } {
  const progressLines: string[] = [];
  const logLines: string[] = [];
  const log = {
    debug: (m: string) => logLines.push(`debug ${m}`),
    info: (m: string) => logLines.push(`info ${m}`),
    warn: (m: string) => logLines.push(`warn ${m}`),
    error: (m: string) => logLines.push(`error ${m}`),
  };
  return {
    clients: {},
    ledger: memoryLedger(),
    log,
    progress: (w: string) => progressLines.push(w),
    signal: new AbortController().signal,
    options: {},
    data: {},
    ...over,
    progressLines,
    logLines,
  };
}
