// The standard grammar of scs-0100 names: splits a name into its components in the order the texts fix,
// reporting the first structural problem precisely (which component, what is wrong, what was expected).
import type { NameComponent, SyntaxVersion } from './model.js';
import { fail, type ParseContext, type RawGpu, type RawName } from './raw.js';
import { type FlavorNamingTables, syntaxInfo } from './tables.js';
import { DEVIATION } from './deviations.js';

/** Deviation ids decided in the grammar (see deviations.ts). */
const DEV_GPU_SWALLOWS_EXTENSION = DEVIATION.gpuSwallowsExtension;
const DEV_GPU_FREQ_WITHOUT_CU = DEVIATION.gpuFrequencyWithoutCu;

type ExtensionKind = 'hypervisor' | 'hwvirt' | 'cpu-brand' | 'gpu' | 'infiniband';
const EXTENSION_ORDER: readonly ExtensionKind[] = ['hypervisor', 'hwvirt', 'cpu-brand', 'gpu', 'infiniband'];
const EXTENSION_LABEL: Record<ExtensionKind, string> = {
  hypervisor: 'hypervisor',
  hwvirt: 'hardware virtualization',
  'cpu-brand': 'CPU architecture',
  gpu: 'GPU',
  infiniband: 'Infiniband',
};

/** Split `input` (which starts with the prefix) into raw components under `version`'s syntax. */
export function tokenizeStandard(
  input: string,
  version: SyntaxVersion,
  tables: FlavorNamingTables,
  ctx: ParseContext,
): RawName {
  const { mainSeparator: ms, extensionSeparator: es } = syntaxInfo(tables, version);
  const rest = input.slice(tables.prefix.length);
  const extAt = rest.indexOf(es);
  const head = extAt < 0 ? rest : rest.slice(0, extAt);
  const tail = extAt < 0 ? undefined : rest.slice(extAt + 1);
  const parts = head.split(ms);
  const otherSeparatorHint =
    version === 'v1'
      ? head.includes('_')
        ? ` ('_' belongs to the v2/v3 syntax; v1 separates with '${ms}' and '${es}')`
        : ''
      : head.includes(':')
        ? ` (':' is the separator of the deprecated v1 syntax; ${version} uses '${ms}')`
        : '';

  const cpu = parseCpu(parts[0] ?? '', tables, otherSeparatorHint);
  if (parts.length < 2) {
    fail('ram', 'ram-missing', `the RAM part is missing after the CPU part${otherSeparatorHint}`, {
      expected: `'${ms}' and the RAM size in GiB, e.g. ${tables.prefix}${parts[0] ?? '2V'}${ms}4`,
      found: parts[0],
    });
  }
  const ram = parseRam(parts[1] ?? '', tables, otherSeparatorHint);
  let disk: RawName['disk'] = null;
  if (parts.length >= 3) disk = parseDisk(parts[2] ?? '', otherSeparatorHint);
  if (parts.length > 3) {
    fail('disk', 'extra-main-part', `unexpected '${ms}${parts.slice(3).join(ms)}' after the disk part`, {
      expected: `the end of the name or '${es}' and an extension`,
      found: ms + parts.slice(3).join(ms),
    });
  }

  const raw: RawName = {
    ...cpu,
    ...ram,
    disk,
    hypervisor: undefined,
    hwVirt: false,
    cpuBrand: undefined,
    gpu: undefined,
    infiniband: false,
  };
  if (tail !== undefined) parseExtensions(tail.split(es), raw, version, tables, ctx, ms, es);
  return raw;
}

