# Scenario cross-az-attach-allowed: Nova with [cinder] cross_az_attach = True (Nova's default): a volume of
# storage AZ az2 attaches to a server in compute AZ az1. Restarts nova-api and both computes (≈ 15-30 s).
# Changes: scs-0121-v1-availability-zones (advisory) from az-cross-attach-refused to az-cross-attach-possible,
# a warning (the standard says SHOULD NOT), never a failure. No SCS main testcase.
scenario() {
  ini /etc/nova/nova.conf cinder cross_az_attach True
  nova_restart_for_config
}
