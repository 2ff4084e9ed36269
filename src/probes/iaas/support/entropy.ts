// Shared reading of the entropy VM's console (scs-0101): was the procedure sound, and which lines belong to a section.
import type { EntropyConsole } from '../../../artifacts/iaas.js';
import type { ProbeResult } from '../../../results/types.js';
import { abort } from './results.js';

/** ABORT result when the VM procedure did not complete, else undefined. */
export function procedureFailure(con: EntropyConsole): ProbeResult | undefined {
  const failed = con.steps.find((s) => !s.ok);
  const evidence = {
    values: {
      image: con.image.name ?? con.image.id,
      flavor: con.flavor.name,
      steps: con.steps.map((s) => ({ step: s.step, ok: s.ok, ...(s.status ? { status: s.status } : {}) })),
    },
  };
  if (failed) {
    const detail = [failed.status ? `HTTP ${failed.status}` : '', failed.detail ?? '']
      .filter(Boolean)
      .join(': ');
    return abort(
      'entropy-vm-procedure-failed',
      `The test VM procedure failed at step '${failed.step}'${detail ? ` (${detail})` : ''}; no verdict on entropy.`,
      evidence,
    );
  }
  if (!con.finished) {
    return abort(
      'entropy-vm-unfinished',
      'The test VM did not print its end marker (_scs-test-end); its console output is incomplete.',
      evidence,
    );
  }
  return undefined;
}

export function sectionLines(con: EntropyConsole, section: string): string[] {
  return con.lines.filter((l) => l.section === section).map((l) => l.payload.trim());
}

export function vmEvidence(con: EntropyConsole): Record<string, unknown> {
  return { image: con.image.name ?? con.image.id, imageId: con.image.id, flavor: con.flavor.name };
}
