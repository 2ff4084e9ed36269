// Probe scs-0211-default-storage-class: a default StorageClass exists (v2 MUST) and its volumes support ReadWriteOnce
// and are not node-local or node-bound (v1 MUST, v2 recommended), judged from the classes and a real claim.
import type { Deviation, Evidence, ProbeResult } from '../../results/types.js';
import {
  DEFAULT_CLASS_ANNOTATION,
  BETA_DEFAULT_CLASS_ANNOTATION,
  defaultClasses,
  effectiveDefaultClass,
} from '../../kaas/storage.js';
import type { DefaultStorageClassCheck, K8sStorageClass } from '../../artifacts/kaas.js';
import { decideWithDeviations } from '../../results/deviations.js';
import { defineProbe } from '../types.js';

const DEVIATIONS: Deviation[] = [
  {
    id: 'multiple-default-classes',
    standard:
      'The texts ask for a default class; with several marked default, Kubernetes (>= 1.26) gives claims the newest one, which is judged (warning).',
    reference: 'k8s-default-storage-class-check.py fails unless exactly one class is marked default.',
  },
  {
    id: 'local-provisioner-list',
    standard:
      'scs-0211-v2 asks to cross-check against a list of provisioners: classes of known node-local provisioners (standards/data/scs-0211-provisioners.yaml) are node-bound, as are PVs of type local/hostPath or with hostname node affinity.',
    reference:
      'Only `kubernetes.io/no-provisioner` is rejected; the bound PV is checked for ReadWriteOnce only.',
  },
];

const HOST_KEYS = new Set(['kubernetes.io/hostname']);

export default defineProbe({
  meta: {
    id: 'scs-0211-default-storage-class',
    title: 'Default StorageClass',
    failureTitle: 'Default StorageClass missing or not failure-safe',
    description:
      'A StorageClass is annotated storageclass.kubernetes.io/is-default-class=true; a claim without class binds, is usable by a pod, supports ReadWriteOnce, and its volume is not node-local or bound to one node.',
    standards: [
      {
        id: 'scs-0211-v1',
        url: 'https://docs.scs.community/standards/scs-0211-v1-kaas-default-storage-class#decision',
      },
      {
        id: 'scs-0211-v2',
        url: 'https://docs.scs.community/standards/scs-0211-v2-kaas-default-storage-class#decision',
      },
    ],
    artifacts: ['StorageClasses', 'DefaultStorageClassCheck'],
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        version: {
          enum: ['v1', 'v2'],
          description:
            'v1 (Stable): failure-safety rules are MUST; v2 (Draft): only the default class is MUST',
        },
      },
    },
    deviations: DEVIATIONS,
  },
  evaluate(artifacts, ctx) {
    return decideWithDeviations(ctx.mode, (mode) => {
      const classes = artifacts.StorageClasses;
      const chk = artifacts.DefaultStorageClassCheck;
      if (!Array.isArray(classes)) throw new Error('no StorageClass list (artifact StorageClasses missing)');
      const version = ctx.params.version === 'v2' ? 'v2' : 'v1';
      const local = nodeLocalProvisioners(ctx.data['scs-0211-provisioners']);
      const j = startJudging(classes, version);
      warnAboutDefaultAnnotations(classes, j.warnings);
      const eff = effectiveDefaultClass(classes);
      if (!eff) {
        j.evidence.offenders = [
          { resource: 'StorageClasses', problem: 'no class annotated is-default-class=true' },
        ];
        return j.done(
          'FAIL',
          'no-default-storage-class',
          `no StorageClass is annotated ${DEFAULT_CLASS_ANNOTATION}=true — mark the class users should get by default (kubectl annotate storageclass NAME ${DEFAULT_CLASS_ANNOTATION}=true)`,
        );
      }
      j.values.defaultClass = { name: eff.name, provisioner: eff.provisioner };
      const several = judgeSeveralDefaults(classes, eff, mode, j);
      if (several) return several;
      if (!chk)
        throw new Error(
          'the active check of the default class did not run (artifact DefaultStorageClassCheck missing)',
        );
      recordCheck(chk, eff, j);
      const found = failureSafetyViolations(chk, eff, local, mode, version, j);
      if ('result' in found) return found.result;
      return verdictOf(found.violations, chk, eff, version, j);
    });
  },
});

type Mode = 'standard' | 'reference';
type Version = 'v1' | 'v2';

/** A violation of the failure-safety rules: MUST in v1, recommendations in v2. */
interface Violation {
  id: string;
  resource: string;
  problem: string;
  fix: string;
}

