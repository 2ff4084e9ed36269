// Judges the values of a split name against the tables of one syntax version: numbers, table codes, combinations.
import type { CpuTypeCode, FlavorName, GpuSpec, JudgeMode, SyntaxVersion } from './model.js';
import { fail, type ParseContext, type RawName, warn } from './raw.js';
import { type FlavorNamingTables, knownIn, type Versioned } from './tables.js';
import { DEVIATION } from './deviations.js';

const DEV_RAM_NUMBER_FORMAT = DEVIATION.ramNumberFormat;
const DEV_DISK_MULTIPLIER_EMPTY = DEVIATION.diskMultiplierEmpty;
const DEV_DISK_MULTIPLIER_WITHOUT_SIZE = DEVIATION.diskMultiplierWithoutSize;
const DEV_GPU_FREQ_WITHOUT_CU = DEVIATION.gpuFrequencyWithoutCu;
const DEV_VALUES_BEYOND_REFERENCE = DEVIATION.valuesBeyondReference;
const DEV_VALUES_MISSING_FROM_TEXT = DEVIATION.valuesMissingFromText;

/** Python's float() on a string of digits and dots, as the reference parser reads the RAM size. */
const LENIENT_NUMBER = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/;
const STRICT_NUMBER = /^[0-9]+(?:\.[0-9]+)?$/;

/** What every part of a name is judged against. */
interface Judging {
  version: SyntaxVersion;
  profile: JudgeMode;
  strict: boolean;
  tables: FlavorNamingTables;
  ctx: ParseContext;
}

/** Judges every part of a split name; the first broken rule throws (fail), softer findings are warnings. */
export function validateRaw(
  raw: RawName,
  version: SyntaxVersion,
  profile: JudgeMode,
  tables: FlavorNamingTables,
  ctx: ParseContext,
): FlavorName {
  const strict = profile === 'standard';
  const judging: Judging = { version, profile, strict, tables, ctx };
  const { cpus, cpuType } = validateCpu(raw, judging);
  const ramGiB = validateRam(raw, judging);
  const disk = validateDisk(raw, judging);
  validateHypervisor(raw, judging);
  const cpuBrand = validateCpuBrand(raw, judging);
  const gpu = validateGpu(raw, judging);
  return {
    cpus,
    cpuType,
    insecure: raw.insecure,
    ramGiB,
    ramNoEcc: raw.ramNoEcc,
    ramOversubscribed: raw.ramOversubscribed,
    disk,
    hypervisor: raw.hypervisor,
    hwVirt: raw.hwVirt,
    cpuBrand,
    gpu,
    infiniband: raw.infiniband,
  };
}

/** vCPU count and CPU type. */
function validateCpu(raw: RawName, judging: Judging): { cpus: number; cpuType: CpuTypeCode } {
  const { tables, ctx } = judging;
  if (raw.cpus === '') {
    fail('cpu', 'cpu-count-missing', 'the number of vCPUs is missing', { expected: 'a positive integer' });
  }
  const cpus = Number.parseInt(raw.cpus, 10);
  if (!(cpus > 0)) {
    fail(
      'cpu',
      'cpu-count-not-positive',
      `the number of vCPUs must be a positive integer, found ${raw.cpus}`,
      {
        expected: 'a positive integer',
        found: raw.cpus,
      },
    );
  }
  leadingZero(ctx, 'cpu', raw.cpus);
  const cpuType = tables.cpu.types.find((t) => t.code === raw.cpuType);
  if (!cpuType) {
    fail('cpu', 'cpu-type-unknown', `unknown CPU type '${raw.cpuType}'`, {
      expected: `one of ${tables.cpu.types.map((t) => t.code).join(', ')}`,
      found: raw.cpuType,
    });
  }
  return { cpus, cpuType: cpuType.code as CpuTypeCode };
}

