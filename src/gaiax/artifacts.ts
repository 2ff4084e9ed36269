// Where flavors and images come from: the same artifact reader a run uses (saved files, replay or live gatherers).
import type { Flavor, Image } from '../artifacts/iaas.js';
import type { ArtifactReader } from '../artifacts/source.js';

export interface OfferingArtifacts {
  flavors: Flavor[];
  images: Image[];
  /** Where they came from, for the command's summary (a directory or `cloud NAME`). */
  source: string;
}

/** Flavors and images through `reader`, each checked against its artifact contract before it is used. */
export async function readOfferingArtifacts(
  reader: ArtifactReader,
  source: string,
): Promise<OfferingArtifacts> {
  const [flavors, images] = await Promise.all([reader.get('Flavors'), reader.get('Images')]);
  return { flavors, images, source };
}