/** What a judging collects on its way, and how it ends. */
interface Judging {
  warnings: string[];
  deviations: string[];
  values: Record<string, unknown>;
  evidence: Evidence;
  done(outcome: ProbeResult['outcome'], messageId: string, message: string): ProbeResult;
}

function startJudging(classes: K8sStorageClass[], version: Version): Judging {
  const warnings: string[] = [];
  const deviations: string[] = [];
  const values: Record<string, unknown> = {
    version,
    classes: classes.map((c) => ({
      name: c.name,
      provisioner: c.provisioner,
      default: defaultClasses([c]).length === 1,
    })),
  };
  const evidence: Evidence = { judged: classes.map((c) => c.name), values };
  return {
    warnings,
    deviations,
    values,
    evidence,
    done: (outcome, messageId, message) => ({
      outcome,
      messageId,
      message,
      evidence,
      ...(warnings.length ? { warnings } : {}),
      ...(deviations.length ? { deviations } : {}),
    }),
  };
}

/** Node-local provisioners and why, from standards/data/scs-0211-provisioners.yaml. */
function nodeLocalProvisioners(data: unknown): Map<string, string> {
  const list = (data as { nodeLocal?: Array<{ provisioner: string; reason: string }> } | undefined)
    ?.nodeLocal;
  return new Map((list ?? []).map((p) => [p.provisioner, p.reason]));
}

function warnAboutDefaultAnnotations(classes: K8sStorageClass[], warnings: string[]): void {
  for (const c of classes) {
    const v = c.annotations[DEFAULT_CLASS_ANNOTATION] ?? c.annotations[BETA_DEFAULT_CLASS_ANNOTATION];
    if (v !== undefined && v !== 'true')
      warnings.push(
        `class ${c.name} has is-default-class '${v}'; Kubernetes only honours the exact value 'true'`,
      );
  }
}

/** Several classes marked default: a warning (the newest is judged), a FAIL for the reference script. */
function judgeSeveralDefaults(
  classes: K8sStorageClass[],
  eff: K8sStorageClass,
  mode: Mode,
  j: Judging,
): ProbeResult | undefined {
  const defaults = defaultClasses(classes);
  if (defaults.length <= 1) return undefined;
  j.warnings.push(
    `${defaults.length} classes are marked default (${defaults.map((d) => d.name).join(', ')}); claims get the newest, ${eff.name}`,
  );
  if (mode === 'reference') {
    j.evidence.offenders = defaults.map((d) => ({
      resource: d.name,
      problem: 'one of several default classes',
    }));
    return j.done(
      'FAIL',
      'several-default-classes',
      `several StorageClasses are marked default — keep exactly one`,
    );
  }
  j.deviations.push('multiple-default-classes');
  return undefined;
}

/** What the active check saw, into the evidence; its own troubles as warnings. */
function recordCheck(chk: DefaultStorageClassCheck, eff: K8sStorageClass, j: Judging): void {
  j.values.failureProtection =
    'not observable through the Kubernetes API; scs-0211 redundancy must be confirmed by the provider';
  j.values.check = {
    namespace: chk.namespace,
    storageClass: chk.storageClass,
    pvc: chk.pvc,
    pod: chk.pod,
    volume: chk.volume,
    waitedMs: chk.waitedMs,
    timedOut: chk.timedOut,
  };
  if (chk.events?.length) j.values.events = chk.events;
  if (!chk.cleanup.ok) j.warnings.push(`cleanup incomplete: ${chk.cleanup.detail ?? 'unknown'}`);
  if (chk.storageClass && chk.storageClass !== eff.name)
    j.warnings.push(`the API server gave the claim class ${chk.storageClass}, not ${eff.name}`);
}

