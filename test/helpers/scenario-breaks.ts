// What each scenario (embedded-cloud profile / lab scenario) must make FAIL, and only that, judged from the
// standards' texts: one table for the embedded-cloud e2e tests and the real-OpenStack integration tests.
export const SCENARIO_BREAKS: Record<string, string[]> = {
  'misnamed-flavor': ['scs-0100-syntax-check'],
  'flavor-overpromise': ['scs-0100-semantics-check'],
  'missing-standard-flavor': ['scs-0103-flavor-2v-4'],
  'wrong-extra-spec': ['scs-0103-flavor-4v-16'],
  'missing-image-property': ['scs-0102-prop-os_distro'],
  'bad-architecture': ['scs-0102-prop-architecture'],
  'outdated-image': ['scs-0102-image-recency'],
  'duplicate-generic-image': ['scs-0102-os_purpose-uniqueness'],
  'missing-ubuntu-2404': ['scs-0104-image-ubuntu-2404'],
  'bad-image-source': ['scs-0104-source-debian-12'],
  'bad-volume-type-syntax': ['scs-0114-syntax-check'],
  'permissive-default-rules': ['scs-0115-default-rules'],
  'no-default-rules-api': [],
  'no-key-manager': [],
  'key-manager-forbidden': ['scs-0116-permissions'],
  'backup-broken': ['scs-0117-test-backup'],
  'missing-load-balancer': ['scs-0123-service-load-balancer'],
  'no-s3': ['scs-0123-service-s3', 'scs-0123-swift-s3'],
  'low-entropy': ['scs-0101-entropy-avail'],
  'fips-failures': ['scs-0101-fips-test'],
};

/** Scenarios a real Zed lab cannot reproduce (no default-rules API, no object storage, no guest console). */
export const NOT_ON_LAB = new Set([
  'permissive-default-rules',
  'no-default-rules-api',
  'no-s3',
  'low-entropy',
  'fips-failures',
]);
