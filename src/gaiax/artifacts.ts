// Where flavors and images come from: a saved artifacts directory (Flavors.json, Images.json) or a live cloud.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flavor, Image } from '../artifacts/iaas.js';
import { connectOpenStack } from '../clients/openstack/index.js';
import { flavorsGatherer, imagesGatherer } from '../gatherers/openstack/index.js';
import { createLedger } from '../gatherers/ledger.js';
import type { Logger } from '../gatherers/types.js';
import { GaiaxError } from './errors.js';

export interface OfferingArtifacts {
  flavors: Flavor[];
  images: Image[];
  source: string;
}

function readArray(dir: string, name: string): unknown[] {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file))
    throw new GaiaxError(
      `no ${name}.json in ${dir}; give saved artifacts (the artifacts/ directory of \`scs-cert run --record DIR\`) or use --os-cloud`,
    );
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new GaiaxError(`${file} is not valid JSON (${(err as Error).message}); save the artifacts again`);
  }
  if (!Array.isArray(data)) throw new GaiaxError(`${file} must hold a JSON array of ${name.toLowerCase()}`);
  return data;
}

/** Reads Flavors.json and Images.json (the shapes `evaluate --artifacts` reads). */
export function readOfferingArtifacts(dir: string): OfferingArtifacts {
  if (!existsSync(dir)) throw new GaiaxError(`--artifacts: no directory ${dir}`);
  // A recording directory holds its artifacts one level down.
  if (!existsSync(join(dir, 'Flavors.json')) && existsSync(join(dir, 'artifacts', 'Flavors.json')))
    dir = join(dir, 'artifacts');
  const flavors = readArray(dir, 'Flavors');
  const images = readArray(dir, 'Images');
  for (const [i, f] of flavors.entries()) {
    const x = f as Partial<Flavor> | null;
    if (!x || typeof x.name !== 'string' || typeof x.vcpus !== 'number' || typeof x.ram !== 'number')
      throw new GaiaxError(
        `${join(dir, 'Flavors.json')}[${i}] is not a Nova flavor (name, vcpus, ram, disk)`,
      );
  }
  for (const [i, im] of images.entries()) {
    const x = im as Partial<Image> | null;
    if (!x || typeof x.id !== 'string' || typeof x.visibility !== 'string')
      throw new GaiaxError(`${join(dir, 'Images.json')}[${i}] is not a Glance image (id, visibility)`);
  }
  return { flavors: flavors as Flavor[], images: images as Image[], source: dir };
}

/** Gathers flavors and images live with the OpenStack gatherers (read-only calls). */
export async function gatherOfferingArtifacts(opts: {
  cloud?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: Logger;
}): Promise<OfferingArtifacts> {
  const client = await connectOpenStack({
    ...(opts.cloud && { cloud: opts.cloud }),
    env: opts.env,
    cwd: opts.cwd,
    log: opts.log,
  });
  try {
    const ctx = {
      clients: { openstack: client },
      ledger: createLedger(),
      log: opts.log,
      progress: () => undefined,
      signal: new AbortController().signal,
      options: {},
      data: {},
    };
    const flavors = await flavorsGatherer.gather(ctx, {});
    const images = (await imagesGatherer.gather(ctx, {})) as Image[];
    return {
      flavors: flavors as Flavor[],
      images,
      source: `cloud ${opts.cloud ?? opts.env.OS_CLOUD ?? ''}`.trim(),
    };
  } finally {
    await client.close();
  }
}
