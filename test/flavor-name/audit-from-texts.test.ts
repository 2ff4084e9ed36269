// Independent audit table of flavor names drawn from the scs-0100-v3 text (and w1 supplement), run through the CLI.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../src/artifacts/iaas.js';
import semantics from '../../src/probes/iaas/scs-0100-semantics-check.js';
import { context, flavor } from '../probes/scs-0100-helpers.js';
import { runCli } from '../helpers/cli.js';

type Verdict = 'valid' | 'invalid' | 'not-scs';
type Component =
  | 'prefix'
  | 'cpu'
  | 'ram'
  | 'disk'
  | 'extensions'
  | 'hypervisor'
  | 'hwvirt'
  | 'cpu-brand'
  | 'gpu'
  | 'infiniband';

interface Row {
  name: string;
  verdict: Verdict;
  /** For invalid names: the component the error (and so the reason) must name. */
  component?: Component;
  /** For valid names with advice: the component of the expected warning; absent = no warning at all. */
  warn?: Component;
  /** For names that only follow a deprecated syntax: the version the CLI must name. */
  syntax?: 'v1' | 'v2';
  /** Where in the text the expectation comes from. */
  text: string;
}

const v = (name: string, text: string, warn?: Component): Row => ({
  name,
  verdict: 'valid',
  text,
  ...(warn ? { warn } : {}),
});
const x = (name: string, component: Component, text: string, syntax?: 'v1' | 'v2'): Row => ({
  name,
  verdict: 'invalid',
  component,
  text,
  ...(syntax ? { syntax } : {}),
});
const n = (name: string, text: string): Row => ({ name, verdict: 'not-scs', text });

const PROPOSAL = 'v3 "Complete Proposal": SCS- N(L/V/T/C)[i] -N[u][o] [-[Mx]N[n/h/s/p]] [_EXT]';
const CPU_EX = 'v3 "CPU Suffixes" examples';
const CPU_TBL = 'v3 "CPU Suffixes" table: C, T, V, L (case-sensitive)';
const RAM_EX = 'v3 "Memory" examples';
const RAM_HALF =
  'v3 "Memory": "It is allowed to specify half GiBs (e.g. 3.5), though this should not be done for larger memory sizes (>= 10GiB)"';
const DISK_EX = 'v3 "Disk sizes and types" examples';
const DISK_TBL = 'v3 "Disk sizes and types" table: n, h, s, p';
const DISK_MULTI =
  'v3 "Multi-provisioned Disk": "The disk size can be prefixed with Mx ..., where M is an integer"';
const POLICY = 'v3 "Naming policy compliance"';
const HYP_TBL = 'v3 "Hypervisor" table: kvm, chy, xen, vmw, hyv, bms';
const HYP_EX = 'v3 "Hypervisor" examples';
const HWV_EX = 'v3 "Hardware virtualization" examples';
const ARCH_TBL = 'v3 "Generation and Vendor" tables (i 0-6, z 0-6, a 0-5, r TBD)';
const ARCH_ZERO = 'v3: "It is recommended to leave out the 0 when specifying the old generation"';
const ARCH_VENDOR = 'v3: the generation "can only be specified in conjunction with a vendor"';
const FREQ_TBL = 'v3 "Frequency Suffixes": h, hh, hhh';
const ARCH_EX = 'v3 "CPU Architecture Details" examples';
const GPU_FMT = 'v3 "GPU support" format: _[G/g]X[N[-M[h][-V[h]]]]';
const GPU_NV = 'v3 nVidia generations f k m p v t a l g b u';
const GPU_AMD = 'v3 AMD generations: GCN-x=0.x, CDNA-x=x, RDNA-x=x.1, RDNA-3.5=3.5, UDNA-x=x';
const GPU_INTEL = 'v3 Intel generations: Gen9=0.9, Xe=1, Xe(12.2)=2, Arc=3, BattleImage=4';
const GPU_VENDOR = 'v3 GPU: "the vendor letter X is mandatory" (N, A, I)';
const GPU_H = 'v3 GPU: "the letter h can be duplicated" (CU) / "An optional h" (VRAM)';
const W1 = 'w1 "GPU table"';
const EXT_ORDER = 'v3 "Extensions": "the ones that are used must appear in the order given"';
const IB = 'v3 "Infiniband": _ib';
const CASE = 'v3: "Note that all letters are case-sensitive"';
const EXAMPLES = 'v3 "Proposal Examples" table';
const OPTIONS = 'v3 "Naming options advice"';
const PREFIX = 'v3 "Naming policy compliance": "If its name starts with SCS-"';
const EXTRA = 'v3 "Complete Proposal": nothing may follow the last component';

