// Operations that cross service boundaries (a server needs ports and volumes): kept here so services stay independent.
import { ApiError } from './http.js';
import { intToIp, ipToInt, type CloudState, type Port, type Volume } from './state.js';

/** Creates a port on a network with the next free address of its first IPv4 subnet (Neutron's IPAM, simplified). */
export function allocatePort(
  state: CloudState,
  opts: {
    networkId: string;
    projectId: string;
    deviceId: string;
    deviceOwner: string;
    name?: string;
    subnetId?: string;
    securityGroups?: string[];
  },
): Port {
  const subnets = [...state.subnets.values()].filter(
    (s) => s.networkId === opts.networkId && (!opts.subnetId || s.id === opts.subnetId),
  );
  const fixedIps: Port['fixedIps'] = [];
  const subnet = subnets[0];
  if (subnet) {
    let ip: string;
    if (opts.deviceOwner === 'network:router_interface' && subnet.gatewayIp) {
      ip = subnet.gatewayIp;
    } else {
      const pool = subnet.allocationPools[0];
      const start = pool ? ipToInt(pool.start) : ipToInt(subnet.cidr.split('/')[0] ?? '0.0.0.0') + 2;
      const end = pool ? ipToInt(pool.end) : start + 250;
      const used = new Set(
        [...state.ports.values()].flatMap((p) =>
          p.fixedIps.filter((f) => f.subnet_id === subnet.id).map((f) => f.ip_address),
        ),
      );
      let n = start;
      while (n <= end && used.has(intToIp(n))) n += 1;
      if (n > end) {
        throw new ApiError(409, `No more IP addresses available on network ${opts.networkId}.`, {
          type: 'IpAddressGenerationFailure',
        });
      }
      ip = intToIp(n);
    }
    fixedIps.push({ subnet_id: subnet.id, ip_address: ip });
  }
  const now = state.now();
  const port: Port = {
    id: state.ids.uuid('port'),
    name: opts.name ?? '',
    networkId: opts.networkId,
    projectId: opts.projectId,
    deviceId: opts.deviceId,
    deviceOwner: opts.deviceOwner,
    fixedIps,
    mac: state.ids.mac(),
    status: 'DOWN',
    securityGroups: opts.deviceOwner.startsWith('compute:') ? (opts.securityGroups ?? []) : [],
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  state.ports.set(port.id, port);
  return port;
}

/** Creates a volume record in `creating` that becomes `available` (or what `finalStatus` says) after the create delay. */
export function createVolume(
  state: CloudState,
  opts: {
    projectId: string;
    userId: string;
    name: string | null;
    description?: string | null;
    size: number;
    typeId: string;
    bootable?: boolean;
    imageMetadata?: Record<string, string>;
    initialStatus?: string;
    delayMs?: number;
    finalStatus?: string;
  },
): Volume {
  const now = state.now();
  const vol: Volume = {
    id: state.ids.uuid('volume'),
    name: opts.name,
    description: opts.description ?? null,
    projectId: opts.projectId,
    userId: opts.userId,
    size: opts.size,
    status: opts.initialStatus ?? 'creating',
    typeId: opts.typeId,
    bootable: opts.bootable ?? false,
    attachments: [],
    metadata: {},
    imageMetadata: opts.imageMetadata,
    createdAt: now,
    updatedAt: now,
  };
  state.volumes.set(vol.id, vol);
  state.after(opts.delayMs ?? state.timings.volumeCreateMs, () => {
    const v = state.volumes.get(vol.id);
    if (v && v.status === (opts.initialStatus ?? 'creating')) {
      v.status = opts.finalStatus ?? 'available';
      v.updatedAt = state.now();
    }
  });
  return vol;
}

/** The volume type used when a request names none (`__DEFAULT__`). */
export function defaultVolumeTypeId(state: CloudState): string {
  for (const t of state.volumeTypes.values()) if (t.name === '__DEFAULT__') return t.id;
  const first = [...state.volumeTypes.values()][0];
  if (!first) throw new ApiError(500, 'No volume type is configured.');
  return first.id;
}

/** Starts deleting a volume: `deleting` now, gone after the delete delay. */
export function deleteVolumeLater(state: CloudState, volumeId: string): void {
  const v = state.volumes.get(volumeId);
  if (!v) return;
  v.status = 'deleting';
  v.updatedAt = state.now();
  state.after(state.timings.volumeDeleteMs, () => {
    state.volumes.delete(volumeId);
  });
}
