// Writes a flavor-name model as a name in one syntax version (canonical spelling: no 1x, no leading zeros).
import type { FlavorName, SyntaxVersion } from './model.js';
import { type FlavorNamingTables, resolveTables, syntaxInfo } from './tables.js';
import { formatGiB } from './validate.js';

export function formatFlavorName(flavor: FlavorName, syntax: SyntaxVersion = 'v3', tables?: unknown): string {
  const t: FlavorNamingTables = resolveTables(tables);
  const { mainSeparator: ms, extensionSeparator: es } = syntaxInfo(t, syntax);
  const noEcc = t.ram.flags.find((f) => f.key === 'no-ecc')?.code ?? 'u';
  const over = t.ram.flags.find((f) => f.key === 'oversubscribed')?.code ?? 'o';
  let name = `${t.prefix}${flavor.cpus}${flavor.cpuType}${flavor.insecure ? t.cpu.insecure.code : ''}`;
  name += `${ms}${formatGiB(flavor.ramGiB)}${flavor.ramNoEcc ? noEcc : ''}${flavor.ramOversubscribed ? over : ''}`;
  if (flavor.disk) {
    const d = flavor.disk;
    name += `${ms}${d.count !== 1 ? `${d.count}x` : ''}${d.sizeGB ?? ''}${d.type ?? ''}`;
  }
  if (flavor.hypervisor !== undefined) name += `${es}${flavor.hypervisor}`;
  if (flavor.hwVirt) name += `${es}${t.hardwareVirtualization.code}`;
  if (flavor.cpuBrand) {
    const b = flavor.cpuBrand;
    name += `${es}${b.vendor}${b.generation ?? ''}${b.frequency}`;
  }
  if (flavor.gpu) {
    const g = flavor.gpu;
    name += `${es}${g.kind}${g.vendor}${g.generation ?? ''}`;
    // Suffixes without their numbers only occur in models of the reference profile; written as it reads them.
    name += `${g.cu !== undefined ? `${ms}${g.cu}` : ''}${g.cuFreq}`;
    name += `${g.vram !== undefined ? `${ms}${g.vram}` : ''}${g.vramFreq}`;
  }
  if (flavor.infiniband) name += `${es}${t.infiniband.code}`;
  return name;
}