function parseCpu(
  part: string,
  tables: FlavorNamingTables,
  hint: string,
): Pick<RawName, 'cpus' | 'cpuType' | 'insecure'> {
  const types = tables.cpu.types.map((t) => t.code);
  const expected = `a positive number of vCPUs followed by one of ${types.join(', ')} and optionally '${tables.cpu.insecure.code}', e.g. 2V or 8Ti`;
  const m = /^([0-9]*)([A-Za-z]?)(.*)$/.exec(part);
  const [, digits = '', letter = '', after = ''] = m ?? [];
  if (digits === '') {
    fail(
      'cpu',
      'cpu-count-missing',
      `the CPU part '${part}' does not start with the number of vCPUs${hint}`,
      {
        expected,
        found: part,
      },
    );
  }
  if (letter === '') {
    fail('cpu', 'cpu-type-missing', `the CPU type suffix is missing after '${digits}'${hint}`, {
      expected,
      found: part,
    });
  }
  if (letter === tables.cpu.insecure.code && types.includes(after.charAt(0))) {
    fail(
      'cpu',
      'cpu-insecure-order',
      `the insecure flag '${letter}' must follow the CPU type letter: write ${digits}${after.charAt(0)}${letter}, not ${part}`,
      { expected, found: part },
    );
  }
  if (!types.includes(letter)) {
    const upper = letter.toUpperCase();
    const why = types.includes(upper)
      ? `CPU type letters are upper case: write '${upper}', not '${letter}'`
      : `unknown CPU type '${letter}'`;
    fail('cpu', 'cpu-type-unknown', why, { expected: `one of ${types.join(', ')}`, found: letter });
  }
  let insecure = false;
  let trailing = after;
  if (trailing.startsWith(tables.cpu.insecure.code)) {
    insecure = true;
    trailing = trailing.slice(tables.cpu.insecure.code.length);
  }
  if (trailing !== '') {
    fail('cpu', 'cpu-trailing', `unexpected '${trailing}' after the CPU type${hint}`, {
      expected: `nothing or '${tables.cpu.insecure.code}' (insecure) after ${digits}${letter}`,
      found: trailing,
    });
  }
  return { cpus: digits, cpuType: letter, insecure };
}

function parseRam(
  part: string,
  tables: FlavorNamingTables,
  hint: string,
): Pick<RawName, 'ram' | 'ramNoEcc' | 'ramOversubscribed'> {
  const flags = tables.ram.flags.map((f) => f.code);
  const m = /^([0-9.]*)([A-Za-z]*)$/.exec(part);
  if (!m) {
    fail(
      'ram',
      'ram-malformed',
      `the RAM part '${part}' is not a size in GiB with optional suffixes${hint}`,
      {
        expected: `a number of GiB (multiple of 0.5) optionally followed by ${flags.join(', then ')}`,
        found: part,
      },
    );
  }
  const [, size = '', suffix = ''] = m;
  if (size === '') {
    fail('ram', 'ram-missing', `the RAM size is missing${part ? ` before '${part}'` : ''}`, {
      expected: 'a number of GiB, e.g. 4 or 3.5',
      found: part,
    });
  }
  // Suffixes are optional but must appear in the table's order (`uo`, never `ou`), each at most once.
  let last = -1;
  const seen = new Set<string>();
  for (const ch of suffix) {
    const idx = flags.indexOf(ch);
    if (idx < 0) {
      fail('ram', 'ram-suffix-unknown', `unknown RAM suffix '${ch}'`, {
        expected: `only ${flags.map((f) => `'${f}'`).join(' and ')}, in this order`,
        found: suffix,
      });
    }
    if (seen.has(ch)) {
      fail('ram', 'ram-suffix-repeated', `the RAM suffix '${ch}' appears twice`, {
        expected: `each of ${flags.join(', ')} at most once`,
        found: suffix,
      });
    }
    if (idx < last) {
      fail(
        'ram',
        'ram-suffix-order',
        `the RAM suffixes must be in the order '${flags.join('')}', found '${suffix}'`,
        {
          expected: flags.join(''),
          found: suffix,
        },
      );
    }
    seen.add(ch);
    last = idx;
  }
  const noEcc = tables.ram.flags.find((f) => f.key === 'no-ecc')?.code ?? 'u';
  const over = tables.ram.flags.find((f) => f.key === 'oversubscribed')?.code ?? 'o';
  return { ram: size, ramNoEcc: seen.has(noEcc), ramOversubscribed: seen.has(over) };
}

