// scs-0100-semantics-check: a flavor named SCS-… must provide at least what its name promises (vCPUs, RAM, disk).
import type { Flavor } from '../../artifacts/iaas.js';
import { DEVIATION, PARSER_DEVIATIONS, SEMANTICS_DEVIATIONS } from '../../flavor-name/deviations.js';
import { formatFlavorName } from '../../flavor-name/format.js';
import type { FlavorName, JudgeMode } from '../../flavor-name/model.js';
import { checkFlavorName } from '../../flavor-name/parser.js';
import {
  listSome,
  profileOf,
  referenceRamGiB,
  SCS_0100_STANDARD,
  tablesFrom,
} from './support/flavor-naming.js';
import type { FlavorNamingTables } from '../../flavor-name/tables.js';
import { formatGiB } from '../../flavor-name/validate.js';
import { defineProbe } from '../types.js';

const MIB_PER_GIB = 1024;

interface Finding {
  property: 'vcpus' | 'ram' | 'disk';
  advertised: number;
  actual: number;
  problem: string;
}

interface FlavorJudgement {
  name: string;
  findings: Finding[];
  /** Advice that is no failure (underpromising, uneven RAM, unverifiable extra disks). */
  notes: string[];
  /** The name has a disk part without size: nothing to compare (the reference aborts here). */
  diskSizeUnspecified: boolean;
  /** The RAM comparison depends on the rounding rule. */
  ramRoundingMatters: boolean;
  /** A name that promises no more than the flavor has, for the FAIL message. */
  honestName?: string;
}

function judge(
  flv: Flavor,
  promised: FlavorName,
  profile: JudgeMode,
  tables: FlavorNamingTables,
): FlavorJudgement {
  const j: FlavorJudgement = {
    name: flv.name,
    findings: [],
    notes: [],
    diskSizeUnspecified: false,
    ramRoundingMatters: false,
  };
  const honest: FlavorName = { ...promised, disk: promised.disk ? { ...promised.disk } : null };

  if (flv.vcpus < promised.cpus) {
    j.findings.push({
      property: 'vcpus',
      advertised: promised.cpus,
      actual: flv.vcpus,
      problem: `has ${flv.vcpus} vCPUs, fewer than the ${promised.cpus} its name promises`,
    });
    honest.cpus = flv.vcpus;
  } else if (flv.vcpus > promised.cpus) {
    j.notes.push(
      `${flv.name}: has ${flv.vcpus} vCPUs, more than the ${promised.cpus} its name states (allowed)`,
    );
  }

  const neededMiB = promised.ramGiB * MIB_PER_GIB;
  const shortByStandard = flv.ram < neededMiB;
  const shortByReference = referenceRamGiB(flv.ram) < promised.ramGiB;
  j.ramRoundingMatters = shortByStandard !== shortByReference;
  if (profile === 'standard' ? shortByStandard : shortByReference) {
    j.findings.push({
      property: 'ram',
      advertised: promised.ramGiB,
      actual: flv.ram,
      problem: `has ${flv.ram} MiB RAM, less than the ${formatGiB(promised.ramGiB)} GiB (${neededMiB} MiB) its name promises`,
    });
    const fitting = Math.floor(flv.ram / (tables.ram.stepGiB * MIB_PER_GIB)) * tables.ram.stepGiB;
    honest.ramGiB = fitting > 0 ? fitting : promised.ramGiB;
  } else if (flv.ram >= neededMiB + tables.ram.stepGiB * MIB_PER_GIB) {
    j.notes.push(
      `${flv.name}: has ${flv.ram} MiB RAM, more than the ${formatGiB(promised.ramGiB)} GiB its name states (allowed)`,
    );
  }

  if (promised.disk) {
    const d = promised.disk;
    if (d.sizeGB === undefined) {
      j.diskSizeUnspecified = true;
    } else {
      if (flv.disk < d.sizeGB) {
        j.findings.push({
          property: 'disk',
          advertised: d.sizeGB,
          actual: flv.disk,
          problem: `has a ${flv.disk} GB root disk, smaller than the ${d.sizeGB} GB its name promises`,
        });
        if (honest.disk) honest.disk.sizeGB = flv.disk > 0 ? flv.disk : undefined;
      }
      if (d.count > 1) {
        // Nova shows one root disk plus ephemeral space; further disks may come from elsewhere (local devices).
        const extra = (d.count - 1) * d.sizeGB;
        const ephemeral = typeof flv.ephemeral === 'number' ? flv.ephemeral : 0;
        if (ephemeral < extra) {
          j.notes.push(
            `${flv.name}: promises ${d.count} disks of ${d.sizeGB} GB; the flavor shows a ${flv.disk} GB root disk and ` +
              `${ephemeral} GB ephemeral space, so ${d.count - 1} further disk(s) cannot be verified from the API`,
          );
        }
      }
    }
  } else if (flv.disk > 0) {
    j.notes.push(`${flv.name}: has a ${flv.disk} GB root disk although its name promises none (allowed)`);
  }

  if (j.findings.length) {
    const candidate = formatFlavorName(honest, 'v3', tables);
    if (candidate !== flv.name && checkFlavorName(candidate, { tables }).verdict === 'valid')
      j.honestName = candidate;
  }
  return j;
}

