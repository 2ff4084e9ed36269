// Where the scs-0100 texts and the reference parser/testcases disagree: ids, what the text says, what the script does.
import type { Deviation } from '../results/types.js';

export const DEVIATION = {
  oldSyntaxNotTolerated: 'old-syntax-not-tolerated',
  gpuSwallowsExtension: 'gpu-generation-swallows-extension',
  gpuFrequencyWithoutCu: 'gpu-frequency-without-cu',
  diskMultiplierWithoutSize: 'disk-multiplier-without-size',
  diskMultiplierEmpty: 'disk-multiplier-empty',
  ramNumberFormat: 'ram-number-format',
  valuesBeyondReference: 'values-beyond-reference-tables',
  valuesMissingFromText: 'values-missing-from-text',
  diskSizeUnspecified: 'disk-size-unspecified',
  ramRounding: 'ram-rounding',
} as const;

/** Deviations of the name parser (both probes inherit them through the syntax they accept). */
export const PARSER_DEVIATIONS: Deviation[] = [
  {
    id: DEVIATION.oldSyntaxNotTolerated,
    standard:
      'v1 (deprecated 2023-10-31) and v2 (deprecated 2023-11-30) are superseded by v3; scs-0100-v3 requires every SCS- name to conform to the v3 syntax ("has to conform to the syntax outlined above"), so a name valid only in v1/v2 syntax is invalid (reported with the v3 spelling to rename to). The v3 note that "the validation tools still accept the old names with a warning" describes the transition tooling, not the rule.',
    reference:
      'Names that fail v3 but parse as v2 or v1 are accepted with the warning "Name is merely tolerated".',
  },
  {
    id: DEVIATION.gpuSwallowsExtension,
    standard:
      'The GPU extension without a compute-unit count may be followed by _ib (e.g. SCS-2V-4_GNa_ib): generation and compute units are optional, extensions are individually optional.',
    reference:
      'The GPU generation regex [^\\-h]* swallows the rest of the name ("a_ib"), so such names are rejected as an unknown generation.',
  },
  {
    id: DEVIATION.gpuFrequencyWithoutCu,
    standard:
      'v3 writes the GPU as X[N[-M[h][-V[h]]]]: the h suffix follows the compute-unit count M, and VRAM V only follows M.',
    reference:
      'An h right after the generation (SCS-2V-4_GNah, SCS-2V-4_GNah-24) is accepted, the latter even as VRAM without a CU count.',
  },
  {
    id: DEVIATION.diskMultiplierWithoutSize,
    standard:
      'v3: "The disk size can be prefixed with Mx"; the v1/v2 examples with a multiplier but no size (3xs, 3x, marked FIXME) were removed, so in v3 a multiplier needs a size.',
    reference: 'SCS-2C-4-3xs and SCS-2C-4-3x are accepted in every syntax.',
  },
  {
    id: DEVIATION.diskMultiplierEmpty,
    standard: 'The multiplier M in Mx is an integer (the number of disks).',
    reference: 'An empty multiplier (SCS-2C-4-x10) is accepted and read as one disk.',
  },
  {
    id: DEVIATION.ramNumberFormat,
    standard: 'RAM is a number of GiB such as 4 or 3.5.',
    reference: 'Anything Python float() reads is accepted, including 4. and .5.',
  },
  {
    id: DEVIATION.valuesBeyondReference,
    standard:
      'AMD GPU generations follow the text formulas GCN-x=0.x (0.1 to 0.5) and UDNA-x=x (5); v1/v2 also list RDNA1=1, RDNA2=2 (v2: RDNA3=3).',
    reference:
      'The reference table only knows 0.4 and 0.5 for GCN and no UDNA, so GA0.1 to GA0.3 and GA5 are rejected.',
  },
  {
    id: DEVIATION.valuesMissingFromText,
    standard:
      'Each syntax version accepts only the values its text lists: v1/v2 lack chy, the newer CPU/GPU generations and the GPU VRAM part; v3 allows only a single h for VRAM bandwidth.',
    reference:
      'The reference uses the v3 tables for v1 and v2 names too (v2 even accepts chy) and accepts hh as VRAM bandwidth suffix.',
  },
];

/** Deviations of the semantics testcase. */
export const SEMANTICS_DEVIATIONS: Deviation[] = [
  {
    id: DEVIATION.diskSizeUnspecified,
    standard:
      'A disk part without size (SCS-2C-4-n, SCS-2C-4-) means the cloud picks the size (at least min_disk of the image), so there is no size to compare; the other properties are still checked.',
    reference: 'The size is None and the comparison raises, so the whole semantics testcase ABORTs.',
  },
  {
    id: DEVIATION.ramRounding,
    standard: 'The flavor must provide at least the advertised RAM: ram MiB >= advertised GiB x 1024.',
    reference:
      'RAM is rounded to tenths of GiB as int((ram_MiB + 51) / 102.4) / 10 before comparing, which tolerates a shortfall of up to about 51 MiB.',
  },
];
