# Scenario admin-user: the cloud is the baseline; the test runs with cloud lab-member-admin (a user with
# member, reader AND admin on the test project). Breaks: the pre-flight refuses the identity as too
# privileged; every testcase is ABORT.
scenario() {
  log "scenario admin-user: no change to the cloud; run scs-cert with --os-cloud lab-member-admin"
}