function judgeAll(
  scs: Flavor[],
  profile: JudgeMode,
  tables: FlavorNamingTables,
): { judgements: FlavorJudgement[]; unparseable: string[] } {
  const judgements: FlavorJudgement[] = [];
  const unparseable: string[] = [];
  for (const flv of scs) {
    // Judge the promise of any name that can be read, whatever syntax version it follows.
    const v = checkFlavorName(flv.name, { profile, tables });
    if (v.flavor) judgements.push(judge(flv, v.flavor, profile, tables));
    else unparseable.push(flv.name);
  }
  return { judgements, unparseable };
}

function outcomeOf(judgements: FlavorJudgement[], profile: JudgeMode): 'PASS' | 'FAIL' | 'ABORT' {
  if (profile === 'reference' && judgements.some((j) => j.diskSizeUnspecified)) return 'ABORT';
  return judgements.some((j) => j.findings.length) ? 'FAIL' : 'PASS';
}

export default defineProbe({
  meta: {
    id: 'scs-0100-semantics-check',
    title: 'Flavors named SCS-… provide at least what their names promise',
    failureTitle: 'Flavors whose SCS- names promise more vCPUs, RAM or disk than they have',
    description:
      'For every flavor whose SCS- name parses (v3, or the deprecated v2/v1 syntax), compares what the API shows ' +
      'with what the name promises: vCPUs >= the CPU count, RAM (MiB) >= the advertised GiB x 1024, root disk (GB) ' +
      '>= the advertised disk size when the name gives one. More than promised is allowed. CPU type, insecure/ECC/' +
      'oversubscription flags, hypervisor, CPU generation and GPU cannot be seen in the flavor API and are not checked.',
    standards: [SCS_0100_STANDARD],
    artifacts: ['Flavors'],
    deviations: [...SEMANTICS_DEVIATIONS, ...PARSER_DEVIATIONS],
  },
  evaluate(artifacts, ctx) {
    const flavors = artifacts.Flavors;
    const tables = tablesFrom(ctx);
    const profile = profileOf(ctx);
    const scs = flavors.filter((f) => f.name.startsWith(tables.prefix));
    const { judgements, unparseable } = judgeAll(scs, profile, tables);
    const outcome = outcomeOf(judgements, profile);
    const otherProfile: JudgeMode = profile === 'standard' ? 'reference' : 'standard';
    const other = judgeAll(scs, otherProfile, tables);
    const otherOutcome = outcomeOf(other.judgements, otherProfile);
    const deviations = new Set<string>();
    if (outcome !== otherOutcome) {
      if (judgements.some((j) => j.diskSizeUnspecified)) deviations.add(DEVIATION.diskSizeUnspecified);
      if (judgements.some((j) => j.ramRoundingMatters)) deviations.add(DEVIATION.ramRounding);
      // A name only one mode can read is judged in one mode only: the parser deviation decides.
      const readable = new Set(judgements.map((j) => j.name));
      const readableOther = new Set(other.judgements.map((j) => j.name));
      for (const flv of scs) {
        if (readable.has(flv.name) === readableOther.has(flv.name)) continue;
        checkFlavorName(flv.name, { tables }).deviations.forEach((d) => deviations.add(d));
      }
    }

    const failing = judgements.filter((j) => j.findings.length);
    const offenders = failing.map((j) => ({
      resource: j.name,
      problem: j.findings.map((f) => f.problem).join('; '),
      findings: j.findings,
      ...(j.honestName ? { rename: j.honestName } : {}),
    }));
    const unspecified = judgements.filter((j) => j.diskSizeUnspecified).map((j) => j.name);
    const warnings = [
      ...judgements.flatMap((j) => j.notes),
      ...unspecified.map((n) => `${n}: the name leaves the disk size to the cloud; no size to compare`),
      ...unparseable.map((n) => `${n}: name does not parse; left to scs-0100-syntax-check`),
    ];
    const evidence = {
      judged: judgements.map((j) => j.name),
      ...(offenders.length ? { offenders } : {}),
      values: {
        flavors: flavors.length,
        scsFlavors: scs.length,
        checked: judgements.length,
        unparseable: unparseable.length,
        ...(unspecified.length ? { diskSizeUnspecified: unspecified } : {}),
        judgeMode: profile,
      },
    };
    const common = {
      evidence,
      ...(warnings.length ? { warnings } : {}),
      ...(deviations.size ? { deviations: [...deviations].sort() } : {}),
    };

    if (outcome === 'ABORT') {
      return {
        outcome,
        messageId: 'disk-size-unspecified-abort',
        message:
          `Judged like the reference implementation, which cannot compare a disk part without size: ` +
          `${listSome(unspecified)}. Run in standard mode to check these flavors.`,
        ...common,
      };
    }
    if (outcome === 'FAIL') {
      const details = failing.map(
        (j) =>
          `${j.name} ${j.findings.map((f) => f.problem).join(' and ')}${j.honestName ? ` (an honest name: ${j.honestName})` : ''}`,
      );
      return {
        outcome,
        messageId: 'flavor-overpromises',
        message:
          `${failing.length} of ${judgements.length} SCS flavors promise more than they provide. Give each flavor ` +
          `at least the vCPUs, RAM and root disk its name states, or rename it to a name it satisfies: ${listSome(details)}`,
        ...common,
      };
    }
    return {
      outcome: 'PASS',
      messageId: judgements.length ? 'flavors-keep-promises' : 'no-scs-flavors',
      message: judgements.length
        ? `All ${judgements.length} parseable SCS flavors provide at least the vCPUs, RAM and disk their names promise.`
        : `No flavor has a parseable name starting with ${tables.prefix}; nothing to check.`,
      ...common,
    };
  },
});
