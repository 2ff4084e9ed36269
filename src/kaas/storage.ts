// Pure rules about StorageClasses shared by the scs-0211 gatherer and probe: which class is the default.
import type { K8sStorageClass } from '../artifacts/kaas.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** Kubernetes treats a class as default when either annotation is exactly `true`. */
export function isDefaultClass(sc: K8sStorageClass): boolean {
  return (
    sc.annotations[DEFAULT_CLASS_ANNOTATION] === 'true' ||
    sc.annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

export function defaultClasses(classes: K8sStorageClass[]): K8sStorageClass[] {
  return classes.filter(isDefaultClass);
}

/**
 * The class the API server assigns to a claim without `storageClassName`: with several defaults, Kubernetes
 * (since 1.26) takes the most recently created one; ties by name for determinism.
 */
export function effectiveDefaultClass(classes: K8sStorageClass[]): K8sStorageClass | undefined {
  return [...defaultClasses(classes)].sort(
    (a, b) =>
      String(b.creationTimestamp ?? '').localeCompare(String(a.creationTimestamp ?? '')) ||
      a.name.localeCompare(b.name),
  )[0];
}
