// Reference-compatible grammar: component regexes applied one after the other, as the reference parser does
// (regexes as quoted in the implementer's reference, codes from the tables). Used only for JudgeMode 'reference'
// and to measure where the standard grammar judges differently.
import type { SyntaxVersion } from './model.js';
import { fail, type RawName } from './raw.js';
import { type FlavorNamingTables, knownIn, syntaxInfo } from './tables.js';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

interface ReferenceRegexes {
  cpuram: RegExp;
  disk: RegExp;
  hype: RegExp;
  hwvirt: RegExp;
  cpubrand: RegExp;
  gpu: RegExp;
  ib: RegExp;
}

const cache = new WeakMap<FlavorNamingTables, Map<SyntaxVersion, ReferenceRegexes>>();

function regexes(tables: FlavorNamingTables, version: SyntaxVersion): ReferenceRegexes {
  let perVersion = cache.get(tables);
  if (!perVersion) {
    perVersion = new Map();
    cache.set(tables, perVersion);
  }
  const hit = perVersion.get(version);
  if (hit) return hit;
  const { mainSeparator, extensionSeparator } = syntaxInfo(tables, version);
  const ms = escape(mainSeparator);
  const es = escape(extensionSeparator);
  const cpuTypes = tables.cpu.types.map((t) => escape(t.code)).join('');
  const insecure = escape(tables.cpu.insecure.code);
  const [u = 'u', o = 'o'] = tables.ram.flags.map((f) => escape(f.code));
  const diskTypes = tables.disk.types.map((t) => escape(t.code)).join('');
  const hypervisors = tables.hypervisors
    .filter((h) => knownIn(h, version, 'reference'))
    .map((h) => escape(h.code))
    .join('|');
  const vendors = tables.cpuVendors.map((v) => escape(v.code)).join('');
  const kinds = tables.gpuKinds.map((k) => escape(k.code)).join('');
  const gpuVendors = tables.gpuVendors.map((v) => escape(v.code)).join('');
  const built: ReferenceRegexes = {
    cpuram: new RegExp(`([0-9]*)([${cpuTypes}])(${insecure}|)${ms}([0-9.]*)(${u}|)(${o}|)`, 'y'),
    disk: new RegExp(`${ms}(?:([0-9]*)x|)([0-9]*)([${diskTypes}]|)`, 'y'),
    hype: new RegExp(`${es}(${hypervisors})`, 'y'),
    hwvirt: new RegExp(`${es}(${escape(tables.hardwareVirtualization.code)})`, 'y'),
    cpubrand: new RegExp(`${es}([${vendors}])([0-9]*)(h*)(?=$|${es})`, 'y'),
    gpu: new RegExp(
      `${es}([${kinds}])([${gpuVendors}])([^${ms}h]*)(?:${ms}([0-9]+)|)(h*)(?:${ms}([0-9]+)|)(h*)`,
      'y',
    ),
    ib: new RegExp(`${es}(${escape(tables.infiniband.code)})`, 'y'),
  };
  perVersion.set(version, built);
  return built;
}

/** Split `input` (which starts with the prefix) the way the reference parser does. */
export function tokenizeReference(
  input: string,
  version: SyntaxVersion,
  tables: FlavorNamingTables,
): RawName {
  const re = regexes(tables, version);
  let pos = tables.prefix.length;
  const match = (r: RegExp): RegExpExecArray | null => {
    r.lastIndex = pos;
    const m = r.exec(input);
    if (m) pos += m[0].length;
    return m;
  };
  const main = match(re.cpuram);
  if (!main) fail('cpu', 'main-part-unparsable', 'Failed to parse main part', { found: input.slice(pos) });
  const raw: RawName = {
    cpus: main[1] ?? '',
    cpuType: main[2] ?? '',
    insecure: Boolean(main[3]),
    ram: main[4] ?? '',
    ramNoEcc: Boolean(main[5]),
    ramOversubscribed: Boolean(main[6]),
    disk: null,
    hypervisor: undefined,
    hwVirt: false,
    cpuBrand: undefined,
    gpu: undefined,
    infiniband: false,
  };
  const disk = match(re.disk);
  if (disk) raw.disk = { count: disk[1], size: disk[2] ?? '', type: disk[3] ?? '' };
  const hype = match(re.hype);
  if (hype) raw.hypervisor = hype[1];
  if (match(re.hwvirt)) raw.hwVirt = true;
  const brand = match(re.cpubrand);
  if (brand) raw.cpuBrand = { vendor: brand[1] ?? '', generation: brand[2] ?? '', frequency: brand[3] ?? '' };
  const gpu = match(re.gpu);
  if (gpu) {
    raw.gpu = {
      kind: gpu[1] ?? '',
      vendor: gpu[2] ?? '',
      generation: gpu[3] ?? '',
      cu: gpu[4],
      cuFreq: gpu[5] ?? '',
      vram: gpu[6],
      vramFreq: gpu[7] ?? '',
    };
  }
  if (match(re.ib)) raw.infiniband = true;
  if (pos !== input.length) {
    fail('extensions', 'extra-characters', `Extra characters: ${input.slice(pos)}`, {
      found: input.slice(pos),
    });
  }
  return raw;
}
