// Gatherer StorageClasses: every StorageClass with its default-class annotations (`GET /apis/storage.k8s.io/v1/storageclasses`).
import type { K8sStorageClass } from '../../artifacts/kaas.js';
import type { GathererOf } from '../types.js';
import { BETA_DEFAULT_CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION } from '../../kaas/storage.js';
import { iso, kubeClient } from './common.js';

const DEFAULT_CLASS_ANNOTATIONS = [DEFAULT_CLASS_ANNOTATION, BETA_DEFAULT_CLASS_ANNOTATION] as const;

export const storageClassesGatherer: GathererOf<'StorageClasses'> = {
  artifact: 'StorageClasses',
  description: 'Kubernetes StorageClasses (GET /apis/storage.k8s.io/v1/storageclasses)',
  async gather(ctx) {
    const classes = await kubeClient(ctx).listStorageClasses(ctx.signal);
    return classes
      .map((sc): K8sStorageClass => {
        const annotations: Record<string, string> = {};
        for (const a of DEFAULT_CLASS_ANNOTATIONS) {
          const v = sc.metadata?.annotations?.[a];
          if (v !== undefined) annotations[a] = v;
        }
        const out: K8sStorageClass = {
          name: sc.metadata?.name ?? '',
          provisioner: sc.provisioner,
          annotations,
        };
        if (sc.parameters && Object.keys(sc.parameters).length) out.parameters = { ...sc.parameters };
        if (sc.reclaimPolicy) out.reclaimPolicy = sc.reclaimPolicy;
        if (sc.volumeBindingMode) out.volumeBindingMode = sc.volumeBindingMode;
        if (sc.allowVolumeExpansion !== undefined) out.allowVolumeExpansion = sc.allowVolumeExpansion;
        const created = iso(sc.metadata?.creationTimestamp);
        if (created) out.creationTimestamp = created;
        return out;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  },
};