/** The failure-safety violations of the default class and its claim, or a verdict when they cannot be judged. */
function failureSafetyViolations(
  chk: DefaultStorageClassCheck,
  eff: K8sStorageClass,
  local: Map<string, string>,
  mode: Mode,
  version: Version,
  j: Judging,
): { violations: Violation[] } | { result: ProbeResult } {
  const violations: Violation[] = [];
  const className = chk.storageClass ?? eff.name;
  const localReason = local.get(eff.provisioner);
  // The reference knows only `kubernetes.io/no-provisioner`; the other list entries are this tool's cross-check.
  if (localReason && (mode === 'standard' || eff.provisioner === 'kubernetes.io/no-provisioner')) {
    if (eff.provisioner !== 'kubernetes.io/no-provisioner' && version === 'v1')
      j.deviations.push('local-provisioner-list');
    violations.push({
      id: 'node-local-volume',
      resource: eff.name,
      problem: `provisioner ${eff.provisioner}: ${localReason}`,
      fix: 'make a network/replicated storage class (e.g. Cinder CSI) the default',
    });
  }
  const bound = chk.pvc?.phase === 'Bound';
  if (!bound) {
    violations.push({
      id: 'claim-not-bound',
      resource: `${chk.namespace ?? '?'}/${chk.pvc?.name ?? 'claim'}`,
      problem: `a ${chk.requested.storage} ${chk.requested.accessModes.join('/')} claim of class ${className} stayed ${chk.pvc?.phase ?? 'unknown'} for ${Math.round(chk.waitedMs / 1000)} s${chk.events?.length ? ` (${chk.events[chk.events.length - 1]})` : ''}`,
      fix: `make class ${className} provision ReadWriteOnce volumes`,
    });
  } else if (chk.pod?.phase !== 'Running' && chk.pod?.phase !== 'Succeeded') {
    return {
      result: j.done(
        'ABORT',
        'consumer-pod-not-running',
        `the claim bound, but the pod mounting it did not start (phase ${chk.pod?.phase ?? 'unknown'}${chk.pod?.reason ? `, ${chk.pod.reason}` : ''}${chk.events?.length ? `; ${chk.events[chk.events.length - 1]}` : ''}) — check that the cluster can pull ${'registry.k8s.io/pause'} and schedule pods`,
      ),
    };
  }
  if (bound && chk.volume) {
    violations.push(...volumeViolations(chk.volume, className, Boolean(localReason), mode, version, j));
  } else if (bound && !chk.volume) {
    if (version === 'v1')
      return {
        result: j.done(
          'ABORT',
          'volume-not-readable',
          `the claim bound to ${chk.pvc?.volumeName ?? 'a volume'}, which could not be read — grant 'get' on persistentvolumes to judge whether it is node-bound`,
        ),
      };
    j.warnings.push(`volume ${chk.pvc?.volumeName ?? '?'} not readable; node binding not judged`);
  }
  return { violations };
}

/** The bound volume: ReadWriteOnce, and not on or bound to one node. */
function volumeViolations(
  vol: NonNullable<DefaultStorageClassCheck['volume']>,
  className: string,
  provisionerIsLocal: boolean,
  mode: Mode,
  version: Version,
  j: Judging,
): Violation[] {
  const violations: Violation[] = [];
  if (!vol.accessModes.includes('ReadWriteOnce'))
    violations.push({
      id: 'no-rwo',
      resource: vol.name,
      problem: `volume access modes ${vol.accessModes.join(', ') || '(none)'} lack ReadWriteOnce`,
      fix: `make class ${className} provision ReadWriteOnce volumes`,
    });
  const hostAffinity = vol.nodeAffinity.filter((e) => HOST_KEYS.has(e.key));
  if ((['local', 'hostPath'].includes(vol.source) || hostAffinity.length) && mode === 'standard') {
    if (!provisionerIsLocal && version === 'v1' && !j.deviations.includes('local-provisioner-list'))
      j.deviations.push('local-provisioner-list');
    violations.push({
      id: 'node-local-volume',
      resource: vol.name,
      problem: hostAffinity.length
        ? `volume is bound to node ${hostAffinity.flatMap((e) => e.values).join(', ')} (node affinity ${hostAffinity[0]?.key})`
        : `volume is a ${vol.source} volume on the node`,
      fix: 'make a network/replicated storage class (e.g. Cinder CSI) the default',
    });
  }
  return violations;
}

/** FAIL on a violation in v1 (warnings in v2), else PASS. */
function verdictOf(
  violations: Violation[],
  chk: DefaultStorageClassCheck,
  eff: K8sStorageClass,
  version: Version,
  j: Judging,
): ProbeResult {
  const unique = violations.filter(
    (v, i) => violations.findIndex((w) => w.id === v.id && w.resource === v.resource) === i,
  );
  const [firstViolation] = unique;
  if (firstViolation) {
    j.evidence.offenders = unique.map((v) => ({ resource: v.resource, problem: v.problem }));
    if (version === 'v1')
      return j.done(
        'FAIL',
        firstViolation.id,
        `default class ${eff.name}: ${unique.map((v) => v.problem).join('; ')} — ${firstViolation.fix}`,
      );
    for (const v of unique) j.warnings.push(`scs-0211-v2 recommends failure-safe defaults: ${v.problem}`);
  }
  return j.done(
    'PASS',
    'default-storage-class-ok',
    `default class ${eff.name} (${eff.provisioner}) provisioned ${chk.volume ? `${chk.volume.name} (${chk.volume.accessModes.join(', ')})` : 'a volume'} for a running pod`,
  );
}