function parseDisk(part: string, hint: string): NonNullable<RawName['disk']> {
  let count: string | undefined;
  let rest = part;
  const x = part.indexOf('x');
  if (x >= 0) {
    count = part.slice(0, x);
    rest = part.slice(x + 1);
    if (!/^[0-9]*$/.test(count)) {
      fail('disk', 'disk-multiplier-malformed', `the disk multiplier '${count}' is not a whole number`, {
        expected: "a number of disks followed by 'x', e.g. 3x10s",
        found: part,
      });
    }
  }
  const m = /^([0-9]*)(\.[0-9]*)?([A-Za-z]*)$/.exec(rest);
  if (!m) {
    fail('disk', 'disk-malformed', `the disk part '${part}' is not [Mx][size][type]${hint}`, {
      expected:
        'an optional multiplier (3x), a size in whole GB and an optional type letter, e.g. 10n or 3x10s',
      found: part,
    });
  }
  const [, size = '', fraction, type = ''] = m;
  if (fraction !== undefined) {
    fail('disk', 'disk-size-fraction', `disk sizes must be whole GB, found '${size}${fraction}'`, {
      expected: 'an integer number of GB',
      found: `${size}${fraction}`,
    });
  }
  if (type.length > 1) {
    fail('disk', 'disk-type-unknown', `unknown disk type '${type}'`, {
      expected: 'a single disk type letter',
      found: type,
    });
  }
  return { count, size, type };
}

function parseExtensions(
  tokens: string[],
  raw: RawName,
  version: SyntaxVersion,
  tables: FlavorNamingTables,
  ctx: ParseContext,
  ms: string,
  es: string,
): void {
  let lastIdx = -1;
  let lastToken = '';
  tokens.forEach((token, i) => {
    const kind = classifyExtension(token, tables, es);
    const idx = EXTENSION_ORDER.indexOf(kind);
    if (idx === lastIdx) {
      fail(
        kind,
        'extension-repeated',
        `the ${EXTENSION_LABEL[kind]} extension appears twice ('${lastToken}', '${token}')`,
        {
          expected: 'each extension at most once',
          found: es + token,
        },
      );
    }
    if (idx < lastIdx) {
      const prev = EXTENSION_ORDER[lastIdx] as ExtensionKind;
      fail(
        kind,
        'extension-order',
        `the ${EXTENSION_LABEL[kind]} extension '${es}${token}' must come before the ${EXTENSION_LABEL[prev]} extension '${es}${lastToken}'`,
        {
          expected: `the order ${EXTENSION_ORDER.map((k) => EXTENSION_LABEL[k]).join(', ')}`,
          found: es + token,
        },
      );
    }
    lastIdx = idx;
    lastToken = token;
    const isLast = i === tokens.length - 1;
    switch (kind) {
      case 'hypervisor':
        raw.hypervisor = token;
        break;
      case 'hwvirt':
        raw.hwVirt = true;
        break;
      case 'infiniband':
        raw.infiniband = true;
        break;
      case 'cpu-brand': {
        const m = /^([a-z])([0-9]*)(h*)$/.exec(token);
        if (!m) {
          fail('cpu-brand', 'cpu-brand-malformed', `the CPU architecture extension '${token}' is malformed`, {
            expected: "a vendor letter, an optional generation number and optional 'h' suffixes, e.g. z3h",
            found: token,
          });
        }
        raw.cpuBrand = { vendor: m[1] ?? '', generation: m[2] ?? '', frequency: m[3] ?? '' };
        break;
      }
      case 'gpu':
        raw.gpu = parseGpu(token, ms);
        // The reference parser lets the generation swallow everything up to the next '-' or 'h'.
        if (raw.gpu.cu === undefined && !isLast) ctx.deviations.add(DEV_GPU_SWALLOWS_EXTENSION);
        break;
    }
  });
}

