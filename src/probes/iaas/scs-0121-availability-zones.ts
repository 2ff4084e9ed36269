// scs-0121-availability-zones: reports the zones a member sees; with several storage AZs, a cross-AZ volume
// attach SHOULD NOT be possible (a warning, never a FAIL); a single-AZ cloud is valid.
import type { ZoneListing } from '../../artifacts/iaas/availability-zones.js';
import { defineProbe } from '../types.js';
import { abort, pass } from './support/results.js';

function listingProblem(name: string, l: ZoneListing): string | undefined {
  if (l.error === undefined) return undefined;
  return `${name} zones could not be listed (${l.status !== undefined ? `HTTP ${l.status}: ` : ''}${l.error})`;
}

export default defineProbe({
  meta: {
    id: 'scs-0121-availability-zones',
    title: 'Availability zones as the standard describes them',
    failureTitle: 'Availability zones could not be judged',
    description:
      'Lists the compute, volume and network availability zones and the host aggregates a member sees. With more ' +
      'than one storage AZ, boots a server in compute AZ A, creates a volume in storage AZ B and tries to attach it: ' +
      'the standard says this SHOULD NOT be possible, so an allowed attach is a warning, not a failure. A single-AZ ' +
      'cloud is valid. The physical requirements (fire zones, redundancy) stay with the manual availability-zones-check.',
    standards: [
      {
        id: 'scs-0121-v1',
        url: 'https://docs.scs.community/standards/scs-0121-v1-Availability-Zones-Standard',
      },
      {
        id: 'scs-0121-w1',
        url: 'https://docs.scs.community/standards/scs-0121-w1-Availability-Zones-Standard',
      },
    ],
    artifacts: ['AvailabilityZones', 'CrossAzAttachCheck'],
  },
  evaluate(artifacts) {
    const zones = artifacts.AvailabilityZones;
    const cross = artifacts.CrossAzAttachCheck;
    const values = {
      compute: zones.compute.zones,
      volume: zones.volume.zones,
      network: zones.network.present ? zones.network.zones : null,
      unavailable: {
        compute: zones.compute.unavailable,
        volume: zones.volume.unavailable,
        network: zones.network.unavailable,
      },
      aggregates: zones.aggregates.visible
        ? zones.aggregates.items
        : `not visible to a member (HTTP ${zones.aggregates.status ?? '?'})`,
      catalogRegions: zones.catalogRegions,
      configuredRegion: zones.configuredRegion ?? null,
      crossAttach: cross.attempted
        ? {
            computeAz: cross.computeAz,
            storageAz: cross.storageAz,
            attach: cross.attach ?? null,
            status: cross.status ?? null,
            detail: cross.detail ?? null,
          }
        : { attempted: false, reason: cross.reason ?? null },
    };
    const judged = [
      ...zones.compute.zones.map((z) => `compute:${z}`),
      ...zones.volume.zones.map((z) => `volume:${z}`),
      ...zones.network.zones.map((z) => `network:${z}`),
    ];
    if (!zones.compute.present) {
      return abort(
        'az-no-compute',
        'The catalog has no compute service; there are no compute zones to judge.',
        { values },
      );
    }
    const problems = [
      listingProblem('compute', zones.compute),
      listingProblem('volume', zones.volume),
    ].filter((x): x is string => x !== undefined);
    if (problems.length) {
      return abort('az-listing-failed', `No verdict: ${problems.join('; ')}.`, { judged, values });
    }
    const warnings: string[] = [];
    const netProblem = listingProblem('network', zones.network);
    if (netProblem) warnings.push(netProblem);
    for (const [svc, l] of [
      ['compute', zones.compute],
      ['volume', zones.volume],
      ['network', zones.network],
    ] as const) {
      if (l.unavailable.length)
        warnings.push(`${svc} zone(s) listed as not available: ${l.unavailable.join(', ')}`);
    }
    // "AZs SHOULD only occur within the same region": zones are listed per region; say which one, and warn when
    // the run could not tell (several regions in the catalog, none configured).
    if (zones.catalogRegions.length > 1 && !zones.configuredRegion) {
      warnings.push(
        `the catalog names ${zones.catalogRegions.length} regions (${zones.catalogRegions.join(', ')}) and no region_name is configured: set it so the zones of one region are judged`,
      );
    }
    const region =
      zones.configuredRegion ?? (zones.catalogRegions.length === 1 ? zones.catalogRegions[0] : undefined);
    const where = region ? ` in region ${region}` : '';
    const summary =
      `${zones.compute.zones.length} compute AZ(s) [${zones.compute.zones.join(', ')}], ` +
      `${zones.volume.zones.length} storage AZ(s) [${zones.volume.zones.join(', ')}]${where}`;
    if (!cross.attempted) {
      const single = zones.compute.zones.length <= 1 && zones.volume.zones.length <= 1;
      return pass(
        single ? 'az-single' : 'az-single-storage',
        single
          ? `${summary}: a single-AZ deployment, which the standard explicitly allows (small and edge deployments).`
          : `${summary}: with one storage AZ the cross-attach rule does not apply.`,
        { judged, values },
        { warnings },
      );
    }
    if (cross.attach === 'refused') {
      return pass(
        'az-cross-attach-refused',
        `${summary}: attaching a volume of storage AZ ${cross.storageAz} to a server in compute AZ ${cross.computeAz} was refused (${cross.detail ?? `HTTP ${cross.status}`}), as the standard asks.`,
        { judged, values },
        { warnings },
      );
    }
    if (cross.attach === 'allowed') {
      warnings.push(
        `cross-attach is possible: a volume of storage AZ ${cross.storageAz} was attached to a server in compute AZ ${cross.computeAz}; scs-0121 says this SHOULD NOT be possible (set [cinder] cross_az_attach = False in nova.conf)`,
      );
      return pass(
        'az-cross-attach-possible',
        `${summary}: cross-AZ attach is possible, which the standard discourages (SHOULD NOT): reported as a warning, not a failure.`,
        {
          judged,
          values,
          offenders: [
            {
              resource: `${cross.storageAz} -> ${cross.computeAz}`,
              problem: 'cross-AZ attach allowed (SHOULD NOT)',
            },
          ],
        },
        { warnings },
      );
    }
    return abort(
      cross.transient ? 'az-cross-attach-transient' : 'az-cross-attach-error',
      `No verdict on cross-attach: ${cross.detail ?? 'the server or volume could not be prepared'} (see the steps).`,
      { judged, values: { ...values, steps: cross.steps } },
      { warnings },
    );
  },
});