const ROWS: Row[] = [
  // --- Proposal and policy examples
  v('SCS-4V-16-50', 'v3 "Complete Proposal": "Typical flavor names look like SCS-4V-16-50"'),
  v('SCS-2C-4-10n', EXAMPLES),
  v('SCS-8Ti-32-50p_i1', EXAMPLES),
  v('SCS-1L-1u-5', EXAMPLES),
  v('SCS-16T-64-200s_GNa-72-24_ib', EXAMPLES),
  v('SCS-4C-16-2x200p_a1', EXAMPLES),
  v('SCS-1V-0.5', EXAMPLES),
  v('SCS-1C-1.5-8s', POLICY),
  v('SCS-1T-1-5n', POLICY),
  v('SCS-1V-1-5', POLICY),
  v('SCS-2V-4-20s', POLICY),
  v('SCS-2V-4-20p', POLICY),
  v('SCS-8V-32-100', POLICY),
  v('SCS-8T-16-50', OPTIONS),
  v('SCS-8T-16-50n', OPTIONS),
  v('SCS-8T-16-50n_i2', OPTIONS),
  v('SCS-8T-16-50n_z2', OPTIONS),

  // --- CPU
  v('SCS-2T-4-10n', CPU_EX),
  v('SCS-2V-4-10n', CPU_EX),
  v('SCS-2L-4-10n', CPU_EX),
  v('SCS-2Li-4-10n', CPU_EX),
  v('SCS-2Ci-4', CPU_TBL),
  v('SCS-2Ti-4', CPU_TBL),
  v('SCS-2Vi-4', CPU_TBL),
  v('SCS-1V-1', `${PROPOSAL} (1 vCPU)`),
  v('SCS-128C-512', PROPOSAL),
  x('SCS-2-4-10n', 'cpu', `${CPU_EX}: "CPU suffix missing"`),
  x('SCS-2iT-4-10n', 'cpu', `${CPU_EX}: "This order is forbidden"`),
  x('SCS-0V-4', 'cpu', `${PROPOSAL}: a flavor has at least one vCPU`),
  x('SCS-V-4', 'cpu', `${PROPOSAL}: N is required`),
  x('SCS-2c-4', 'cpu', CASE),
  x('SCS-2v-4', 'cpu', CASE),
  x('SCS-2X-4', 'cpu', CPU_TBL),
  x('SCS-2I-4', 'cpu', CPU_TBL),
  x('SCS-2VC-4', 'cpu', `${PROPOSAL}: one CPU suffix`),
  x('SCS-2Vii-4', 'cpu', `${PROPOSAL}: [i] at most once`),
  x('SCS-2.5V-4', 'cpu', `${PROPOSAL}: vCPUs are a whole number`),
  x('SCS--4', 'cpu', PROPOSAL),

  // --- RAM
  v('SCS-2C-3.5-10n', RAM_EX),
  v('SCS-2C-4u-10n', RAM_EX),
  v('SCS-2C-4o-10n', RAM_EX),
  v('SCS-2C-4uo-10n', RAM_EX),
  v('SCS-2V-0.5', RAM_HALF),
  v('SCS-2V-1.5', RAM_HALF),
  v('SCS-2V-9.5', RAM_HALF),
  v('SCS-2V-10', RAM_HALF),
  v('SCS-2V-10.5', `${RAM_HALF} (valid, with advice)`, 'ram'),
  v('SCS-2V-12.5uo', `${RAM_HALF} (valid, with advice)`, 'ram'),
  x('SCS-2C-4ou-10n', 'ram', `${RAM_EX}: "This order is forbidden"`),
  x('SCS-2V-0', 'ram', RAM_HALF),
  x('SCS-2V-0.25', 'ram', `${RAM_HALF}: halves, not quarters`),
  x('SCS-2V-1.3', 'ram', RAM_HALF),
  x('SCS-2V-4.75', 'ram', RAM_HALF),
  x('SCS-2V-4uu', 'ram', PROPOSAL),
  x('SCS-2V-4oo', 'ram', PROPOSAL),
  x('SCS-2V-4U', 'ram', CASE),
  x('SCS-2V-4x', 'ram', PROPOSAL),
  x('SCS-2V', 'ram', `${PROPOSAL}: RAM is required`),
  x('SCS-2V-', 'ram', `${PROPOSAL}: RAM is required`),
  x('SCS-2V-u', 'ram', `${PROPOSAL}: RAM is required`),
  x('SCS-2V-4.5.5', 'ram', PROPOSAL),

  // --- Disk
  v('SCS-2C-4-10s', DISK_EX),
  v('SCS-2C-4-10s_bms_z3', DISK_EX),
  v('SCS-2C-4-3x10s', DISK_EX),
  v('SCS-2C-4-3x10s_bms_z3', DISK_EX),
  v('SCS-2C-4-10', DISK_EX),
  v('SCS-2C-4-10_bms_z3', DISK_EX),
  v('SCS-2C-4-n', DISK_EX),
  v('SCS-2C-4-', DISK_EX),
  v('SCS-2C-4-_bms_z3', DISK_EX),
  v('SCS-2C-4-_bms_z3h_GNa-64_ib', DISK_EX),
  v('SCS-2C-4-_ib', DISK_EX),
  v('SCS-2C-4', DISK_EX),
  v('SCS-2C-4_bms_z3', DISK_EX),
  v('SCS-2C-4-3x10', DISK_EX),
  v('SCS-2C-4-10h', DISK_TBL),
  v('SCS-2C-4-10p', DISK_TBL),
  v('SCS-2C-4-2x10s', DISK_MULTI),
  v('SCS-2C-4-2x10', DISK_MULTI),
  v('SCS-2C-4-s', DISK_TBL),
  x('SCS-2C-4-1.5n', 'disk', `${DISK_EX}: "You must not specify disk sizes which are not in full GiBs"`),
  x('SCS-2C-4-1.5', 'disk', `${DISK_EX}: full GiBs only`),
  x('SCS-2C-4-0', 'disk', `${PROPOSAL}: a disk size is a positive number`),
  x('SCS-2C-4-0x10', 'disk', DISK_MULTI),
  x('SCS-2C-4-x10', 'disk', `${DISK_MULTI}: M is an integer`),
  x('SCS-2C-4-3x', 'disk', `${DISK_MULTI}: the multiplier prefixes a size`, 'v2'),
  x('SCS-2C-4-3xs', 'disk', `${DISK_MULTI}: the multiplier prefixes a size`, 'v2'),
  x('SCS-2C-4-10q', 'disk', DISK_TBL),
  x('SCS-2C-4-10l', 'disk', `${DISK_TBL} (the v1/v2 overview letter l is not a type)`),
  x('SCS-2C-4-10N', 'disk', CASE),
  x('SCS-2C-4-10ns', 'disk', `${DISK_TBL}: one type letter`),
  x('SCS-2C-4--10', 'disk', PROPOSAL),
  x('SCS-2C-4-10-20', 'disk', `${PROPOSAL}: one disk part`),
  x('SCS-2C-4-10n-', 'disk', EXTRA),
  x('SCS-2C-4-10n ', 'disk', EXTRA),
  x('SCS-2C-4-10n#', 'disk', EXTRA),

  // --- Hypervisor and hardware virtualization
  v('SCS-2C-4-10n_bms', HYP_EX),
  v('SCS-2C-4-10n_bms_z3h', HYP_EX),
  v('SCS-2V-4_kvm', HYP_TBL),
  v('SCS-2V-4_chy', HYP_TBL),
  v('SCS-2V-4_xen', HYP_TBL),
  v('SCS-2V-4_vmw', HYP_TBL),
  v('SCS-2V-4_hyv', HYP_TBL),
  v('SCS-2V-4_bms', HYP_TBL),
  v('SCS-2C-4-10_kvm_hwv', HWV_EX),
  v('SCS-2C-4-10_hwv', `${HWV_EX}: "not recommended, but allowed"`, 'hwvirt'),
  v('SCS-2C-4-10_bms_hwv', HWV_EX),
  v('SCS-2V-4_chy_hwv', HWV_EX),
  x('SCS-2C-4-10_hwv_xen', 'hypervisor', `${HWV_EX}: "illegal, wrong ordering"`),
  x(
    'SCS-2V-4_qemu',
    'extensions',
    `${HYP_TBL}; "You must not extend the SCS naming scheme with your own extensions"`,
  ),
  x('SCS-2V-4_lxc', 'extensions', HYP_TBL),
  x('SCS-2V-4_KVM', 'hypervisor', CASE),
  x('SCS-2V-4_Bms', 'hypervisor', CASE),
  x('SCS-2V-4_HWV', 'hwvirt', CASE),
  x('SCS-2V-4_kvm_bms', 'hypervisor', `${EXT_ORDER} (one hypervisor)`),
  x('SCS-2V-4_hwv_hwv', 'hwvirt', EXT_ORDER),
  x('SCS-2V-4_hwv_kvm', 'hypervisor', EXT_ORDER),

  // --- CPU architecture
  v('SCS-2C-4-10n_z', ARCH_EX),
  v('SCS-2C-4-10n_z3', ARCH_EX),
  v('SCS-2C-4-10n_z3h', ARCH_EX),
  v('SCS-2C-4-10n_z3hh', ARCH_EX),
  v('SCS-2C-4-10n_bms_z', ARCH_EX),
  v('SCS-2C-4-10n_bms_z3', ARCH_EX),
  v('SCS-2C-4-10n_bms_z3hh', ARCH_EX),
  v('SCS-2V-4_i', ARCH_TBL),
  v('SCS-2V-4_a', ARCH_TBL),
  v('SCS-2V-4_r', ARCH_TBL),
  v('SCS-2V-4_i0', ARCH_ZERO, 'cpu-brand'),
  v('SCS-2V-4_i1', ARCH_TBL),
  v('SCS-2V-4_i2', ARCH_TBL),
  v('SCS-2V-4_i3', ARCH_TBL),
  v('SCS-2V-4_i4', ARCH_TBL),
  v('SCS-2V-4_i5', `${ARCH_TBL}: Sierra Forest(E)`),
  v('SCS-2V-4_i6', `${ARCH_TBL}: Granite Rapids(P)`),
  v('SCS-2V-4_z0', ARCH_ZERO, 'cpu-brand'),
  v('SCS-2V-4_z1', ARCH_TBL),
  v('SCS-2V-4_z2', ARCH_TBL),
  v('SCS-2V-4_z4', `${ARCH_TBL}: Zen-4 (Genoa), also Bergamo`),
  v('SCS-2V-4_z5', `${ARCH_TBL}: Zen-5 (Turin)`),
  v('SCS-2V-4_z6', `${ARCH_TBL}: Zen-6 (Venice)`),
  v('SCS-2V-4_a0', ARCH_ZERO, 'cpu-brand'),
  v('SCS-2V-4_a1', ARCH_TBL),
  v('SCS-2V-4_a2', ARCH_TBL),
  v('SCS-2V-4_a3', ARCH_TBL),
  v('SCS-2V-4_a4', `${ARCH_TBL}: AmpereOne`),
  v('SCS-2V-4_a5', `${ARCH_TBL}: A72x/NeoN3/V3`),
  v('SCS-2V-4_r0', ARCH_ZERO, 'cpu-brand'),
  v('SCS-2V-4_i3h', FREQ_TBL),
  v('SCS-2V-4_i6hhh', FREQ_TBL),
  v('SCS-2V-4_ah', `${FREQ_TBL} (generation left out)`),
  x(
    'SCS-2C-4-n_bms_3',
    'cpu-brand',
    `${ARCH_VENDOR} (the Disk example list prints _bms_3 where _bms_z3 was meant)`,
  ),
  x('SCS-2V-4_3', 'cpu-brand', ARCH_VENDOR),
  x('SCS-2V-4_3h', 'cpu-brand', ARCH_VENDOR),
  x('SCS-2V-4_i7', 'cpu-brand', ARCH_TBL),
  x('SCS-2V-4_z7', 'cpu-brand', ARCH_TBL),
  x('SCS-2V-4_a6', 'cpu-brand', `${ARCH_TBL}: the AArch64 column ends at 5`),
  x('SCS-2V-4_r1', 'cpu-brand', `${ARCH_TBL}: every RISC-V generation is "TBD"`),
  x('SCS-2V-4_z3hhhh', 'cpu-brand', FREQ_TBL),
  x('SCS-2V-4_zh3', 'cpu-brand', 'v3 format _arch[N][h]: the generation precedes h'),
  x('SCS-2V-4_Z3', 'cpu-brand', CASE),
  x('SCS-2V-4_z3H', 'cpu-brand', CASE),
  x('SCS-2V-4_x3', 'extensions', ARCH_TBL),
  x('SCS-2V-4_z3_i2', 'cpu-brand', `${EXT_ORDER} (one CPU architecture)`),
  x('SCS-2V-4_z3_bms', 'hypervisor', EXT_ORDER),
  x('SCS-2V-4_z3_hwv', 'hwvirt', EXT_ORDER),

  // --- GPU
  v('SCS-16V-64-500s_GNa-14-6h', 'v3 "GPU support": "Example: SCS-16V-64-500s_GNa-14-6h"'),
  v('SCS-2V-4_GN', GPU_VENDOR),
  v('SCS-2V-4_gN', GPU_VENDOR),
  v('SCS-2V-4_GA', GPU_VENDOR),
  v('SCS-2V-4_GI', GPU_VENDOR),
  v('SCS-2V-4_GNa', GPU_FMT),
  v('SCS-2V-4_GNa-14', GPU_FMT),
  v('SCS-2V-4_GNa-14h', GPU_FMT),
  v('SCS-2V-4_GNa-14hh', GPU_H),
  v('SCS-2V-4_GNa-14-6', GPU_FMT),
  v('SCS-2V-4_GNa-14h-6h', GPU_FMT),
  v('SCS-2V-4_gNl-24', GPU_FMT),
  v('SCS-2V-4_gNa-14-6', GPU_FMT),
  v('SCS-2V-4_GNf', GPU_NV),
  v('SCS-2V-4_GNk', GPU_NV),
  v('SCS-2V-4_GNm', GPU_NV),
  v('SCS-2V-4_GNp', GPU_NV),
  v('SCS-2V-4_GNv', GPU_NV),
  v('SCS-2V-4_GNt', GPU_NV),
  v('SCS-2V-4_GNl', GPU_NV),
  v('SCS-2V-4_GNg', GPU_NV),
  v('SCS-2V-4_GNb', GPU_NV),
  v('SCS-2V-4_GNu', GPU_NV),
  v('SCS-2V-4_GA0.4', `${GPU_AMD}: GCN-4`),
  v('SCS-2V-4_GA0.5', `${GPU_AMD}: GCN-5`),
  v('SCS-2V-4_GA1', `${GPU_AMD}: CDNA-1`),
  v('SCS-2V-4_GA2', `${GPU_AMD}: CDNA-2`),
  v('SCS-2V-4_GA3', `${GPU_AMD}: CDNA-3`),
  v('SCS-2V-4_GA4', `${GPU_AMD}: CDNA-4`),
  v('SCS-2V-4_GA1.1', `${GPU_AMD}: RDNA-1`),
  v('SCS-2V-4_GA2.1', `${GPU_AMD}: RDNA-2`),
  v('SCS-2V-4_GA3.1', `${GPU_AMD}: RDNA-3`),
  v('SCS-2V-4_GA3.5', `${GPU_AMD}: RDNA-3.5`),
  v('SCS-2V-4_GA4.1', `${GPU_AMD}: RDNA-4`),
  v('SCS-2V-4_GA5', `${GPU_AMD}: UDNA-5 (w1)`),
  v('SCS-2V-4_GI0.9', GPU_INTEL),
  v('SCS-2V-4_GI1', GPU_INTEL),
  v('SCS-2V-4_GI2', GPU_INTEL),
  v('SCS-2V-4_GI3', GPU_INTEL),
  v('SCS-2V-4_GI4', GPU_INTEL),
  v('SCS-4V-16_GNa-56h-24h', `${W1}: A30X`),
  v('SCS-4V-16_GNa-108-80h', `${W1}: A100X`),
  v('SCS-4V-16_GNl-142hh-48', `${W1}: L40S`),
  v('SCS-4V-16_GNg-132-141h', `${W1}: H200`),
  v('SCS-4V-16_GNb-160-192h', `${W1}: GB200`),
  v('SCS-4V-16_GNu-160-288h', `${W1}: GB300`),
  v('SCS-4V-16_GA2-220-128h', `${W1}: MI250X`),
  v('SCS-4V-16_GA4-256h-288h', `${W1}: MI355X`),
  v('SCS-4V-16_GA3.1-96-48', `${W1}: Pro W7900`),
  v('SCS-4V-16_GA4.1-64-32', `${W1}: AI Pro R9700`),
  v('SCS-4V-16_GI3-128-128h', `${W1}: Max 1550`),
  v('SCS-4V-16_GI4-160-24', `${W1}: Arc Pro B60`),
  x('SCS-2V-4_G', 'gpu', GPU_VENDOR),
  x('SCS-2V-4_g', 'gpu', GPU_VENDOR),
  x('SCS-2V-4_GX', 'gpu', GPU_VENDOR),
  x('SCS-2V-4_Gn', 'gpu', `${GPU_VENDOR}; ${CASE}`),
  x('SCS-2V-4_GNx', 'gpu', GPU_NV),
  x('SCS-2V-4_GNA', 'gpu', `${GPU_NV}; ${CASE}`),
  x('SCS-2V-4_GAa', 'gpu', GPU_AMD),
  x('SCS-2V-4_GA2.5', 'gpu', GPU_AMD),
  x('SCS-2V-4_GA6', 'gpu', GPU_AMD),
  x('SCS-2V-4_GIa', 'gpu', GPU_INTEL),
  x('SCS-2V-4_GI5', 'gpu', GPU_INTEL),
  x('SCS-2V-4_GNah', 'gpu', `${GPU_FMT}: h follows the processing-unit count M`),
  x('SCS-2V-4_GNa-h', 'gpu', GPU_FMT),
  x('SCS-2V-4_GNa--6', 'gpu', GPU_FMT),
  x('SCS-2V-4_GNa-14-6-7', 'gpu', GPU_FMT),
  x('SCS-2V-4_GNa-14.5', 'gpu', GPU_FMT),
  x('SCS-2V-4_GNa-14-6.5', 'gpu', 'v3 GPU: "This number needs to be an integer"'),
  x('SCS-2V-4_GNa-14hhh', 'gpu', GPU_H),
  x('SCS-2V-4_GNa-14-6hh', 'gpu', GPU_H),
  x('SCS-2V-4_GNa-0', 'gpu', `${GPU_FMT}: a number of processing units`),
  x('SCS-2V-4_GNa_z3', 'cpu-brand', EXT_ORDER),
  x('SCS-2V-4_GNa_GNl', 'gpu', `${EXT_ORDER} (one GPU)`),

  // --- Infiniband and full chains
  v('SCS-2V-4_ib', IB),
  v('SCS-2C-4-10n_kvm_hwv_z3h_GNa-14h-6h_ib', EXT_ORDER),
  v('SCS-2C-4_bms_hwv_z3h_GNa-14h-6h_ib', EXT_ORDER),
  v('SCS-4C-16-2x200p_chy_hwv_a5hh_gNb-47-24_ib', EXT_ORDER),
  x('SCS-2V-4_ib_bms', 'hypervisor', EXT_ORDER),
  x('SCS-2V-4_ib_GNa', 'gpu', EXT_ORDER),
  x('SCS-2V-4_ib_ib', 'infiniband', EXT_ORDER),
  x('SCS-2V-4_IB', 'infiniband', CASE),
  x('SCS-2V-4_ib2', 'extensions', IB),
  x('SCS-2V-4_', 'extensions', EXTRA),
  x('SCS-2V-4__ib', 'extensions', EXTRA),
  x('SCS-2V-4_ib_', 'extensions', EXTRA),
  x('SCS-2V-4_ib ', 'extensions', EXTRA),

  // --- Prefix and old syntax
  n('scs-2V-4', `${PREFIX} (case-sensitive)`),
  n('Scs-2V-4', PREFIX),
  n('SCS_2V_4', PREFIX),
  n('SCS2V-4', PREFIX),
  n(' SCS-2V-4', PREFIX),
  n('m1.small', PREFIX),
  x('SCS-', 'cpu', PROPOSAL),
  x(
    'SCS-2C:4:10n',
    'cpu',
    'v3 "Previous standard versions": v1 used ":" and "-"; v3 requires its own syntax',
    'v1',
  ),
  x('SCS-2C:4', 'cpu', 'v3 "Previous standard versions"', 'v1'),
  x('SCS-4C:16:2x200p-a1', 'cpu', 'v3 "Previous standard versions"', 'v1'),
];