function classifyExtension(token: string, tables: FlavorNamingTables, es: string): ExtensionKind {
  if (token === '') {
    fail('extensions', 'extension-empty', `empty extension (two '${es}' in a row or a trailing '${es}')`, {
      expected: `an extension after each '${es}'`,
      found: es,
    });
  }
  if (tables.hypervisors.some((h) => h.code === token)) return 'hypervisor';
  if (token === tables.hardwareVirtualization.code) return 'hwvirt';
  if (token === tables.infiniband.code) return 'infiniband';
  if (
    /^[a-z]/.test(token) &&
    tables.cpuVendors.some((v) => v.code === token.charAt(0)) &&
    /^[a-z][0-9h]*$/.test(token)
  )
    return 'cpu-brand';
  if (tables.gpuKinds.some((k) => k.code === token.charAt(0))) return 'gpu';
  // A known extension in the wrong case is reported against the extension it names ("letters are case-sensitive").
  const lower = token.toLowerCase();
  if (lower !== token) {
    let named: ExtensionKind | undefined;
    if (tables.hypervisors.some((h) => h.code === lower)) named = 'hypervisor';
    else if (lower === tables.hardwareVirtualization.code) named = 'hwvirt';
    else if (lower === tables.infiniband.code) named = 'infiniband';
    else if (tables.cpuVendors.some((v) => v.code === lower.charAt(0)) && /^[a-z][0-9h]*$/.test(lower))
      named = 'cpu-brand';
    if (named) {
      fail(
        named,
        'extension-case',
        `the ${EXTENSION_LABEL[named]} extension is case-sensitive: write '${lower}', not '${token}'`,
        { expected: lower, found: token },
      );
    }
  }
  if (/^[0-9]+h*$/.test(token)) {
    fail(
      'cpu-brand',
      'cpu-generation-without-vendor',
      `'${token}' looks like a CPU generation without a vendor letter; a generation can only be given with a vendor`,
      {
        expected: `one of ${tables.cpuVendors.map((v) => v.code).join(', ')} before the generation, e.g. z${token}`,
        found: token,
      },
    );
  }
  fail(
    'extensions',
    'extension-unknown',
    `unknown extension '${token}' (private extensions are not allowed)`,
    {
      expected: `in this order: hypervisor (${tables.hypervisors.map((h) => h.code).join('/')}), ${tables.hardwareVirtualization.code}, CPU architecture (${tables.cpuVendors.map((v) => v.code).join('/')}[gen][h]), GPU (${tables.gpuKinds.map((k) => k.code).join('/')}${tables.gpuVendors.map((v) => v.code).join('/')}[gen][-CU[h][-VRAM[h]]]), ${tables.infiniband.code}`,
      found: token,
    },
  );
}

function parseGpu(token: string, sep: string): RawGpu {
  const kind = token.charAt(0);
  const vendor = token.charAt(1);
  const pieces = token.slice(2).split(sep);
  const gpuForm = `G or g, a vendor letter, an optional generation, then optionally '${sep}'CU['h'] and '${sep}'VRAM['h'], e.g. GNa${sep}14h${sep}6h`;
  if (pieces.length > 3) {
    fail('gpu', 'gpu-malformed', `the GPU extension '${token}' has too many '${sep}' parts`, {
      expected: gpuForm,
      found: token,
    });
  }
  const [generation = '', cuPart, vramPart] = pieces;
  const trailingH = /^(.*?)(h+)$/.exec(generation);
  if (trailingH && trailingH[1] !== undefined) {
    fail(
      'gpu',
      'gpu-frequency-without-cu',
      `the high-frequency suffix '${trailingH[2]}' belongs after the compute-unit count, not after the generation`,
      {
        expected: `the compute-unit count followed by ${trailingH[2]}, e.g. ${kind}${vendor}${trailingH[1]}${sep}14${trailingH[2]}`,
        found: token,
        deviation: DEV_GPU_FREQ_WITHOUT_CU,
      },
    );
  }
  const cu = parseCount(cuPart, 'gpu-cu-malformed', 'compute-unit count', token, gpuForm);
  const vram = parseCount(vramPart, 'gpu-vram-malformed', 'VRAM size', token, gpuForm);
  return {
    kind,
    vendor,
    generation,
    cu: cu?.value,
    cuFreq: cu?.suffix ?? '',
    vram: vram?.value,
    vramFreq: vram?.suffix ?? '',
  };
}

function parseCount(
  piece: string | undefined,
  code: string,
  what: string,
  token: string,
  expected: string,
): { value: string; suffix: string } | undefined {
  if (piece === undefined) return undefined;
  const m = /^([0-9]+)(h*)$/.exec(piece);
  if (!m) {
    const component: NameComponent = 'gpu';
    fail(
      component,
      code,
      `the GPU ${what} '${piece}' in '${token}' is not a whole number with optional 'h' suffixes`,
      {
        expected,
        found: piece,
      },
    );
  }
  return { value: m[1] ?? '', suffix: m[2] ?? '' };
}
