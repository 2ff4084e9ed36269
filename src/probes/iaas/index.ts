// Every IaaS probe, registered for the compiler and the runner.
import type { Probe } from '../types.js';
import { scs0100Probes } from './scs-0100-index.js';
import scs0101EntropyAvail from './scs-0101-entropy-avail.js';
import scs0101FipsTest from './scs-0101-fips-test.js';
import scs0102ImageProperty from './scs-0102-image-property.js';
import scs0102ImageRecency from './scs-0102-image-recency.js';
import scs0102OsPurposeUniqueness from './scs-0102-os_purpose-uniqueness.js';
import scs0103StandardFlavor from './scs-0103-standard-flavor.js';
import scs0104ImagePresence from './scs-0104-image-presence.js';
import scs0104ImageSource from './scs-0104-image-source.js';
import scs0114AspectType from './scs-0114-aspect-type.js';
import scs0114SyntaxCheck from './scs-0114-syntax-check.js';
import scs0115DefaultRules from './scs-0115-default-rules.js';
import scs0116Permissions from './scs-0116-permissions.js';
import scs0116Presence from './scs-0116-presence.js';
import scs0117TestBackup from './scs-0117-test-backup.js';
import scs0123Service from './scs-0123-service.js';
import scs0123SwiftS3 from './scs-0123-swift-s3.js';
import scs0125SecureConnections from './scs-0125-secure-connections.js';
import scs0126ProviderNetworks from './scs-0126-provider-networks.js';
import scs0127DnsExtensions from './scs-0127-dns-extensions.js';
import scs0128Tempest from './scs-0128-tempest.js';
import scs0121AvailabilityZones from './scs-0121-availability-zones.js';
import scs0302DomainManager from './scs-0302-domain-manager.js';

export { checkPreflightRoles, iaasPreflight } from './preflight.js';

export const iaasProbes: Probe[] = [
  ...scs0100Probes,
  scs0101EntropyAvail,
  scs0101FipsTest,
  scs0102ImageProperty,
  scs0102ImageRecency,
  scs0102OsPurposeUniqueness,
  scs0103StandardFlavor,
  scs0104ImageSource,
  scs0104ImagePresence,
  scs0114SyntaxCheck,
  scs0114AspectType,
  scs0115DefaultRules,
  scs0116Presence,
  scs0116Permissions,
  scs0117TestBackup,
  scs0123Service,
  scs0123SwiftS3,
  scs0125SecureConnections,
  scs0126ProviderNetworks,
  scs0127DnsExtensions,
  scs0128Tempest,
  scs0121AvailabilityZones,
  scs0302DomainManager,
];