/** RAM size: a positive multiple of the step, canonical form. */
function validateRam(raw: RawName, judging: Judging): number {
  const { strict, tables, ctx } = judging;
  const ramOk = strict ? STRICT_NUMBER.test(raw.ram) : LENIENT_NUMBER.test(raw.ram);
  if (!ramOk) {
    const referenceWouldRead = LENIENT_NUMBER.test(raw.ram);
    fail('ram', 'ram-malformed', `the RAM size '${raw.ram}' is not a number`, {
      expected: 'digits with an optional decimal part, e.g. 4 or 3.5',
      found: raw.ram,
      ...(referenceWouldRead ? { deviation: DEV_RAM_NUMBER_FORMAT } : {}),
    });
  }
  const ramGiB = Number(raw.ram);
  const step = tables.ram.stepGiB;
  if (!(ramGiB > 0) || !Number.isInteger(ramGiB / step)) {
    fail(
      'ram',
      'ram-not-multiple',
      `the RAM size must be a positive multiple of ${step} GiB, found ${raw.ram}`,
      {
        expected: `a positive multiple of ${step} GiB`,
        found: raw.ram,
      },
    );
  }
  if (ramGiB >= tables.ram.discourageHalfFromGiB && !Number.isInteger(ramGiB)) {
    warn(
      ctx,
      'ram',
      'ram-half-discouraged',
      `fractional RAM sizes should not be used from ${tables.ram.discourageHalfFromGiB} GiB on (found ${raw.ram})`,
      { expected: 'a whole number of GiB', found: raw.ram },
    );
  }
  if (strict && raw.ram !== formatGiB(ramGiB) && !/^0[0-9]/.test(raw.ram)) {
    warn(ctx, 'ram', 'ram-non-canonical', `write the RAM size as ${formatGiB(ramGiB)}, not ${raw.ram}`, {
      expected: formatGiB(ramGiB),
      found: raw.ram,
    });
  }
  leadingZero(ctx, 'ram', raw.ram);
  return ramGiB;
}

/** Root disk: multiplier, size and type. */
function validateDisk(raw: RawName, judging: Judging): FlavorName['disk'] {
  const { version, profile, strict, tables, ctx } = judging;
  const d = raw.disk;
  if (!d) return null;
  let count = 1;
  if (d.count !== undefined) {
    if (d.count === '') {
      if (strict) {
        fail('disk', 'disk-multiplier-missing', "the number of disks is missing before 'x'", {
          expected: "a positive number of disks before 'x', e.g. 3x10s",
          found: `x${d.size}${d.type}`,
          deviation: DEV_DISK_MULTIPLIER_EMPTY,
        });
      }
    } else {
      count = Number.parseInt(d.count, 10);
      if (!(count > 0)) {
        fail(
          'disk',
          'disk-multiplier-not-positive',
          `the number of disks must be positive, found ${d.count}`,
          {
            expected: 'a positive integer',
            found: d.count,
          },
        );
      }
      leadingZero(ctx, 'disk', d.count);
      if (count === 1 && strict) {
        warn(
          ctx,
          'disk',
          'disk-multiplier-one',
          "the multiplier '1x' is redundant (one disk is the default)",
          {
            expected: `${d.size}${d.type}`,
            found: `1x${d.size}${d.type}`,
          },
        );
      }
    }
  }
  let sizeGB: number | undefined;
  if (d.size !== '') {
    sizeGB = Number.parseInt(d.size, 10);
    if (!(sizeGB > 0)) {
      fail(
        'disk',
        'disk-size-not-positive',
        `the disk size must be a positive number of GB, found ${d.size}`,
        {
          expected: 'a positive integer number of GB',
          found: d.size,
        },
      );
    }
    leadingZero(ctx, 'disk', d.size);
  } else if (d.count !== undefined && version === 'v3' && strict) {
    // v3 prefixes the multiplier to a size ("The disk size can be prefixed with Mx"); v1/v2 had `3xs` examples.
    fail(
      'disk',
      'disk-multiplier-without-size',
      `the disk multiplier '${d.count}x' needs a disk size after it`,
      {
        expected: `${d.count}x followed by a size in GB, e.g. ${d.count}x10${d.type}`,
        found: `${d.count}x${d.type}`,
        deviation: DEV_DISK_MULTIPLIER_WITHOUT_SIZE,
      },
    );
  }
  let type: string | undefined;
  if (d.type !== '') {
    checkVersioned(ctx, tables.disk.types, d.type, version, profile, 'disk', 'disk-type', 'disk type');
    type = d.type;
  }
  return { count, sizeGB, type };
}

/** Hypervisor and hardware virtualization. */
function validateHypervisor(raw: RawName, judging: Judging): void {
  const { version, profile, strict, tables, ctx } = judging;
  if (raw.hypervisor !== undefined) {
    checkVersioned(
      ctx,
      tables.hypervisors,
      raw.hypervisor,
      version,
      profile,
      'hypervisor',
      'hypervisor',
      'hypervisor',
    );
  }
  if (raw.hwVirt && raw.hypervisor === undefined && strict) {
    warn(
      ctx,
      'hwvirt',
      'hwvirt-without-hypervisor',
      `'${tables.hardwareVirtualization.code}' without a hypervisor is allowed but not recommended; name the hypervisor too`,
      {
        expected: `e.g. _kvm_${tables.hardwareVirtualization.code} or _bms_${tables.hardwareVirtualization.code}`,
      },
    );
  }
}