interface Record {
  name: string;
  verdict: Verdict;
  syntax?: string;
  tolerated?: boolean;
  reason?: string;
  error?: { component: string; code: string; message: string };
  warnings?: string[];
}

async function checkAll(names: string[]): Promise<Map<string, Record>> {
  const r = await runCli(['flavor-name', 'check', '--json', ...names]);
  expect(r.stderr).toBe('');
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record);
  expect(records.length).toBe(names.length);
  return new Map(records.map((rec) => [rec.name, rec]));
}

describe('scs-0100-v3 audit table through `scs-cert flavor-name check --json`', () => {
  it('has at least 150 distinct names with a text reference each', () => {
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(150);
    for (const r of ROWS) expect(r.text.length, r.name).toBeGreaterThan(5);
    expect(ROWS.filter((r) => r.verdict === 'valid').length).toBeGreaterThan(60);
    expect(ROWS.filter((r) => r.verdict === 'invalid').length).toBeGreaterThan(60);
  });

  it('exits 1 because the table holds invalid names', async () => {
    const r = await runCli(['flavor-name', 'check', '--json', ...ROWS.map((row) => row.name)]);
    expect(r.code).toBe(1);
    const ok = await runCli([
      'flavor-name',
      'check',
      ...ROWS.filter((row) => row.verdict !== 'invalid').map((row) => row.name),
    ]);
    expect(ok.code).toBe(0);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_label, row) => {
    const rec = (await checkAll([row.name])).get(row.name);
    expect(rec, row.name).toBeDefined();
    if (!rec) return;
    expect(rec.verdict, `${row.name} — ${row.text}: ${rec.reason ?? ''}`).toBe(row.verdict);
    if (row.verdict === 'valid') {
      expect(rec.syntax).toBe('v3');
      const warnings = rec.warnings ?? [];
      if (row.warn)
        expect(
          warnings.some((w) => w.startsWith(`${row.warn}:`)),
          warnings.join('\n'),
        ).toBe(true);
      else expect(warnings, row.name).toEqual([]);
    }
    if (row.verdict === 'invalid') {
      expect(rec.error?.component, `${row.name}: ${rec.reason ?? ''}`).toBe(row.component);
      expect(rec.reason ?? '').not.toBe('');
      if (row.syntax) {
        expect(rec.syntax).toBe(row.syntax);
        expect(rec.tolerated).toBe(true);
        expect(rec.reason).toContain(`follows the ${row.syntax} syntax`);
      } else {
        expect(rec.syntax).toBeUndefined();
        // The one-line reason names the component the error is about.
        expect(rec.reason).toContain(`${row.component}: `);
      }
    }
    if (row.verdict === 'not-scs') expect(rec.error).toBeUndefined();
  });
});

