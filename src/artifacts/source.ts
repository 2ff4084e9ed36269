// What reads artifacts: the runner's sources (live, saved files, replay) and Gaia-X all ask through this.
import type { ArtifactName } from './names.js';
import type { ArtifactTypes } from './registry.js';

export interface ArtifactReader {
  /** The artifact's value, checked against its contract; rejects naming the cause (never a raw value). */
  get<N extends ArtifactName>(name: N): Promise<ArtifactTypes[N]>;
}