/** CPU vendor/architecture, generation and frequency. */
function validateCpuBrand(raw: RawName, judging: Judging): FlavorName['cpuBrand'] {
  const { version, profile, strict, tables, ctx } = judging;
  const b = raw.cpuBrand;
  if (!b) return undefined;
  const vendor = tables.cpuVendors.find((v) => v.code === b.vendor);
  if (!vendor) {
    fail('cpu-brand', 'cpu-vendor-unknown', `unknown CPU vendor/architecture '${b.vendor}'`, {
      expected: `one of ${tables.cpuVendors.map((v) => `${v.code} (${v.name})`).join(', ')}`,
      found: b.vendor,
    });
  }
  let generation: number | undefined;
  if (b.generation !== '') {
    generation = Number.parseInt(b.generation, 10);
    const sameCode = vendor.generations.filter((g) => g.code === generation);
    if (sameCode.length === 0 && vendor.generations.every((g) => g.code === 0)) {
      fail(
        'cpu-brand',
        'cpu-generation-unknown',
        `${vendor.name} generations are not defined yet (TBD in the standard); leave the generation out, found ${b.generation}`,
        { expected: `${b.vendor} without a generation`, found: `${b.vendor}${b.generation}` },
      );
    }
    checkVersioned(
      ctx,
      vendor.generations,
      generation,
      version,
      profile,
      'cpu-brand',
      'cpu-generation',
      `${vendor.name} CPU generation`,
    );
    if (generation === 0 && strict) {
      warn(ctx, 'cpu-brand', 'cpu-generation-zero', tables.cpuGenerationZero.recommendation, {
        expected: `${b.vendor}${b.frequency}`,
        found: `${b.vendor}${b.generation}${b.frequency}`,
      });
    }
    leadingZero(ctx, 'cpu-brand', b.generation);
  }
  if (b.frequency !== '' && !tables.cpuFrequencies.some((f) => f.code === b.frequency)) {
    fail('cpu-brand', 'cpu-frequency-unknown', `unknown CPU frequency suffix '${b.frequency}'`, {
      expected: tables.cpuFrequencies.map((f) => `${f.code} (${f.meaning})`).join(', '),
      found: b.frequency,
    });
  }
  return { vendor: b.vendor, generation, frequency: b.frequency };
}