// "the flavor must _at least_ provide the capabilities indicated by the name" (v3 "Naming policy compliance"): vCPUs
// (count), RAM (GiB; Nova reports MiB, 1 GiB = 1024 MiB), root disk (GB; Nova reports whole GiB), checked as lower bounds.
type SemRow = [
  name: string,
  vcpus: number,
  ramMiB: number,
  diskGB: number,
  outcome: 'PASS' | 'FAIL',
  why: string,
];
const AT_LEAST = 'v3 "Naming policy compliance": "must at least provide"';
const UNDERSTATE =
  'v3: "a flavor that satisfies SCS-1C-1.5-8s ... may also be named SCS-1T-1-5n ... or even SCS-1V-1-5"';
const SEMANTICS: SemRow[] = [
  ['SCS-1C-1.5-8s', 1, 1536, 8, 'PASS', UNDERSTATE],
  ['SCS-1T-1-5n', 1, 1536, 8, 'PASS', UNDERSTATE],
  ['SCS-1V-1-5', 1, 1536, 8, 'PASS', UNDERSTATE],
  ['SCS-2V-1-5', 1, 1536, 8, 'FAIL', `${AT_LEAST}: 2 vCPUs promised, 1 provided`],
  ['SCS-1V-2-5', 1, 1536, 8, 'FAIL', `${AT_LEAST}: 2 GiB = 2048 MiB promised, 1536 provided`],
  ['SCS-1V-1.5-10', 1, 1536, 8, 'FAIL', `${AT_LEAST}: 10 GB disk promised, 8 provided`],
  ['SCS-2V-4', 2, 4096, 0, 'PASS', `${AT_LEAST}: 4 GiB = 4096 MiB`],
  ['SCS-2V-4', 2, 4095, 0, 'FAIL', `${AT_LEAST}: one MiB short of 4 GiB`],
  ['SCS-2V-4', 2, 4000, 0, 'FAIL', `${AT_LEAST}: 4000 MiB are not 4 GiB (GiB, not GB)`],
  ['SCS-1V-0.5', 1, 512, 0, 'PASS', `${EXAMPLES}: 0.5 GiB = 512 MiB`],
  ['SCS-1V-0.5', 1, 511, 0, 'FAIL', `${EXAMPLES}: 0.5 GiB = 512 MiB`],
  ['SCS-2V-3.5', 2, 3584, 0, 'PASS', `${RAM_HALF}: 3.5 GiB = 3584 MiB`],
  ['SCS-2V-3.5', 2, 3583, 0, 'FAIL', `${RAM_HALF}: 3.5 GiB = 3584 MiB`],
  [
    'SCS-2V-4',
    8,
    16384,
    100,
    'PASS',
    'v3: "Flavors may always perform better or have more features than indicated"',
  ],
  ['SCS-2C-4-10n', 2, 4096, 10, 'PASS', `${AT_LEAST}: 10 GB root disk`],
  ['SCS-2C-4-10n', 2, 4096, 9, 'FAIL', `${AT_LEAST}: 10 GB root disk`],
  ['SCS-2C-4-10', 2, 4096, 0, 'FAIL', `${AT_LEAST}: a disk size promises a root disk`],
  ['SCS-2C-4', 2, 4096, 0, 'PASS', `${DISK_EX}: "You need to specify a boot volume yourself"`],
  ['SCS-2C-4', 2, 4096, 20, 'PASS', `${DISK_EX}: a root disk nobody promised is more, not less`],
  ['SCS-2C-4-', 2, 4096, 0, 'PASS', `${DISK_EX}: "Cloud decides disk type and size"`],
  ['SCS-2C-4-n', 2, 4096, 0, 'PASS', `${DISK_EX}: "Cloud decides disk size (min_disk from image or larger)"`],
  ['SCS-2C-4-3x10s', 2, 4096, 10, 'PASS', `${DISK_EX}: "Cloud creates three 10GB SSDs" (each disk 10 GB)`],
  ['SCS-2C-4-3x10s', 2, 4096, 8, 'FAIL', `${DISK_EX}: each of the three disks is 10 GB`],
  ['SCS-4C-16-2x200p_a1', 4, 16384, 200, 'PASS', EXAMPLES],
  ['SCS-2C:4:10n', 1, 4096, 10, 'FAIL', 'a v1 name still promises what it says (2 vCPUs)'],
];

describe('scs-0100-semantics-check against "must at least provide"', () => {
  it.each(SEMANTICS.map((r) => [`${r[0]} on ${r[1]} vCPU/${r[2]} MiB/${r[3]} GB`, r] as const))(
    '%s',
    (_label, [name, vcpus, ram, disk, outcome, why]) => {
      const flavors: Flavor[] = [flavor(name, vcpus, ram, disk)];
      const r = semantics.evaluate({ Flavors: flavors }, context('standard'));
      expect(r.outcome, `${why}: ${r.message}`).toBe(outcome);
      if (outcome === 'FAIL') expect(r.evidence?.offenders?.map((o) => o.resource)).toEqual([name]);
    },
  );

  it('notes what the flavor API cannot show: the further disks of Mx', () => {
    const r = semantics.evaluate({ Flavors: [flavor('SCS-2C-4-3x10s', 2, 4096, 10)] }, context('standard'));
    expect((r.warnings ?? []).join('\n')).toMatch(/3 disks of 10 GB/);
  });
});
