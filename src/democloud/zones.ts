// Availability zones of the embedded cloud: compute, storage and network zones, where each server and volume
// lives, and whether Nova lets a volume attach to a server of another zone (`[cinder] cross_az_attach`).
import type { CloudState } from './state.js';
import type { SeedAvailabilityZones } from './types.js';

export class Zones {
  readonly compute: string[];
  readonly volume: string[];
  readonly network: string[];
  readonly crossAzAttach: boolean;
  readonly serverAz = new Map<string, string>();
  readonly volumeAz = new Map<string, string>();

  constructor(seed: SeedAvailabilityZones) {
    this.compute = [...seed.compute];
    this.volume = [...seed.volume];
    this.network = [...seed.network];
    this.crossAzAttach = seed.crossAzAttach;
  }

  /** The zone a new server lands in: the requested one (must exist), else the first. */
  placeServer(id: string, requested: string | undefined): string {
    const az = requested ?? (this.compute[0] as string);
    this.serverAz.set(id, az);
    return az;
  }

  placeVolume(id: string, requested: string | undefined): string {
    const az = requested ?? (this.volume[0] as string);
    this.volumeAz.set(id, az);
    return az;
  }

  serverZone(id: string): string {
    return this.serverAz.get(id) ?? (this.compute[0] as string);
  }

  volumeZone(id: string): string {
    return this.volumeAz.get(id) ?? (this.volume[0] as string);
  }
}

const registry = new WeakMap<CloudState, Zones>();

export function attachZones(state: CloudState, seed: SeedAvailabilityZones): Zones {
  const z = new Zones(seed);
  registry.set(state, z);
  return z;
}

export function zonesOf(state: CloudState): Zones {
  const z = registry.get(state);
  if (!z) throw new Error('the embedded cloud has no availability zones attached');
  return z;
}
