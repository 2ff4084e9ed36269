// `scs-cert flavor-name ...` run in-process through main() with a fake terminal.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    isTTY: false,
    env: {},
    cwd: '/tmp',
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('scs-cert flavor-name check', () => {
  it('exits 0 when all names are valid (non-SCS names are no failure)', async () => {
    const r = await cli('flavor-name', 'check', 'SCS-2V-4', 'SCS-2C-4_bms_hwv_z3h_GNa-14h-6h_ib', 'm1.small');
    expect(r.code).toBe(0);
    expect(r.out).toContain('SCS-2V-4: valid (v3)');
    expect(r.out).toContain('m1.small: not an SCS flavor name');
    expect(r.err).toBe('');
  });

  it('prints one JSON object per name and exits 1 on an invalid name', async () => {
    const r = await cli(
      'flavor-name',
      'check',
      '--json',
      'SCS-2V-4',
      'SCS-2V-4ou',
      'SCS-2C:4:10n',
      'scs-2v-4',
    );
    expect(r.code).toBe(1);
    const lines = jsonLines(r.out);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ name: 'SCS-2V-4', verdict: 'valid', syntax: 'v3' });
    expect(lines[1]).toMatchObject({
      name: 'SCS-2V-4ou',
      verdict: 'invalid',
      error: { component: 'ram', code: 'ram-suffix-order' },
    });
    expect(lines[1]?.reason).toMatch(/order 'uo'/);
    expect(lines[2]).toMatchObject({
      name: 'SCS-2C:4:10n',
      verdict: 'invalid',
      syntax: 'v1',
      tolerated: true,
      suggestion: 'SCS-2C-4-10n',
    });
    expect(lines[3]).toEqual({ name: 'scs-2v-4', verdict: 'not-scs' });
  });

  it('checks under one syntax version with --syntax', async () => {
    const v1 = await cli('flavor-name', 'check', '--json', '--syntax', 'v1', 'SCS-2C:4:10n');
    expect(v1.code).toBe(0);
    expect(jsonLines(v1.out)[0]).toEqual({ name: 'SCS-2C:4:10n', verdict: 'valid', syntax: 'v1' });
    const v2 = await cli('flavor-name', 'check', '--json', '--syntax', 'v2', 'SCS-2V-4_chy');
    expect(v2.code).toBe(1);
    expect(jsonLines(v2.out)[0]).toMatchObject({
      verdict: 'invalid',
      error: { code: 'hypervisor-not-in-version' },
    });
  });

  it('judges like the reference parser with --judge reference', async () => {
    const std = await cli('flavor-name', 'check', '--json', 'SCS-2V-4_GNa_ib', 'SCS-2C:4:10n');
    expect(jsonLines(std.out).map((l) => l.verdict)).toEqual(['valid', 'invalid']);
    const ref = await cli(
      'flavor-name',
      'check',
      '--json',
      '--judge',
      'reference',
      'SCS-2V-4_GNa_ib',
      'SCS-2C:4:10n',
    );
    expect(jsonLines(ref.out).map((l) => l.verdict)).toEqual(['invalid', 'valid']);
    expect(jsonLines(ref.out)[1]).toMatchObject({ tolerated: true, reason: 'Name is merely tolerated v1' });
  });

  it('prints warnings for discouraged names', async () => {
    const r = await cli('flavor-name', 'check', 'SCS-2V-10.5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/warning: ram: fractional RAM sizes/);
    const j = await cli('flavor-name', 'check', '--json', 'SCS-2V-10.5');
    expect(jsonLines(j.out)[0]?.warnings).toHaveLength(1);
  });

  it('exits 64 on usage errors', async () => {
    const bad = await cli('flavor-name', 'check', '--syntax', 'v4', 'SCS-2V-4');
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/--syntax must be one of v1, v2, v3 \(got 'v4'\)/);
    expect((await cli('flavor-name', 'check')).code).toBe(64);
    expect((await cli('flavor-name', 'frobnicate', 'x')).code).toBe(64);
    expect((await cli('flavor-name', 'check', '--judge', 'lenient', 'SCS-2V-4')).code).toBe(64);
    expect((await cli('flavor-name', 'convert', '--from', 'v9', 'SCS-2V-4')).code).toBe(64);
  });
});

describe('scs-cert flavor-name describe', () => {
  it('prints the prose description', async () => {
    const r = await cli('flavor-name', 'describe', 'SCS-16T-64-200s_GNa-72-24_ib', 'SCS-1V:0.5');
    expect(r.code).toBe(0);
    const [first, second] = r.out.trim().split('\n');
    expect(first).toMatch(/^SCS-16T-64-200s_GNa-72-24_ib: 16 dedicated hyperthreads/);
    expect(first).toContain('72 streaming multiprocessors');
    expect(first).toContain('Infiniband');
    expect(second).toMatch(/^SCS-1V:0.5: 1 oversubscribed vCPU/);
  });

  it('reports invalid names and exits 1; JSON carries the model', async () => {
    const r = await cli('flavor-name', 'describe', '--json', 'SCS-2V-4', 'SCS-2X-4', 'other');
    expect(r.code).toBe(1);
    const [ok, bad, other] = jsonLines(r.out);
    expect(ok).toMatchObject({
      verdict: 'valid',
      syntax: 'v3',
      flavor: { cpus: 2, cpuType: 'V', ramGiB: 4, disk: null },
    });
    expect(bad).toMatchObject({ verdict: 'invalid' });
    expect(String(bad?.reason)).toMatch(/unknown CPU type 'X'/);
    expect(other).toEqual({ name: 'other', verdict: 'not-scs' });
  });
});

describe('scs-cert flavor-name convert and shorten', () => {
  it('converts to v1 with --syntax v1 and back to v3 by default', async () => {
    const r = await cli(
      'flavor-name',
      'convert',
      '--syntax',
      'v1',
      'SCS-2C-4-_bms_z3h_GNa-64_ib',
      'SCS-1V-0.5',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe('SCS-2C:4:-bms-z3h-GNa:64-ib\nSCS-1V:0.5\n');
    const back = await cli('flavor-name', 'convert', 'SCS-2C:4:-bms-z3h-GNa:64-ib');
    expect(back.out).toBe('SCS-2C-4-_bms_z3h_GNa-64_ib\n');
  });

  it('refuses names the target cannot express, on stderr or as JSON', async () => {
    const r = await cli('flavor-name', 'convert', '--syntax', 'v1', 'SCS-2V-4_chy', 'SCS-2V-4');
    expect(r.code).toBe(1);
    expect(r.out).toBe('SCS-2V:4\n');
    expect(r.err).toMatch(/SCS-2V-4_chy: cannot be expressed in v1/);
    const j = await cli('flavor-name', 'convert', '--json', '--syntax', 'v2', 'SCS-2V-4_GA1', 'SCS-2V-4_chy');
    const [ok, bad] = jsonLines(j.out);
    expect(ok).toMatchObject({ name: 'SCS-2V-4_GA1', from: 'v3', to: 'v2', result: 'SCS-2V-4_GA1' });
    expect(bad).toMatchObject({ name: 'SCS-2V-4_chy', to: 'v2' });
  });

  it('prints canonical short names', async () => {
    const r = await cli(
      'flavor-name',
      'shorten',
      'SCS-2C-4_bms_hwv_z3h_GNa-14h-6h_ib',
      'SCS-4C-16-2x200p_a1',
    );
    expect(r.out).toBe('SCS-2C-4_GNa-14-6_ib\nSCS-4C-16-2x200p_a\n');
    expect(r.code).toBe(0);
  });
});
