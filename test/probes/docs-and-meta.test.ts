// Every IaaS probe has its doc page and test file, and every deviation is documented where the brief says.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iaasProbes } from '../../src/probes/iaas/index.js';
import type { ImageMetadataData } from '../../src/probes/iaas/support/image-rules.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { loadData } from './helpers.js';

const read = (...p: string[]) => readFileSync(join(PACKAGE_ROOT, ...p), 'utf8');

describe('IaaS probe metadata and docs', () => {
  it('has unique ids and standards with URLs', () => {
    const ids = iaasProbes.map((p) => p.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of iaasProbes) {
      expect(p.meta.standards.length, p.meta.id).toBeGreaterThan(0);
      for (const s of p.meta.standards) expect(s.url).toMatch(/^https:\/\/docs\.scs\.community\/standards\//);
      expect(p.meta.artifacts.length, p.meta.id).toBeGreaterThan(0);
    }
  });

  it.each(iaasProbes.map((p) => [p.meta.id, p] as const))('%s: source, test and doc page exist', (id, p) => {
    expect(existsSync(join(PACKAGE_ROOT, 'src', 'probes', 'iaas', `${id}.ts`))).toBe(true);
    expect(existsSync(join(PACKAGE_ROOT, 'test', 'probes', `${id}.test.ts`))).toBe(true);
    const page = read('docs', 'probes', `${id}.md`);
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of ['## What it checks', "## The standard's words", '## Outcomes', '## Deviations']) {
      expect(page, `${id}: ${section}`).toContain(section);
    }
    for (const d of p.meta.deviations ?? []) expect(page, `${id}: ${d.id}`).toContain(`\`${d.id}\``);
  });

  it('docs/deviations-iaas.md lists every deviation', () => {
    const doc = read('docs', 'deviations-iaas.md');
    for (const p of iaasProbes)
      for (const d of p.meta.deviations ?? []) expect(doc, d.id).toContain(`\`${d.id}\``);
  });

  it('deviation ids named in the scs-0102 data exist in the probe meta', () => {
    const meta = iaasProbes
      .find((p) => p.meta.id === 'scs-0102-image-property')!
      .meta.deviations!.map((d) => d.id);
    for (const id of ['scs-0102-image-metadata-v1', 'scs-0102-image-metadata-v2']) {
      const data = loadData()[id] as ImageMetadataData;
      for (const rule of Object.values(data.properties))
        if (rule.deviation) expect(meta).toContain(rule.deviation);
    }
  });
});
