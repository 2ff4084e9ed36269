// Service catalog look-ups shared by scs-0116 and scs-0123.
import type { CatalogService } from '../../../artifacts/iaas.js';

export function servicesOfType(catalog: CatalogService[], types: readonly string[]): CatalogService[] {
  return catalog.filter((s) => types.includes(s.type));
}

export function serviceLabel(s: CatalogService): string {
  return s.name ? `${s.type} (${s.name})` : s.type;
}
