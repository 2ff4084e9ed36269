// Human prose for a flavor name: what the name promises, in the words of the standard's tables.
import type { FlavorName, SyntaxVersion } from './model.js';
import { type FlavorNamingTables, knownIn, resolveTables, type Versioned } from './tables.js';
import { formatGiB } from './validate.js';

/** Name of a versioned entry as the given syntax version means it (AMD `1` is RDNA1 in v2, CDNA1 in v3). */
function nameIn<T extends Versioned & { code: string | number; name: string }>(
  entries: readonly T[],
  code: string | number,
  syntax: SyntaxVersion,
): string {
  const same = entries.filter((e) => e.code === code);
  return (same.find((e) => knownIn(e, syntax, 'standard')) ?? same[0])?.name ?? String(code);
}

export function describeFlavor(flavor: FlavorName, syntax: SyntaxVersion = 'v3', tables?: unknown): string {
  const t: FlavorNamingTables = resolveTables(tables);
  const parts: string[] = [];

  const type = t.cpu.types.find((c) => c.code === flavor.cpuType);
  let cpu = `${flavor.cpus} ${flavor.cpus === 1 ? (type?.singular ?? flavor.cpuType) : (type?.plural ?? flavor.cpuType)}`;
  if (flavor.insecure)
    cpu += ` (${t.cpu.insecure.name}: no commitment to timely CPU vulnerability mitigations)`;
  if (flavor.cpuBrand) {
    const b = flavor.cpuBrand;
    const vendor = t.cpuVendors.find((v) => v.code === b.vendor);
    let arch = !vendor
      ? b.vendor
      : vendor.architecture.startsWith(vendor.name)
        ? vendor.architecture
        : `${vendor.name} ${vendor.architecture}`;
    if (b.generation !== undefined && vendor) {
      arch += `, generation ${b.generation} (${nameIn(vendor.generations, b.generation, syntax)})`;
    }
    const freq = t.cpuFrequencies.find((f) => f.code === b.frequency);
    if (freq) arch += `, ${freq.name} (${freq.meaning})`;
    cpu += ` on ${arch}`;
  } else {
    cpu += ' (generic x86-64)';
  }
  parts.push(cpu);

  const ramFlags: string[] = [];
  if (flavor.ramNoEcc) ramFlags.push(t.ram.flags.find((f) => f.key === 'no-ecc')?.name ?? 'no ECC');
  if (flavor.ramOversubscribed)
    ramFlags.push(t.ram.flags.find((f) => f.key === 'oversubscribed')?.name ?? 'oversubscribed');
  parts.push(`${formatGiB(flavor.ramGiB)} GiB RAM${ramFlags.length ? ` (${ramFlags.join(', ')})` : ''}`);

  if (!flavor.disk) {
    parts.push('no root disk (boot from a volume)');
  } else {
    const d = flavor.disk;
    const kind = d.type ? (t.disk.types.find((x) => x.code === d.type)?.short ?? d.type) : 'unspecified type';
    const size =
      d.sizeGB !== undefined ? `${d.sizeGB} GB` : "a size the cloud chooses (at least the image's min_disk)";
    parts.push(
      d.count > 1
        ? `${d.count} disks of ${size} each, ${kind}`
        : d.sizeGB !== undefined
          ? `${size} root disk, ${kind}`
          : `root disk of ${size}, ${kind}`,
    );
  }

  if (flavor.hypervisor !== undefined) {
    parts.push(`hypervisor: ${nameIn(t.hypervisors, flavor.hypervisor, syntax)}`);
  }
  if (flavor.hwVirt) parts.push(`with ${t.hardwareVirtualization.name}`);

  if (flavor.gpu) {
    const g = flavor.gpu;
    const vendor = t.gpuVendors.find((v) => v.code === g.vendor);
    let gpu = `${t.gpuKinds.find((k) => k.code === g.kind)?.name ?? g.kind}: ${vendor?.name ?? g.vendor}`;
    if (g.generation !== undefined && vendor) gpu += ` ${nameIn(vendor.generations, g.generation, syntax)}`;
    if (g.cu !== undefined) {
      const freq = t.gpuFrequencies.find((f) => f.code === g.cuFreq);
      gpu += ` with ${g.cu} ${freq ? `${freq.name} ` : ''}${vendor?.units ?? 'compute units'}`;
      if (g.vram !== undefined) {
        const bw = t.gpuVram.bandwidths.find((b) => b.code === g.vramFreq);
        gpu += ` and ${g.vram} GiB video memory${bw ? ` (${bw.name})` : ''}`;
      }
    }
    parts.push(gpu);
  }
  if (flavor.infiniband) parts.push(t.infiniband.name);
  return parts.join('; ');
}