/** GPU: kind, vendor, generation, compute units, frequency and VRAM. */
function validateGpu(raw: RawName, judging: Judging): GpuSpec | undefined {
  const { version, profile, strict, tables, ctx } = judging;
  const g = raw.gpu;
  if (!g) return undefined;
  const kind = tables.gpuKinds.find((k) => k.code === g.kind);
  if (!kind || (g.kind !== 'G' && g.kind !== 'g')) {
    fail('gpu', 'gpu-kind-unknown', `unknown GPU kind '${g.kind}'`, {
      expected: tables.gpuKinds.map((k) => `${k.code} (${k.name})`).join(', '),
      found: g.kind,
    });
  }
  const vendor = tables.gpuVendors.find((v) => v.code === g.vendor);
  if (!vendor) {
    fail('gpu', 'gpu-vendor-unknown', `unknown GPU vendor '${g.vendor}' (the vendor letter is mandatory)`, {
      expected: `one of ${tables.gpuVendors.map((v) => `${v.code} (${v.name})`).join(', ')} after ${g.kind}`,
      found: g.vendor,
    });
  }
  let generation: string | undefined;
  if (g.generation !== '') {
    checkVersioned(
      ctx,
      vendor.generations,
      g.generation,
      version,
      profile,
      'gpu',
      'gpu-generation',
      `${vendor.name} GPU generation`,
    );
    generation = g.generation;
  }
  let cu: number | undefined;
  if (g.cu !== undefined) {
    cu = Number.parseInt(g.cu, 10);
    if (!(cu > 0)) {
      fail(
        'gpu',
        'gpu-cu-not-positive',
        `the number of ${vendor.unitsShort} must be positive, found ${g.cu}`,
        {
          expected: 'a positive integer',
          found: g.cu,
        },
      );
    }
    leadingZero(ctx, 'gpu', g.cu);
  }
  if (g.cuFreq !== '') {
    if (cu === undefined && strict) {
      fail(
        'gpu',
        'gpu-frequency-without-cu',
        `the high-frequency suffix '${g.cuFreq}' needs a compute-unit count`,
        {
          expected: `${g.kind}${g.vendor}${g.generation}-CU${g.cuFreq}`,
          found: g.cuFreq,
          deviation: DEV_GPU_FREQ_WITHOUT_CU,
        },
      );
    }
    checkVersioned(
      ctx,
      tables.gpuFrequencies,
      g.cuFreq,
      version,
      profile,
      'gpu',
      'gpu-frequency',
      'GPU frequency suffix',
    );
  }
  let vram: number | undefined;
  if (g.vram !== undefined) {
    if (!knownIn(tables.gpuVram, version, profile)) {
      recordVersionDeviation(ctx, [tables.gpuVram], version);
      fail(
        'gpu',
        'gpu-vram-not-in-version',
        `a VRAM size in the GPU extension is not defined in ${version}`,
        {
          expected: `no VRAM part in ${version} (it exists from ${tables.gpuVram.versions.join(', ')})`,
          found: g.vram,
        },
      );
    }
    recordVersionDeviation(ctx, [tables.gpuVram], version);
    if (cu === undefined && strict) {
      fail('gpu', 'gpu-vram-without-cu', 'the VRAM size can only be given after a compute-unit count', {
        expected: `${g.kind}${g.vendor}${g.generation}-CU-VRAM`,
        found: g.vram,
        deviation: DEV_GPU_FREQ_WITHOUT_CU,
      });
    }
    vram = Number.parseInt(g.vram, 10);
    if (!(vram > 0)) {
      fail(
        'gpu',
        'gpu-vram-not-positive',
        `the VRAM size must be a positive number of GiB, found ${g.vram}`,
        {
          expected: 'a positive integer number of GiB',
          found: g.vram,
        },
      );
    }
    leadingZero(ctx, 'gpu', g.vram);
  }
  if (g.vramFreq !== '') {
    checkVersioned(
      ctx,
      tables.gpuVram.bandwidths,
      g.vramFreq,
      version,
      profile,
      'gpu',
      'gpu-vram-bandwidth',
      'VRAM bandwidth suffix',
    );
  }
  return {
    kind: g.kind,
    vendor: g.vendor,
    generation,
    cu,
    cuFreq: g.cuFreq,
    vram,
    vramFreq: g.vramFreq,
  };
}

/** RAM sizes as the canonical name writes them: 4, 3.5. */
export function formatGiB(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

function leadingZero(ctx: ParseContext, component: Parameters<typeof warn>[1], digits: string): void {
  if (/^0[0-9]/.test(digits)) {
    const clean = digits.replace(/^0+(?=[0-9])/, '');
    warn(ctx, component, 'leading-zero', `write numbers without leading zeros: ${clean}, not ${digits}`, {
      expected: clean,
      found: digits,
    });
  }
}

/** Where the two profiles judge a code differently, note which deviation decides. */
function recordVersionDeviation(
  ctx: ParseContext,
  entries: readonly Versioned[],
  version: SyntaxVersion,
): void {
  const inStandard = entries.some((e) => knownIn(e, version, 'standard'));
  const inReference = entries.some((e) => knownIn(e, version, 'reference'));
  if (inStandard && !inReference) ctx.deviations.add(DEV_VALUES_BEYOND_REFERENCE);
  if (!inStandard && inReference) ctx.deviations.add(DEV_VALUES_MISSING_FROM_TEXT);
}

function checkVersioned<T extends Versioned & { code: string | number; name: string }>(
  ctx: ParseContext,
  entries: readonly T[],
  code: string | number,
  version: SyntaxVersion,
  profile: JudgeMode,
  component: Parameters<typeof warn>[1],
  codePrefix: string,
  what: string,
): T {
  const sameCode = entries.filter((e) => e.code === code);
  recordVersionDeviation(ctx, sameCode, version);
  const entry = sameCode.find((e) => knownIn(e, version, profile));
  if (entry) return entry;
  const valid = entries.filter((e) => knownIn(e, version, profile)).map((e) => String(e.code));
  const expected = valid.length
    ? `one of ${[...new Set(valid)].join(', ')} in ${version}`
    : `none in ${version}`;
  // Entries no text lists (only the reference parser knows them) count as unknown.
  if (sameCode.some((e) => e.versions.length > 0)) {
    const where = [...new Set(sameCode.flatMap((e) => e.versions))].join(', ');
    fail(
      component,
      `${codePrefix}-not-in-version`,
      `the ${what} '${code}' is not defined in ${version} (it is defined in ${where})`,
      { expected, found: String(code) },
    );
  }
  fail(component, `${codePrefix}-unknown`, `unknown ${what} '${code}'`, { expected, found: String(code) });
}
