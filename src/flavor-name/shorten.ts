// The canonical short name: what every provider is expected to offer next to a detailed name.
import type { FlavorName } from './model.js';
import { resolveTables } from './tables.js';

/**
 * Drop hypervisor, `_hwv`, the `h` modifiers of the GPU and, for x86-64 vendors, the CPU architecture; ARM and
 * RISC-V keep the vendor letter (without generation/frequency) because it names an architecture users depend on.
 */
export function shortenFlavor(flavor: FlavorName, tables?: unknown): FlavorName {
  const t = resolveTables(tables);
  const x86 = new Set(t.cpuVendors.filter((v) => v.imageArchitecture === 'x86_64').map((v) => v.code));
  return {
    ...flavor,
    disk: flavor.disk ? { ...flavor.disk } : null,
    hypervisor: undefined,
    hwVirt: false,
    cpuBrand:
      flavor.cpuBrand && !x86.has(flavor.cpuBrand.vendor)
        ? { vendor: flavor.cpuBrand.vendor, generation: undefined, frequency: '' }
        : undefined,
    gpu: flavor.gpu ? { ...flavor.gpu, cuFreq: '', vramFreq: '' } : undefined,
  };
}
